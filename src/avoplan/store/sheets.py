"""Spreadsheet files: xlsx through openpyxl (typed cells, Swedish number formats) and CSV
for Swedish Excel (UTF-8 with a byte-order mark, semicolons). Plain data in and out; what
the columns mean is `kalkylblad`'s business."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

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


# OWASP's CSV-injection triggers, and their full-width forms that some Excel locales also
# read as the start of a formula.
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def csv_safe(text: str) -> str:
    """OWASP: text that Excel would read as a formula gets a leading apostrophe. Text that
    already starts with apostrophes before a trigger gets one more, so `csv_unsafe`
    gives back exactly what was written."""
    return "'" + text if text.lstrip("'")[:1] in FORMULA_START else text


def csv_unsafe(text: str) -> str:
    """The text `csv_safe` was given."""
    return text[1:] if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_START else text


def _csv_value(value: Any) -> Any:
    if isinstance(value, float):
        return str(value).replace(".", ",")  # Swedish Excel reads a decimal comma
    if isinstance(value, str):
        return csv_safe(value)
    return value.isoformat() if isinstance(value, date) else value


# What XML 1.0, and so xlsx, cannot hold: C0 controls except tab, newline and return.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def visible(text: str) -> str:
    """Text with the control characters an xlsx cannot hold shown as their Unicode
    pictures (U+0007 as ␇), so nothing is lost without a trace."""
    return _XML_ILLEGAL.sub(lambda m: chr(0x2400 + ord(m.group())), text)


EXCEL_CELL_CHARS = 32_767  # Excel's limit for one cell: a longer text breaks the file


def xlsx_text(text: str) -> str:
    """Text as an xlsx cell holds it: visible control characters, and a text beyond
    Excel's limit cut with "…" (import reads such a cell as unchanged)."""
    text = visible(text)
    return text if len(text) <= EXCEL_CELL_CHARS else text[: EXCEL_CELL_CHARS - 1] + "…"


def long_cells(sheet: Sheet) -> int:
    """How many text cells of `sheet` an xlsx must cut."""
    return sum(
        1
        for row in sheet.rows
        for v in row
        if isinstance(cell(v), str) and len(visible(cell(v))) > EXCEL_CELL_CHARS
    )


def write_xlsx(path: Path, sheet: Sheet) -> None:
    _save(_workbook(sheet), path)


def xlsx_bytes(sheet: Sheet) -> bytes:
    buffer = io.BytesIO()
    _workbook(sheet).save(buffer)
    return buffer.getvalue()


def _workbook(sheet: Sheet) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = sheet.name
    _put_row(ws, 1, sheet.headers)
    for heading in ws[1]:
        heading.font = Font(bold=True)
    for number, row in enumerate(sheet.rows, start=2):
        _put_row(ws, number, row)
    for number, kind in enumerate(sheet.types, start=1):
        letter = get_column_letter(number)
        ws.column_dimensions[letter].width = _width(sheet, number - 1)
        if kind in FORMATS:
            for (value,) in ws.iter_rows(min_row=2, min_col=number, max_col=number):
                value.number_format = FORMATS[kind]
    ws.freeze_panes = "A2"
    return book


def _put_row(ws: Any, number: int, values: Sequence[Any]) -> None:
    """Text is written as text, never as a formula (openpyxl would make "=…" one)."""
    for column, given in enumerate(values, start=1):
        target = ws.cell(row=number, column=column)
        value = cell(given)
        if isinstance(value, str):
            target.value = xlsx_text(value)
            target.data_type = "s"
        else:
            target.value = value


def _width(sheet: Sheet, index: int) -> float:
    longest = max(
        [len(str(sheet.headers[index])), *(len(str(cell(r[index]) or "")) for r in sheet.rows)]
    )
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
