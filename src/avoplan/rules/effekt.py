"""Effekthemtagning: effektmål that can be followed up (R15, R17), measurements on time
and an owner for follow-up after closing (R15), and the plan's follow-up dimensions (R22).

Overdue measurements depend on the date; the check cache keys its findings on the day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from avoplan.core.findings import Finding, Loc, Severity
from avoplan.core.rulebook import R15, R17, R22, R23, enforces
from avoplan.ekonomi.nyttorealisering import goals, overdue_in
from avoplan.models.common import Steg
from avoplan.models.effekt import TIMMAR_PER_AR, Effektmal
from avoplan.models.portfolio import BEHOV, PROJEKT, Portfolio
from avoplan.models.projekt import Ledning, Projekt, Projektstatus

GOALS = ("projektdirektiv", "effektmål")
DIMENSIONS = {
    "pios": "PIOS-registrering",
    "komplexitet": "komplex eller enkel",
    "nyttotyp": "infrastruktur eller direkt nytta",
}

# Read once: on Python 3.11 a member looked up on its enum class costs a Python call,
# and these are asked for every item.
_PAGAENDE, _AVSLUTAD = Projektstatus.PAGAENDE, Projektstatus.AVSLUTAD
_FORVALTNINGEN = Ledning.FORVALTNINGEN
_PLANNING = frozenset({Steg.BEREDNING, Steg.KLART_FOR_START})


def _running(project: Projekt) -> bool:
    return project.status == _PAGAENDE and project.ledning == _FORVALTNINGEN


@enforces("check", R15, R17)
def check_goals_followable(portfolio: Portfolio) -> Iterator[Finding]:
    """A running project's effektmål state indicator, baseline and target (R17), and the
    estimate comes first (R15)."""
    for project in portfolio.projekt.values():
        if not _running(project):
            continue
        file = portfolio.path(PROJEKT, project.id)
        for index, goal in enumerate(goals(project)):
            for finding in goal_findings(goal):
                yield finding.at(file, (*GOALS, index))
        yield from (f.at(file) for f in _estimate_first(project))


def goal_findings(goal: Effektmal) -> Iterator[Finding]:
    missing = goal.missing
    if missing:
        yield R17.error(
            f"effektmålet '{goal.beskrivning}' saknar {', '.join(missing)}",
            hint="ett effektmål följs upp med indikator, utgångsläge (värde, "
            "datum, källa) och målvärde (värde, datum)",
        )


@enforces("check", R15, R23)
def check_goal_references(portfolio: Portfolio) -> Iterator[Finding]:
    """Every effektmål, in any state: its owners are people of the organisation (R15) and
    the prioriterat mål it serves is one of the plan's (R23)."""
    numbers = {m.nummer for m in portfolio.plan.prioriterade_mål}
    for file, loc, goal in _every_goal(portfolio):
        if goal.mål is not None and goal.mål not in numbers:
            yield R23.error(
                f"prioriterat mål {goal.mål} finns inte i planen",
                file,
                (*loc, "mål"),
                hint=f"planens mål: {sorted(numbers)}",
            )
        for key in ("effektägare", "mäts_av"):
            person = getattr(goal, key)
            if person and portfolio.organisation.person(person) is None:
                yield R15.error(f"okänd person '{person}' i organisation.yaml", file, (*loc, key))


def _every_goal(portfolio: Portfolio) -> Iterator[tuple[Path, Loc, Effektmal]]:
    # An item's path is made only when it has goals.
    for project in portfolio.projekt.values():
        found = goals(project)
        if found:
            file = portfolio.path(PROJEKT, project.id)
            yield from ((file, (*GOALS, i), goal) for i, goal in enumerate(found))
    for need in portfolio.behov.values():
        planned = need.beredning.effektmål if need.beredning else []
        if planned:
            file = portfolio.path(BEHOV, need.id)
            yield from (
                (file, ("beredning", "effektmål", i), goal) for i, goal in enumerate(planned)
            )


def _estimate_first(project: Projekt) -> Iterator[Finding]:
    """The frigjord-tid estimate that ranked the need is the first target, so estimate
    and outcome can be compared."""
    first = next(iter(goals(project)), None)
    if project.frigjord_tid_timmar_per_år and first and not first.in_hours_per_year:
        yield R15.warning(
            "det första effektmålet bör vara den frigjorda tiden som behovet prioriterades på",
            loc=(*GOALS, 0, "enhet"),
            hint=f"ange enhet: {TIMMAR_PER_AR} och målvärde {project.frigjord_tid_timmar_per_år}",
        )


@enforces("check", R15, R17)
def check_planned_goals(portfolio: Portfolio) -> Iterator[Finding]:
    """From beredning on, a need's effektmål should already be followable, so the
    projektdirektiv can take them over at beslutspunkt 4 (warnings until the project runs)."""
    for need in portfolio.behov.values():
        planned = need.beredning.effektmål if need.beredning else []
        if not planned or need.steg not in _PLANNING:
            continue
        file = portfolio.path(BEHOV, need.id)
        for index, goal in enumerate(planned):
            for finding in goal_findings(goal):
                yield replace(finding, severity=Severity.VARNING).at(
                    file, ("beredning", "effektmål", index)
                )
        first = planned[0]
        if need.frigjord_tid_timmar_per_år and not first.in_hours_per_year:
            yield R15.warning(
                "det första effektmålet bör vara den frigjorda tiden som behovet prioriteras på",
                file,
                ("beredning", "effektmål", 0),
                hint=f"ange enhet: {TIMMAR_PER_AR}",
            )


@enforces("check", R15)
def check_measurements(portfolio: Portfolio, today: date | None = None) -> Iterator[Finding]:
    """A measurement overdue against its plan is a warning to whoever answers for it."""
    when = today or portfolio.today
    for project in portfolio.projekt.values():
        file = portfolio.path(PROJEKT, project.id)
        for late in overdue_in(project, when):
            who = late.ansvarig or "ingen effektägare angiven"
            yield R15.warning(
                f"mätningen för effektmål {late.index} planerad {late.due} är "
                f"försenad; ansvarig: {who}",
                file,
                (*GOALS, late.index - 1, "mätningar"),
                hint=f"registrera med 'avoplan matning {project.id} "
                f"--effektmal {late.index} --varde V --datum D'",
            )


@enforces("check", R15)
def check_follow_up_owner(portfolio: Portfolio) -> Iterator[Finding]:
    """At closing, follow-up passes to a named förvaltningsobjekt or person."""
    for project in portfolio.projekt.values():
        if project.status != _AVSLUTAD or not goals(project):
            continue
        file = portfolio.path(PROJEKT, project.id)
        owner = project.uppföljningsansvar
        if owner is None or not owner.named:
            yield R15.warning(
                "avslutat projekt utan uppföljningsansvar för effektmålen",
                file,
                ("status",),
                hint="ange uppföljningsansvar: med "
                "förvaltningsobjekt eller person som följer upp efter avslut",
            )
            continue
        yield from (
            f.at(file) for f in _owner_references(owner.förvaltningsobjekt, owner.person, portfolio)
        )


def _owner_references(
    objekt: str | None, person: str | None, portfolio: Portfolio
) -> Iterator[Finding]:
    loc = ("uppföljningsansvar",)
    if objekt and objekt not in portfolio.forvaltningsobjekt:
        yield R15.error(
            f"okänt förvaltningsobjekt '{objekt}'",
            loc=(*loc, "förvaltningsobjekt"),
            hint=f"kända: {', '.join(sorted(portfolio.forvaltningsobjekt)) or 'inga'}",
        )
    if person and portfolio.organisation.person(person) is None:
        yield R15.error(f"okänd person '{person}' i organisation.yaml", loc=(*loc, "person"))


@enforces("check", R22)
def check_dimensions(portfolio: Portfolio) -> Iterator[Finding]:
    """The plan follows the portfolio up on PIOS, komplex/enkel and infrastruktur/direkt
    nytta: a running project states all three."""
    for project in portfolio.projekt.values():
        if not _running(project):
            continue
        for key, words in DIMENSIONS.items():
            if getattr(project, key) is None:
                yield R22.warning(
                    f"uppföljningsdimensionen {words} saknas",
                    portfolio.path(PROJEKT, project.id),
                    (key,),
                )


CHECKS = (
    check_goals_followable,
    check_planned_goals,
    check_goal_references,
    check_measurements,
    check_follow_up_owner,
    check_dimensions,
)
