"""Spreadsheets in `make bench` (issues 23 and 28), timed as whole commands (wall clock,
best of R, with the peak memory of that run):

- `import` of a sheet of 10,000 new needs (a dry run: read, every row validated, the
  would-be portfolio judged by check's rules): target at most 10 s.
- `import` of hostile sheets, each to be refused (exit 1) in at most 10 s and 300 MB:
  a zip bomb (1 GiB of shared strings in a file of about 1 MB), one enormous cell
  (100 MB in one shared string: under the bomb's bound, over Excel's cell length) and
  a sheet of 1,000,000 rows.

`measure_sheets` returns the rows for `benchmarks/run.py` (as `measure_federation` does);
alone:

    python -m benchmarks.sheets [--rows N] [--repeat R] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.common import BenchError, measured

EMBEDDED = Path(__file__).resolve().parents[1] / "portfolio"

ROWS = 10_000
IMPORT_SECONDS = 10.0
REFUSE_SECONDS = 10.0
REFUSE_KB = 300 * 1024

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
WORKBOOK = (
    f'<workbook {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Behov" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Titel</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Avdelning</t></is></c></row>'
)

# (name, seconds, peak KB, target text, met)
Row = tuple[str, float, int, str, bool]


def _book(path: Path, write_parts: Callable[[zipfile.ZipFile], None]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        write_parts(archive)
    return path


def _shared_string(path: Path, megabytes: int) -> Path:
    """A sheet whose one text cell is a shared string of `megabytes` MB."""

    def parts(archive: zipfile.ZipFile) -> None:
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f"<worksheet {NS}><sheetData>{HEADER}"
            '<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>',
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f"<sst {NS}><si><t>".encode())
            block = b"A" * 2**20
            for _ in range(megabytes):
                part.write(block)
            part.write(b"</t></si></sst>")

    return _book(path, parts)


def zip_bomb(path: Path) -> Path:
    return _shared_string(path, 1024)


def huge_cell(path: Path) -> Path:
    return _shared_string(path, 90)


def many_rows(path: Path, count: int = 1_000_000) -> Path:
    def parts(archive: zipfile.ZipFile) -> None:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f"<worksheet {NS}><sheetData>{HEADER}".encode())
            for n in range(2, count + 2):
                part.write(
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Behov {n}</t></is>'
                    f'</c><c r="B{n}" t="inlineStr"><is><t>Hemtjänst</t></is></c>'
                    "</row>".encode()
                )
            part.write(b"</sheetData></worksheet>")

    return _book(path, parts)


def new_needs(path: Path, count: int) -> Path:
    """`count` new needs as a user's behovslista would hold them."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Behovslista")
    sheet.append(["Titel", "Avdelning", "Beskrivning", "Nytta", "Frigjord tid (h/år)", "Effekttyp"])
    units = ("Hemtjänst", "Myndighet", "Hälso- och sjukvård")
    for n in range(count):
        sheet.append(
            [
                f"Behov {n}: digitalt stöd för planering av insatser",
                units[n % len(units)],
                "Planeringen görs i dag på papper och i flera system.",
                "Mindre tid för planering och färre missade besök.",
                100 + n % 900,
                "tidsbesparande",
            ]
        )
    book.save(path)
    return path


def measure_sheets(tmp: Path, avoplan: Path, repeat: int, rows: int = ROWS) -> list[Row]:
    """Every spreadsheet row of `make bench`, measured in `tmp`."""
    # A copy of the embedded ÄVO portfolio: the sheet's avdelningar are ÄVO's (init now
    # writes another förvaltning's draft, whose example avdelningar these are not).
    portfolio = Path(shutil.copytree(EMBEDDED, tmp / "ny" / "portfolio"))
    found: list[Row] = []
    step(f"avoplan import av {rows} nya behov (provkörning)")
    sheet = new_needs(tmp / "behovslista.xlsx", rows)
    seconds, kb = measured(repeat, [avoplan, "import", sheet, "-p", portfolio], ok=(0,))
    found.append(
        (
            f"avoplan import {rows} rader (provkörning)",
            seconds,
            kb,
            f"≤ {IMPORT_SECONDS:g} s",
            seconds <= IMPORT_SECONDS,
        )
    )
    for name, make in (
        ("zip-bomb (1 GiB uppackat)", zip_bomb),
        ("en cell på 90 MB", huge_cell),
        ("1 000 000 rader", many_rows),
    ):
        step(f"avoplan import vägrar: {name}")
        path = make(tmp / f"{make.__name__}.xlsx")
        seconds, kb = measured(repeat, [avoplan, "import", path, "-p", portfolio], ok=(1,))
        found.append(
            (
                f"avoplan import vägrar {name}",
                seconds,
                kb,
                f"≤ {REFUSE_SECONDS:g} s, ≤ {REFUSE_KB // 1024} MB",
                seconds <= REFUSE_SECONDS and kb <= REFUSE_KB,
            )
        )
    return found


def print_rows(rows: list[Row], repeat: int) -> None:
    print(f"\navoplan make bench: kalkylblad, bäst av {repeat}, väggklocka; minne = max RSS\n")
    header = f"{'Kommando':52} {'Sekunder':>9} {'MB':>6}  {'Mål':22} Resultat"
    print(header)
    print("-" * len(header))
    for name, seconds, kb, target, met in rows:
        print(
            f"{name:52} {seconds:>9.2f} {kb / 1024:>6.0f}  {target:22} "
            f"{'uppfyllt' if met else 'MISSAT'}"
        )


def met(rows: list[Row]) -> bool:
    return all(row[4] for row in rows)


def step(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.sheets",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="behåll den tillfälliga mappen")
    args = parser.parse_args(argv)
    avoplan = Path(sys.executable).parent / "avoplan"
    tmp = Path(tempfile.mkdtemp(prefix="avoplan-bench-sheets-"))
    try:
        rows = measure_sheets(tmp, avoplan, args.repeat, args.rows)
    except (BenchError, subprocess.CalledProcessError) as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print_rows(rows, args.repeat)
    return 0 if met(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
