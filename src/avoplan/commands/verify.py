"""`avoplan verify`: every decision was recorded by its decider and never rewritten (R2)."""

from __future__ import annotations

from pathlib import Path

from avoplan.items import load_organisation
from avoplan.loader import BEHOV, PROJEKT, find_portfolio


def run(portfolio: Path | None, since: str | None) -> int:
    from rich.markup import escape

    from avoplan.console import out
    from avoplan.git import changes
    from avoplan.verification import review

    root = find_portfolio(portfolio)
    found = changes(root, [root / BEHOV.folder, root / PROJEKT.folder], since)
    problems, added = review(found, load_organisation(root))
    commits = len({c.sha for c in found})
    for problem in problems:
        out().print(f"{problem.file}: [bold red]fel R2[/] commit {problem.sha[:10]}: "
                    f"{escape(problem.message)}")
    if problems:
        out().print(f"[red]{len(problems)} problem i {commits} commits.[/]")
        return 1
    out().print(f"[green]{added} beslut i {commits} commits är registrerade av "
                "beslutsfattaren eller registrator, och inget beslut har ändrats.[/]")
    return 0
