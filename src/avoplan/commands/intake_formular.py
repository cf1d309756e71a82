"""`avoplan intake-formulär`: write the GitHub issue form for new needs
(`.github/ISSUE_TEMPLATE/behov.yml` beside the portfolio), its avdelningar and systems
from organisation.yaml and the system register."""

from __future__ import annotations

from pathlib import Path

from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def form_path(root: Path) -> Path:
    """Where the form of the portfolio at `root` lives: in the repository beside it."""
    from avoplan.behovsprocess.arende import FORM

    return root.resolve().parent / FORM


def form_text(workspace: Workspace) -> str:
    from avoplan.behovsprocess.arende import issue_form

    return issue_form(workspace.organisation(), workspace.systems())


def run(portfolio: Path | None, out: Path | None = None) -> int:
    from avoplan.store.files import atomic_write_text

    workspace = Workspace.find(portfolio)
    target = out or form_path(workspace.root)
    text = form_text(workspace)
    try:
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            console.line(f"{display(target)} är redan aktuellt.")
            return 0
    except (OSError, UnicodeDecodeError):
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, text)
    console.line(f"Skrev {display(target)}: formuläret för nya behov.")
    return 0
