"""The gemensam prioriterad väntelista (R8–R10, R19, R21–R23, R25), free of I/O.

What is on it: behov in the step `klart för start` (past BP3, waiting to start) and
projekt with status `planerad` that the förvaltning leads. Planned projects led by
stadsledningskontoret or Intraservice, and the work against digitalt utanförskap, are
listed apart (R19). Items lacking the data to score are listed as not assessed.

The quotient each item is scored by is `kvot`'s.

Order: highest kvot first; equal kvot goes to the lowest prioritised goal number, then
to the most goals, then to the id (R23). A recorded prioritetsbeslut then moves an item
to its decided plats (the latest decision of the item counts; of two decisions on one
plats the later gets it). Last, nothing ranks before what it depends on (R22): an item
is moved up before what depends on it. A dependency cycle is a UserError.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from avoplan.behovsprocess.steg import passed_bp4
from avoplan.core.errors import UserError
from avoplan.core.rulebook import R13, R19, R21, R22, R23, R25, R38, enforces
from avoplan.core.text import join_sv
from avoplan.models.common import Steg
from avoplan.models.initiativ import Prioritetsbeslut
from avoplan.models.prioritering import Prioriteringsmodell
from avoplan.models.projekt import Ledning, Projekt, Projektstatus
from avoplan.prioritet.beroenden import (
    cycles,
    dependency_graph,
    reachable,
    respecting_dependencies,
    restricted,
)
from avoplan.prioritet.budget import Budgetlinje, budget_year, draw
from avoplan.prioritet.infrastruktur import carried, dependants
from avoplan.prioritet.kvot import (
    NO_GOAL,
    Item,
    Model,
    Scored,
    assess,
)

if TYPE_CHECKING:
    from avoplan.models.portfolio import Portfolio


@dataclass(frozen=True)
class Placering:
    plats: int
    id: str
    titel: str
    poäng: float
    nytta_kr: int
    kostnad_kr: int
    förklaring: tuple[str, ...]
    manuell: Prioritetsbeslut | None
    vikt: float = 1.0
    tillägg: float = 0.0
    viktad_nytta_kr: int = 0
    horisont_år: int = 3
    flyttad: str | None = None  # "beslut" or "beroende" when not at its formula place
    engångskostnad_kr: int = 0
    löpande_kr_per_år: int | None = None  # None: no running cost estimated (R38)
    buren_nytta_kr: int = 0  # infrastructure: benefit carried from dependants (R22)


@dataclass(frozen=True)
class Prioritetslista:
    placeringar: tuple[Placering, ...]
    utanför: tuple[tuple[str, str, str], ...]
    ej_bedömda: tuple[tuple[str, str, str], ...]
    modell: Prioriteringsmodell = field(default_factory=Prioriteringsmodell)
    värderingsår: int | None = None
    budget: Budgetlinje | None = None  # where the budget runs out (R38), when one is set


@dataclass(frozen=True)
class _Ranking:
    """The list at each stage, so every move can be explained."""

    scored: Mapping[str, Scored]
    by_formula: list[str]
    decided: list[str]
    final: list[str]
    decisions: Mapping[str, Prioritetsbeslut]
    graph: Mapping[str, list[str]]
    order_graph: Mapping[str, list[str]]
    unscored: frozenset[str]

    # Indexes for explaining every placing in linear time (a list scan per item was
    # quadratic: seconds at 10 000 waiting items). They change nothing in the order.

    @functools.cached_property
    def formula_place(self) -> dict[str, int]:
        return {item: n for n, item in enumerate(self.by_formula)}

    @functools.cached_property
    def decided_place(self) -> dict[str, int]:
        return {item: n for n, item in enumerate(self.decided)}

    @functools.cached_property
    def final_place(self) -> dict[str, int]:
        return {item: n for n, item in enumerate(self.final)}

    @functools.cached_property
    def same_kvot(self) -> dict[Fraction, list[str]]:
        """Items by kvot, each list in formula order."""
        groups: dict[Fraction, list[str]] = {}
        for item in self.by_formula:
            groups.setdefault(self.scored[item].kvot, []).append(item)
        return groups

    @functools.cached_property
    def dependents(self) -> dict[str, list[str]]:
        """For each item, the items whose order depends on it, in decided order."""
        found: dict[str, list[str]] = {}
        for other in self.decided:
            for dep in dict.fromkeys(self.order_graph[other]):
                found.setdefault(dep, []).append(other)
        return found


@enforces("prioritet", R13, R19, R21, R22, R23, R25, R38)
def prioritetslista(portfolio: Portfolio, budget: int | None = None) -> Prioritetslista:
    """The list; `budget` draws the line at that ceiling instead of prioritering.yaml's
    (a what-if, R38)."""
    waiting, outside = _candidates(portfolio)
    scored: dict[str, Scored] = {}
    unscored: list[tuple[str, str, str]] = []
    model = Model.of(portfolio.prioritering)
    value_rates = portfolio.schablon.get(str(portfolio.valuation_year))
    graph = dependency_graph(portfolio)
    index = dependants(portfolio, graph)
    for item in waiting:
        enabled = carried(item, index, graph, value_rates, model)
        result = assess(item, portfolio.schablon, value_rates, model, enabled)
        if isinstance(result, str):
            unscored.append((item.id, item.titel, result))
        else:
            scored[item.id] = result
    ranking = _rank(portfolio, scored, frozenset(u[0] for u in unscored))
    places = tuple(_placing(item_id, ranking, portfolio) for item_id in ranking.final)
    return Prioritetslista(
        places,
        tuple(outside),
        tuple(unscored),
        portfolio.prioritering,
        portfolio.valuation_year,
        _budget_line(portfolio, places, len(unscored), budget),
    )


def _budget_line(
    portfolio: Portfolio, places: tuple[Placering, ...], unassessed: int, what_if: int | None
) -> Budgetlinje | None:
    ceilings = portfolio.prioritering.budgettak
    if what_if is None and not ceilings:
        return None
    period = portfolio.plan.giltighet
    last = max(period.till.year, period.inledande_planering or period.till.year)
    year = budget_year(ceilings, last)
    costs = [(p.id, p.plats, p.engångskostnad_kr + (p.löpande_kr_per_år or 0)) for p in places]
    ceiling = ceilings[year] if what_if is None else what_if
    return draw(costs, year, ceiling, hypothetical=what_if is not None, unassessed=unassessed)


def _candidates(portfolio: Portfolio) -> tuple[list[Item], list[tuple[str, str, str]]]:
    waiting: list[Item] = [
        need for _, need in sorted(portfolio.behov.items()) if need.steg == Steg.KLART_FOR_START
    ]
    outside: list[tuple[str, str, str]] = []
    for _, project in sorted(portfolio.projekt.items()):
        if project.status != Projektstatus.PLANERAD:
            continue
        if project.prioritised:
            waiting.append(project)
        else:
            outside.append((project.id, project.titel, _outside_reason(project)))
    return waiting, outside


def _outside_reason(project: Projekt) -> str:
    reasons = []
    if project.ledning == Ledning.STADSLEDNINGSKONTORET:
        reasons.append("leds av stadsledningskontoret")
    if project.ledning == Ledning.INTRASERVICE:
        reasons.append("leds av Intraservice")
    if project.digitalt_utanförskap:
        reasons.append("är arbete mot digitalt utanförskap")
    return f"{join_sv(reasons, 'och')}; följs upp men ingår inte i de prioriterade projekten (R19)"


# --- the formula -----------------------------------------------------------------------


def _rank_key(scored: Scored) -> tuple[Fraction, int, int, str]:
    goals = set(scored.item.mål)
    return -scored.kvot, min(goals, default=NO_GOAL), -len(goals), scored.item.id


# --- order: formula, decisions, dependencies ----------------------------------------------


def _rank(portfolio: Portfolio, scored: Mapping[str, Scored], unscored: frozenset[str]) -> _Ranking:
    graph = dependency_graph(portfolio)
    _refuse_cycles(graph, scored.keys())
    by_formula = [s.item.id for s in sorted(scored.values(), key=_rank_key)]
    decisions = {
        item_id: latest(s.item.prioritet) for item_id, s in scored.items() if s.item.prioritet
    }
    decided = _with_decisions(by_formula, decisions)
    order_graph = restricted(graph, by_formula)
    final = respecting_dependencies(decided, order_graph)
    return _Ranking(scored, by_formula, decided, final, decisions, graph, order_graph, unscored)


def latest(decisions: Sequence[Prioritetsbeslut]) -> Prioritetsbeslut:
    """The decision that counts: the latest by date, the last recorded on a tie."""
    return sorted(decisions, key=lambda d: d.datum)[-1]


def _refuse_cycles(graph: Mapping[str, list[str]], ids: Iterable[str]) -> None:
    """A cycle among the listed items, or among what they depend on, has no order."""
    listed = set(ids)
    relevant = listed.union(*(reachable(graph, item) for item in listed))
    for cycle in cycles(graph):
        if relevant & set(cycle):
            raise UserError(
                "beroendena bildar en cirkel: " + " → ".join([*cycle, cycle[0]]),
                "ingen post kan stå före det den beror på; bryt cirkeln i fältet beroenden "
                "(R22) och kör 'avoplan check'",
            )


def _with_decisions(ranked: list[str], decisions: Mapping[str, Prioritetsbeslut]) -> list[str]:
    """Each decided item at its plats; inserting by plats, then date, lets the later of two
    decisions on one plats take it and push the earlier one down."""
    order = [item for item in ranked if item not in decisions]
    for item, decision in sorted(decisions.items(), key=lambda kv: (kv[1].plats, kv[1].datum)):
        order.insert(min(decision.plats, len(order) + 1) - 1, item)
    return order


# --- explanation -----------------------------------------------------------------------


def _placing(item_id: str, ranking: _Ranking, portfolio: Portfolio) -> Placering:
    scored = ranking.scored[item_id]
    lines = [
        _intro(scored.item),
        *scored.steps,
        f"Plats {ranking.formula_place[item_id] + 1} enligt formeln.",
        *_tie_lines(item_id, ranking),
        *_decision_lines(item_id, ranking, portfolio),
        *_dependency_lines(item_id, ranking, portfolio),
        *_traceability_lines(scored.item, portfolio),
        f"Slutlig plats: {ranking.final_place[item_id] + 1}.",
    ]
    return Placering(
        plats=ranking.final_place[item_id] + 1,
        id=item_id,
        titel=scored.item.titel,
        poäng=float(scored.kvot),
        nytta_kr=scored.nytta_kr,
        kostnad_kr=scored.kostnad_kr,
        förklaring=tuple(lines),
        manuell=ranking.decisions.get(item_id),
        vikt=float(scored.terms.weight),
        tillägg=float(scored.terms.bonus - 1),
        viktad_nytta_kr=round(scored.terms.weighted),
        horisont_år=scored.terms.model.horizon,
        flyttad=_moved_by(item_id, ranking),
        engångskostnad_kr=scored.terms.one_off,
        löpande_kr_per_år=scored.terms.running.total if scored.terms.running else None,
        buren_nytta_kr=round(scored.terms.carried_kr),
    )


def _moved_by(item_id: str, ranking: _Ranking) -> str | None:
    """Why an item stands elsewhere than the formula puts it: a recorded decision, or a
    dependency that must come first (R22)."""
    if item_id in ranking.decisions:
        return "beslut"
    if ranking.final_place[item_id] < ranking.decided_place[item_id]:
        return "beroende"
    return None


def _intro(item: Item) -> str:
    if isinstance(item, Projekt):
        return "Planerat projekt som förvaltningen leder."
    bp3 = [b for b in item.beslut if b.beslutspunkt == 3 and b.till == Steg.KLART_FOR_START]
    when = f"; beslutspunkt 3 passerades {bp3[-1].datum}" if bp3 else ""
    return f"Behov i steget klart för start{when} (R8)."


def _tie_lines(item_id: str, ranking: _Ranking) -> list[str]:
    kvot = ranking.scored[item_id].kvot
    peers = [other for other in ranking.same_kvot[kvot] if other != item_id]
    if not peers:
        return []
    goals = sorted(set(ranking.scored[item_id].item.mål))
    supports = (
        f"mål {join_sv([str(g) for g in goals], 'och')}" if goals else "inget prioriterat mål"
    )
    return [
        f"Samma kvot som {join_sv(peers, 'och')}; lika kvot avgörs av de prioriterade målen "
        f"(R23): lägst målnummer först, sedan flest mål, sist id. {item_id} stöder {supports}."
    ]


def _decision_lines(item_id: str, ranking: _Ranking, portfolio: Portfolio) -> list[str]:
    decision = ranking.decisions.get(item_id)
    if decision is None:
        return []
    org = portfolio.organisation
    person = org.person(decision.beslutad_av)
    who = person.namn if person else decision.beslutad_av
    forum = org.forum_by_id(decision.forum) if decision.forum else None
    where = f" i {forum.namn}" if forum else ""
    lines = [
        f"Manuellt placerad på plats {decision.plats} genom prioritetsbeslut "
        f"{decision.datum} av {who}{where}. Motivering: {decision.motivering.rstrip('.')}."
    ]
    final = ranking.final_place[item_id] + 1
    if final != decision.plats:
        lines.append(_why_not_decided_plats(item_id, decision.plats, final, ranking))
    return lines


def _why_not_decided_plats(item_id: str, plats: int, final: int, ranking: _Ranking) -> str:
    position = ranking.decided_place[item_id]
    late = [dep for dep in ranking.order_graph[item_id] if ranking.decided_place[dep] > position]
    if late:
        return (
            f"{item_id} kan inte stå på plats {plats} eftersom det beror på "
            f"{join_sv(late, 'och')}, som måste komma före (R22); det står på plats {final}."
        )
    if plats > len(ranking.final):
        return f"Listan har bara {len(ranking.final)} platser; {item_id} står på plats {final}."
    return (
        f"Andra prioritetsbeslut eller beroenden (R22) gör att {item_id} står på plats "
        f"{final} i stället för {plats}."
    )


def _dependency_lines(item_id: str, ranking: _Ranking, portfolio: Portfolio) -> list[str]:
    direct = ranking.graph.get(item_id, [])
    listed = [dep for dep in direct if dep in ranking.scored]
    indirect = [dep for dep in ranking.order_graph[item_id] if dep not in direct]
    lines = []
    if listed:
        lines.append(f"Beror på {join_sv(listed, 'och')}, som därför står före (R22).")
    if indirect:
        lines.append(f"Beror indirekt på {join_sv(indirect, 'och')}, som därför står före (R22).")
    lines += [
        f"Beror på {dep} ({_state(dep, ranking, portfolio)}), som inte står på listan."
        for dep in direct
        if dep not in ranking.scored
    ]
    position = ranking.decided_place[item_id]
    pulled_by = [
        other
        for other in ranking.dependents.get(item_id, [])
        if ranking.decided_place[other] < position
    ]
    if pulled_by:
        lines.append(f"Flyttad före {join_sv(pulled_by, 'och')}, som beror på den (R22).")
    return lines


def _state(item_id: str, ranking: _Ranking, portfolio: Portfolio) -> str:
    if item_id in ranking.unscored:
        return "kan inte bedömas ännu"
    project = portfolio.projekt.get(item_id)
    if project is not None:
        if project.status == Projektstatus.PLANERAD and not project.prioritised:
            return "planerat projekt utanför prioriteringen"
        return f"projekt, {project.status.value}"
    need = portfolio.behov[item_id]
    return f"behov i steget {need.steg.value}"


def _traceability_lines(item: Item, portfolio: Portfolio) -> list[str]:
    """R13: a planned project should come out of a need that passed BP4."""
    if not isinstance(item, Projekt):
        return []
    need = portfolio.behov.get(item.behov or "")
    if need is not None and passed_bp4(need.beslut):
        return []
    return [
        "Obs (R13): projektet går inte att spåra till ett behov som passerat "
        "beslutspunkt 4; allt digitaliseringsarbete ska gå via Behovsprocessen."
    ]


# --- text ------------------------------------------------------------------------------
