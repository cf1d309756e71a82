"""Every write is judged as `check` would judge the portfolio after it (issue 23): `set`,
`new`, `matning` and `advance` refuse with check's own findings and write nothing, and a
write that succeeded never leaves a new error behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Cli, finding_lines, make_local, replace_in, snapshot

SIX = "styrgrupp=peter-wall, karin-holm, oskar-dahl, johan-ek, maria-sand, sara-lund"


def errors(cli: Cli, portfolio: Path) -> list[str]:
    result = cli("check", "-p", portfolio)
    return [line for line in finding_lines(result.stdout) if ": fel " in line]


def refused_like_check(cli: Cli, portfolio: Path, *args: str) -> str:
    """Run a writing command that must be refused: exit 1, nothing written, and the
    refusal printed as `check` prints its findings."""
    before = snapshot(portfolio)
    result = cli(*args, "-p", portfolio)
    assert result.exit_code == 1, result.output
    assert snapshot(portfolio) == before
    assert "skulle ge" in result.stderr and "inget har skrivits" in result.stderr
    return result.stderr


def test_r16_set_of_a_six_person_styrgrupp_is_refused_with_checks_finding(
    cli: Cli, portfolio: Path
) -> None:
    stderr = refused_like_check(cli, portfolio, "set", "PRJ-021", SIX)
    assert (
        "projekt/PRJ-021.yaml:30: fel R16 styrgrupp: styrgruppen har 6 personer; högst 5 får ingå"
    ) in stderr


def test_r18_set_of_a_projektagare_from_the_wrong_avdelning_is_refused(
    cli: Cli, portfolio: Path
) -> None:
    stderr = refused_like_check(cli, portfolio, "set", "PRJ-021", "projektägare=johan-ek")
    assert "fel R18 projektägare: projektägaren ska komma från Kvalitet och utveckling" in stderr


@pytest.mark.parametrize(
    ("flags", "finding"),
    [
        (("--mal", "9"), "fel R23 mål[0]: prioriterat mål 9 finns inte i planen"),
        (("--system", "okant"), "fel system[0]: okänt system 'okant'"),
    ],
)
def test_new_cannot_write_a_need_check_rejects(
    cli: Cli, portfolio: Path, flags: tuple[str, ...], finding: str
) -> None:
    stderr = refused_like_check(
        cli, portfolio, "new", "behov", "--titel", "Nytt", "--avdelning", "hemtjanst", *flags
    )
    assert finding in stderr


def test_advance_is_refused_when_the_portfolio_after_it_has_a_new_error(
    cli: Cli, portfolio: Path
) -> None:
    """The judge allows BP3, but in klart för start a planned styrgrupp of six breaks R16:
    the decision is not written."""
    make_local(portfolio, "BEH-005")  # decided by the förvaltning at BP3 (R33)
    path = portfolio / "behov" / "BEH-005.yaml"
    replace_in(
        path,
        "beslut:\n",
        """beredning:
  fördjupning: Nuläge och önskat läge i mallen.
  konsekvensanalys: Påverkan på arbetssätt bedömd.
  förvaltningsperspektiv: TID förvaltar lösningen.
  mantimmar: 40
  medverkande: [david-lind, petra-johansson, lina-ahmed]
kostnad:
  år: 2025
  projektledare_timmar: 100
klart_för_start:
  projektorganisation:
    styrgrupp: [peter-wall, karin-holm, oskar-dahl, johan-ek, maria-sand, sara-lund]
beslut:
""",
    )
    assert errors(cli, portfolio) == []
    stderr = refused_like_check(
        cli,
        portfolio,
        "advance",
        "BEH-005",
        "--to",
        "klart-för-start",
        "--beslutad-av",
        "lars-nyberg",
        "--datum",
        "2025-11-24",
        "--motivering",
        "Beslutat.",
    )
    assert "fel R16 klart_för_start.projektorganisation.styrgrupp" in stderr


def test_r22_a_write_that_gives_another_file_a_new_error_is_refused(
    cli: Cli, portfolio: Path
) -> None:
    """BEH-016 depends on BEH-018; making BEH-018 depend on BEH-016 closes a circle that
    check reports in BEH-016's file, not in the one written: still refused, and with the
    very line check prints once the same change is made by hand."""
    assert cli("set", "BEH-016", "beroenden+=BEH-018", "-p", portfolio).exit_code == 0
    stderr = refused_like_check(cli, portfolio, "set", "BEH-018", "beroenden+=BEH-016")
    finding = "behov/BEH-016.yaml:37: fel R22 beroenden: beroendena bildar en cirkel"
    assert finding in stderr
    assert "BEH-018.yaml:" not in stderr
    replace_in(portfolio / "behov" / "BEH-018.yaml", "[BEH-017]", "[BEH-017, BEH-016]")
    assert [line for line in errors(cli, portfolio) if finding in line]


def test_an_error_the_file_already_has_does_not_block_a_write(cli: Cli, portfolio: Path) -> None:
    """Only new errors refuse: a project that already names an unknown prioriterat mål
    still takes a measurement and a new title, and check reports the old error, once."""
    file = portfolio / "projekt" / "PRJ-021.yaml"
    replace_in(file, "      mål: 3", "      mål: 9")
    assert len(errors(cli, portfolio)) == 1
    assert (
        cli(
            "matning",
            "PRJ-021",
            "--effektmal",
            "1",
            "--varde",
            "6100",
            "--datum",
            "2026-09-30",
            "-p",
            portfolio,
        ).exit_code
        == 0
    )
    assert cli("set", "PRJ-021", "titel=Nattillsyn", "-p", portfolio).exit_code == 0
    assert "värde: 6100" in file.read_text(encoding="utf-8")
    assert len(errors(cli, portfolio)) == 1


@pytest.mark.slow
def test_every_writing_command_that_succeeds_leaves_no_new_error(cli: Cli, portfolio: Path) -> None:
    assert errors(cli, portfolio) == []
    writes = [
        ("set", "PRJ-021", "titel=Digital nattillsyn", "styrgrupp=peter-wall, karin-holm"),
        ("set", "BEH-010", "nytta=Mindre dubbelarbete", "effekttyp=tidsbesparande"),
        (
            "new",
            "behov",
            "--titel",
            "Digitala signaturer",
            "--avdelning",
            "hemtjanst",
            "--kontaktperson",
            "karin-holm",
            "--beskrivning",
            "Papper",
            "--nytta",
            "Tid",
            "--system",
            "Treserva",
            "--mal",
            "2",
        ),
        (
            "advance",
            "BEH-010",
            "--to",
            "grovsållning",
            "--beslutad-av",
            "karin-holm",
            "--datum",
            "2025-11-24",
            "--motivering",
            "Behov och nytta dokumenterade.",
        ),
        ("matning", "PRJ-021", "--effektmal", "1", "--varde", "6100", "--datum", "2026-09-30"),
    ]
    for args in writes:
        result = cli(*args, "-p", portfolio)
        assert result.exit_code == 0, (args, result.output)
        assert errors(cli, portfolio) == [], args
