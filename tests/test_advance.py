"""`avoplan advance`: Behovsprocessen's gates (R1–R12) on real files in real git repos."""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from avoplan.store.yaml_io import parse
from tests.helpers import Cli, Result, git, replace_in, snapshot

TODAY = "2025-11-24"
REGISTRATOR = "emma.karlsson@avo.exempel.se"  # commits decisions verify accepts (R2)


def advance(cli: Cli, portfolio: Path, item: str, to: str, *extra: str) -> Result:
    return cli(
        "advance",
        item,
        "--to",
        to,
        "-p",
        portfolio,
        "--datum",
        TODAY,
        "--motivering",
        "Beslutat enligt underlaget.",
        *extra,
    )


def data(portfolio: Path, item: str) -> dict[str, Any]:
    folder = "behov" if item.startswith("BEH") else "projekt"
    result = parse((portfolio / folder / f"{item}.yaml").read_text(encoding="utf-8"))
    assert isinstance(result, dict)
    return result


def decisions(portfolio: Path, item: str) -> list[dict[str, object]]:
    found = data(portfolio, item)["beslut"]
    assert isinstance(found, list)
    return found


# --- R1: one step at a time --------------------------------------------------------


def test_r1_skipping_a_step_is_refused_and_nothing_changes(cli: Cli, portfolio: Path) -> None:
    before = snapshot(portfolio)
    result = advance(cli, portfolio, "BEH-010", "beredning", "--beslutad-av", "karin-holm")
    assert result.exit_code == 1
    assert "R1" in result.stderr and "hoppar över steg" in result.stderr
    assert "nästa steg är grovsållning" in result.stderr
    assert snapshot(portfolio) == before


def test_r1_one_step_forward_passes_one_beslutspunkt(cli: Cli, portfolio: Path) -> None:
    result = advance(cli, portfolio, "BEH-010", "grovsallning", "--beslutad-av", "karin-holm")
    assert result.exit_code == 0, result.output
    assert data(portfolio, "BEH-010")["steg"] == "grovsållning"
    [decision] = decisions(portfolio, "BEH-010")
    assert decision["beslutspunkt"] == 1
    assert (decision["från"], decision["till"]) == ("insamling", "grovsållning")


def test_r1_going_backwards_is_refused(cli: Cli, portfolio: Path) -> None:
    result = advance(cli, portfolio, "BEH-005", "grovsållning", "--beslutad-av", "lars-nyberg")
    assert result.exit_code == 1
    assert "går inte bakåt" in result.stderr


# --- R2: every move is a recorded decision ------------------------------------------


def test_r2_decision_records_point_date_decider_role_forum_and_motivation(
    cli: Cli, portfolio: Path
) -> None:
    result = cli(
        "advance",
        "BEH-011",
        "--to",
        "grovsållning",
        "-p",
        portfolio,
        "--beslutad-av",
        "johan-ek",
        "--datum",
        "2025-11-25",
        "--forum",
        "operativa",
        "--motivering",
        "Fallrisken är väl beskriven.",
        "--protokoll",
        "OP-2025-11",
    )
    assert result.exit_code == 0, result.output
    [decision] = decisions(portfolio, "BEH-011")
    assert decision == {
        "beslutspunkt": 1,
        "datum": date(2025, 11, 25),
        "från": "insamling",
        "till": "grovsållning",
        "beslutad_av": "johan-ek",
        "roll": "avdelningschef för Vård- och omsorgsboende",
        "forum": "operativa",
        "motivering": "Fallrisken är väl beskriven.",
        "protokoll": "OP-2025-11",
    }


def test_r2_sorting_out_keeps_the_file_and_its_history(cli: Cli, portfolio: Path) -> None:
    earlier = decisions(portfolio, "BEH-008")
    result = advance(cli, portfolio, "BEH-008", "bortsorterad", "--beslutad-av", "fatima-olsson")
    assert result.exit_code == 0, result.output
    assert data(portfolio, "BEH-008")["steg"] == "bortsorterad"
    history = decisions(portfolio, "BEH-008")
    assert history[:-1] == earlier
    assert history[-1]["till"] == "bortsorterad"
    assert history[-1]["beslutspunkt"] == 2


def test_r2_a_sorted_out_need_cannot_move(cli: Cli, portfolio: Path) -> None:
    result = advance(cli, portfolio, "BEH-014", "beredning", "--beslutad-av", "fatima-olsson")
    assert result.exit_code == 1
    assert "bortsorterat" in result.stderr


def test_r2_a_decision_dated_before_the_previous_one_is_refused(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "advance",
        "BEH-009",
        "--to",
        "beredning",
        "-p",
        portfolio,
        "--datum",
        "2025-01-01",
        "--beslutad-av",
        "fatima-olsson",
        "--motivering",
        "x",
    )
    assert result.exit_code == 1
    assert "före föregående beslut" in result.stderr


def test_r2_motivation_is_required(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "advance", "BEH-010", "--to", "grovsållning", "-p", portfolio, "--beslutad-av", "karin-holm"
    )
    assert result.exit_code == 2
    assert "motivering saknas" in result.stderr


# --- R3–R9: content before each beslutspunkt ----------------------------------------


def test_r3_a_need_without_kontaktperson_or_nytta_is_refused(cli: Cli, portfolio: Path) -> None:
    path = portfolio / "behov" / "BEH-012.yaml"
    replace_in(path, "kontaktperson: mikael-persson\n", "")
    before = path.read_bytes()
    result = advance(cli, portfolio, "BEH-012", "grovsållning", "--beslutad-av", "johan-ek")
    assert result.exit_code == 1
    assert "R3 kontaktperson: verksamheten har inte utsett någon kontaktperson" in result.stderr
    assert path.read_bytes() == before


def test_r4_bp1_is_decided_by_the_avdelningschef(cli: Cli, portfolio: Path) -> None:
    refused = advance(cli, portfolio, "BEH-013", "grovsållning", "--beslutad-av", "johan-ek")
    assert refused.exit_code == 1
    assert "R4" in refused.stderr and "Karin Holm" in refused.stderr
    accepted = advance(cli, portfolio, "BEH-013", "grovsållning", "--beslutad-av", "karin-holm")
    assert accepted.exit_code == 0, accepted.output
    assert decisions(portfolio, "BEH-013")[0]["forum"] in {"lokalt-utvecklingsteam", "operativa"}


def test_r4_the_decider_defaults_to_the_git_email(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "karin.holm@avo.exempel.se")
    result = cli(
        "advance",
        "BEH-013",
        "--to",
        "grovsållning",
        "-p",
        portfolio,
        "--motivering",
        "Tydligt behov.",
    )
    assert result.exit_code == 0, result.output
    assert decisions(portfolio, "BEH-013")[0]["beslutad_av"] == "karin-holm"


def test_r5_grovsallning_must_be_documented_before_bp2(cli: Cli, portfolio: Path) -> None:
    result = advance(cli, portfolio, "BEH-007", "beredning", "--beslutad-av", "fatima-olsson")
    assert result.exit_code == 1
    assert "R5 grovsållning: grovsållningen är inte dokumenterad" in result.stderr


GROVSALLNING = """grovsållning:
  rätt_förstått: Ja, stämt med kontaktpersonen.
  berörda:
    avdelningar: [hemtjanst]
    förvaltningar: [avo, funktionsstod]
  tid_beroende: true
  samordning: Samordnat i ID-gemensamma utvecklingsteamet.
  tid_medverkande: [lina-ahmed]
beslut:
"""


def test_r6_bp2_across_forvaltningar_is_taken_in_id_gemensamma(cli: Cli, portfolio: Path) -> None:
    """BP2 "tas av utvecklingsteam inom respektive berörd förvaltning. Beslut tas i
    integrerad digitaliseringsgemensamma utvecklingsteamet och delges den operativa styr och
    samordningsgruppen samt berörda verksamheter": the team decides as a body, with each
    affected förvaltning behind it; one member alone is refused."""
    replace_in(portfolio / "behov" / "BEH-007.yaml", "beslut:\n", GROVSALLNING)
    alone = advance(cli, portfolio, "BEH-007", "beredning", "--beslutad-av", "fatima-olsson")
    assert alone.exit_code == 1
    assert "minst två av dess ledamöter" in alone.stderr and "bakom" in alone.stderr
    result = advance(
        cli,
        portfolio,
        "BEH-007",
        "beredning",
        "--beslutad-av",
        "fatima-olsson",
        "--deltagare",
        "fatima-olsson,maja-ek,lina-ahmed",
        "--bakom",
        "avo,funktionsstod",
        "--protokoll",
        "ID-2025-11 § 3",
    )
    assert result.exit_code == 0, result.output
    decision = decisions(portfolio, "BEH-007")[-1]
    assert decision["forum"] == "id-gemensamma"
    assert decision["deltagare"] == ["fatima-olsson", "maja-ek", "lina-ahmed"]
    assert decision["bakom"] == ["avo", "funktionsstod"]
    assert decision["delges"] == ["operativa", "hemtjanst"]


def test_r6_own_forvaltning_decides_when_only_it_is_concerned(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "behov" / "BEH-007.yaml",
        "beslut:\n",
        GROVSALLNING.replace("[avo, funktionsstod]", "[avo]").replace("true", "false"),
    )
    result = advance(cli, portfolio, "BEH-007", "beredning", "--beslutad-av", "fatima-olsson")
    assert result.exit_code == 0, result.output
    assert decisions(portfolio, "BEH-007")[-1]["forum"] == "lokalt-utvecklingsteam"


def test_r7_beredning_must_be_documented_before_bp3(cli: Cli, portfolio: Path) -> None:
    result = advance(cli, portfolio, "BEH-005", "klart-for-start", "--beslutad-av", "lars-nyberg")
    assert result.exit_code == 1
    for missing in ("R7 beredning", "R20 kostnad"):
        assert missing in result.stderr


BEREDNING = """beredning:
  fördjupning: Nuläge och önskat läge i mallen.
  konsekvensanalys: Påverkan på arbetssätt bedömd.
  förvaltningsperspektiv: TID förvaltar lösningen.
  mantimmar: {hours}
  medverkande: [david-lind, petra-johansson, lina-ahmed]
kostnad:
  år: 2025
  projektledare_timmar: 100
beslut:
"""


def test_r7_far_more_than_40_mantimmar_is_a_warning_not_a_refusal(
    cli: Cli, portfolio: Path
) -> None:
    path = portfolio / "behov" / "BEH-005.yaml"
    replace_in(path, "beslut:\n", BEREDNING.format(hours=200))
    _local(path)
    result = advance(cli, portfolio, "BEH-005", "klart-för-start", "--beslutad-av", "lars-nyberg")
    assert result.exit_code == 0, result.output
    assert "varning R7" in result.stdout and "200 mantimmar" in result.stdout


def test_r8_bp3_across_forvaltningar_goes_to_styr_och_samordningsgruppen(
    cli: Cli, portfolio: Path
) -> None:
    path = portfolio / "behov" / "BEH-005.yaml"
    replace_in(path, "beslut:\n", BEREDNING.format(hours=40))
    replace_in(path, "tid_beroende: false", "tid_beroende: true")
    refused = advance(cli, portfolio, "BEH-005", "klart-för-start", "--beslutad-av", "lars-nyberg")
    assert refused.exit_code == 1
    assert "R11" in refused.stderr and "Styr- och samordningsgruppen" in refused.stderr
    accepted = advance(
        cli,
        portfolio,
        "BEH-005",
        "klart-för-start",
        "--beslutad-av",
        "eva-lindqvist",
        "--deltagare",
        "camilla-ros,eva-lindqvist",
        "--protokoll",
        "STY-2025-11 § 2",
    )
    assert accepted.exit_code == 0, accepted.output
    assert decisions(portfolio, "BEH-005")[-1]["forum"] == "styr-och-samordningsgruppen"


def test_r9_unsettled_prerequisites_block_bp4(cli: Cli, portfolio: Path) -> None:
    result = advance(cli, portfolio, "BEH-004", "projekt", "--beslutad-av", "oskar-dahl")
    assert result.exit_code == 1
    assert "R9" in result.stderr and "Rutin för avvikelser uppdaterad" in result.stderr


def _local(path: Path) -> None:
    """The need as one of the own förvaltning alone: no system under tjänsteförvaltning,
    so no TID dependency (R33) and the förvaltning decides."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^system: \[[^\]]*\]\n", "", text, flags=re.MULTILINE)
    path.write_text(text.replace("  tid_beroende: true", "  tid_beroende: false"), encoding="utf-8")


def _independent(portfolio: Path) -> None:
    """BEH-018 without its dependency on BEH-017, which has not started (R35)."""
    replace_in(portfolio / "behov" / "BEH-018.yaml", "beroenden: [BEH-017]\n", "")


def test_r10_bp4_creates_the_project_linked_both_ways(cli: Cli, portfolio: Path) -> None:
    _independent(portfolio)
    result = advance(cli, portfolio, "BEH-018", "projekt", "--beslutad-av", "oskar-dahl")
    assert result.exit_code == 0, result.output
    project = data(portfolio, "PRJ-026")
    need = data(portfolio, "BEH-018")
    assert project["behov"] == "BEH-018" and need["projekt"] == ["PRJ-026"]
    assert project["projektägare"] == "peter-wall" and project["effektägare"] == "johan-ek"
    assert project["status"] == "planerad" and project["typ"] == "införande"
    assert decisions(portfolio, "BEH-018")[-1]["forum"] == "projektkontor"
    checked = cli("check", "-p", portfolio)
    assert checked.exit_code == 0, checked.output


def test_r17_bp4_hands_the_beredning_effektmal_to_the_projektdirektiv(
    cli: Cli, portfolio: Path
) -> None:
    team = "  medverkande: [david-lind, mikael-persson, lina-ahmed]\n"
    replace_in(
        portfolio / "behov" / "BEH-018.yaml",
        team,
        team + "  effektmål:\n"
        "    - beskrivning: 300 frigjorda timmar per år i beställningarna.\n"
        "      effekttyp: tidsbesparande\n"
        "      indikator: Timmar per år för beställningar\n"
        "      enhet: timmar per år\n"
        "      målvärde: {värde: 300, datum: 2026-12-31}\n",
    )
    _independent(portfolio)
    result = advance(cli, portfolio, "BEH-018", "projekt", "--beslutad-av", "oskar-dahl")
    assert result.exit_code == 0, result.output
    goals = data(portfolio, "PRJ-026")["projektdirektiv"]["effektmål"]
    assert goals == [
        {
            "beskrivning": "300 frigjorda timmar per år i beställningarna.",
            "effekttyp": "tidsbesparande",
            "indikator": "Timmar per år för beställningar",
            "enhet": "timmar per år",
            "målvärde": {"värde": 300, "datum": "2026-12-31"},
        }
    ]
    assert cli("check", "-p", portfolio).exit_code == 0


def test_r10_bp4_is_decided_by_the_projektkontor(cli: Cli, portfolio: Path) -> None:
    _local(portfolio / "behov" / "BEH-018.yaml")
    _independent(portfolio)
    result = advance(cli, portfolio, "BEH-018", "projekt", "--beslutad-av", "johan-ek")
    assert result.exit_code == 1
    assert "R10" in result.stderr and "Projektkontoret" in result.stderr


def test_r11_several_avdelningar_raise_bp3_to_the_forvaltningsdirektor(
    cli: Cli, portfolio: Path
) -> None:
    result = advance(cli, portfolio, "BEH-006", "klart-för-start", "--beslutad-av", "sara-lund")
    assert result.exit_code == 1
    assert "R11" in result.stderr and "Eva Lindqvist" in result.stderr


def test_r12_a_finished_investigation_returns_its_need_to_beredning(
    cli: Cli, portfolio: Path
) -> None:
    replace_in(portfolio / "behov" / "BEH-004.yaml", "klar: false", "klar: true")
    replace_in(
        portfolio / "behov" / "BEH-004.yaml", "projekttyp: införande", "projekttyp: utredning"
    )
    assert (
        advance(cli, portfolio, "BEH-004", "projekt", "--beslutad-av", "oskar-dahl").exit_code == 0
    )
    early = advance(cli, portfolio, "BEH-004", "beredning", "--beslutad-av", "peter-wall")
    assert early.exit_code == 1 and "R12" in early.stderr
    replace_in(portfolio / "projekt" / "PRJ-026.yaml", "status: planerad", "status: avslutad")
    wrong = advance(cli, portfolio, "BEH-004", "beredning", "--beslutad-av", "maria-sand")
    assert wrong.exit_code == 1 and "R12" in wrong.stderr
    back = advance(cli, portfolio, "BEH-004", "beredning", "--beslutad-av", "peter-wall")
    assert back.exit_code == 0, back.output
    last = decisions(portfolio, "BEH-004")[-1]
    assert "beslutspunkt" not in last and last["roll"] == "projektägare för PRJ-026"
    assert data(portfolio, "BEH-004")["steg"] == "beredning"


def test_r12_an_införande_cannot_return_to_beredning(cli: Cli, portfolio: Path) -> None:
    result = advance(cli, portfolio, "BEH-001", "beredning", "--beslutad-av", "peter-wall")
    assert result.exit_code == 1
    assert "R12" in result.stderr


# --- usage -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("BEH-010", "--to", "startad"), "okänt steg 'startad'"),
        (("BEH-010", "--to", "grovsållning", "--datum", "24/11"), "ogiltigt datum"),
        (("BEH-010",), "--to saknas"),
    ],
)
def test_wrong_usage_exits_2_in_swedish(
    cli: Cli, portfolio: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("advance", *args, "-p", portfolio, "--motivering", "x")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unknown_item_suggests_the_closest(cli: Cli, portfolio: Path) -> None:
    result = advance(cli, portfolio, "BEH-0100", "grovsållning")
    assert result.exit_code == 1
    assert "BEH-0100 finns inte" in result.stderr


# --- minimal edits -----------------------------------------------------------------

COMMENTED = """# Ett behov med kommentarer och egen formatering.
id: BEH-090
titel: "Citerad titel: med kolon"
avdelning: hemtjanst   # ägande avdelning
kontaktperson: sofia-nilsson
steg: insamling

registrerad: 2025-10-01
beskrivning: >-
  En lång beskrivning som är radbruten
  på två rader.
nytta: 'Enkelcitat, med komma'
system: [treserva,
         alfa-welfare]   # radbruten flödeslista
effekttyp: [tidsbesparande]
# Besluten nedan läggs till av avoplan.
beslut: []
"""


def test_advance_changes_only_the_step_and_appends_the_decision(cli: Cli, portfolio: Path) -> None:
    path = portfolio / "behov" / "BEH-090.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    result = advance(cli, portfolio, "BEH-090", "grovsållning", "--beslutad-av", "karin-holm")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    diff = [
        line
        for line in difflib.unified_diff(
            COMMENTED.splitlines(), after.splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff[:3] == ["-steg: insamling", "-beslut: []", "+steg: grovsållning"] or diff[:2] == [
        "-steg: insamling",
        "+steg: grovsållning",
    ]
    removed = [line for line in diff if line.startswith("-")]
    assert removed == ["-steg: insamling", "-beslut: []"]
    added = [line for line in diff if line.startswith("+")]
    assert added[0] == "+steg: grovsållning" and added[1] == "+beslut:"
    assert all(line.startswith("+    ") or line.startswith("+  - ") for line in added[2:])
    unchanged = [
        line for line in COMMENTED.splitlines() if line not in {"steg: insamling", "beslut: []"}
    ]
    assert [line for line in after.splitlines() if line in unchanged] == unchanged


def test_refused_moves_leave_every_file_byte_identical(cli: Cli, portfolio: Path) -> None:
    before = snapshot(portfolio)
    attempts = [
        ("BEH-010", "beredning", "karin-holm"),
        ("BEH-013", "grovsållning", "johan-ek"),
        ("BEH-004", "projekt", "oskar-dahl"),
        ("BEH-014", "beredning", "fatima-olsson"),
        ("BEH-001", "klart-för-start", "peter-wall"),
    ]
    for item, to, who in attempts:
        assert advance(cli, portfolio, item, to, "--beslutad-av", who).exit_code == 1
    assert snapshot(portfolio) == before


# --- git -----------------------------------------------------------------------------


def test_walk_one_need_from_insamling_to_projekt_with_commits(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", REGISTRATOR)
    need = repo / "behov" / "BEH-013.yaml"
    replace_in(
        need,
        "beslut: []\n",
        (
            GROVSALLNING.replace("[avo, funktionsstod]", "[avo]").replace("true", "false")
            + "  []\n"
        ).replace("beslut:\n  []", "beslut: []"),
    )
    replace_in(
        need,
        "beslut: []",
        BEREDNING.format(hours=35)
        .replace("petra-johansson", "sofia-nilsson")
        .replace("beslut:\n", "")
        + "effektomfattning: hög\neffekttyp: [tidsbesparande]\n"
        + "klart_för_start:\n  förutsättningar: [{beskrivning: Avtal klart, klar: true}]\n"
        + "  projekttyp: införande\n  projektorganisation:\n    projektägare: peter-wall\n"
        + "    effektägare: karin-holm\n    projektledare: jonas-berg\n"
        + "    styrgrupp: [peter-wall, karin-holm]\nbeslut: []",
    )
    git(repo.parent, "commit", "-qam", "Fyll i behovet")
    steps = [
        ("grovsållning", "karin-holm"),
        ("beredning", "fatima-olsson"),
        ("klart-för-start", "karin-holm"),
        ("projekt", "oskar-dahl"),
    ]
    for to, who in steps:
        result = advance(cli, repo, "BEH-013", to, "--beslutad-av", who, "--commit")
        assert result.exit_code == 0, result.output
    log = git(repo.parent, "log", "--format=%s", "-4").splitlines()
    assert log == [
        "BEH-013: klart för start → projekt (BP4), beslutat av Oskar Dahl",
        "BEH-013: beredning → klart för start (BP3), beslutat av Karin Holm",
        "BEH-013: grovsållning → beredning (BP2), beslutat av Fatima Olsson",
        "BEH-013: insamling → grovsållning (BP1), beslutat av Karin Holm",
    ]
    assert git(repo.parent, "status", "--porcelain") == ""
    assert "PRJ-026.yaml" in git(repo.parent, "show", "--name-only", "--format=", "HEAD")
    history = cli("history", "BEH-013", "-p", repo)
    assert history.exit_code == 0
    shas = git(repo.parent, "log", "--format=%h", "--abbrev=10", "-4").split()
    for sha in shas:
        assert sha in history.stdout
    assert cli("check", "-p", repo).exit_code == 0
    verified = cli("verify", "--sedan", "HEAD~5", "-p", repo)  # avoplan's commits pass it
    assert verified.exit_code == 0, verified.output
    assert "4 beslut i 4 commits" in verified.stdout


def test_walk_one_need_sorted_out_at_bp2(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", REGISTRATOR)
    first = advance(cli, repo, "BEH-012", "grovsållning", "--beslutad-av", "johan-ek", "--commit")
    assert first.exit_code == 0, first.output
    out = advance(
        cli, repo, "BEH-012", "bortsorterad", "--beslutad-av", "fatima-olsson", "--commit"
    )
    assert out.exit_code == 0, out.output
    assert (repo / "behov" / "BEH-012.yaml").is_file()
    assert data(repo, "BEH-012")["steg"] == "bortsorterad"
    assert (
        len(git(repo.parent, "log", "--format=%H", "--", "portfolio/behov/BEH-012.yaml").split())
        == 3
    )
    assert cli("check", "-p", repo).exit_code == 0
    assert cli("verify", "--sedan", "HEAD~2", "-p", repo).exit_code == 0


def test_commit_after_set_takes_the_needs_own_changes_along_and_says_so(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", REGISTRATOR)
    need = repo / "behov" / "BEH-013.yaml"
    assert cli("set", "BEH-013", "titel=Digitalt signerade", "-p", repo).exit_code == 0
    result = advance(
        cli, repo, "BEH-013", "grovsållning", "--beslutad-av", "karin-holm", "--commit"
    )
    assert result.exit_code == 0, result.output
    assert "tar också med de ändringar i" in result.stdout
    assert git(repo.parent, "status", "--porcelain") == ""
    assert "titel: Digitalt signerade" in git(
        repo.parent, "show", "HEAD:portfolio/behov/BEH-013.yaml"
    )
    body = git(repo.parent, "log", "-1", "--format=%B")
    assert "Med i commiten: ändringar i BEH-013 som gjordes före beslutet." in body
    assert data(repo, "BEH-013")["steg"] == "grovsållning"
    assert need.is_file()


def test_commit_refuses_when_the_organisation_it_is_judged_against_is_uncommitted(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", REGISTRATOR)
    organisation = repo / "organisation.yaml"
    replace_in(organisation, "Eva Lindqvist", "Eva Lindkvist")
    before = snapshot(repo)
    head = git(repo.parent, "rev-parse", "HEAD")
    result = advance(
        cli, repo, "BEH-013", "grovsållning", "--beslutad-av", "karin-holm", "--commit"
    )
    assert result.exit_code == 1
    assert "organisation.yaml har ändringar som inte är incheckade" in result.stderr
    assert snapshot(repo) == before
    assert git(repo.parent, "rev-parse", "HEAD") == head


def test_commit_takes_only_the_moved_files(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", REGISTRATOR)
    other = repo / "behov" / "BEH-011.yaml"
    replace_in(other, "Sensorer för fallrisk", "Sensorer mot fall")
    git(repo.parent, "add", str(other))
    result = advance(
        cli, repo, "BEH-013", "grovsållning", "--beslutad-av", "karin-holm", "--commit"
    )
    assert result.exit_code == 0, result.output
    committed = git(repo.parent, "show", "--name-only", "--format=", "HEAD").split()
    assert committed == ["portfolio/behov/BEH-013.yaml"]
    assert "M  portfolio/behov/BEH-011.yaml" in git(repo.parent, "status", "--porcelain")


def test_r11_a_wider_reach_after_grovsallning_raises_the_next_decision(
    cli: Cli, portfolio: Path
) -> None:
    """ "Är flera avdelningar och förvaltningar berörda, behöver beslut ... tas upp till den
    nivå där slutliga beslutsmandatet finns": the recorded decisions stand, the next one
    rises, and advance says who now holds the mandate."""
    path = portfolio / "behov" / "BEH-002.yaml"
    _local(path)
    replace_in(path, "avdelningar: [myndighet]", "avdelningar: [myndighet, hemtjanst]")
    refused = advance(cli, portfolio, "BEH-002", "klart-för-start", "--beslutad-av", "lars-nyberg")
    assert refused.exit_code == 1
    assert "berör flera avdelningar" in refused.stderr
    assert "Eva Lindqvist (förvaltningsdirektör för ÄVO)" in refused.stderr
    accepted = advance(
        cli,
        portfolio,
        "BEH-002",
        "klart-för-start",
        "--beslutad-av",
        "eva-lindqvist",
        "--forum",
        "digitaliseringsradet",
    )
    assert accepted.exit_code == 0, accepted.output
    assert cli("check", "-p", portfolio).exit_code == 0
