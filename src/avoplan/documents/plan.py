"""Digitaliseringsplanen, laid out as seed 000: giltighet and antagande, scope, styrande
dokument, utvecklingsområden, tjänsteförvaltning, Behovsprocessen with live counts,
roles, prioriterade mål, ekonomisk skattning and bilaga 1 with the prioritised projects."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from avoplan.documents import charts
from avoplan.documents.base import (
    Column,
    Source,
    Table,
    avdelning_name,
    capitalised,
    meta,
    number,
    person_name,
    table,
)
from avoplan.errors import UserError
from avoplan.kostnad import freed_value, priced
from avoplan.models.behov import Behov
from avoplan.models.common import FUNNEL, Steg
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt, Projektstatus
from avoplan.models.schablon import Schablon
from avoplan.rulebook import R20, R21, R23, R28, R29, R30, enforces
from avoplan.text import join_sv

Item = Behov | Projekt
NOT_NAMED = "ej angiven"
BILAGA_STATUS = (Projektstatus.PLANERAD, Projektstatus.PAGAENDE)
STEPS = (*FUNNEL, Steg.BORTSORTERAD)
STEP_HEADING = {**{s: capitalised(s.value) for s in STEPS},
                Steg.INSAMLING: "Insamling behov/idéer", Steg.BORTSORTERAD: "Bortsorterade"}


@enforces("render", R20, R21, R23, R28, R29, R30)
def build(source: Source) -> dict[str, Any]:
    portfolio, year = source.portfolio, source.year
    # Freed time is valued with the one valuation year every document and list uses.
    rates = year_rates(portfolio, portfolio.valuation_year)
    projects = bilaga_projects(portfolio, year)
    costed = costed_items(portfolio, rates)
    return {
        "titel": portfolio.plan.titel,
        "plan": portfolio.plan,
        "year": year,
        "perioden": years_text(portfolio),
        "meta": meta(portfolio, source.commit),
        "antagen_av": adoption_parts(portfolio),
        "omraden": areas_table(portfolio),
        "system": systems_table(portfolio),
        "tid": portfolio.organisation.tid,
        "steg": funnel_table(portfolio),
        "funnel": charts.funnel([(STEP_HEADING[s], n) for s, n in step_counts(portfolio)]),
        "roller": roles_table(portfolio, projects),
        "mal": goals(portfolio),
        "schablon": schablon_table(portfolio),
        "skattning": estimate_table(costed, portfolio.valuation_year),
        "scatter": charts.scatter([(i.id, i.titel, k, n) for i, k, n in costed]),
        "prioriterade": bilaga_table(portfolio, [p for p in projects if p.prioritised], year),
        "andra": other_projects_table(portfolio, [p for p in projects if not p.prioritised]),
    }


def year_rates(portfolio: Portfolio, year: int) -> Schablon:
    rates = portfolio.schablon.get(str(year))
    if rates is None:
        known = join_sv(sorted(portfolio.schablon), "och") or "inga"
        raise UserError(f"schablon för {year} saknas, så frigjord tid kan inte värderas",
                        f"välj ett annat år med --year eller lägg till schablon/{year}.yaml "
                        f"(finns: {known})")
    return rates


def years_text(portfolio: Portfolio) -> str:
    """'2025–2026': the plan's years, including those of initial planning."""
    period = portfolio.plan.giltighet
    last = max(period.till.year, period.inledande_planering or 0)
    return str(last) if last == period.från.year else f"{period.från.year}–{last}"


def adoption_parts(portfolio: Portfolio) -> dict[str, str] | None:
    """Who adopted the plan, when and where (R30), as words for the giltighet section."""
    adoption = portfolio.plan.antagen
    if adoption is None:
        return None
    org = portfolio.organisation
    person = org.person(adoption.av)
    forum = org.forum_by_id(adoption.forum)
    return {"datum": adoption.datum.isoformat(), "namn": person_name(org, adoption.av),
            "titel": (person.titel or "") if person else "",
            "forum": forum.namn if forum else adoption.forum}


def areas_table(portfolio: Portfolio) -> Table:
    rows = [(a.område, a.ansvar, a.tidplan, a.bedömning)
            for a in portfolio.utvecklingsomraden.utvecklingsområden]
    return table("Prioriterade utvecklingsområden", ["Utvecklingsområde", "Ansvar", "Tidplan",
                                                     "Bedömning"], rows)


def systems_table(portfolio: Portfolio) -> Table:
    """R28: the systems under tjänsteförvaltning, largest user base first."""
    systems = sorted((s for s in portfolio.system.values() if s.tjänsteförvaltning),
                     key=lambda s: (-s.användare, s.namn))
    rows = [(s.namn, number(s.användare), s.drift.label) for s in systems]
    columns = [Column("Applikation"), Column("Ungefärligt antal användare", numeric=True),
               Column("Drift")]
    return table("System i tjänsteförvaltningen", columns, rows)


def step_counts(portfolio: Portfolio) -> list[tuple[Steg, int]]:
    counts = Counter(need.steg for need in portfolio.behov.values())
    return [(step, counts[step]) for step in STEPS]


def funnel_table(portfolio: Portfolio) -> Table:
    """R1: how many needs stand in each step right now."""
    ids: dict[Steg, list[str]] = {step: [] for step in STEPS}
    for need_id, need in sorted(portfolio.behov.items()):
        ids[need.steg].append(need_id)
    rows = [(STEP_HEADING[step], _leaving_point(step), number(len(ids[step])),
             ", ".join(ids[step])) for step in STEPS]
    columns = [Column("Steg"), Column("Beslutspunkt"), Column("Antal behov", numeric=True),
               Column("Behov")]
    foot = ("Totalt", "", number(len(portfolio.behov)), "")
    return table("Behov per steg i Behovsprocessen", columns, rows, [foot])


def _leaving_point(step: Steg) -> str:
    if step.beslutspunkt:
        return f"BP{step.beslutspunkt}"
    return "BP1–BP4" if step == Steg.BORTSORTERAD else "–"


def roles_table(portfolio: Portfolio, projects: list[Projekt]) -> Table:
    """R14–R16: the PPS roles of the current projects."""
    org = portfolio.organisation
    rows = [(f"{p.id} {p.titel}", *(person_name(org, who) or NOT_NAMED for who in (
        p.projektägare, p.effektägare, p.projektledare)),
        ", ".join(person_name(org, m) for m in p.styrgrupp) or NOT_NAMED) for p in projects]
    return table("Roller i planerade och pågående projekt",
                 ["Projekt", "Projektägare", "Effektägare", "Projektledare", "Styrgrupp"], rows)


def goals(portfolio: Portfolio) -> list[dict[str, Any]]:
    """R23: the prioritised goals and the live initiatives that pursue each."""
    live = _live_items(portfolio)
    return [{"nummer": g.nummer, "namn": g.namn, "beskrivning": g.beskrivning or "",
             "initiativ": ", ".join(i.id for i in live if g.nummer in i.mål)}
            for g in portfolio.plan.prioriterade_mål]


def _live_items(portfolio: Portfolio) -> list[Item]:
    """Needs still in the funnel and projects not finished. A need handed over to a
    project is represented by its project."""
    needs: list[Item] = [n for _, n in sorted(portfolio.behov.items())
                         if n.steg not in (Steg.BORTSORTERAD, Steg.PROJEKT)]
    projects: list[Item] = [p for _, p in sorted(portfolio.projekt.items()) if p.status.active]
    return needs + projects


def schablon_table(portfolio: Portfolio) -> Table:
    """R20: the schablon rates, per year."""
    columns = [Column("År"), *(Column(label, numeric=True) for label in (
        "Projektledare (kr/h)", "Projektgrupp (kr/h)", "Styrgrupp (kr/h)",
        "Frigjord tid (kr/h)")), Column("Källa")]
    rows = [(key, number(s.projektledare_kr_per_timme), number(s.projektgrupp_kr_per_timme),
             number(s.styrgrupp_kr_per_timme), number(s.frigjord_tid_kr_per_timme), s.källa or "")
            for key, s in sorted(portfolio.schablon.items())]
    return table("Schablon per år", columns, rows)


def costed_items(portfolio: Portfolio, rates: Schablon) -> list[tuple[Item, int, int]]:
    """(item, kostnad kr, value of freed time kr per year) for live items with an estimate;
    the cost with the schablon of the estimate's year, the value with the plan year's."""
    found = []
    for item in _live_items(portfolio):
        cost = priced(item, portfolio.schablon)
        if cost is None:
            continue
        found.append((item, cost.total,
                      freed_value(item.frigjord_tid_timmar_per_år, rates)))
    return found


def estimate_table(costed: list[tuple[Item, int, int]], year: int) -> Table:
    columns = [Column("Initiativ"), Column("Läge"), Column("Kostnad (kr)", numeric=True),
               Column("Frigjord tid (h/år)", numeric=True),
               Column(f"Värde av frigjord tid (kr/år, schablon {year})", numeric=True)]
    rows = [(f"{i.id} {i.titel}", _where(i), number(k),
             number(i.frigjord_tid_timmar_per_år or 0), number(n)) for i, k, n in costed]
    foot = ("Summa", "", number(sum(k for _, k, _ in costed)),
            number(sum(i.frigjord_tid_timmar_per_år or 0 for i, _, _ in costed)),
            number(sum(n for _, _, n in costed)))
    return table("Kostnad och nytta för initiativ med kostnadsskattning", columns, rows, [foot])


def _where(item: Item) -> str:
    if isinstance(item, Behov):
        return capitalised(item.steg.value)
    return f"Projekt, {item.status.value}"


def bilaga_projects(portfolio: Portfolio, year: int) -> list[Projekt]:
    """Planned and ongoing projects that have not ended before `year`."""
    return [p for _, p in sorted(portfolio.projekt.items())
            if p.status in BILAGA_STATUS and (p.slut is None or p.slut.year >= year)]


def bilaga_table(portfolio: Portfolio, projects: list[Projekt], year: int) -> Table:
    org = portfolio.organisation
    rows = [(p.id, p.titel, p.typ.label, p.status.label, avdelning_name(org, p.avdelning),
             _date(p.start), _date(p.slut), _cost(p, portfolio)) for p in projects]
    columns = [Column("Projekt"), Column("Titel"), Column("Typ"), Column("Status"),
               Column("Avdelning"), Column("Start"), Column("Slut"),
               Column("Kostnad (kr)", numeric=True)]
    return table(f"Prioriterade projekt {year}", columns, rows)


def other_projects_table(portfolio: Portfolio, projects: list[Projekt]) -> Table:
    """R19: tracked, but led elsewhere or part of the work against digitalt utanförskap."""
    rows = [(p.id, p.titel, _why_apart(p), p.status.label, _date(p.start)) for p in projects]
    return table("Andra IT-relaterade projekt (ingår inte i de prioriterade)",
                 ["Projekt", "Titel", "Skäl", "Status", "Start"], rows)


def _why_apart(project: Projekt) -> str:
    if project.digitalt_utanförskap:
        return "Arbetet mot digitalt utanförskap"
    return f"Leds av {project.ledning.value.capitalize()}"


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def _cost(project: Projekt, portfolio: Portfolio) -> str:
    cost = priced(project, portfolio.schablon)
    return number(cost.total) if cost else ""
