"""`avoplan pios`: the plan's four follow-up dimensions per planned or running initiative,
as CSV (semicolons and a byte-order mark, as Swedish Excel opens it) or as .xlsx (dates
as dates, hours as numbers), to enter into the city's PIOS tool."""

from __future__ import annotations

from pathlib import Path

from avoplan.core.errors import UsageError, UserError
from avoplan.documents.dimensioner import PIOS_COLUMNS, pios_rows
from avoplan.documents.kalkylblad import pios
from avoplan.store.files import atomic_write_bytes, display
from avoplan.store.sheets import Sheet, csv_text, xlsx_bytes
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

FORMATS = ("csv", "xlsx")


def run(portfolio: Path | None, out: Path | None, fmt: str) -> int:
    if fmt not in FORMATS:
        raise UsageError(f"okänt format '{fmt}'", "välj csv eller xlsx")
    if fmt == "xlsx" and out is None:
        raise UsageError("xlsx kan inte skrivas till terminalen", "ange --out FIL.xlsx")
    made = pios(PIOS_COLUMNS, pios_rows(Workspace.find(portfolio).checked_portfolio()))
    sheet = Sheet(
        made.namn, [k.rubrik for k in made.kolumner], [k.typ for k in made.kolumner], made.rader
    )
    if out is None:
        console.raw(csv_text(sheet))  # with the byte-order mark, as in a file
        return 0
    _write(out, csv_text(sheet).encode("utf-8") if fmt == "csv" else xlsx_bytes(sheet))
    console.line(f"Skrev {display(out)} ({len(sheet.rows)} initiativ)")
    return 0


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise UserError(
            f"kan inte skriva {display(path)}: {exc.strerror}",
            "kontrollera sökvägen som angavs med --out",
        ) from exc
