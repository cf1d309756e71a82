"""`avoplan advance`: move a need one beslutspunkt on, recording the decision (R1–R12).

Four steps: parse what was asked, gather the facts, ask the one judge, record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from avoplan.behovsprocess.nytt_beslut import Outcome, Request, decide
from avoplan.behovsprocess.overlamning import PROJECT_HEADER
from avoplan.core.errors import UsageError
from avoplan.models import lookup
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.organisation import Person
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.ui.arguments import parse_step
from avoplan.workspace.folder import Workspace


def run(
    portfolio: Path | None,
    item_id: str,
    to: str,
    *,
    beslutad_av: str | None = None,
    datum: date | None = None,
    forum: str | None = None,
    motivering: str | None = None,
    protokoll: str | None = None,
    deltagare: list[str] | None = None,
    bakom: list[str] | None = None,
    möte: str | None = None,
    paragraf: int | None = None,
    commit: bool = False,
) -> int:
    target = parse_step(to)
    if not motivering or not motivering.strip():
        raise UsageError("motivering saknas", 'varje beslut ska motiveras: --motivering "…"')
    workspace = Workspace.find(portfolio, writing=True)
    need = workspace.need(item_id)
    org = workspace.organisation()
    forum = lookup.forum(org, forum).id if forum else None
    meeting = workspace.meeting(möte) if möte else None
    if paragraf is not None and meeting is None:
        raise UsageError("--paragraf gäller ett möte", "ange också --möte MÖTE")
    # R31: the meeting gives the date (and in propose the forum and who was present).
    when = datum or (meeting.datum if meeting else date.today())
    request = Request(
        target,
        workspace.decider(org, beslutad_av),
        when,
        motivering.strip(),
        forum,
        protokoll,
        tuple(deltagare or ()),
        tuple(bakom or ()),
        meeting.id if meeting else None,
        paragraf,
    )
    outcome = decide(request, workspace.facts(need, org, when, meeting))
    if commit:  # never a commit that verify would reject (R2)
        workspace.refuse_unverifiable_commit(request.person)
    pending = commit and workspace.pending(need.id)
    message = commit_message(need, outcome, request.person, pending=pending) if commit else None
    files, sha = workspace.record(
        need, outcome, commit_message=message, project_header=PROJECT_HEADER
    )
    _report(need, outcome, request.person, files, sha)
    if sha and pending:
        console.say(
            f"Commiten tar också med de ändringar i {display(files[-1])} som inte "
            "var incheckade (t.ex. från 'avoplan set')."
        )
    if target is Steg.BEREDNING:  # R5: coordinated against similar needs? warn, never refuse
        for warning in workspace.unmentioned_similar(need):
            console.warning(f"R5 {warning}")
    return 0


def _report(
    need: Behov, outcome: Outcome, person: Person, files: list[Path], sha: str | None
) -> None:
    beslut = outcome.beslut
    console.say(f"{need.id} {beslut.från.value} → {beslut.till.value} ({_point(outcome)})")
    where = f", forum {beslut.forum}" if beslut.forum else ""
    console.say(f"Beslutat av {person.namn} ({beslut.roll}){where}, {beslut.datum}.")
    for warning in outcome.warnings:
        console.say(f"varning {warning.rule or ''} {warning.message}")
    for file in files:
        console.say(f"Skrev {display(file)}")
    if sha:
        console.say(f"Commit {sha}")


def _point(outcome: Outcome) -> str:
    point = outcome.beslut.beslutspunkt
    return f"beslutspunkt {point}" if point else "återinträde"


def commit_message(need: Behov, outcome: Outcome, person: Person, *, pending: bool = False) -> str:
    beslut = outcome.beslut
    also = (
        f"\nMed i commiten: ändringar i {need.id} som gjordes före beslutet.\n" if pending else ""
    )
    return (
        f"{need.id}: {beslut.från.value} → {beslut.till.value} ({outcome.move.label}), "
        f"beslutat av {person.namn}\n\n{beslut.roll}. {beslut.motivering}\n{also}"
    )
