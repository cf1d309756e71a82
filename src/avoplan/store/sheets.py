"""Spreadsheet files: xlsx through openpyxl (typed cells, Swedish number formats) and CSV
for Swedish Excel (UTF-8 with a byte-order mark, semicolons). Plain data in and out; what
the columns mean is `kalkylblad`'s business."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from avoplan.core.errors import UserError
from avoplan.store.files import display

# Excel shows these with the reader's own separators: "1 234 567 kr" in Swedish Excel.
FORMATS = {"kr": '#,##0 "kr"', "datum": "yyyy-mm-dd", "heltal": "#,##0", "tal": "0.0000"}


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: Sequence[str]
    types: Sequence[str]
    rows: Sequence[Sequence[Any]]


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: lists joined, numbers and dates kept typed."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


def csv_text(sheet: Sheet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow(["" if v is None else _csv_value(cell(v)) for v in row])
    return "\ufeff" + buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, float):
        return str(value).replace(".", ",")  # Swedish Excel reads a decimal comma
    return value.isoformat() if isinstance(value, date) else value


def write_xlsx(path: Path, sheet: Sheet) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = sheet.name
    ws.append(list(sheet.headers))
    for heading in ws[1]:
        heading.font = Font(bold=True)
    for row in sheet.rows:
        ws.append([cell(v) for v in row])
    for number, kind in enumerate(sheet.types, start=1):
        letter = get_column_letter(number)
        ws.column_dimensions[letter].width = _width(sheet, number - 1)
        if kind in FORMATS:
            for (value,) in ws.iter_rows(min_row=2, min_col=number, max_col=number):
                value.number_format = FORMATS[kind]
    ws.freeze_panes = "A2"
    _save(book, path)


def _width(sheet: Sheet, index: int) -> float:
    longest = max([len(str(sheet.headers[index])),
                   *(len(str(cell(r[index]) or "")) for r in sheet.rows)])
    return min(max(longest, 6) + 2, 60)


def _save(book: Any, path: Path) -> None:
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        book.save(tmp)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class ReadSheet:
    name: str
    headers: list[Any]
    rows: list[tuple[int, list[Any]]]  # (row number as Excel shows it, cells)


def read_xlsx(path: Path, sheet_name: str | None = None) -> ReadSheet:
    """One sheet (the first, or `sheet_name`) with its header row and numbered rows."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise UserError(f"{display(path)} finns inte") from None
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise UserError(f"{display(path)} kan inte läsas som en Excel-fil (xlsx): {exc}",
                        "spara filen som Excel-arbetsbok (.xlsx)") from None
    if sheet_name is not None and sheet_name not in book.sheetnames:
        raise UserError(f"bladet '{sheet_name}' finns inte i {display(path)}",
                        f"bladen är {', '.join(book.sheetnames)}")
    ws = book[sheet_name] if sheet_name else book.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    book.close()
    if not rows:
        raise UserError(f"bladet '{ws.title}' i {display(path)} är tomt")
    numbered = [(i, r) for i, r in enumerate(rows[1:], start=2) if any(v is not None for v in r)]
    return ReadSheet(ws.title, rows[0], numbered)
