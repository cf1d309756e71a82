"""Spreadsheets (issue 12): `export` to xlsx and CSV with Swedish headers and typed cells,
`import` of a behovslista (dry run, errors with sheet and row, never over an existing id,
`--write`), and export → import round-tripping a portfolio's needs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from avoplan.store.yaml_io import parse
from tests.helpers import Cli, copy_portfolio, snapshot

FIELDS = (
    "titel",
    "avdelning",
    "kontaktperson",
    "registrerad",
    "beskrivning",
    "nytta",
    "effekttyp",
    "effektomfattning",
    "frigjord_tid_timmar_per_år",
    "mål",
    "system",
)


def needs(portfolio: Path) -> dict[str, dict[str, object]]:
    return {
        p.stem: parse(p.read_text(encoding="utf-8"))
        for p in sorted((portfolio / "behov").glob("*.yaml"))
    }


def test_xlsx_has_swedish_headers_and_typed_cells(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "behov.xlsx"
    result = cli("export", "behov", "-f", "xlsx", "-o", out, "-p", portfolio)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Id", "Titel", "Avdelning"] and "Kostnad (kr)" in headers
    row = dict(zip(headers, sheet[5], strict=True))  # BEH-004
    assert row["Id"].value == "BEH-004"
    assert isinstance(row["Registrerad"].value, datetime)
    assert isinstance(row["Kostnad (kr)"].value, int) and row["Kostnad (kr)"].value > 0
    assert "kr" in row["Kostnad (kr)"].number_format
    assert row["Frigjord tid (h/år)"].value == 1800


@pytest.mark.parametrize("what", ["behov", "projekt", "prioritet", "system"])
def test_csv_opens_in_swedish_excel(cli: Cli, portfolio: Path, what: str) -> None:
    result = cli("export", what, "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeff")
    header = result.stdout[1:].splitlines()[0]
    assert ";" in header and "," not in header


def test_export_then_import_round_trips_the_needs(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "behov.xlsx"
    assert cli("export", "behov", "-f", "xlsx", "-o", out, "-p", portfolio).exit_code == 0
    # A portfolio with ÄVO's organisation and no needs yet (init's draft has example
    # people of its own, not the ones ÄVO's needs name).
    target = copy_portfolio(portfolio, tmp_path / "ny" / "portfolio")
    for path in [*(target / "behov").glob("*.yaml"), *(target / "projekt").glob("*.yaml")]:
        path.unlink()
    result = cli("import", out, "--write", "-p", target)
    assert result.exit_code == 0, result.output
    original, imported = needs(portfolio), needs(target)
    assert imported.keys() == original.keys()
    for need_id, data in original.items():
        for field in FIELDS:
            assert imported[need_id].get(field) == data.get(field), (need_id, field)
        assert imported[need_id]["steg"] == "insamling"  # decisions go through advance
    checked = cli("check", "-p", target)
    assert checked.exit_code == 0, checked.output


def test_import_is_a_dry_run_without_write(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "lista.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Behovslista"
    sheet.append(["Rubrik", "Avd", "Vad behövs"])
    sheet.append(["Digitala nycklar", "Hemtjänst", "Nycklar i mobilen."])
    sheet.append(["Robot för fakturor", "Ekonomi", None])
    book.save(out)
    before = snapshot(portfolio)
    mapping = "Rubrik=titel,Avd=avdelning,Vad behövs=beskrivning"
    dry = cli("import", out, "--mapping", mapping, "-p", portfolio)
    assert dry.exit_code == 0, dry.output
    assert "Skulle skapa" in dry.stdout and "BEH-020" in dry.stdout and "BEH-021" in dry.stdout
    assert snapshot(portfolio) == before
    done = cli("import", out, "--mapping", mapping, "--write", "-p", portfolio)
    assert done.exit_code == 0, done.output
    created = parse((portfolio / "behov" / "BEH-020.yaml").read_text(encoding="utf-8"))
    assert (created["titel"], created["avdelning"], created["beskrivning"]) == (
        "Digitala nycklar",
        "hemtjanst",
        "Nycklar i mobilen.",
    )
    assert cli("check", "-p", portfolio).exit_code == 0


def test_import_names_sheet_and_row_and_never_overwrites(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "behov.xlsx"
    assert cli("export", "behov", "-f", "xlsx", "-o", out, "-p", portfolio).exit_code == 0
    book = load_workbook(out)
    sheet = book.active
    assert sheet is not None
    sheet["C3"] = "Okänd avdelning"
    book.save(out)
    before = snapshot(portfolio)
    result = cli("import", out, "--write", "-p", portfolio)
    assert result.exit_code == 1
    errors = result.stderr.replace("\n", " ")
    assert "finns redan" not in errors, "a row with an existing id updates that need"
    assert "blad 'Behov' rad 3, kolumn C (Avdelning): okänd avdelning" in errors
    assert "inget har skrivits" in errors
    assert snapshot(portfolio) == before
