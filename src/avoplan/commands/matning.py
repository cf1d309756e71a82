"""`avoplan matning`: record a follow-up measurement of an effektmål (R15).

Like `advance`: parse what was asked, check it against the project, record it with a
minimal edit. Measurements go on after the project has closed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from avoplan.cli import console
from avoplan.core.errors import UsageError, UserError
from avoplan.documents.uppfoljning import value_text
from avoplan.ekonomi.nyttorealisering import goals, responsible
from avoplan.models.effekt import Effektmal, Matning
from avoplan.models.projekt import Projekt
from avoplan.store.files import display
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, item_id: str, effektmal: int, varde: float, *,
        datum: date | None = None, kalla: str | None = None, commit: bool = False) -> int:
    workspace = Workspace.find(portfolio)
    project = workspace.project(item_id)
    goal = _goal(project, effektmal)
    when = datum or date.today()
    if when > date.today():
        raise UsageError(f"mätdatum {when} ligger i framtiden", "ange dagens datum eller tidigare")
    matning = Matning(datum=when, värde=varde, källa=(kalla or "").strip() or None)
    message = commit_message(project, effektmal, matning) if commit else None
    file, sha = workspace.record_measurement(project, effektmal, matning,
                                             commit_message=message)
    _report(project, effektmal, goal, matning, file, sha)
    return 0


def _goal(project: Projekt, number: int) -> Effektmal:
    found = goals(project)
    if not 1 <= number <= len(found):
        where = f"1–{len(found)}" if found else "inga effektmål finns"
        raise UserError(f"{project.id} har inget effektmål {number} ({where})",
                        "effektmålen står under projektdirektiv.effektmål, numrerade från 1")
    goal = found[number - 1]
    if goal.indikator is None:
        raise UserError(f"effektmål {number} i {project.id} saknar indikator, så det går "
                        "inte att mäta", "skriv ut effektmålet med indikator, utgångsläge "
                        "och målvärde först")
    return goal


def _report(project: Projekt, number: int, goal: Effektmal, matning: Matning, file: Path,
            sha: str | None) -> None:
    console.say(f"{project.id} effektmål {number}: {goal.indikator} = {value_text(matning.värde)}"
                f"{' ' + goal.enhet if goal.enhet else ''} ({matning.datum})")
    if goal.målvärde is not None:
        console.say(f"Målvärde {value_text(goal.målvärde.värde)} till {goal.målvärde.datum}.")
    who = responsible(project, goal)
    if who:
        console.say(f"Ansvarig för uppföljningen: {who}.")
    console.say(f"Skrev {display(file)}")
    if sha:
        console.say(f"Commit {sha}")


def commit_message(project: Projekt, number: int, matning: Matning) -> str:
    source = f"\n\nKälla: {matning.källa}\n" if matning.källa else "\n"
    return (f"{project.id}: mätning av effektmål {number}, {value_text(matning.värde)} "
            f"({matning.datum}){source}")
