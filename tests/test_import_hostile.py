"""Hostile and odd spreadsheets given to `import` (issue 28): each is refused (or read in
full) with a Swedish message, no library's English and no traceback, and the portfolio
is byte for byte the same after every refusal. The time and memory of the refusals are
measured in `make bench` (benchmarks/sheets.py), not here."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Cli, snapshot

ENGLISH = (
    "File is not a zip file",
    "does not support",
    "undefined entity",
    "amplification",
    "UserWarning",
    "Traceback",
    "openpyxl",
    "Error:",
)
WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Behov" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: list[str], before: str = "", prolog: str = "") -> str:
    return f"{prolog}<worksheet {NS}>{before}<sheetData>{''.join(rows)}</sheetData></worksheet>"


def row(number: int, *cells: str, attrs: str = "") -> str:
    return f'<row r="{number}"{attrs}>{"".join(cells)}</row>'


HEADER = row(1, text_cell("A1", "Titel"), text_cell("B1", "Avdelning"))


def need(number: int, title: str = "Nytt behov", attrs: str = "") -> str:
    return row(
        number,
        text_cell(f"A{number}", f"{title} {number}"),
        text_cell(f"B{number}", "Hemtjänst"),
        attrs=attrs,
    )


def book(path: Path, sheet: str, extra: dict[str, str | bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def zip_bomb(path: Path) -> Path:
    """150 MB of one shared string, deflated to a few hundred kilobytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml([HEADER]))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f"<sst {NS}><si><t>".encode())
            block = b"A" * 2**20
            for _ in range(150):
                part.write(block)
            part.write(b"</t></si></sst>")
    return path


def huge_cell(path: Path) -> Path:
    return book(
        path,
        sheet_xml([HEADER, row(2, '<c r="A2" t="s"><v>0</v></c>')]),
        {"xl/sharedStrings.xml": f"<sst {NS}><si><t>{'x' * 40_000}</t></si></sst>"},
    )


def many_rows(path: Path) -> Path:
    return book(path, sheet_xml([HEADER, *(need(n) for n in range(2, 100_010))]))


def far_cells(path: Path) -> Path:
    """Few cells, each in the last column: laid out, billions of empty ones."""
    return book(
        path, sheet_xml([HEADER, *(row(n, text_cell(f"XFD{n}", "x")) for n in range(2, 300))])
    )


def bad_reference(path: Path) -> Path:
    return book(path, sheet_xml([HEADER, row(2, text_cell("1A", "x"))]))


def entities(path: Path) -> Path:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    return book(path, sheet_xml([HEADER, row(2, text_cell("A2", "&lol2;"))], prolog=laughs))


def not_a_zip(path: Path) -> Path:
    path.write_text("Titel;Avdelning\n", encoding="utf-8")
    return path


def ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


def old_xls(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return path


def broken_xml(path: Path) -> Path:
    return book(path, "<worksheet><sheetData><row>")


REFUSED: list[tuple[str, Callable[[Path], Path], str]] = [
    ("bomb.xlsx", zip_bomb, "är för stor för att läsas in: uppackad"),
    ("cell.xlsx", huge_cell, "en cell har över 32767 tecken"),
    ("rader.xlsx", many_rows, "över 100000 rader"),
    ("bred.xlsx", far_cells, "över 2000000 celler"),
    ("referens.xlsx", bad_reference, "cellreferensen '1A' på rad 2 är ogiltig"),
    ("entiteter.xlsx", entities, "innehåller en DTD eller entiteter"),
    ("lista.xlsx", not_a_zip, "är varken en Excel-fil (xlsx) eller en CSV-fil"),
    ("lista.ods", ods, "arbetsboken saknas (en OpenDocument-fil, .ods?)"),
    ("lista.xls", old_xls, "Excels gamla format (.xls)"),
    ("trasig.xlsx", broken_xml, "är ingen giltig XML"),
    ("saknas.xlsx", lambda p: p, "finns inte"),
]


@pytest.mark.parametrize(("name", "make", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_hostile_sheet_is_refused_in_swedish(
    cli: Cli, portfolio: Path, tmp_path: Path, name: str, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path / name)
    before = snapshot(portfolio)
    result = cli("import", path, "--write", "-p", portfolio)
    assert result.exit_code == 1, result.output
    assert message in result.stderr.replace("\n", " ")
    assert not any(word in result.output for word in ENGLISH), result.output
    assert snapshot(portfolio) == before


def test_a_dimension_that_understates_the_sheet_loses_no_rows(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    rows = [HEADER, *(need(n) for n in range(2, 7))]
    path = book(tmp_path / "liten.xlsx", sheet_xml(rows, before='<dimension ref="A1:A1"/>'))
    result = cli("import", path, "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Skulle skapa (provkörning; --write skapar filerna): 5 behov" in result.stdout


def test_hidden_rows_and_columns_are_reported_never_taken(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    hidden = '<cols><col min="2" max="2" hidden="1"/></cols>'
    rows = [HEADER, need(2), need(3, attrs=' hidden="1"')]
    path = book(tmp_path / "dold.xlsx", sheet_xml(rows, before=hidden))
    before = snapshot(portfolio)
    result = cli("import", path, "--write", "-p", portfolio)
    assert result.exit_code == 1
    text = result.stderr.replace("\n", " ")
    assert "blad 'Behov' rad 3: raden är dold i Excel" in text
    assert "blad 'Behov' rad 1, kolumn B (Avdelning): kolumnen är dold i Excel" in text
    assert snapshot(portfolio) == before


def test_formulas_give_their_values_and_one_without_is_refused(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    with_value = row(
        2,
        '<c r="A2" t="str"><f>"Nytt "&amp;"behov"</f><v>Nytt behov</v></c>',
        text_cell("B2", "Hemtjänst"),
    )
    path = book(tmp_path / "formel.xlsx", sheet_xml([HEADER, with_value]))
    result = cli("import", path, "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "1 celler har formler (A2); import läser deras sparade värden, aldrig formlerna" in (
        result.stderr.replace("\n", " ")
    )
    assert "Nytt behov" in result.stdout

    without = row(
        2, '<c r="A2"><f>HYPERLINK("http://evil.example")</f></c>', text_cell("B2", "Hemtjänst")
    )
    path = book(tmp_path / "utan.xlsx", sheet_xml([HEADER, without]))
    refused = cli("import", path, "-p", portfolio)
    assert refused.exit_code == 1
    assert "rad 2, kolumn A (Titel): cellen har en formel utan sparat värde" in (
        refused.stderr.replace("\n", " ")
    )


def test_the_header_is_the_first_row_with_text(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    header = row(
        3, text_cell("A3", "Titel"), text_cell("B3", "Avdelning"), text_cell("C3", "Okänd")
    )
    rows = ['<row r="1"/>', row(2, '<c r="A2" s="1"/>'), header, need(4)]
    path = book(tmp_path / "tidig.xlsx", sheet_xml(rows))
    result = cli("import", path, "-p", portfolio)
    assert result.exit_code == 1
    assert "blad 'Behov' rad 3, kolumn C (Okänd): okänd kolumn 'Okänd'" in (
        result.stderr.replace("\n", " ")
    )
    assert "Nytt behov 4" in result.stdout
