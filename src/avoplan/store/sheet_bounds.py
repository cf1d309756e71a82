"""What an imported sheet may cost (a sheet anyone sends is read by `import`): bounds on
the file, the inflated zip, rows, cells and one cell, and the sheet as read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avoplan.core.errors import UserError
from avoplan.store.files import display

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_CSV_BYTES = 32 * 1024 * 1024  # read whole: as text up to four bytes a character
MAX_INFLATED_BYTES = 96 * 1024 * 1024  # every part read, as inflated: a zip bomb stops here
MAX_ENTRIES = 10_000
MAX_ROWS = 100_000
MAX_CELLS = 2_000_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_COLUMNS = 16_384  # Excel's last column, XFD
CHUNK = 64 * 1024


@dataclass
class ReadSheet:
    """One sheet as read: its header row and numbered rows (as Excel shows the numbers),
    and what the reader must tell the user about."""

    name: str
    headers: list[Any]
    rows: list[tuple[int, list[Any]]]
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)  # 0-based
    formulas: list[tuple[int, int]] = field(default_factory=list)  # (row, column), value read
    missing: list[tuple[int, int]] = field(default_factory=list)  # formulas without a value
    encoding: str | None = None  # a CSV's, when it was not UTF-8
    header_row: int = 1


def too_big(path: Path, detail: str) -> UserError:
    return UserError(
        f"{display(path)} är för stor för att läsas in: {detail}", "dela upp listan i flera filer"
    )
