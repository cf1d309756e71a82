"""Uppföljning av effekthemtagningen: estimated against realised frigjord tid per project
and in total (hours and kronor, valued with the year's schablon), the effektmål and their
measurements, overdue measurements, what earlier estimates teach (per avdelning and
effekttyp), and the portfolio split by the plan's four follow-up dimensions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from avoplan.core.errors import UserError
from avoplan.core.text import value_text
from avoplan.documents.base import (
    Column,
    Source,
    Table,
    avdelning_name,
    meta,
    number,
    person_name,
    table,
)
from avoplan.documents.charts import Plot, Tick, axis
from avoplan.documents.dimensioner import dimension_tables, timing_table
from avoplan.ekonomi.nyttorealisering import (
    Utfall,
    goals,
    latest,
    outcomes,
    overdue,
    planned_dates,
    responsible,
    timeline,
)
from avoplan.models.behov import Behov
from avoplan.models.effekt import Effektmal
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt
from avoplan.models.schablon import Schablon

Initiativ = Behov | Projekt


def build(source: Source, today: date | None = None) -> dict[str, Any]:
    portfolio = source.portfolio
    when = today or portfolio.today
    rates = _rates(portfolio, source.year)
    found = outcomes(portfolio)
    return {
        "titel": "Uppföljning av effekthemtagning",
        "meta": meta(source),
        "idag": when.isoformat(),
        "ar": source.year,
        "kr_per_timme": number(rates.frigjord_tid_kr_per_timme),
        "nytta": benefit_table(portfolio, found, rates),
        "effektmal": goals_table(portfolio, when),
        "forsenade": overdue_table(portfolio, when),
        "larande": learning_tables(portfolio, found),
        "dimensioner": dimension_tables(portfolio),
        "tajming": timing_table(portfolio),
        "diagram": chart(timeline(found)),
    }


def _rates(portfolio: Portfolio, year: int) -> Schablon:
    rates = portfolio.schablon.get(str(year))
    if rates is None:
        known = ", ".join(sorted(portfolio.schablon)) or "inga"
        raise UserError(
            f"schablon för {year} saknas, så frigjord tid kan inte värderas",
            f"välj ett annat år med --year eller lägg till schablon/{year}.yaml (finns: {known})",
        )
    return rates


# --- estimated against realised ---------------------------------------------------------


def share(realised: int | None, estimated: int) -> str:
    """Realised as a whole percentage of the estimate: '53 %'."""
    if realised is None or not estimated:
        return "ej mätt"
    return f"{round(100 * realised / estimated)}\u00a0%"


def benefit_table(portfolio: Portfolio, found: Sequence[Utfall], rates: Schablon) -> Table:
    kr = rates.frigjord_tid_kr_per_timme
    rows = [
        (
            f"{u.project.id} {u.project.titel}",
            avdelning_name(portfolio.organisation, u.project.avdelning),
            u.project.status.label,
            number(u.estimated),
            "" if u.realised is None else number(u.realised),
            number(u.estimated * kr),
            "" if u.realised is None else number(u.realised * kr),
            share(u.realised, u.estimated),
        )
        for u in found
    ]
    estimated = sum(u.estimated for u in found)
    realised = sum(u.realised or 0 for u in found)
    foot = [
        (
            "Summa",
            "",
            "",
            number(estimated),
            number(realised),
            number(estimated * kr),
            number(realised * kr),
            share(realised, estimated),
        )
    ]
    columns: list[Column | str] = [
        "Projekt",
        "Avdelning",
        "Status",
        Column("Skattad", numeric=True, group="Frigjord tid (h/år)"),
        Column("Realiserad", numeric=True, group="Frigjord tid (h/år)"),
        Column("Skattat", numeric=True, group=f"Värde (kr/år, schablon {rates.år})"),
        Column("Realiserat", numeric=True, group=f"Värde (kr/år, schablon {rates.år})"),
        Column("Andel realiserad", numeric=True),
    ]
    return table(
        "Skattad och realiserad frigjord tid per projekt",
        columns,
        rows,
        foot,
        notes=(
            "Realiserad tid är senaste mätningen av projektets första effektmål "
            "minus utgångsläget. Ett projekt som ännu inte mätts räknas som 0 "
            "i summan.",
        ),
    )


# --- effektmål and measurements ------------------------------------------------------------


def _goal_row(
    portfolio: Portfolio, project: Projekt, index: int, goal: Effektmal, today: date
) -> tuple[str, ...]:
    base, target, last = goal.utgångsläge, goal.målvärde, latest(goal)
    upcoming = next((d for d in planned_dates(goal) if d > today), None)
    indicator = goal.indikator or "saknas"
    return (
        f"{project.id} mål {index}: {goal.beskrivning}",
        f"{indicator} ({goal.enhet})" if goal.enhet else indicator,
        f"{value_text(base.värde)} ({base.datum})" if base else "saknas",
        f"{value_text(target.värde)} ({target.datum})" if target else "saknas",
        f"{value_text(last.värde)} ({last.datum})" if last else "ingen mätning",
        upcoming.isoformat() if upcoming else "",
        who(portfolio, responsible(project, goal)),
    )


def goals_table(portfolio: Portfolio, today: date) -> Table:
    rows = [
        _goal_row(portfolio, project, index, goal, today)
        for _, project in sorted(portfolio.projekt.items())
        for index, goal in enumerate(goals(project), start=1)
        if goal.indikator
    ]
    columns = [
        "Effektmål",
        "Indikator (enhet)",
        "Utgångsläge",
        "Målvärde",
        "Senaste mätning",
        "Nästa mätning",
        "Ansvarig",
    ]
    return table("Effektmål med indikator och mätningar", columns, rows)


def who(portfolio: Portfolio, ansvarig: str | None) -> str:
    """A person's name, or a förvaltningsobjekt's once follow-up has passed to it."""
    objekt = portfolio.forvaltningsobjekt.get(ansvarig or "")
    if objekt is not None:
        return f"{objekt.namn} (förvaltningsobjekt)"
    return person_name(portfolio.organisation, ansvarig) or "ej angiven"


def overdue_table(portfolio: Portfolio, today: date) -> Table:
    rows = [
        (
            f"{late.project.id} mål {late.index}",
            late.goal.beskrivning,
            late.due.isoformat(),
            who(portfolio, late.ansvarig),
        )
        for late in overdue(portfolio, today)
    ]
    return table(
        f"Försenade mätningar per {today.isoformat()}",
        ["Effektmål", "Beskrivning", "Planerad", "Ansvarig"],
        rows,
    )


# --- learning from outcomes ------------------------------------------------------------------


def learning_tables(portfolio: Portfolio, found: Sequence[Utfall] | None = None) -> list[Table]:
    """Outcome against estimate per avdelning and per effekttyp; pure, so the priority
    list can show it beside the ranking."""
    measured = outcomes(portfolio) if found is None else found
    return [
        learning_table(measured, "Avdelning", _by_avdelning(portfolio)),
        learning_table(measured, "Effekttyp", _by_effekttyp),
    ]


def _by_avdelning(portfolio: Portfolio) -> Callable[[Projekt], list[str]]:
    def keys(project: Projekt) -> list[str]:
        return [avdelning_name(portfolio.organisation, project.avdelning) or "Ej angiven"]

    return keys


def _by_effekttyp(project: Projekt) -> list[str]:
    return [t.label for t in project.effekttyp] or ["Ej angiven"]


def learning_table(
    found: Iterable[Utfall], label: str, keys: Callable[[Projekt], list[str]]
) -> Table:
    """Measured projects only: how far realised benefit reached their estimates, so later
    estimates can be judged against earlier accuracy. A project counts under each of its
    effekttyper."""
    groups: dict[str, list[Utfall]] = {}
    for outcome in (u for u in found if u.realised is not None):
        for key in keys(outcome.project):
            groups.setdefault(key, []).append(outcome)
    rows = []
    for key, members in sorted(groups.items()):
        estimated = sum(u.estimated for u in members)
        realised = sum(u.realised or 0 for u in members)
        rows.append(
            (
                key,
                number(len(members)),
                number(estimated),
                number(realised),
                share(realised, estimated),
            )
        )
    columns: list[Column | str] = [
        label,
        Column("Mätta projekt", numeric=True),
        Column("Skattad (h/år)", numeric=True),
        Column("Realiserad (h/år)", numeric=True),
        Column("Andel realiserad", numeric=True),
    ]
    return table(f"Utfall mot skattning per {label.lower()}", columns, rows)


# --- estimate against outcome over time ---------------------------------------------------------


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    dash: str  # SVG stroke-dasharray: the two lines differ in more than colour
    points: tuple[tuple[float, float], ...]

    @property
    def path(self) -> str:
        """A step line: a value holds until the next measurement or target date."""
        corners: list[tuple[float, float]] = []
        for x, y in self.points:
            if corners:
                corners.append((x, corners[-1][1]))
            corners.append((x, y))
        return " ".join(f"{x},{y}" for x, y in corners)


@dataclass(frozen=True)
class LineChart(Plot):
    """Estimated against realised frigjord tid over time, one line per series."""

    series: tuple[Series, ...]
    description: str


# A screen reader reads the chart's description whole: the latest points say the most,
# and the tables below hold every figure.
DESCRIBED = 12


def chart(rows: Sequence[tuple[date, int, int]], width: int = 640, height: int = 360) -> LineChart:
    """Expected (estimates whose target date has passed) and realised frigjord tid over
    time, as step lines on a time axis."""
    left, top, right, bottom = 80, 20, width - 20, height - 60
    step, y_max = axis(max((max(e, r) for _, e, r in rows), default=0))
    first = rows[0][0] if rows else date(2000, 1, 1)
    span = max(((rows[-1][0] - first).days if rows else 1), 1)

    def px(when: date) -> float:
        return round(left + (when - first).days / span * (right - left), 1)

    def py(value: int) -> float:
        return round(bottom - value / y_max * (bottom - top), 1)

    expected = Series(
        "Skattad nytta med passerat måldatum",
        "#1f5f99",
        "6 4",
        tuple((px(d), py(e)) for d, e, _ in rows),
    )
    realised = Series(
        "Realiserad nytta enligt mätningar",
        "#b34700",
        "",
        tuple((px(d), py(r)) for d, _, r in rows),
    )
    last = rows[-1][0] if rows else first
    x_ticks = tuple(Tick(px(date(y, 1, 1)), str(y)) for y in range(first.year + 1, last.year + 1))
    y_ticks = tuple(Tick(py(v), number(v)) for v in range(0, y_max + 1, step))
    described = rows[-DESCRIBED:]
    text = (
        "; ".join(
            f"{d}: skattat {number(e)} h/år, realiserat {number(r)} h/år" for d, e, r in described
        )
        or "inga mätningar ännu"
    )
    if len(rows) > len(described):
        text = f"de senaste {len(described)} av {len(rows)} tidpunkterna, {text}"
    return LineChart(
        width,
        height,
        left,
        top,
        right,
        bottom,
        x_ticks,
        y_ticks,
        (expected, realised),
        f"Frigjord tid över tid: {text}.",
    )
