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

from avoplan.core.errors import UserError
from avoplan.core.rulebook import R13, R19, R21, R22, R23, R25, R38, enforces
from avoplan.core.text import join_sv
from avoplan.models.initiativ import Prioritetsbeslut
from avoplan.models.prioritering import Prioriteringsmodell
from avoplan.prioritet.beroenden import (
    cycles,
    graph_of,
    reachable,
    respecting_dependencies,
    restricted,
)
from avoplan.prioritet.budget import Budgetlinje, budget_year, draw
from avoplan.prioritet.infrastruktur import carried, dependants
from avoplan.prioritet.kvot import (
    NO_GOAL,
    Model,
    Scored,
    assess,
)
from avoplan.prioritet.poster import Post, Underlag, outside_reason, underlag_of

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
    posts: Mapping[str, Post]  # what was scored, by id
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


def prioritetslista(portfolio: Portfolio, budget: int | None = None) -> Prioritetslista:
    """The list of a loaded portfolio; `budget` draws the line at that ceiling instead of
    prioritering.yaml's (a what-if, R38)."""
    return ranked(underlag_of(portfolio), budget)


@enforces("prioritet", R13, R19, R21, R22, R23, R25, R38)
def ranked(underlag: Underlag, budget: int | None = None) -> Prioritetslista:
    """The list from its compact input (`poster`), as `prioritetslista`."""
    waiting, outside = _candidates(underlag)
    scored: dict[str, Scored] = {}
    posts: dict[str, Post] = {}
    unscored: list[tuple[str, str, str]] = []
    model = Model.of(underlag.prioritering)
    value_rates = underlag.schablon.get(str(underlag.värderingsår))
    graph = graph_of([*underlag.behov.values(), *underlag.projekt.values()])
    index = dependants(_live(underlag), graph)
    for item in waiting:
        enabled = carried(item, index, graph, value_rates, model)
        result = assess(item, underlag.schablon, value_rates, model, enabled)
        if isinstance(result, str):
            unscored.append((item.id, item.titel, result))
        else:
            scored[item.id], posts[item.id] = result, item
    ranking = _rank(graph, scored, posts, frozenset(u[0] for u in unscored))
    places = tuple(_placing(item_id, ranking, underlag) for item_id in ranking.final)
    return Prioritetslista(
        places,
        tuple(outside),
        tuple(unscored),
        underlag.prioritering,
        underlag.värderingsår,
        _budget_line(underlag, places, len(unscored), budget),
    )


def _live(underlag: Underlag) -> list[Post]:
    """The items that carry benefit to infrastructure, behov then projekt, in id order."""
    behov = [post for _, post in sorted(underlag.behov.items()) if post.levande]
    return behov + [post for _, post in sorted(underlag.projekt.items()) if post.levande]


def _budget_line(
    underlag: Underlag, places: tuple[Placering, ...], unassessed: int, what_if: int | None
) -> Budgetlinje | None:
    ceilings = underlag.prioritering.budgettak
    if what_if is None and not ceilings:
        return None
    period = underlag.giltighet
    last = max(period.till.year, period.inledande_planering or period.till.year)
    year = budget_year(ceilings, last)
    costs = [(p.id, p.plats, p.engångskostnad_kr + (p.löpande_kr_per_år or 0)) for p in places]
    ceiling = ceilings[year] if what_if is None else what_if
    return draw(costs, year, ceiling, hypothetical=what_if is not None, unassessed=unassessed)


def _candidates(underlag: Underlag) -> tuple[list[Post], list[tuple[str, str, str]]]:
    """Behov klart för start and the planned projects the list takes up, in id order; the
    planned projects listed apart (R19)."""
    waiting = [need for _, need in sorted(underlag.behov.items()) if need.väntar]
    outside: list[tuple[str, str, str]] = []
    for _, project in sorted(underlag.projekt.items()):
        if project.väntar:
            waiting.append(project)
        elif project.utanför is not None:
            outside.append((project.id, project.titel, project.utanför))
    return waiting, outside


_outside_reason = outside_reason


# --- the formula -----------------------------------------------------------------------


def _rank_key(scored: Scored, post: Post) -> tuple[Fraction, int, int, str]:
    goals = set(post.mål)
    return -scored.kvot, min(goals, default=NO_GOAL), -len(goals), post.id


# --- order: formula, decisions, dependencies ----------------------------------------------


def _rank(
    graph: Mapping[str, list[str]],
    scored: Mapping[str, Scored],
    posts: Mapping[str, Post],
    unscored: frozenset[str],
) -> _Ranking:
    _refuse_cycles(graph, scored.keys())
    by_formula = sorted(scored, key=lambda item: _rank_key(scored[item], posts[item]))
    decisions = {item: latest(post.prioritet) for item, post in posts.items() if post.prioritet}
    decided = _with_decisions(by_formula, decisions)
    order_graph = restricted(graph, by_formula)
    final = respecting_dependencies(decided, order_graph)
    return _Ranking(
        scored, posts, by_formula, decided, final, decisions, graph, order_graph, unscored
    )


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


def _placing(item_id: str, ranking: _Ranking, underlag: Underlag) -> Placering:
    scored, post = ranking.scored[item_id], ranking.posts[item_id]
    lines = [
        _intro(post),
        *scored.steps,
        f"Plats {ranking.formula_place[item_id] + 1} enligt formeln.",
        *_tie_lines(item_id, ranking),
        *_decision_lines(item_id, ranking, underlag),
        *_dependency_lines(item_id, ranking, underlag),
        *_traceability_lines(post, underlag),
        f"Slutlig plats: {ranking.final_place[item_id] + 1}.",
    ]
    return Placering(
        plats=ranking.final_place[item_id] + 1,
        id=item_id,
        titel=post.titel,
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


def _intro(post: Post) -> str:
    if post.projekt:
        return "Planerat projekt som förvaltningen leder."
    when = f"; beslutspunkt 3 passerades {post.bp3}" if post.bp3 else ""
    return f"Behov i steget klart för start{when} (R8)."


def _tie_lines(item_id: str, ranking: _Ranking) -> list[str]:
    kvot = ranking.scored[item_id].kvot
    peers = [other for other in ranking.same_kvot[kvot] if other != item_id]
    if not peers:
        return []
    goals = sorted(set(ranking.posts[item_id].mål))
    supports = (
        f"mål {join_sv([str(g) for g in goals], 'och')}" if goals else "inget prioriterat mål"
    )
    return [
        f"Samma kvot som {join_sv(peers, 'och')}; lika kvot avgörs av de prioriterade målen "
        f"(R23): lägst målnummer först, sedan flest mål, sist id. {item_id} stöder {supports}."
    ]


def _decision_lines(item_id: str, ranking: _Ranking, underlag: Underlag) -> list[str]:
    decision = ranking.decisions.get(item_id)
    if decision is None:
        return []
    org = underlag.organisation
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


def _dependency_lines(item_id: str, ranking: _Ranking, underlag: Underlag) -> list[str]:
    direct = ranking.graph.get(item_id, [])
    listed = [dep for dep in direct if dep in ranking.scored]
    indirect = [dep for dep in ranking.order_graph[item_id] if dep not in direct]
    lines = []
    if listed:
        lines.append(f"Beror på {join_sv(listed, 'och')}, som därför står före (R22).")
    if indirect:
        lines.append(f"Beror indirekt på {join_sv(indirect, 'och')}, som därför står före (R22).")
    lines += [
        f"Beror på {dep} ({_state(dep, ranking, underlag)}), som inte står på listan."
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


def _state(item_id: str, ranking: _Ranking, underlag: Underlag) -> str:
    if item_id in ranking.unscored:
        return "kan inte bedömas ännu"
    project = underlag.projekt.get(item_id)
    if project is not None:
        if project.utanför is not None:
            return "planerat projekt utanför prioriteringen"
        return f"projekt, {project.steg}"
    return f"behov i steget {underlag.behov[item_id].steg}"


def _traceability_lines(post: Post, underlag: Underlag) -> list[str]:
    """R13: a planned project should come out of a need that passed BP4."""
    if not post.projekt:
        return []
    need = underlag.behov.get(post.behov or "")
    if need is not None and need.passerat_bp4:
        return []
    return [
        "Obs (R13): projektet går inte att spåra till ett behov som passerat "
        "beslutspunkt 4; allt digitaliseringsarbete ska gå via Behovsprocessen."
    ]


# --- text ------------------------------------------------------------------------------
