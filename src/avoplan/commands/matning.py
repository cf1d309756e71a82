"""`avoplan matning`: record a follow-up measurement of an effektmål (R15).

Like `advance`: parse what was asked, check it against the project, record it with a
minimal edit. Measurements go on after the project has closed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from avoplan.core.errors import UsageError, UserError
from avoplan.core.text import fold, value_text
from avoplan.ekonomi.nyttorealisering import goals, responsible
from avoplan.models.effekt import Effektmal, Matning
from avoplan.models.organisation import Organisation
from avoplan.models.projekt import Projekt
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.ui.arguments import parse_number
from avoplan.workspace.folder import Workspace


def run(
    portfolio: Path | None,
    item_id: str,
    effektmal: int,
    varde: str,
    *,
    datum: date | None = None,
    kalla: str | None = None,
    enhet: str | None = None,
    commit: bool = False,
) -> int:
    value, written_unit = _value(varde)
    workspace = Workspace.find(portfolio)
    project = workspace.project(item_id)
    goal = _goal(project, effektmal)
    when = datum or date.today()
    _check_date(project, goal, when)
    _check_unit(goal, enhet or written_unit)
    matning = Matning(datum=when, värde=value, källa=(kalla or "").strip() or None)
    same_day = [m for m in goal.mätningar if m.datum == when]
    pending = commit and workspace.pending(project.id)
    message = commit_message(project, effektmal, matning) if commit else None
    file, sha = workspace.record_measurement(project, effektmal, matning, commit_message=message)
    _report(project, effektmal, goal, matning, file, sha, org=workspace.organisation())
    if same_day:
        earlier = ", ".join(value_text(m.värde) for m in same_day)
        console.warning(
            f"effektmål {effektmal} har redan en mätning {when} ({earlier}); den "
            f"som registrerades sist, {value_text(value)}, är den som gäller i "
            "show och uppföljningen"
        )
    if sha and pending:
        console.say(
            f"Commiten tar också med de ändringar i {display(file)} som inte var "
            "incheckade (t.ex. från 'avoplan set')."
        )
    return 0


NUMBER = re.compile(
    r"^\s*(?P<number>[-+]?[\d\s\u00a0]*[\d][\d\s\u00a0]*(?:[.,]\d+)?)\s*"
    r"(?P<unit>\D.*)?$"
)


def _value(text: str) -> tuple[float, str | None]:
    """6100, '6 100,5' or '6100 timmar per år': the number and the unit written after it."""
    match = NUMBER.match(text)
    number = parse_number(match["number"] if match else text, "--varde")
    unit = (match["unit"] or "").strip() if match else ""
    return number, unit or None


def _check_date(project: Projekt, goal: Effektmal, when: date) -> None:
    if when > date.today():
        raise UsageError(f"mätdatum {when} ligger i framtiden", "ange dagens datum eller tidigare")
    base = goal.utgångsläge
    if base is not None and when < base.datum:
        raise UserError(
            f"mätdatum {when} ligger före utgångsläget ({base.datum}); en mätning "
            "följer upp förändringen efter det",
            "kontrollera datumet",
        )
    if project.start is not None and when < project.start:
        raise UserError(
            f"mätdatum {when} ligger före projektets start ({project.start})", "kontrollera datumet"
        )


def _check_unit(goal: Effektmal, unit: str | None) -> None:
    if unit is None or goal.enhet is None or fold(unit) == fold(goal.enhet):
        return
    raise UserError(
        f"enheten '{unit}' stämmer inte med effektmålets enhet '{goal.enhet}'",
        f"ange värdet i {goal.enhet}",
    )


def _goal(project: Projekt, number: int) -> Effektmal:
    found = goals(project)
    if not 1 <= number <= len(found):
        where = f"1–{len(found)}" if found else "inga effektmål finns"
        raise UserError(
            f"{project.id} har inget effektmål {number} ({where})",
            "effektmålen står under projektdirektiv.effektmål, numrerade från 1",
        )
    goal = found[number - 1]
    if goal.indikator is None:
        raise UserError(
            f"effektmål {number} i {project.id} saknar indikator, så det går inte att mäta",
            "skriv ut effektmålet med indikator, utgångsläge och målvärde först",
        )
    return goal


def _report(
    project: Projekt,
    number: int,
    goal: Effektmal,
    matning: Matning,
    file: Path,
    sha: str | None,
    *,
    org: Organisation,
) -> None:
    console.say(
        f"{project.id} effektmål {number}: {goal.indikator} = {value_text(matning.värde)}"
        f"{' ' + goal.enhet if goal.enhet else ''} ({matning.datum})"
    )
    if goal.målvärde is not None:
        console.say(f"Målvärde {value_text(goal.målvärde.värde)} till {goal.målvärde.datum}.")
    who = responsible(project, goal)
    if who:
        person = org.person(who)
        console.say(f"Ansvarig för uppföljningen: {person.namn if person else who}.")
    console.say(f"Skrev {display(file)}")
    if sha:
        console.say(f"Commit {sha}")


def commit_message(project: Projekt, number: int, matning: Matning) -> str:
    source = f"\n\nKälla: {matning.källa}\n" if matning.källa else "\n"
    return (
        f"{project.id}: mätning av effektmål {number}, {value_text(matning.värde)} "
        f"({matning.datum}){source}"
    )
