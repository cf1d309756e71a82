"""`avoplan advance PRJ-… --to FAS`: move a project to the next phase of the
projektmodell by the styrgrupp's decision, led by the projektägare (R36, R37).

Like `advance` for a need: parse what was asked, gather the facts, ask the one judge of
phase decisions (`behovsprocess.faser.judge`), record."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from avoplan.behovsprocess.faser import FasFacts, current_phase, judge, role_of
from avoplan.core.errors import UsageError, UserError
from avoplan.core.findings import has_errors
from avoplan.core.text import fold, join_sv
from avoplan.models.organisation import Person
from avoplan.models.projekt import Projekt, Projektstatus
from avoplan.models.projektmodell import Projektmodell
from avoplan.models.projektstyrning import Fasbeslut
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(
    portfolio: Path | None,
    item_id: str,
    to: str,
    *,
    motivering: str | None,
    beslutad_av: str | None = None,
    datum: date | None = None,
    protokoll: str | None = None,
    deltagare: list[str] | None = None,
    commit: bool = False,
) -> int:
    if not motivering or not motivering.strip():
        raise UsageError("motivering saknas", 'varje beslut ska motiveras: --motivering "…"')
    workspace = Workspace.find(portfolio, writing=True)
    project = workspace.project(item_id)
    modell = workspace.projektmodell()
    org = workspace.organisation()
    target = _phase(modell, to)
    person = workspace.decider(org, beslutad_av)
    state = current_phase(project, modell) or target
    from_phase = modell.fas(state)
    who = modell.decider(from_phase) if from_phase else modell.beslutas_av
    people = [workspace.person(org, p).id for p in deltagare or ()]
    beslut = Fasbeslut(
        datum=datum or date.today(),
        från=state,
        till=target,
        beslutad_av=person.id,
        roll=role_of(who),
        motivering=motivering.strip(),
        deltagare=people,
        protokoll=(protokoll or "").strip() or None,
    )
    previous = project.fasbeslut[-1].datum if project.fasbeslut else None
    reasons = judge(beslut, FasFacts(project, modell, state, previous, org))
    if has_errors(reasons):
        lines = tuple(f"{f.rule or ''} {f.message}".strip() for f in reasons)
        hints = [f.hint for f in reasons if f.hint]
        raise UserError(
            f"{project.id} kan inte flyttas från {state} till {target}",
            hints[0] if hints else None,
            lines,
        )
    if commit:  # never a commit that verify would reject (R2)
        workspace.refuse_unverifiable_commit(person)
    phase = modell.fas(target)
    status = phase.status if phase else project.status
    follow_up = _follow_up(project, beslut) if status == Projektstatus.AVSLUTAD else None
    message = _commit_message(project, beslut, person) if commit else None
    file, sha = workspace.record_phase(
        project, beslut, status.value, follow_up, commit_message=message
    )
    console.say(f"{project.id} {state} → {target} (förflyttning i faser)")
    console.say(f"Beslutat av {person.namn} ({beslut.roll}), {beslut.datum}.")
    if follow_up is not None:
        console.say(
            f"Effektmålen följs upp av effektägaren {follow_up['person']} från "
            f"{beslut.datum} ('avoplan matning {project.id} …')."
        )
    console.say(f"Skrev {display(file)}")
    if sha:
        console.say(f"Commit {sha}")
    return 0


def _phase(modell: Projektmodell, word: str) -> str:
    """A phase as the user writes it, with or without å ä ö."""
    for fas in modell.faser:
        if fold(fas.id) == fold(word):
            return fas.id
    names = join_sv([f.id for f in modell.faser]) or "inga (projektmodell.yaml saknas)"
    raise UsageError(f"okänd fas '{word}'", f"faser i projektmodell.yaml: {names}")


def _follow_up(project: Projekt, beslut: Fasbeslut) -> dict[str, Any] | None:
    """At closing the effektmål pass to the effektägare's follow-up (R15, R37), unless the
    project already names who follows them up."""
    owner = project.uppföljningsansvar
    if owner is not None and owner.named:
        return None
    if project.effektägare is None:
        return None
    # a date of its own: the same object twice would be written as a YAML anchor
    return {"person": project.effektägare, "från": date.fromordinal(beslut.datum.toordinal())}


def _commit_message(project: Projekt, beslut: Fasbeslut, person: Person) -> str:
    return (
        f"{project.id}: {beslut.från} → {beslut.till} (förflyttning i faser), "
        f"beslutat av {person.namn}\n\n{beslut.roll}. {beslut.motivering}\n"
    )
