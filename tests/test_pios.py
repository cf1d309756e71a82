"""`avoplan pios`: the four follow-up dimensions per planned or running initiative, as
CSV and xlsx for the city's PIOS tool (R22)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.helpers import Cli
from tests.mdtables import number, table


def rows_of(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "the byte-order mark, on stdout as in a file"
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_r22_csv_has_the_four_dimensions_per_initiative(cli: Cli, portfolio: Path) -> None:
    result = cli("pios", "-p", portfolio)
    assert result.exit_code == 0, result.output
    rows = {row["Id"]: row for row in rows_of(result.stdout)}
    nattillsyn = rows["PRJ-021"]
    assert (
        nattillsyn["Registrerad i PIOS"],
        nattillsyn["Komplex eller enkel"],
        nattillsyn["Infrastruktur eller direkt nytta"],
    ) == ("Ja", "Komplex", "Direkt nytta")
    assert nattillsyn["Händelser i omvärlden"] == (
        "Stadens nya ramavtal för kameror träder i kraft (2025-04-01)"
    )
    assert rows["PRJ-023"]["Beroenden"] == "PRJ-021"
    assert rows["PRJ-025"]["Registrerad i PIOS"] == "Nej"
    assert "PRJ-007" not in rows, "a closed project is no longer planned or running"


def test_the_export_holds_the_initiatives_the_follow_up_document_counts(
    cli: Cli, portfolio: Path
) -> None:
    exported = rows_of(cli("pios", "-p", portfolio).stdout)
    markdown = cli("render", "uppfoljning", "-p", portfolio).stdout
    pios = table(markdown, "Portföljen per dimension: PIOS")
    summa = next(r for r in pios.rows if r[0] == "Summa")
    assert number(summa[-1]) == len(exported)
    registered = next(r for r in pios.rows if r[0] == "Registrerad")
    assert number(registered[-1]) == sum(r["Registrerad i PIOS"] == "Ja" for r in exported)


def test_csv_file_opens_in_swedish_excel(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "pios.csv"
    result = cli("pios", "-p", portfolio, "--out", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode()), "a byte-order mark tells Excel it is UTF-8"
    assert "Hälsofrämjande" in data.decode("utf-8-sig")
    assert b"\r\n" in data


def test_xlsx_reads_back_with_the_same_rows(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "pios.xlsx"
    result = cli("pios", "-p", portfolio, "--format", "xlsx", "--out", out)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [[_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    expected = list(csv.reader(io.StringIO(cli("pios", "-p", portfolio).stdout[1:]), delimiter=";"))
    assert cells == expected


def _text(value: object) -> str:
    """A typed xlsx cell as the CSV writes it."""
    from datetime import datetime

    if isinstance(value, datetime):
        return value.date().isoformat()
    return "" if value is None else str(value)


def test_xlsx_needs_a_file_and_unknown_formats_are_refused(cli: Cli, portfolio: Path) -> None:
    result = cli("pios", "-p", portfolio, "--format", "xlsx")
    assert result.exit_code == 2
    assert "ange --out" in result.stderr
    result = cli("pios", "-p", portfolio, "--format", "ods")
    assert result.exit_code == 2
    assert "välj csv eller xlsx" in result.stderr
