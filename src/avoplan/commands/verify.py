"""`avoplan verify`: every decision was recorded by its decider and never rewritten (R2).

With `--sedan REV` the review covers the commits after where HEAD left REV (a push's
`before`, a pull request's base) and trusts the organisation as it stood there. Without
it the review starts at the tag `avoplan-verifierad` when the repository has one (the
last verified point), else at the first commit."""

from __future__ import annotations

from pathlib import Path

from avoplan.granskning.verification import DecisionRange, Verdict
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(
    portfolio: Path | None,
    since: str | None,
    output_format: str = "text",
    *,
    require_signed: bool = False,
) -> int:
    from avoplan.granskning.verification import review

    workspace = Workspace.find(portfolio)
    if since and set(since) == {"0"}:  # GitHub's `before` of a new branch: no base
        since = None
    since = since or workspace.baseline()
    if require_signed:
        with workspace.allowed_signers_file(since) as signers:
            found = workspace.decision_range(since, signers=signers)
    else:
        found = workspace.decision_range(since)
    verdict = review(found.changes, require_signed=require_signed, trust=found.trust)
    if output_format == "json":
        console.json(_as_dict(verdict, found, since, require_signed=require_signed))
    elif output_format == "github":
        from avoplan.ui.diff_output import verdict_annotations

        console.raw(verdict_annotations(verdict.problems, found))
    else:
        _text(verdict, found, since, require_signed=require_signed)
    return 1 if verdict.problems else 0


def _text(
    verdict: Verdict, found: DecisionRange, since: str | None, *, require_signed: bool
) -> None:
    for problem in verdict.problems:
        where = f"commit {problem.sha[:10]}" if problem.sha else "arbetskatalogen"
        console.styled(
            (f"{problem.file}: ", None),
            ("fel R2", "bold red"),
            (f" {where}: {problem.message}", None),
        )
    for change in found.identities:
        console.styled(
            (f"{found.organisation_file}: ", None),
            ("granska R2", "bold yellow"),
            (f" {change.message}", None),
        )
    console.line(f"Granskat sedan {since}." if since else "Granskat hela historiken.")
    commits = len(verdict.decision_commits)
    if verdict.problems:
        console.line(
            f"{len(verdict.problems)} problem i {len({p.sha for p in verdict.problems})} commits.",
            "red",
        )
    elif require_signed:
        console.line(
            f"{verdict.added} beslut i {commits} commits; alla {len(verdict.signed)} "
            "commits med beslut är signerade och verifierade som beslutsfattaren "
            "eller registrator, och inget beslut har ändrats.",
            "green",
        )
    else:
        console.line(
            f"{verdict.added} beslut i {commits} commits har beslutsfattaren eller "
            "en registrator som författare, och inget beslut har ändrats.",
            "green",
        )
        console.line(
            "Författarna är inte verifierade: gits författarfält är fritext. Kör "
            "med --require-signed för att pröva att varje commit med beslut är "
            f"signerad (0 av {commits} prövade).",
            "yellow",
        )


def _as_dict(
    verdict: Verdict, found: DecisionRange, since: str | None, *, require_signed: bool
) -> dict[str, object]:
    return {
        "fel": len(verdict.problems),
        "beslut": verdict.added,
        "commits": len(verdict.decision_commits),
        "sedan": since,
        "signerade_commits": len(verdict.signed) if require_signed else 0,
        "författare_verifierade": require_signed and not verdict.problems,
        "problem": [
            {
                "fil": p.file,
                "commit": p.sha or None,
                "regel": "R2",
                "nivå": "fel",
                "meddelande": p.message,
            }
            for p in verdict.problems
        ],
        "identitetsändringar": [
            {
                "fil": found.organisation_file,
                "person": c.person,
                "namn": c.namn,
                "meddelande": c.message,
            }
            for c in found.identities
        ],
    }
