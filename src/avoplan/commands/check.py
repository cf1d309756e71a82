"""`avoplan check`: validate every file, every reference and every rule."""

from __future__ import annotations

from pathlib import Path

from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, output_format: str, *, use_cache: bool = True) -> int:
    from avoplan.ui.findings_output import Summary, as_json, print_text

    checked = Workspace.find(portfolio).check(use_cache=use_cache)
    summary = Summary.of(checked.findings, checked.file_count)
    if output_format == "json":
        console.json(as_json(checked.findings, summary))
    else:
        print_text(checked.findings, summary)
    return 1 if summary.errors else 0
