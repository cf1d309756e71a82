"""`avoplan liknande` and R5's coordination against similar needs at BP2: a labelled set
of needs (tests/liknande_set.py) measures recall and precision, stated in README.md."""

from __future__ import annotations

from pathlib import Path

from avoplan.behovsprocess.liknande import (
    STRONG,
    Likhet,
    compare,
    index_of,
    profiles,
    ranked_in,
    split_compound,
    tokens,
    unmentioned,
)
from avoplan.models.behov import Behov, Grovsallning
from tests.helpers import Cli, Result, replace_in
from tests.liknande_set import SAME, SHARED_WORDS, Need

TODAY = "2025-11-24"


def _need(number: int, need: Need) -> Behov:
    titel, beskrivning, nytta, system, mål = need
    return Behov(
        id=f"BEH-{number:03d}",
        titel=titel,
        beskrivning=beskrivning,
        nytta=nytta,
        system=system,
        mål=mål,
        avdelning="hemtjanst",
    )


def _scores(pairs: list[tuple[Need, Need]]) -> list[float]:
    """Each pair's score, with compounds split against the whole labelled set."""
    needs = {}
    for index, (a, b) in enumerate([*SAME, *SHARED_WORDS]):
        needs[f"BEH-{2 * index + 1:03d}"] = _need(2 * index + 1, a)
        needs[f"BEH-{2 * index + 2:03d}"] = _need(2 * index + 2, b)
    by_key = {p.key: p for p in profiles(needs)}
    offset = 0 if pairs is SAME else len(SAME)
    return [
        compare(
            by_key[f"BEH-{2 * (offset + i) + 1:03d}"], by_key[f"BEH-{2 * (offset + i) + 2:03d}"]
        ).score
        for i in range(len(pairs))
    ]


def test_r5_labelled_set_recall_and_precision_as_stated_in_readme() -> None:
    """README: at the strong threshold (50) all 8 same-need pairs are found (recall 8/8)
    and none of the 8 pairs that only share words is (precision 8/8)."""
    same, shared = _scores(SAME), _scores(SHARED_WORDS)
    found = sum(s >= STRONG for s in same)
    false = sum(s >= STRONG for s in shared)
    assert (found, len(same)) == (8, 8), same
    assert false == 0, shared
    assert min(same) > max(shared)


def _labelled() -> dict[str, Behov]:
    return {
        f"BEH-{n:03d}": _need(n, need)
        for n, need in enumerate(
            (need for pair in [*SAME, *SHARED_WORDS] for need in pair), start=1
        )
    }


def test_index_ranks_exactly_as_comparing_with_every_need() -> None:
    """The pruned search over the index (split over two indexes, as over two members)
    gives the very list that comparing the need with every other one gives."""
    needs = _labelled()
    keys = sorted(needs)
    every = {p.key: p for p in profiles(needs)}
    half = len(keys) // 2
    indexes = [
        index_of(p for p in every.values() if p.key in keys[:half]),
        index_of(p for p in every.values() if p.key in keys[half:]),
    ]
    for key in keys:
        for top, minimum in ((3, 0.0), (10, 0.0), (40, 20.0)):
            brute = sorted(
                (compare(every[key], p) for k, p in every.items() if k != key),
                key=lambda f: (-f.score, f.key),
            )
            brute = [f for f in brute if f.score >= minimum][:top]
            found = ranked_in(needs[key], key, indexes, top=top, minimum=minimum)
            assert found == brute, key


def test_normalisation_folds_case_and_aao_stems_and_drops_stop_words() -> None:
    assert tokens("Läkemedlen och LÄKEMEDEL i hemtjänsten") == [
        "lakemedl",
        "lakemedel",
        "hemtjanst",
    ]
    assert tokens("Journalerna för journal") == ["journal", "journal"]


def test_compounds_split_into_words_the_other_needs_use() -> None:
    vocabulary = frozenset({"lakemedel", "hanter", "robot"})
    assert split_compound("lakemedelshanter", vocabulary) == ("lakemedel", "hanter")
    assert split_compound("lakemedelrobot", vocabulary) == ("lakemedel", "robot")
    assert split_compound("nattillsyn", vocabulary) == ("nattillsyn",)


SIMILAR = """# Behov i Behovsprocessen.
id: BEH-020
titel: Matinköp via e-handel för alla enheter i hemtjänsten
avdelning: hemtjanst
steg: insamling
beskrivning: >-
  Hemtjänstens personal gör matinköp åt brukarna i butik. Arbetssättet med digitala
  matinköp ska breddas till alla enheter och kopplas till planeringen.
nytta: Arbetstimmar frigörs till omsorg.
mål: [1, 3]
"""


def test_liknande_ranks_the_rephrased_need_first_with_score_and_words(
    cli: Cli, portfolio: Path
) -> None:
    (portfolio / "behov" / "BEH-020.yaml").write_text(SIMILAR, encoding="utf-8")
    result = cli("liknande", "BEH-007", "--top", "3", "-p", portfolio)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "BEH-" in line]
    assert "BEH-020" in rows[1], result.stdout  # rows[0] is the title
    assert "matinköp" in rows[1] and "●" in rows[1]
    assert "matinkop" not in result.stdout  # the words as written, never the stems


def test_liknande_shows_the_matching_words_as_the_texts_write_them(
    cli: Cli, portfolio: Path
) -> None:
    """Issue 23: 'farr, hansyn, kompeten, lagg' were stems; people read the words."""
    import json

    result = cli("liknande", "BEH-006", "-f", "json", "-p", portfolio)
    assert result.exit_code == 0, result.output
    need = (portfolio / "behov" / "BEH-006.yaml").read_text(encoding="utf-8").lower()
    words = [w for match in json.loads(result.stdout)["liknande"] for w in match["ord"]]
    assert words
    for word in words:
        assert word in need, word


def test_liknande_min_leaves_out_weak_matches(cli: Cli, portfolio: Path) -> None:
    result = cli("liknande", "BEH-007", "--min", "99", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Inga behov liknar BEH-007 med likhet 99 eller mer" in result.stdout


def test_liknande_unknown_id_names_the_closest(cli: Cli, portfolio: Path) -> None:
    result = cli("liknande", "BEH-0077", "-p", portfolio)
    assert result.exit_code == 1
    assert "BEH-0077 finns inte" in result.stderr


GROVSALLNING = """grovsållning:
  rätt_förstått: Ja, stämt med kontaktpersonen.
  berörda:
    avdelningar: [hemtjanst]
    förvaltningar: [avo]
  tid_beroende: false
  samordning: Samordnat i det lokala utvecklingsteamet.
  tid_medverkande: [lina-ahmed]
LIKNANDE
beslut:
"""


def _advance(cli: Cli, portfolio: Path) -> Result:
    return cli(
        "advance",
        "BEH-007",
        "--to",
        "beredning",
        "-p",
        portfolio,
        "--datum",
        TODAY,
        "--motivering",
        "Beslutat enligt underlaget.",
        "--beslutad-av",
        "fatima-olsson",
    )


def test_r5_bp2_warns_of_a_strong_match_the_grovsallning_does_not_name(
    cli: Cli, portfolio: Path
) -> None:
    (portfolio / "behov" / "BEH-020.yaml").write_text(SIMILAR, encoding="utf-8")
    replace_in(
        portfolio / "behov" / "BEH-007.yaml", "beslut:\n", GROVSALLNING.replace("LIKNANDE\n", "")
    )
    result = _advance(cli, portfolio)
    assert result.exit_code == 0, result.output  # a warning, never a refusal
    assert "Varning: R5 BEH-020" in result.stderr
    assert "nämns inte i grovsållning.liknande_behov" in result.stderr


def test_r5_bp2_is_quiet_when_the_match_is_named(cli: Cli, portfolio: Path) -> None:
    (portfolio / "behov" / "BEH-020.yaml").write_text(SIMILAR, encoding="utf-8")
    replace_in(
        portfolio / "behov" / "BEH-007.yaml",
        "beslut:\n",
        GROVSALLNING.replace("LIKNANDE", "  liknande_behov: [BEH-020]"),
    )
    result = _advance(cli, portfolio)
    assert result.exit_code == 0, result.output
    assert "R5 BEH-020" not in result.stderr


def test_unmentioned_treats_home_global_id_as_the_local_one() -> None:
    need = _need(7, SAME[0][0]).model_copy(update={"grovsållning": None})
    match = Likhet("ÄVO:BEH-020", "x", 80.0, ("a",), (), ())
    assert unmentioned(need, [match], home="AVO")
    named = need.model_copy(update={"grovsållning": Grovsallning(liknande_behov=["BEH-020"])})
    assert unmentioned(named, [match], home="ÄVO") == []
