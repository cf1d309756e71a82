"""The spreadsheet round trip (issue 23): export → edit in Excel → import shows exactly
the edits (before → after) → `--write` changes only those lines → `check` passes. Rows
with an existing id update that need; every problem of every row is named with sheet,
row and column; steps and decisions never change through import; nothing `check` would
reject is ever written (R3: a registration date in the future)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.helpers import Cli, git, snapshot


def exported(cli: Cli, portfolio: Path, tmp_path: Path) -> Path:
    out = tmp_path / "behov.xlsx"
    result = cli("export", "behov", "-f", "xlsx", "-o", out, "-p", portfolio)
    assert result.exit_code == 0, result.output
    return out


def edit(path: Path, cells: dict[str, Any], *rows: list[Any]) -> None:
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    for where, value in cells.items():
        sheet[where] = value
    for row in rows:
        sheet.append(row)
    book.save(path)


def changed_lines(root: Path) -> list[str]:
    diff = git(root, "diff", "--unified=0")
    return [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_the_round_trip_changes_exactly_the_edited_lines(
    cli: Cli, repo: Path, tmp_path: Path
) -> None:
    sheet = exported(cli, repo, tmp_path)
    new = [
        None,
        "Digitala nycklar i hemtjänsten",
        "Hemtjänst",
        None,
        "Anna Svensson",
        None,
        "Nycklar i mobilen.",
        "Mindre tid på nyckelhantering.",
        "tidsbesparande",
        None,
        300,
        "3",
        "treserva",
    ]
    edit(sheet, {"B4": "Trygghetslarm som konceptlösning", "K5": 2000}, new)
    before = snapshot(repo)

    dry = cli("import", sheet, "-p", repo)
    assert dry.exit_code == 0, dry.output
    lines = [line.strip() for line in dry.stdout.splitlines()]
    assert "BEH-003 (rad 4):" in lines and "BEH-004 (rad 5):" in lines
    assert "Titel: Konceptlösning för trygghetslarm → Trygghetslarm som konceptlösning" in lines
    assert "Frigjord tid (h/år): 1800 → 2000" in lines
    assert "Skulle ändra (provkörning; --write skriver): 2 behov" in lines
    assert "BEH-020" in dry.stdout and "Oförändrade: 17 behov" in lines
    assert snapshot(repo) == before

    done = cli("import", sheet, "--write", "-p", repo)
    assert done.exit_code == 0, done.output
    assert cli("check", "-p", repo).exit_code == 0
    assert changed_lines(repo.parent) == [
        "-titel: Konceptlösning för trygghetslarm",
        "+titel: Trygghetslarm som konceptlösning",
        "-frigjord_tid_timmar_per_år: 1800",
        "+frigjord_tid_timmar_per_år: 2000",
    ]
    created = (repo / "behov" / "BEH-020.yaml").read_text(encoding="utf-8")
    assert "steg: insamling" in created and "kontaktperson: anna-svensson" in created

    again = cli("import", sheet, "-p", repo)  # the sheet now matches, bar the new row
    assert "Skulle ändra" not in again.stdout


def test_an_unchanged_export_changes_nothing(cli: Cli, repo: Path, tmp_path: Path) -> None:
    sheet = exported(cli, repo, tmp_path)
    result = cli("import", sheet, "--write", "-p", repo)
    assert result.exit_code == 0, result.output
    assert "Inget att ändra" in result.stdout
    assert changed_lines(repo.parent) == []


def test_every_problem_of_every_row_is_named_with_row_and_column(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    sheet = exported(cli, portfolio, tmp_path)
    edit(sheet, {"C3": "Okänd avdelning", "K3": "abc", "K6": "många", "F6": "igår", "J6": "enorm"})
    before = snapshot(portfolio)
    result = cli("import", sheet, "--write", "-p", portfolio)
    assert result.exit_code == 1
    errors = result.stderr.replace("\n  ", " ").splitlines()
    for expected in (
        "blad 'Behov' rad 3, kolumn C (Avdelning): okänd avdelning",
        "blad 'Behov' rad 3, kolumn K (Frigjord tid (h/år)): frigjord tid 'abc'",
        "blad 'Behov' rad 6, kolumn K (Frigjord tid (h/år)): frigjord tid 'många'",
        "blad 'Behov' rad 6, kolumn F (Registrerad): 'igår' är inget datum",
        "blad 'Behov' rad 6, kolumn J (Effektomfattning): effektomfattning:",
    ):
        assert any(expected in line for line in errors), (expected, result.stderr)
    assert "har 5 fel; inget har skrivits" in result.stderr
    assert snapshot(portfolio) == before


def test_r2_steps_and_decisions_never_change_through_import(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    sheet = exported(cli, portfolio, tmp_path)
    edit(sheet, {"D5": "projekt", "O5": "2026-01-01", "N5": 1})
    before = snapshot(portfolio)
    result = cli("import", sheet, "--write", "-p", portfolio)
    assert result.exit_code == 1
    text = result.stderr.replace("\n", " ")
    assert "rad 5, kolumn D (Steg): ändras inte genom import" in text
    assert "avoplan advance" in text
    assert "kolumn O (Senaste beslut)" in text and "kolumn N (Kostnad (kr))" in text
    assert snapshot(portfolio) == before


def test_r3_a_registration_date_in_the_future_is_refused_as_check_would(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    sheet = exported(cli, portfolio, tmp_path)
    edit(sheet, {"F3": "2999-01-01"}, [None, "Nytt", "Hemtjänst", None, None, "2999-05-05"])
    before = snapshot(portfolio)
    result = cli("import", sheet, "--write", "-p", portfolio)
    assert result.exit_code == 1
    text = result.stderr.replace("\n", " ")
    assert "rad 3: BEH-002: registrerad: registrerad 2999-01-01 ligger i framtiden" in text
    assert "rad 21: BEH-020: registrerad: registrerad 2999-05-05 ligger i framtiden" in text
    assert snapshot(portfolio) == before


def test_a_new_need_check_would_reject_is_never_written(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "lista.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Titel", "Avdelning", "Prioriterade mål", "System"])
    sheet.append(["Robot för fakturor", "Hemtjänst", "9", "okant"])
    book.save(out)
    before = snapshot(portfolio)
    dry = cli("import", out, "-p", portfolio)
    write = cli("import", out, "--write", "-p", portfolio)
    for result in (dry, write):
        assert result.exit_code == 1
        assert "mål 9" in result.stderr and "okant" in result.stderr
    assert snapshot(portfolio) == before


def test_unknown_columns_are_named_and_can_be_left_out(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    sheet = exported(cli, portfolio, tmp_path)
    edit(sheet, {"P1": "Kommentar", "P2": "ring Anna", "Q1": "Tittel"})
    result = cli("import", sheet, "-p", portfolio)
    assert result.exit_code == 1
    assert "okänd kolumn 'Kommentar'" in result.stderr
    assert "okänd kolumn 'Tittel'" in result.stderr
    ok = cli("import", sheet, "--mapping", "Kommentar=-,Tittel=-", "-p", portfolio)
    assert ok.exit_code == 0, ok.output


def test_csv_round_trip_with_a_formula_like_title(cli: Cli, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "behov.csv"
    assert cli("export", "behov", "-o", out, "-p", repo).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    rows[3][1] = "=1+1 larm"  # typed by a user into the CSV
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    out.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    done = cli("import", out, "--write", "-p", repo)
    assert done.exit_code == 0, done.output
    assert changed_lines(repo.parent) == [
        "-titel: Konceptlösning för trygghetslarm",
        "+titel: =1+1 larm",
    ]
    again = tmp_path / "igen.xlsx"
    assert cli("export", "behov", "-f", "xlsx", "-o", again, "-p", repo).exit_code == 0
    cell = load_workbook(again).active["B4"]  # type: ignore[index]
    assert cell.value == "=1+1 larm" and cell.data_type == "s"
    text = cli("export", "behov", "-p", repo).stdout
    assert "'=1+1 larm" in text


def test_windows_1252_and_commas_are_read_and_named(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "lista.csv"
    out.write_bytes("Titel,Avdelning\r\nNycklar på äldreboende,Hemtjänst\r\n".encode("cp1252"))
    result = cli("import", out, "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Windows-1252" in result.stderr
    assert "Nycklar på äldreboende" in result.stdout


FIXTURES = Path(__file__).parent / "fixtures"


def test_a_sheet_saved_by_libreoffice_calc_round_trips(cli: Cli, repo: Path) -> None:
    """tests/fixtures/libreoffice-behov.xlsx: BEH-003 and BEH-004 with a new title for
    BEH-003 and 2000 hours for BEH-004 (dates as date cells, a list cell), written with
    openpyxl and saved by LibreOffice Calc 7.4 (`soffice --headless --calc --convert-to
    xlsx:"Calc MS Excel 2007 XML"`): its own styles, shared strings and row attributes."""
    fixture = FIXTURES / "libreoffice-behov.xlsx"
    with zipfile.ZipFile(fixture) as book:
        assert b"LibreOffice" in book.read("docProps/app.xml")
    dry = cli("import", fixture, "-p", repo)
    assert dry.exit_code == 0, dry.output
    lines = [line.strip() for line in dry.stdout.splitlines()]
    assert lines == [
        "Skulle ändra (provkörning; --write skriver): 2 behov",
        "BEH-003 (rad 2):",
        "Titel: Konceptlösning för trygghetslarm → Trygghetslarm som konceptlösning",
        "BEH-004 (rad 3):",
        "Frigjord tid (h/år): 1800 → 2000",
    ]
    assert cli("import", fixture, "--write", "-p", repo).exit_code == 0
    assert cli("check", "-p", repo).exit_code == 0
    assert changed_lines(repo.parent) == [
        "-titel: Konceptlösning för trygghetslarm",
        "+titel: Trygghetslarm som konceptlösning",
        "-frigjord_tid_timmar_per_år: 1800",
        "+frigjord_tid_timmar_per_år: 2000",
    ]


@pytest.mark.parametrize(
    ("bom", "delimiter"), [("\ufeff", ";"), ("", ";"), ("\ufeff", ","), ("", ","), ("", "\t")]
)
def test_csv_in_utf8_with_or_without_bom_and_either_delimiter(
    cli: Cli, portfolio: Path, tmp_path: Path, bom: str, delimiter: str
) -> None:
    out = tmp_path / "lista.csv"
    rows = [["Id", "Titel", "Frigjord tid (h/år)"], ["BEH-004", "Ny signering, på boenden", "2000"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    out.write_text(bom + buffer.getvalue(), encoding="utf-8")
    result = cli("import", out, "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Titel: Digital läkemedelssignering på boenden → Ny signering, på boenden" in (
        result.stdout
    )
    assert "Frigjord tid (h/år): 1800 → 2000" in result.stdout
    assert "Windows-1252" not in result.stderr


def row_of(sheet_path: Path, item_id: str) -> int:
    sheet = load_workbook(sheet_path).active
    assert sheet is not None
    return next(c.row for c in sheet["A"] if c.value == item_id)


def test_projects_round_trip_and_are_never_created_or_moved(
    cli: Cli, repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "projekt.xlsx"
    assert cli("export", "projekt", "-f", "xlsx", "-o", out, "-p", repo).exit_code == 0
    nattillsyn, rpa = row_of(out, "PRJ-021"), row_of(out, "PRJ-002")
    edit(
        out,
        {
            f"B{nattillsyn}": "Digital nattillsyn",
            f"K{nattillsyn}": "2026-06-30",
            f"M{rpa}": 2000000,
        },
    )
    dry = cli("import", out, "-p", repo)
    assert dry.exit_code == 0, dry.output
    lines = [line.strip() for line in dry.stdout.splitlines()]
    assert "Bladet läses som projekt (efter rubrikerna)." in lines
    assert "Skulle ändra (provkörning; --write skriver): 2 projekt" in lines
    assert "Titel: Digital nattillsyn i hemtjänsten → Digital nattillsyn" in lines
    assert "Slut: 2026-03-31 → 2026-06-30" in lines
    assert "Budget (kr): 1800 → 2000" in lines
    assert cli("import", out, "--write", "-p", repo).exit_code == 0
    assert cli("check", "-p", repo).exit_code == 0
    assert sorted(changed_lines(repo.parent)) == sorted(
        [
            "-budget_kkr: 1800",
            "+budget_kkr: 2000",
            "-titel: Digital nattillsyn i hemtjänsten",
            "+titel: Digital nattillsyn",
            "-slut: 2026-03-31",
            "+slut: 2026-06-30",
        ]
    )

    edit(out, {f"C{nattillsyn}": "avslutad"}, ["PRJ-999", "Nytt projekt"])
    before = snapshot(repo)
    refused = cli("import", out, "--write", "-p", repo)
    assert refused.exit_code == 1
    text = refused.stderr.replace("\n", " ")
    assert f"rad {nattillsyn}, kolumn C (Status): ändras inte genom import" in text
    assert "PRJ-999 finns inte: ett projekt skapas bara vid beslutspunkt 4" in text
    assert snapshot(repo) == before


def test_systems_round_trip_from_csv(cli: Cli, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "system.csv"
    assert cli("export", "system", "-o", out, "-p", repo).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    pascal = next(r for r in rows if r[0] == "pascal")
    pascal[2], pascal[5] = "900", "Cambio"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    out.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    dry = cli("import", out, "-p", repo)
    assert dry.exit_code == 0, dry.output
    assert "Användare: 800 → 900" in dry.stdout and "Leverantör: (tom) → Cambio" in dry.stdout
    assert cli("import", out, "--write", "-p", repo).exit_code == 0
    assert cli("check", "-p", repo).exit_code == 0
    assert changed_lines(repo.parent) == [
        "-användare: 800  # ungefärligt antal",
        "+användare: 900  # ungefärligt antal",
        "+leverantör: Cambio",
    ]


TRICKY = [
    "Rad ett\nRad två",
    "'citerad' : kolon # hash",
    "- streck först",
    "=SUM(A1)",
    "yes",
    "null",
    "2025-01-01",
    "123",
    "[lista, inte]",
    "{karta: nej}",
    "&ankare *ref",
    "! tagg",
    "% direktiv",
    "@at",
    "`backtick`",
    "tab\tinne",
    "Sista\u2028rad",
    "ÅÄÖ åäö é ü",
]


# The sheet of the unchanged embedded portfolio, the same for every tricky title: exported
# once per test process (by the first such test, of its own copy) and written for each.
_EMBEDDED_SHEET: list[bytes] = []


def embedded_sheet(cli: Cli, portfolio: Path, tmp_path: Path) -> Path:
    if not _EMBEDDED_SHEET:
        _EMBEDDED_SHEET.append(exported(cli, portfolio, tmp_path).read_bytes())
    out = tmp_path / "behov.xlsx"
    out.write_bytes(_EMBEDDED_SHEET[0])
    return out


@pytest.mark.parametrize("title", TRICKY, ids=repr)
def test_a_tricky_title_comes_back_exactly(
    cli: Cli, portfolio: Path, tmp_path: Path, title: str
) -> None:
    from avoplan.store.yaml_io import parse

    sheet = embedded_sheet(cli, portfolio, tmp_path)
    book = load_workbook(sheet)
    cell = book.active["B4"]  # type: ignore[index]
    cell.value, cell.data_type = title, "s"  # text, as Excel keeps '=SUM(A1)
    book.save(sheet)
    result = cli("import", sheet, "--write", "-p", portfolio)
    assert result.exit_code == 0, result.output
    written = (portfolio / "behov" / "BEH-003.yaml").read_text(encoding="utf-8")
    assert parse(written)["titel"] == title.strip()
    assert cli("check", "-p", portfolio).exit_code == 0
    again = exported(cli, portfolio, tmp_path)
    assert "Inget att ändra" in cli("import", again, "-p", portfolio).stdout


def test_a_bell_shown_as_its_picture_comes_back_unchanged(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    need = portfolio / "behov" / "BEH-003.yaml"
    need.write_text(
        need.read_text(encoding="utf-8").replace(
            "titel: Konceptlösning för trygghetslarm", 'titel: "Konceptlösning\\a för larm"'
        ),
        encoding="utf-8",
    )
    sheet = exported(cli, portfolio, tmp_path)
    assert load_workbook(sheet).active["B4"].value == "Konceptlösning\u2407 för larm"  # type: ignore[index]
    result = cli("import", sheet, "--write", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Inget att ändra" in result.stdout


def test_a_text_beyond_excels_limit_is_cut_and_comes_back_unchanged(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    need = portfolio / "behov" / "BEH-003.yaml"
    long = "Lång beskrivning. " * 2000  # 36 000 characters
    text = need.read_text(encoding="utf-8")
    start = text.index("beskrivning:")
    end = text.index("\nnytta:")
    need.write_text(text[:start] + f'beskrivning: "{long.strip()}"' + text[end:], encoding="utf-8")
    out = tmp_path / "behov.xlsx"
    result = cli("export", "behov", "-f", "xlsx", "-o", out, "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "1 celler är längre än Excels gräns på 32767 tecken" in result.stderr
    cell = load_workbook(out).active["G4"].value  # type: ignore[index]
    assert len(cell) == 32767 and cell.endswith("…")
    again = cli("import", out, "--write", "-p", portfolio)
    assert again.exit_code == 0, again.output
    assert "Inget att ändra" in again.stdout


def test_a_field_changed_on_disk_meanwhile_is_never_overwritten(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avoplan.commands import import_sheet

    sheet = exported(cli, portfolio, tmp_path)
    edit(sheet, {"B4": "Från Excel"})
    need = portfolio / "behov" / "BEH-003.yaml"
    numbering = import_sheet._number

    def meanwhile(*args: object) -> None:  # someone edits the file after the dry run read it
        numbering(*args)  # type: ignore[arg-type]
        need.write_text(
            need.read_text(encoding="utf-8").replace(
                "titel: Konceptlösning för trygghetslarm", "titel: Ändrad av någon annan"
            ),
            encoding="utf-8",
        )

    monkeypatch.setattr(import_sheet, "_number", meanwhile)
    result = cli("import", sheet, "--write", "-p", portfolio)
    assert result.exit_code == 1
    assert "ändrades medan avoplan arbetade (titel); inget har skrivits" in (
        result.stderr.replace("\n", " ")
    )
    assert "titel: Ändrad av någon annan" in need.read_text(encoding="utf-8")
