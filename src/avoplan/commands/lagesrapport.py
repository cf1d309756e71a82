"""`avoplan lägesrapport PRJ-…`: append a dated lägesrapport to a project (R37).

The projektledare "ansvarar för löpande statusrapporter": time, cost and scope each
grön, gul or röd, a comment and the time worked. `check` warns when a running project's
last report is older than the projektmodell's cadence."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from avoplan.core.errors import UsageError
from avoplan.models.projekt import Projekt
from avoplan.models.projektstyrning import Lagesrapport, Signal
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

WORDS = "grön, gul eller röd"


def run(
    portfolio: Path | None,
    item_id: str,
    *,
    tid: str,
    kostnad: str,
    omfattning: str,
    kommentar: str | None = None,
    arbetad_tid: float | None = None,
    av: str | None = None,
    datum: date | None = None,
    commit: bool = False,
) -> int:
    signals = {name: _signal(name, value) for name, value in _given(tid, kostnad, omfattning)}
    when = datum or date.today()
    if when > date.today():
        raise UsageError(
            f"rapportdatum {when} ligger i framtiden", "ange dagens datum eller tidigare"
        )
    if arbetad_tid is not None and not (math.isfinite(arbetad_tid) and arbetad_tid >= 0):
        raise UsageError(f"--arbetad-tid {arbetad_tid} är inga timmar", "ange timmar, t.ex. 120")
    workspace = Workspace.find(portfolio, writing=True)
    project = workspace.project(item_id)
    org = workspace.organisation()
    reporter = workspace.person(org, av).id if av else project.projektledare
    rapport = Lagesrapport(
        datum=when,
        tid=signals["--tid"],
        kostnad=signals["--kostnad"],
        omfattning=signals["--omfattning"],
        kommentar=(kommentar or "").strip() or None,
        arbetad_tid_timmar=arbetad_tid,
        av=reporter,
    )
    message = _commit_message(project, rapport) if commit else None
    file, sha = workspace.record_report(project, rapport, commit_message=message)
    console.say(
        f"{project.id} lägesrapport {when}: tid {rapport.tid.value}, kostnad "
        f"{rapport.kostnad.value}, omfattning {rapport.omfattning.value}"
    )
    console.say(f"Skrev {display(file)}")
    if sha:
        console.say(f"Commit {sha}")
    return 0


def _given(tid: str, kostnad: str, omfattning: str) -> list[tuple[str, str]]:
    return [("--tid", tid), ("--kostnad", kostnad), ("--omfattning", omfattning)]


def _signal(option: str, value: str) -> Signal:
    try:
        return Signal(value.strip())
    except ValueError:
        raise UsageError(f"{option} '{value}' är inte {WORDS}", f"t.ex. {option} grön") from None


def _commit_message(project: Projekt, rapport: Lagesrapport) -> str:
    return (
        f"{project.id}: lägesrapport {rapport.datum} (tid {rapport.tid.value}, kostnad "
        f"{rapport.kostnad.value}, omfattning {rapport.omfattning.value})\n"
    )
