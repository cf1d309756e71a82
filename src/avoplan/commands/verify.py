"""`avoplan verify`: every decision was recorded by its decider and never rewritten (R2)."""

from __future__ import annotations

from pathlib import Path

from avoplan import console
from avoplan.workspace import Workspace


def run(portfolio: Path | None, since: str | None) -> int:
    from avoplan.verification import review

    workspace = Workspace.find(portfolio)
    found = workspace.decision_changes(since)
    problems, added = review(found, workspace.organisation())
    commits = len({c.sha for c in found})
    for problem in problems:
        console.styled((f"{problem.file}: ", None), ("fel R2", "bold red"),
                       (f" commit {problem.sha[:10]}: {problem.message}", None))
    if problems:
        console.line(f"{len(problems)} problem i {commits} commits.", "red")
        return 1
    console.line(f"{added} beslut i {commits} commits är registrerade av beslutsfattaren eller "
                 "registrator, och inget beslut har ändrats.", "green")
    return 0
