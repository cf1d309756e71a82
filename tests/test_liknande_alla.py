"""R5 for every need at once (behovsprocess/liknande_alla): the batch gives each need
exactly what `ranked_in` gives it alone, on a realistic generated portfolio and at the
edges (ties, identical titles, needs without words, a single need)."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from avoplan.behovsprocess.liknande import STRONG, Index, Likhet, index_of, profiles, ranked_in
from avoplan.behovsprocess.liknande_alla import compact, ranked_after, ranked_all
from avoplan.behovsprocess.liknande_rader import built, digest, since
from avoplan.models.behov import Behov


@cache
def _demo(items: int, seed: int) -> dict[str, Behov]:
    """The needs `avoplan demo-portfolio --items ITEMS --seed SEED` writes."""
    from avoplan.commands.demo_portfolio.generator import generate
    from avoplan.store.files import embedded_portfolio
    from avoplan.workspace.folder import Workspace

    base = Workspace(embedded_portfolio()).portfolio()
    return {
        f.data["id"]: Behov.model_validate(f.data)
        for f in generate(base, items, seed)
        if f.path.startswith("behov/")
    }


def _each_alone(
    needs: dict[str, Behov], index: Index, top: int, minimum: float
) -> dict[str, list[Likhet]]:
    return {
        key: ranked_in(need, key, [index], top=top, minimum=minimum)
        for key, need in sorted(needs.items())
    }


def _same_as_alone(
    needs: dict[str, Behov], *, top: int = 3, minimum: float = STRONG
) -> dict[str, list[Likhet]]:
    """The batch's lists (`ranked_all`), each the need's list alone."""
    index = index_of(profiles(needs))
    together = ranked_all(index, top=top, minimum=minimum)
    alone = _each_alone(needs, index, top, minimum)
    assert list(together) == list(alone)
    differing = [key for key in alone if together[key] != alone[key]]
    assert not differing, (differing[:5], [(together[k], alone[k]) for k in differing[:1]])
    return together


@pytest.mark.slow
def test_r5_every_need_of_a_generated_portfolio_gets_what_it_gets_alone() -> None:
    """The site's question (3 strong matches) for each of 1 247 demo needs: the same
    Likhet (score, shared words, systems, goals), in the same order, ties by id."""
    needs = _demo(1600, 7)
    assert len(needs) >= 1200
    together = _same_as_alone(needs)
    assert sum(len(found) for found in together.values()) > 3000  # most needs have matches


def test_r5_the_same_when_no_two_needs_are_alike_in_every_word() -> None:
    """Demo needs repeat a few hundred texts; made unique (a word of its own each), every
    need is its own profile and the pruning is what keeps the lists right."""
    needs = {
        key: need.model_copy(update={"beskrivning": f"{need.beskrivning} unikord{key[-5:]}x"})
        for key, need in list(_demo(600, 11).items())[:400]
    }
    _same_as_alone(needs)
    _same_as_alone(needs, top=10, minimum=0.0)


def test_r5_the_same_for_any_length_and_threshold() -> None:
    """Down to no threshold at all, where needs that share nothing can still rank."""
    needs = dict(list(_demo(300, 5).items())[:150])
    for top, minimum in [(1, STRONG), (10, 30.0), (25, 0.0)]:
        _same_as_alone(needs, top=top, minimum=minimum)


def _need(key: str, titel: str, text: str = "", system: list[str] | None = None) -> Behov:
    return Behov(
        id=key,
        titel=titel,
        beskrivning=text or None,
        system=system or [],
        mål=[],
        avdelning="hemtjanst",
    )


def test_r5_ties_and_identical_titles_rank_by_id() -> None:
    """Five needs with the same words: each gets the others by id, the smaller first."""
    needs = {
        key: _need(key, "Digital signering av journaler", "Signering av journaler i Treserva")
        for key in ["BEH-010", "BEH-002", "BEH-007", "BEH-001", "BEH-100"]
    }
    needs["BEH-050"] = _need("BEH-050", "Digital signering av journaler", "Annat helt")
    found = ranked_all(index_of(profiles(needs)), top=3, minimum=0.0)
    assert [m.key for m in found["BEH-002"]] == ["BEH-001", "BEH-007", "BEH-010"]
    assert [m.key for m in found["BEH-001"]] == ["BEH-002", "BEH-007", "BEH-010"]
    _same_as_alone(needs, top=3, minimum=0.0)
    _same_as_alone(needs, top=10, minimum=STRONG)


@pytest.mark.parametrize("minimum", [0.0, STRONG])
def test_r5_needs_without_words_and_a_lone_need(minimum: float) -> None:
    """Titles of stop words only, numbers only, a shared system and nothing else."""
    needs = {
        "BEH-001": _need("BEH-001", "Och i att", system=["treserva"]),
        "BEH-002": _need("BEH-002", "123 456", system=["treserva"]),
        "BEH-003": _need("BEH-003", "Behov"),
        "BEH-004": _need("BEH-004", "Schemaläggning i hemtjänsten", "Schemaläggning"),
    }
    _same_as_alone(needs, top=3, minimum=minimum)
    alone = {"BEH-001": needs["BEH-004"]}
    assert ranked_all(index_of(profiles(alone)), top=3, minimum=minimum) == {"BEH-001": []}
    assert ranked_all(index_of(profiles({})), top=3) == {}


def _changes(needs: dict[str, Behov]) -> dict[str, dict[str, Behov]]:
    """One portfolio per kind of change of one need (or two), each touching one column of
    the index: the site ranks again only what such a change can move."""
    keys = sorted(needs)
    listed = ranked_all(index_of(profiles(needs)), top=3, minimum=STRONG)
    ranks = Counter(m.key for found in listed.values() for m in found).most_common()
    popular = ranks[0][0]
    with_system = next(key for key, _ in ranks if needs[key].system)
    first, other = needs[keys[0]], needs[keys[1]]

    def changed(key: str, **update: object) -> dict[str, Behov]:
        return {**needs, key: needs[key].model_copy(update=update)}

    gone = dict(needs)
    del gone[popular]
    return {
        "titel like another's": changed(keys[0], titel=other.titel),
        "titel's case and marks only": changed(popular, titel=needs[popular].titel.upper() + "!"),
        "words": changed(popular, beskrivning="Kvarnstensfabrikerna maler mjöl", nytta=None),
        "systems": changed(with_system, system=[]),
        "goals": changed(popular, mål=[9]),
        "gone": gone,
        "new": {**needs, "BEH-9999": first.model_copy(update={"id": "BEH-9999"})},
        "two": {
            **changed(keys[2], titel=first.titel),
            keys[3]: needs[keys[3]].model_copy(update={"system": []}),
        },
    }


@pytest.mark.parametrize(("top", "minimum"), [(3, STRONG), (10, 0.0)])
def test_r5_ranking_again_after_a_change_gives_what_ranking_all_gives(
    top: int, minimum: float
) -> None:
    """The site keeps the last ranking and ranks again only the needs whose profile
    changed and the needs whose lists held them (`ranked_after`), after the index rows
    are made again only for the changed needs (`liknande_rader.since`): the same lists
    as ranking every need of a new index."""
    needs = dict(list(_demo(600, 11).items())[:300])
    before = built(needs, [digest(n) for n in needs.values()])
    assert before.index == index_of(profiles(needs))
    found = compact(ranked_all(before.index, top=top, minimum=minimum))
    for change, after in _changes(needs).items():
        step = since(before, after, [digest(n) for n in after.values()])
        assert step is not None, change
        rader, changes = step
        assert rader.index.columns == index_of(profiles(after)).columns, change
        again = ranked_after(rader.index, found, changes, top=top, minimum=minimum)
        assert again == ranked_all(rader.index, top=top, minimum=minimum), change
