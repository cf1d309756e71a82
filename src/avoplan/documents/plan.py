"""Digitaliseringsplanen, section by section in the order of seed 000. The prose is the
portfolio's (`text:` in plan.yaml); the deciders per beslutspunkt, the forums, the
systems, the goals and the projects come from the files `check` validates, so the text
cannot drift from the rules. Sections showing live data say as of when."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from avoplan.core.rulebook import R20, R21, R23, R28, R29, R30, enforces
from avoplan.documents import charts
from avoplan.documents.base import (
    Column,
    Source,
    Table,
    capitalised,
    number,
    person_name,
    table,
    title_block,
)
from avoplan.documents.budgetlinje import budget_table
from avoplan.documents.layout import (
    Bullets,
    Chart,
    ListItem,
    Live,
    Paragraph,
    Section,
    Subheading,
    prose,
    section,
)
from avoplan.documents.plan_ekonomi import (
    Item,
    bilaga_projects,
    bilaga_table,
    costed_items,
    estimate_table,
    live_items,
    other_projects_table,
    schablon_table,
    year_rates,
)
from avoplan.documents.plan_styrning import (
    NOT_NAMED,
    deciders_table,
    forums_table,
    ownership_table,
    rad_facts,
    validity_text,
)
from avoplan.models.common import FUNNEL, Steg
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt
from avoplan.prioritet.ranking import prioritetslista

STEPS = (*FUNNEL, Steg.BORTSORTERAD)
STEP_HEADING = {
    **{s: capitalised(s.value) for s in STEPS},
    Steg.INSAMLING: "Insamling behov/idéer",
    Steg.BORTSORTERAD: "Bortsorterade",
}


@enforces("render", R20, R21, R23, R28, R29, R30)
def build(source: Source) -> dict[str, Any]:
    portfolio, year = source.portfolio, source.year
    # Freed time is valued with the one valuation year every document and list uses.
    rates = year_rates(portfolio, portfolio.valuation_year)
    projects = bilaga_projects(portfolio, year)
    costed = costed_items(portfolio, rates)
    parts = Parts(portfolio, year, source.as_of, projects, costed)
    sections = [
        *parts.intro(),
        *parts.bakgrund(),
        *parts.arbete(),
        *parts.beslut(),
        *parts.strategi(),
        *parts.prioritering(),
        parts.bilaga(),
    ]
    return {
        "titel": portfolio.plan.titel,
        "meta": title_block(source),
        "sections": sections,
        "toc": [s for s in sections if s.level == 2],
    }


class Parts:
    """The plan's sections in the order of seed 000: prose from `text:` in plan.yaml,
    everything that rules check (deciders, forums, systems, goals, projects) from data."""

    def __init__(
        self,
        portfolio: Portfolio,
        year: int,
        as_of: date,
        projects: list[Projekt],
        costed: list[tuple[Item, int, int]],
    ) -> None:
        self.p, self.year, self.projects, self.costed = portfolio, year, projects, costed
        self.text = portfolio.plan.text
        self.live = Live(f"Läget i portföljen per {as_of.isoformat()}:")

    def intro(self) -> list[Section]:
        plan = self.p.plan
        return [
            section("Varför en digitaliseringsplan?", 2, prose(self.text.varför, 2)),
            section("Giltighetstid", 2, Paragraph(validity_text(self.p))),
            section("Vem omfattas av planen?", 2, Paragraph(plan.vem_omfattas)),
            section(
                "Koppling till andra styrande dokument",
                2,
                Bullets(tuple(ListItem(d) for d in plan.styrande_dokument))
                if plan.styrande_dokument
                else None,
            ),
            section(
                "Prioriterade utvecklingsområden",
                2,
                prose(self.text.utvecklingsområden, 2),
                areas_table(self.p),
            ),
        ]

    def bakgrund(self) -> list[Section]:
        t = self.text
        return [
            section("Bakgrund", 2, prose(t.bakgrund, 2)),
            section("Ny styrmodell 2022/2023", 3, prose(t.styrmodell, 3)),
            section("Integrerad Digitalisering (ID)", 3, prose(t.integrerad_digitalisering, 3)),
            section("Utveckling", 3, prose(t.utveckling, 3)),
            section(
                "Tjänsteförvaltning",
                3,
                prose(t.tjänsteförvaltning, 3),
                systems_table(self.p),
                prose(t.tjänsteförvaltning_efter_system, 3),
            ),
            section("Färdplaner", 3, prose(t.färdplaner, 3)),
        ]

    def arbete(self) -> list[Section]:
        t = self.text
        return [
            section("Arbete och förhållningssätt", 2, prose(t.arbete, 2)),
            section("Förhållningssätt", 3, prose(t.förhållningssätt, 3)),
            section(
                "Behovsprocessen",
                3,
                prose(t.behovsprocessen, 3),
                self.live,
                Chart(
                    "funnel", charts.funnel([(STEP_HEADING[s], n) for s, n in step_counts(self.p)])
                ),
                funnel_table(self.p),
                prose(t.beslut_generellt, 3),
                forums_table(self.p),
            ),
            *(self.step(n, step) for n, step in enumerate(FUNNEL[:4], start=1)),
            section("Definition av projekt", 3, prose(t.definition_av_projekt, 3)),
            section("Systematisk insamling av behov", 3, prose(t.systematisk_insamling, 3)),
            section(
                "Projektmodell och portföljstyrning",
                3,
                prose(t.projektmodell, 3),
                prose(t.delat_ägarskap, 3),
                ownership_table(self.p),
                self.live,
                roles_table(self.p, self.projects),
            ),
            section("PIOS", 3, prose(t.pios, 3)),
        ]

    def step(self, number: int, step: Steg) -> Section:
        texts = self.text.steg
        text = {
            Steg.INSAMLING: texts.insamling,
            Steg.GROVSALLNING: texts.grovsållning,
            Steg.BEREDNING: texts.beredning,
        }.get(step, texts.klart_för_start)
        point = self.p.delegationsordning.point(number)
        heading = f"Beslutspunkt {number}" + (f": {point.namn}" if point else "")
        return section(
            f"{number}. {STEP_HEADING[step]}",
            4,
            prose(text.text, 4),
            Subheading(heading, 5),
            prose(text.beslutspunkt, 5),
            deciders_table(self.p, number),
        )

    def beslut(self) -> list[Section]:
        t = self.text
        return [
            section("Beslut och förankring", 2),
            section(
                "Digitaliseringsråd",
                3,
                prose(t.digitaliseringsråd, 3),
                self.live,
                rad_facts(self.p),
            ),
            section("Beredande månadsmöten", 3, prose(t.beredande_möten, 3)),
            section("Prioriteringsgrunder", 2, prose(t.prioriteringsgrunder, 2)),
        ]

    def strategi(self) -> list[Section]:
        return [
            section("Strategi och mål för digitaliseringsarbetet", 2, prose(self.text.strategi, 2)),
            section("Prioriterade mål för det långsiktiga arbetet", 3),
            *(
                section(
                    f"{g['nummer']}. {g['namn']}",
                    4,
                    prose(g["text"], 4),
                    self.live,
                    Paragraph(f"Initiativ: {g['initiativ'] or 'inga ännu'}."),
                )
                for g in goals(self.p)
            ),
        ]

    def prioritering(self) -> list[Section]:
        t = self.text
        others = [p for p in self.projects if not p.prioritised]
        return [
            section(f"Prioritering {years_text(self.p)}", 2, prose(t.prioritering, 2)),
            section(
                "Ekonomisk skattning",
                3,
                prose(t.ekonomisk_skattning, 3),
                schablon_table(self.p),
                Paragraph(
                    "Kostnaden räknas med schablonen för skattningens år; värdet av "
                    f"frigjord tid med schablonen för {self.year}."
                ),
                self.live,
                Chart(
                    "scatter", charts.scatter([(i.id, i.titel, k, n) for i, k, n in self.costed])
                ),
                estimate_table(self.costed, self.p.valuation_year),
                self.budget(),
            ),
            section(f"Prioriterade projekt {self.year}", 3, prose(t.prioriterade_projekt, 3)),
            section(
                "Andra IT-relaterade projekt",
                3,
                prose(t.andra_projekt, 3),
                self.live,
                other_projects_table(self.p, others),
            ),
        ]

    def budget(self) -> Table | None:
        """R38: where the budget ceiling runs out on the priority list, when one is set."""
        if not self.p.prioritering.budgettak:
            return None
        lista = prioritetslista(self.p)
        assert lista.budget is not None  # a ceiling is set
        return budget_table(lista.budget, {p.id: p.titel for p in lista.placeringar})

    def bilaga(self) -> Section:
        prioritised = [p for p in self.projects if p.prioritised]
        return section(
            f"Bilaga 1: Prioriterade projekt {self.year}",
            2,
            self.live,
            bilaga_table(self.p, prioritised, self.year),
            anchor_id="bilaga-1",
        )


def years_text(portfolio: Portfolio) -> str:
    """'2025–2026': the plan's years, including those of initial planning."""
    period = portfolio.plan.giltighet
    last = max(period.till.year, period.inledande_planering or 0)
    return str(last) if last == period.från.year else f"{period.från.year}–{last}"


def areas_table(portfolio: Portfolio) -> Table:
    rows = [
        (a.område, a.ansvar, a.tidplan, a.bedömning)
        for a in portfolio.utvecklingsomraden.utvecklingsområden
    ]
    return table(
        "Prioriterade utvecklingsområden",
        ["Utvecklingsområde", "Ansvar", "Tidplan", "Bedömning"],
        rows,
    )


def systems_table(portfolio: Portfolio) -> Table:
    """R28: the systems under tjänsteförvaltning, largest user base first."""
    systems = sorted(
        (s for s in portfolio.system.values() if s.tjänsteförvaltning),
        key=lambda s: (-s.användare, s.namn),
    )
    rows = [(s.namn, number(s.användare), s.drift.label) for s in systems]
    columns = [
        Column("Applikation"),
        Column("Ungefärligt antal användare", numeric=True),
        Column("Drift"),
    ]
    return table("System i tjänsteförvaltningen", columns, rows)


def step_counts(portfolio: Portfolio) -> list[tuple[Steg, int]]:
    counts = Counter(need.steg for need in portfolio.behov.values())
    return [(step, counts[step]) for step in STEPS]


def funnel_table(portfolio: Portfolio) -> Table:
    """R1: how many needs stand in each step right now."""
    ids: dict[Steg, list[str]] = {step: [] for step in STEPS}
    for need_id, need in sorted(portfolio.behov.items()):
        ids[need.steg].append(need_id)
    rows = [
        (STEP_HEADING[step], _leaving_point(step), number(len(ids[step])), ", ".join(ids[step]))
        for step in STEPS
    ]
    columns = [
        Column("Steg"),
        Column("Beslutspunkt"),
        Column("Antal behov", numeric=True),
        Column("Behov"),
    ]
    foot = ("Totalt", "", number(len(portfolio.behov)), "")
    return table("Behov per steg i Behovsprocessen", columns, rows, [foot])


def _leaving_point(step: Steg) -> str:
    if step.beslutspunkt:
        return f"BP{step.beslutspunkt}"
    return "BP1–BP4" if step == Steg.BORTSORTERAD else "–"


def roles_table(portfolio: Portfolio, projects: list[Projekt]) -> Table:
    """R14–R16: the PPS roles of the current projects."""
    org = portfolio.organisation
    rows = [
        (
            f"{p.id} {p.titel}",
            *(
                person_name(org, who) or NOT_NAMED
                for who in (p.projektägare, p.effektägare, p.projektledare)
            ),
            ", ".join(person_name(org, m) for m in p.styrgrupp) or NOT_NAMED,
        )
        for p in projects
    ]
    return table(
        "Roller i planerade och pågående projekt",
        ["Projekt", "Projektägare", "Effektägare", "Projektledare", "Styrgrupp"],
        rows,
    )


def goals(portfolio: Portfolio) -> list[dict[str, Any]]:
    """R23: the prioritised goals and the live initiatives that pursue each."""
    live = live_items(portfolio)
    return [
        {
            "nummer": g.nummer,
            "namn": g.namn,
            "text": g.text or ([g.beskrivning] if g.beskrivning else []),
            "initiativ": ", ".join(i.id for i in live if g.nummer in i.mål),
        }
        for g in portfolio.plan.prioriterade_mål
    ]
