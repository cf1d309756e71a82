"""Nyttorealisering: estimated against realised benefit, and follow-up measurements that
are due. Pure functions over the portfolio; `today` is always given, never read.

The frigjord-tid estimate that ranked a need is the first target: a project's first
effektmål measured in timmar per år is compared with `frigjord_tid_timmar_per_år`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from avoplan.models.effekt import Effektmal, Matning
from avoplan.models.initiativ import Initiativ
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt, Projektstatus

# A measurement taken up to this long before a planned date counts for it: a follow-up
# done at the end of the month before is not late.
GRACE = timedelta(days=30)

# Read once: on Python 3.11 a member looked up on its enum class costs a Python call,
# and these are asked for every item.
_STARTED = frozenset({Projektstatus.PAGAENDE, Projektstatus.AVSLUTAD})


def goals(project: Projekt) -> list[Effektmal]:
    return project.projektdirektiv.effektmål if project.projektdirektiv else []


def planned_dates(goal: Effektmal) -> list[date]:
    """The measurement plan, and the target date: the target is checked when it falls due."""
    dates = set(goal.mätplan)
    if goal.målvärde is not None:
        dates.add(goal.målvärde.datum)
    return sorted(dates)


def overdue_dates(goal: Effektmal, today: date) -> list[date]:
    """Planned dates up to today that no measurement answers. A planned date is answered
    by a measurement from a month before it until a month before the next planned date."""
    due = planned_dates(goal)
    late = []
    for index, when in enumerate(due):
        if when > today:
            break
        until = due[index + 1] - GRACE if index + 1 < len(due) else date.max
        if not any(when - GRACE <= m.datum < until for m in goal.mätningar):
            late.append(when)
    return late


def latest(goal: Effektmal, until: date | None = None) -> Matning | None:
    """The measurement that counts: the latest by date, and of two on the same date the
    one recorded last (a correction is recorded after what it corrects)."""
    taken = [m for m in goal.mätningar if until is None or m.datum <= until]
    found = max(enumerate(taken), key=lambda pair: (pair[1].datum, pair[0]), default=None)
    return found[1] if found else None


def hours_goal(project: Projekt) -> Effektmal | None:
    """The first effektmål when it is the frigjord-tid estimate (timmar per år)."""
    first = next(iter(goals(project)), None)
    return first if first is not None and first.in_hours_per_year else None


def realised_hours(goal: Effektmal, until: date | None = None) -> int | None:
    """Hours per year freed so far: the latest measurement over the baseline."""
    measured = latest(goal, until)
    if measured is None:
        return None
    base = goal.utgångsläge.värde if goal.utgångsläge else 0.0
    return round(measured.värde - base)


def estimated_hours(item: Initiativ, goal: Effektmal | None) -> int | None:
    """The estimate that ranked the need; failing that, the first target over baseline."""
    if item.frigjord_tid_timmar_per_år is not None:
        return item.frigjord_tid_timmar_per_år
    if goal is None or goal.målvärde is None:
        return None
    base = goal.utgångsläge.värde if goal.utgångsläge else 0.0
    return round(goal.målvärde.värde - base)


@dataclass(frozen=True)
class Utfall:
    """One project's frigjord tid: estimated and realised hours per year."""

    project: Projekt
    estimated: int
    realised: int | None  # None: not yet measured

    @property
    def share(self) -> float | None:
        """Realised as a share of the estimate; None when either is missing."""
        if self.realised is None or not self.estimated:
            return None
        return self.realised / self.estimated


def outcomes(portfolio: Portfolio) -> list[Utfall]:
    """Every started project with a frigjord-tid estimate, in id order."""
    found = []
    for _, project in sorted(portfolio.projekt.items()):
        if project.status not in _STARTED:
            continue
        goal = hours_goal(project)
        estimate = estimated_hours(project, goal)
        if estimate is not None:
            found.append(Utfall(project, estimate, realised_hours(goal) if goal else None))
    return found


@dataclass(frozen=True)
class Forsenad:
    """A follow-up measurement that is due and not done, and who answers for it."""

    project: Projekt
    index: int  # the effektmål's number, from 1
    goal: Effektmal
    due: date
    ansvarig: str | None  # the effektägare (or the follow-up owner after closing)


def overdue(portfolio: Portfolio, today: date) -> list[Forsenad]:
    """Every overdue measurement in the portfolio, oldest first. The lead can list these
    for the råd (`render rad`)."""
    found = [
        late
        for _, project in sorted(portfolio.projekt.items())
        for late in overdue_in(project, today)
    ]
    return sorted(found, key=lambda f: (f.due, f.project.id, f.index))


def overdue_in(project: Projekt, today: date) -> Iterator[Forsenad]:
    if project.status not in _STARTED:
        return
    for index, goal in enumerate(goals(project), start=1):
        for due in overdue_dates(goal, today):
            yield Forsenad(project, index, goal, due, responsible(project, goal))


def responsible(project: Projekt, goal: Effektmal) -> str | None:
    """Who answers for the goal: its effektägare, the project's, or after closing the
    named follow-up owner (a person or a förvaltningsobjekt)."""
    owner = goal.effektägare or project.effektägare
    after = project.uppföljningsansvar
    if project.status == Projektstatus.AVSLUTAD and after and after.named:
        return after.person or after.förvaltningsobjekt
    return owner


def timeline(outcomes_: Iterable[Utfall]) -> list[tuple[date, int, int]]:
    """(date, expected, realised) at every measurement and target date: expected sums the
    estimates whose target date has passed, realised the latest measurements so far.
    One sweep over the dates (each goal's sum changes only on its own dates), so 5 000
    projects cost milliseconds, not a pass over every goal at every date."""
    rows = [(u, hours_goal(u.project)) for u in outcomes_]
    dates = sorted({d for _, g in rows if g for d in _dates(g)})
    expected_on: dict[date, int] = {}
    realised_on: dict[date, int] = {}
    for u, g in rows:
        if g is None:
            continue
        if g.målvärde is not None:
            day = g.målvärde.datum
            expected_on[day] = expected_on.get(day, 0) + u.estimated
        before = 0
        for day in sorted({m.datum for m in g.mätningar}):
            now = realised_hours(g, day) or 0
            realised_on[day] = realised_on.get(day, 0) + now - before
            before = now
    series = []
    expected = realised = 0
    for when in dates:
        expected += expected_on.get(when, 0)
        realised += realised_on.get(when, 0)
        series.append((when, expected, realised))
    return series


def _dates(goal: Effektmal) -> set[date]:
    found = {m.datum for m in goal.mätningar}
    if goal.målvärde is not None:
        found.add(goal.målvärde.datum)
    return found
