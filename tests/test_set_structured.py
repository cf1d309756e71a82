"""`avoplan set` for lists and nested fields (issue 23): `fält+=värde`, `fält-=värde`,
`fält[N].underfält=värde` and `--redigera FÄLT` in $EDITOR, all checked before writing;
`new` takes every field the interactive form asks for."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from avoplan.store.yaml_io import parse
from tests.helpers import Cli, snapshot


def data(portfolio: Path, item: str) -> dict[str, object]:
    folder = "behov" if item.startswith("BEH") else "projekt"
    found = parse((portfolio / folder / f"{item}.yaml").read_text(encoding="utf-8"))
    assert isinstance(found, dict)
    return found


def test_r9_set_fills_the_prerequisites_and_projektorganisation_bp4_needs(
    cli: Cli, portfolio: Path
) -> None:
    result = cli(
        "set",
        "BEH-005",
        "klart_för_start.förutsättningar=Avtal med leverantören klart",
        "klart_för_start.förutsättningar+={beskrivning: Utbildning planerad, klar: ja}",
        "klart_for_start.projektorganisation.projektagare=Peter Wall",
        "klart_för_start.projektorganisation.styrgrupp=Peter Wall, Karin Holm",
        "klart_för_start.projektorganisation.styrgrupp+=Johan Ek",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    assert (
        cli(
            "set",
            "BEH-005",
            "klart_för_start.förutsättningar[0].klar=ja",
            "klart_för_start.projektorganisation.styrgrupp-=Karin Holm",
            "-p",
            portfolio,
        ).exit_code
        == 0
    )
    ready = data(portfolio, "BEH-005")["klart_för_start"]
    assert ready == {
        "förutsättningar": [
            {"beskrivning": "Avtal med leverantören klart", "klar": True},
            {"beskrivning": "Utbildning planerad", "klar": True},
        ],
        "projektorganisation": {
            "projektägare": "peter-wall",
            "styrgrupp": ["peter-wall", "johan-ek"],
        },
    }
    assert cli("check", "-p", portfolio).exit_code == 0


def test_a_flow_list_stays_on_its_line(cli: Cli, portfolio: Path) -> None:
    file = portfolio / "projekt" / "PRJ-021.yaml"
    before = file.read_text(encoding="utf-8").splitlines()
    assert cli("set", "PRJ-021", "styrgrupp+=Johan Ek", "-p", portfolio).exit_code == 0
    assert cli("set", "PRJ-021", "styrgrupp-=Karin Holm", "-p", portfolio).exit_code == 0
    after = file.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (
            "styrgrupp: [peter-wall, karin-holm, oskar-dahl]",
            "styrgrupp: [peter-wall, oskar-dahl, johan-ek]",
        )
    ]


def test_an_item_is_removed_with_an_empty_value(cli: Cli, portfolio: Path) -> None:
    assert (
        cli(
            "set",
            "BEH-005",
            "klart_för_start.förutsättningar=Avtal klart",
            "klart_för_start.förutsättningar+=Utbildning planerad",
            "-p",
            portfolio,
        ).exit_code
        == 0
    )
    assert (
        cli("set", "BEH-005", "klart_för_start.förutsättningar[0]=", "-p", portfolio).exit_code == 0
    )
    assert data(portfolio, "BEH-005")["klart_för_start"] == {
        "förutsättningar": [{"beskrivning": "Utbildning planerad"}]
    }


def test_the_index_set_takes_is_the_one_check_prints(cli: Cli, portfolio: Path) -> None:
    """check names the third effektmål `effektmål[2]`; set means the same one by it."""
    refused = cli("set", "PRJ-021", "projektdirektiv.effektmål+=Nöjdare brukare", "-p", portfolio)
    assert "projektdirektiv.effektmål[2]: effektmålet 'Nöjdare brukare'" in refused.stderr
    result = cli(
        "set", "PRJ-021", "projektdirektiv.effektmål[1].indikator=Andel nöjda", "-p", portfolio
    )
    assert result.exit_code == 0, result.output
    goals = data(portfolio, "PRJ-021")["projektdirektiv"]["effektmål"]  # type: ignore[index]
    assert goals[1]["indikator"] == "Andel nöjda"


def test_a_field_of_an_effektmal_is_set_by_its_number(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "set", "PRJ-021", "projektdirektiv.effektmål[1].målvärde.värde=45", "-p", portfolio
    )
    assert result.exit_code == 0, result.output
    assert "+      målvärde: {värde: 45, datum: 2026-12-31}" in result.stdout


@pytest.mark.parametrize(
    ("assignment", "code", "message"),
    [
        (
            "projektdirektiv.effektmål[2].målvärde.värde=45",
            1,
            "projektdirektiv.effektmål[2] finns inte (listan har 2 poster: [0]–[1])",
        ),
        ("styrgrupp-=Nina Forsberg", 1, "nina-forsberg finns inte i styrgrupp"),
        ("titel+=x", 2, "titel är ingen lista"),
        ("titel[2]=x", 2, "titel är ingen lista"),
        (
            "projektdirektiv.effektmål+=Nöjdare brukare",
            1,
            "fel R17 projektdirektiv.effektmål[2]: effektmålet 'Nöjdare brukare' saknar indikator",
        ),
    ],
)
def test_structured_set_refuses_before_writing(
    cli: Cli, portfolio: Path, assignment: str, code: int, message: str
) -> None:
    before = snapshot(portfolio)
    result = cli("set", "PRJ-021", assignment, "-p", portfolio)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert snapshot(portfolio) == before


def editor(tmp_path: Path, old: str, new: str) -> str:
    """An $EDITOR that replaces `old` by `new` in the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"p.write_text(p.read_text(encoding='utf-8').replace({old!r}, {new!r}),"
        " encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_redigera_opens_just_that_part_and_writes_it_checked(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, "- oskar-dahl", "- oskar-dahl\n  - johan-ek"))
    monkeypatch.delenv("VISUAL", raising=False)
    result = cli("set", "PRJ-021", "--redigera", "styrgrupp", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert data(portfolio, "PRJ-021")["styrgrupp"] == [
        "peter-wall",
        "karin-holm",
        "oskar-dahl",
        "johan-ek",
    ]


def test_redigera_refuses_what_check_would_reject(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    six = "- oskar-dahl\n  - johan-ek\n  - maria-sand\n  - sara-lund"
    monkeypatch.setenv("EDITOR", editor(tmp_path, "- oskar-dahl", six))
    monkeypatch.delenv("VISUAL", raising=False)
    before = snapshot(portfolio)
    result = cli("set", "PRJ-021", "--redigera", "styrgrupp", "-p", portfolio)
    assert result.exit_code == 1
    assert "fel R16 styrgrupp: styrgruppen har 6 personer" in result.stderr
    assert snapshot(portfolio) == before


def test_new_takes_every_field_the_form_asks_for(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "new",
        "behov",
        "--titel",
        "Digitala signaturer",
        "--avdelning",
        "Hemtjänst",
        "--kontaktperson",
        "Karin Holm",
        "--beskrivning",
        "Papper skickas runt.",
        "--nytta",
        "Mindre väntan för brukarna.",
        "--system",
        "Treserva",
        "--mal",
        "1, 3",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    need = data(portfolio, "BEH-020")
    assert {k: need[k] for k in ("beskrivning", "nytta", "system", "mål", "kontaktperson")} == {
        "beskrivning": "Papper skickas runt.",
        "nytta": "Mindre väntan för brukarna.",
        "system": ["treserva"],
        "mål": [1, 3],
        "kontaktperson": "karin-holm",
    }
    assert cli("check", "-p", portfolio).exit_code == 0
