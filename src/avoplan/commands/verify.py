"""`avoplan verify`: every decision was recorded by its decider and never rewritten (R2)."""

from __future__ import annotations

from pathlib import Path

from avoplan.cli import console
from avoplan.granskning.verification import Problem
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, since: str | None, output_format: str = "text",
        require_signed: bool = False) -> int:
    from avoplan.granskning.verification import review

    workspace = Workspace.find(portfolio)
    if require_signed:
        with workspace.allowed_signers_file(since) as signers:
            found = workspace.decision_changes(since, signers)
    else:
        found = workspace.decision_changes(since)
    problems, added = review(found, require_signed)
    commits = len({c.sha for c in found})
    if output_format == "json":
        console.json(_as_dict(problems, added, commits))
    elif output_format == "github":
        console.raw(_github(problems))
    else:
        _text(problems, added, commits)
    return 1 if problems else 0


def _text(problems: list[Problem], added: int, commits: int) -> None:
    for problem in problems:
        console.styled((f"{problem.file}: ", None), ("fel R2", "bold red"),
                       (f" commit {problem.sha[:10]}: {problem.message}", None))
    if problems:
        console.line(f"{len(problems)} problem i {commits} commits.", "red")
    else:
        console.line(f"{added} beslut i {commits} commits är registrerade av beslutsfattaren "
                     "eller registrator, och inget beslut har ändrats.", "green")


def _as_dict(problems: list[Problem], added: int, commits: int) -> dict[str, object]:
    return {"fel": len(problems), "beslut": added, "commits": commits,
            "problem": [{"fil": p.file, "commit": p.sha, "regel": "R2", "nivå": "fel",
                         "meddelande": p.message} for p in problems]}


def _github(problems: list[Problem]) -> str:
    from avoplan.cli.diff_output import annotation

    return "".join(annotation("error", p.file, None, f"avoplan R2 {p.sha[:10]}", p.message)
                   for p in problems)
