"""`avoplan export behov|projekt|prioritet|system`: a spreadsheet for Excel: Swedish
headers, typed cells (dates as dates, kronor as numbers shown with a thousands separator),
CSV with a byte-order mark and semicolons so Swedish Excel opens it right."""

from __future__ import annotations

from pathlib import Path

from avoplan.core.errors import UsageError
from avoplan.core.text import did_you_mean, join_sv
from avoplan.documents.kalkylblad import EXPORTS, blad
from avoplan.store.files import atomic_write_text, display
from avoplan.store.sheets import EXCEL_CELL_CHARS, Sheet, csv_text, long_cells, write_xlsx
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, what: str, fmt: str, out: Path | None) -> int:
    if what not in EXPORTS:
        close = did_you_mean(what, EXPORTS)
        raise UsageError(
            f"kan inte exportera '{what}'",
            f"menade du {close}?" if close else f"välj {join_sv(EXPORTS)}",
        )
    if fmt == "xlsx" and out is None:
        raise UsageError("en Excel-fil behöver ett filnamn", f"ange --out {what}.xlsx")
    loaded = Workspace.find(portfolio).portfolio(complete=True)
    made = blad(loaded, what)
    sheet = Sheet(
        made.namn, [k.rubrik for k in made.kolumner], [k.typ for k in made.kolumner], made.rader
    )
    if fmt == "xlsx" and out is not None:
        write_xlsx(out, sheet)
        if cut := long_cells(sheet):
            console.warning(
                f"{cut} celler är längre än Excels gräns på {EXCEL_CELL_CHARS} "
                "tecken och slutar med … i filen; import läser dem som oförändrade"
            )
    elif out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(out, csv_text(sheet))
    else:
        console.raw(csv_text(sheet))
        return 0
    console.line(f"Skrev {display(out)}: {len(sheet.rows)} rader ({made.namn.lower()}).")
    return 0
