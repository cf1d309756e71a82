"""`avoplan allowed-signers`: git's allowed-signers file from organisation.yaml and the
public keys in nycklar/, so `git log --show-signature` and `verify --require-signed` know
whose key signed a commit. Nothing is written while a key file holds a line that is not
one public key of an allowed type: the file should never hold a line ssh-keygen skips."""

from __future__ import annotations

from pathlib import Path

from avoplan.core.errors import UserError
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, out: Path | None) -> int:
    from avoplan.store.files import atomic_write_text, display
    from avoplan.ui.findings_output import plain_line

    workspace = Workspace.find(portfolio)
    problems = workspace.key_findings(workspace.organisation())
    if problems:
        raise UserError(
            f"{len(problems)} rader i {display(workspace.root / 'nycklar')} är "
            "inte en giltig publik nyckel, så inget skrevs",
            "rätta raderna; 'avoplan check' visar dem också",
            tuple(plain_line(problem) for problem in problems),
        )
    text = workspace.allowed_signers()
    if out is None:
        console.raw(text)
        return 0
    atomic_write_text(out, text)
    count = len(text.splitlines())
    console.say(
        f"Skrev {count} nycklar till {display(out)}; "
        f"'git config gpg.ssh.allowedSignersFile {display(out)}' visar vem som signerat."
    )
    return 0
