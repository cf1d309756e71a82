"""R5's index kept from one run to the next (behovsprocess/liknande_rader): after each edit
of a sequence, the rows made again only for what changed are the index a build from
nothing makes, and every need's similar needs ranked from the kept lists are what
ranking every need gives."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from avoplan.behovsprocess.liknande import STRONG, index_of, profiles
from avoplan.behovsprocess.liknande_alla import compact, ranked_after, ranked_all
from avoplan.behovsprocess.liknande_rader import Rader, built, digest, since
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from tests.test_liknande_alla import _demo

Edit = Callable[[dict[str, Behov]], None]


def _need(key: str, titel: str, text: str) -> Behov:
    return Behov(id=key, titel=titel, beskrivning=text, avdelning="hemtjanst")


def _changed(key: str, **update: object) -> Edit:
    def edit(needs: dict[str, Behov]) -> None:
        needs[key] = needs[key].model_copy(update=update)

    return edit


def _added(need: Behov) -> Edit:
    def edit(needs: dict[str, Behov]) -> None:
        needs[need.id] = need

    return edit


def _removed(key: str) -> Edit:
    def edit(needs: dict[str, Behov]) -> None:
        del needs[key]

    return edit


COMPOUND = "BEH-9001"
# 'läkemedel' and 'hantering' come into the vocabulary with BEH-9003's description, and
# BEH-9001's 'läkemedelshantering' is split into them; they leave it with BEH-9003.
EDITS: list[tuple[str, Edit]] = [
    ("changed title", _changed("BEH-9002", titel="Signering av journaler, även nattetid")),
    ("changed title, same words", _changed("BEH-9002", titel="Signering av journaler – nattetid")),
    (
        "changed description, its words split another need's",
        _changed("BEH-9003", beskrivning="Läkemedel delas ut; hantering på papper."),
    ),
    ("added need", _added(_need("BEH-9999", "Signering av journaler", "Signering i Treserva."))),
    ("removed need, its words no longer split another's", _removed("BEH-9003")),
    ("changed step", _changed("BEH-9002", steg=Steg.GROVSALLNING)),
    ("changed systems and goals", _changed("BEH-9002", system=["treserva"], mål=[2])),
    ("a need gone from the middle", _removed("BEH-9002")),
]


def _start() -> dict[str, Behov]:
    needs = dict(list(_demo(300, 5).items())[:150])
    needs[COMPOUND] = _need(COMPOUND, "Läkemedelshantering i hemtjänsten", "Dosetter fylls.")
    needs["BEH-9002"] = _need("BEH-9002", "Signering av journaler", "Journaler signeras.")
    needs["BEH-9003"] = _need("BEH-9003", "Papperslös nattjour", "Nattjouren ringer.")
    return needs


def _as_built(rader: Rader, needs: dict[str, Behov]) -> None:
    """`rader` is what a build from nothing makes of `needs`."""
    fresh = built(needs, [digest(n) for n in needs.values()])
    assert rader.index == fresh.index == index_of(profiles(needs))
    assert (rader.digests, rader.title_words, rader.text_words, rader.counts) == (
        fresh.digests,
        fresh.title_words,
        fresh.text_words,
        fresh.counts,
    )


def _compound_words(rader: Rader) -> set[str]:
    return set(rader.index.columns[3][rader.index.columns[0].index(COMPOUND)].split())


@pytest.mark.parametrize(("top", "minimum"), [(3, STRONG), (10, 0.0)])
def test_r5_the_kept_index_and_lists_after_a_sequence_of_edits_are_a_full_builds(
    top: int, minimum: float
) -> None:
    needs = _start()
    rader = built(needs, [digest(n) for n in needs.values()])
    found = ranked_all(rader.index, top=top, minimum=minimum)
    split = []
    for name, edit in EDITS:
        edit(needs)
        step = since(rader, needs, [digest(n) for n in needs.values()])
        assert step is not None, name
        rader, changes = step
        _as_built(rader, needs)
        found = ranked_after(rader.index, compact(found), changes, top=top, minimum=minimum)
        assert found == ranked_all(rader.index, top=top, minimum=minimum), name
        split.append("lakemedel" in _compound_words(rader))
        if name == "changed step":
            assert not changes, changes
    # The sequence made the compound's split change both ways.
    assert split == [False, False, True, True, False, False, False, False]


def test_r5_what_changed_names_the_needs_whose_profile_or_title_changed() -> None:
    """A title with the same words changes no profile: no list is ranked again for it."""
    needs = _start()
    rader = built(needs, [digest(n) for n in needs.values()])
    results = []
    for _, edit in EDITS[:5]:
        edit(needs)
        step = since(rader, needs, [digest(n) for n in needs.values()])
        assert step is not None
        rader, changes = step
        results.append((changes.profil, changes.titel, changes.borta))
    assert results[:2] == [({"BEH-9002"}, set(), set()), (set(), {"BEH-9002"}, set())]
    assert results[3] == ({"BEH-9999"}, set(), set())
    # The demo's compounds of 'läkemedel' and 'hantering' are split and joined too.
    (split, _, _), (joined, _, gone) = results[2], results[4]
    assert {"BEH-9003", COMPOUND} <= split
    assert joined == split - {"BEH-9003"}
    assert gone == {"BEH-9003"}


def test_r5_many_changed_needs_are_built_again() -> None:
    needs = _start()
    rader = built(needs, [digest(n) for n in needs.values()])
    retitled = {k: n.model_copy(update={"titel": n.titel + " x"}) for k, n in needs.items()}
    assert since(rader, needs, [digest(n) for n in needs.values()]) is not None
    from avoplan.behovsprocess import liknande_rader

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(liknande_rader, "CHANGED_MAX", 10)
        assert since(rader, retitled, [digest(n) for n in retitled.values()]) is None
