"""`avoplan pios`: the plan's four follow-up dimensions per planned or running initiative,
as CSV (semicolons and a byte-order mark, as Swedish Excel opens it) or as .xlsx, to enter
into the city's PIOS tool."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from avoplan.cli import console
from avoplan.core.errors import UsageError, UserError
from avoplan.documents.uppfoljning import PIOS_COLUMNS, pios_rows
from avoplan.store.files import atomic_write_bytes, display
from avoplan.workspace.folder import Workspace

FORMATS = ("csv", "xlsx")


def run(portfolio: Path | None, out: Path | None, fmt: str) -> int:
    if fmt not in FORMATS:
        raise UsageError(f"okänt format '{fmt}'", "välj csv eller xlsx")
    if fmt == "xlsx" and out is None:
        raise UsageError("xlsx kan inte skrivas till terminalen", "ange --out FIL.xlsx")
    rows = pios_rows(Workspace.find(portfolio).checked_portfolio())
    if out is None:
        console.raw(as_csv(rows))
        return 0
    _write(out, as_csv(rows).encode("utf-8-sig") if fmt == "csv" else as_xlsx(rows))
    console.line(f"Skrev {display(out)} ({len(rows)} initiativ)")
    return 0


def as_csv(rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(PIOS_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def as_xlsx(rows: list[tuple[str, ...]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Initiativ"
    sheet.append(list(PIOS_COLUMNS))
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise UserError(f"kan inte skriva {display(path)}: {exc.strerror}",
                        "kontrollera sökvägen som angavs med --out") from exc
