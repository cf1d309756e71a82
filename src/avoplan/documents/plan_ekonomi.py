"""The plan's money and projects: the schablon of a year, what the live behov and projekt
are estimated to cost and free (R29), Bilaga 1 (the prioritised projects of the year) and
the projects kept apart from it, with their dates and costs."""

from __future__ import annotations

from datetime import date

from avoplan.core.errors import UserError
from avoplan.core.text import join_sv
from avoplan.documents.base import (
    Column,
    Table,
    avdelning_name,
    capitalised,
    number,
    table,
)
from avoplan.ekonomi.kostnad import freed_value, priced
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt, Projektstatus
from avoplan.models.schablon import Schablon

Item = Behov | Projekt

BILAGA_STATUS = (Projektstatus.PLANERAD, Projektstatus.PAGAENDE)


def year_rates(portfolio: Portfolio, year: int) -> Schablon:
    rates = portfolio.schablon.get(str(year))
    if rates is None:
        known = join_sv(sorted(portfolio.schablon), "och") or "inga"
        raise UserError(
            f"schablon för {year} saknas, så frigjord tid kan inte värderas",
            f"välj ett annat år med --year eller lägg till schablon/{year}.yaml (finns: {known})",
        )
    return rates


def live_items(portfolio: Portfolio) -> list[Item]:
    """Needs still in the funnel and projects not finished. A need handed over to a
    project is represented by its project."""
    needs: list[Item] = [
        n
        for _, n in sorted(portfolio.behov.items())
        if n.steg not in (Steg.BORTSORTERAD, Steg.PROJEKT)
    ]
    projects: list[Item] = [p for _, p in sorted(portfolio.projekt.items()) if p.status.active]
    return needs + projects


def schablon_table(portfolio: Portfolio) -> Table:
    """R20: the schablon rates, per year."""
    columns = [
        Column("År"),
        *(
            Column(label, numeric=True)
            for label in (
                "Projektledare (kr/h)",
                "Projektgrupp (kr/h)",
                "Styrgrupp (kr/h)",
                "Frigjord tid (kr/h)",
            )
        ),
        Column("Källa"),
    ]
    rows = [
        (
            key,
            number(s.projektledare_kr_per_timme),
            number(s.projektgrupp_kr_per_timme),
            number(s.styrgrupp_kr_per_timme),
            number(s.frigjord_tid_kr_per_timme),
            s.källa or "",
        )
        for key, s in sorted(portfolio.schablon.items())
    ]
    return table("Schablon per år", columns, rows)


def costed_items(portfolio: Portfolio, rates: Schablon) -> list[tuple[Item, int, int]]:
    """(item, kostnad kr, value of freed time kr per year) for live items with an estimate;
    the cost with the schablon of the estimate's year, the value with the plan year's."""
    found = []
    for item in live_items(portfolio):
        cost = priced(item, portfolio.schablon)
        if cost is None:
            continue
        found.append((item, cost.total, freed_value(item.frigjord_tid_timmar_per_år, rates)))
    return found


def estimate_table(costed: list[tuple[Item, int, int]], year: int) -> Table:
    columns = [
        Column("Initiativ"),
        Column("Läge"),
        Column("Kostnad (kr)", numeric=True),
        Column("Frigjord tid (h/år)", numeric=True),
        Column(f"Värde av frigjord tid (kr/år, schablon {year})", numeric=True),
    ]
    rows = [
        (
            f"{i.id} {i.titel}",
            _where(i),
            number(k),
            number(i.frigjord_tid_timmar_per_år or 0),
            number(n),
        )
        for i, k, n in costed
    ]
    foot = (
        "Summa",
        "",
        number(sum(k for _, k, _ in costed)),
        number(sum(i.frigjord_tid_timmar_per_år or 0 for i, _, _ in costed)),
        number(sum(n for _, _, n in costed)),
    )
    return table("Kostnad och nytta för initiativ med kostnadsskattning", columns, rows, [foot])


def _where(item: Item) -> str:
    if isinstance(item, Behov):
        return capitalised(item.steg.value)
    return f"Projekt, {item.status.value}"


def bilaga_projects(portfolio: Portfolio, year: int) -> list[Projekt]:
    """Planned and ongoing projects that have not ended before `year`."""
    return [
        p
        for _, p in sorted(portfolio.projekt.items())
        if p.status in BILAGA_STATUS and (p.slut is None or p.slut.year >= year)
    ]


def bilaga_table(portfolio: Portfolio, projects: list[Projekt], year: int) -> Table:
    org = portfolio.organisation
    rows = [
        (
            p.id,
            p.titel,
            p.typ.label,
            p.status.label,
            avdelning_name(org, p.avdelning),
            _date(p.start),
            _date(p.slut),
            _cost(p, portfolio),
        )
        for p in projects
    ]
    columns = [
        Column("Projekt"),
        Column("Titel"),
        Column("Typ"),
        Column("Status"),
        Column("Avdelning"),
        Column("Start"),
        Column("Slut"),
        Column("Kostnad (kr)", numeric=True),
    ]
    return table(f"Prioriterade projekt {year}", columns, rows)


def other_projects_table(portfolio: Portfolio, projects: list[Projekt]) -> Table:
    """R19: tracked, but led elsewhere or part of the work against digitalt utanförskap."""
    rows = [(p.id, p.titel, _why_apart(p), p.status.label, _date(p.start)) for p in projects]
    return table(
        "Andra IT-relaterade projekt (ingår inte i de prioriterade)",
        ["Projekt", "Titel", "Skäl", "Status", "Start"],
        rows,
    )


def _why_apart(project: Projekt) -> str:
    if project.digitalt_utanförskap:
        return "Arbetet mot digitalt utanförskap"
    return f"Leds av {project.ledning.value.capitalize()}"


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def _cost(project: Projekt, portfolio: Portfolio) -> str:
    cost = priced(project, portfolio.schablon)
    return number(cost.total) if cost else ""
