"""`avoplan allowed-signers`: git's allowed-signers file from organisation.yaml and the
public keys in nycklar/, so `git log --show-signature` and `verify --require-signed` know
whose key signed a commit."""

from __future__ import annotations

from pathlib import Path

from avoplan.cli import console
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, out: Path | None) -> int:
    from avoplan.store.files import atomic_write_text, display

    workspace = Workspace.find(portfolio)
    text = workspace.allowed_signers()
    if out is None:
        console.raw(text)
        return 0
    atomic_write_text(out, text)
    count = len(text.splitlines())
    console.say(f"Skrev {count} nycklar till {display(out)}; "
                f"'git config gpg.ssh.allowedSignersFile {display(out)}' visar vem som signerat.")
    return 0
