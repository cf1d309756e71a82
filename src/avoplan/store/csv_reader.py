"""Reading a CSV sheet for import: UTF-8 with or without BOM, or Windows-1252 (named when
found), `;`, `,` or tab, within the same bounds as an xlsx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from avoplan.core.errors import UserError
from avoplan.store.files import display
from avoplan.store.sheet_bounds import MAX_CELL_CHARS, MAX_CELLS, MAX_ROWS, ReadSheet, too_big


def read_csv(path: Path) -> ReadSheet:
    from avoplan.store.sheets import csv_unsafe

    raw = path.read_bytes()
    text, encoding = _decode(raw)
    rows = list(_csv_rows(path, text))
    if not rows:
        raise UserError(f"{display(path)} är tom")
    cleaned = [(n, [csv_unsafe(c) if c.strip() else None for c in cells]) for n, cells in rows]
    numbered = [(n, cells) for n, cells in cleaned if any(c is not None for c in cells)]
    if not numbered:
        raise UserError(f"{display(path)} är tom")
    (header_row, headers), *rest = numbered  # the first row with text
    return ReadSheet("", headers, rest, encoding=encoding, header_row=header_row)


def _decode(raw: bytes) -> tuple[str, str | None]:
    """The text and, when not UTF-8, the encoding it was read in (named to the user)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252"


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    import csv
    import io

    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells = 0
    try:
        for number, row in enumerate(reader, start=1):
            cells += len(row)
            if number > MAX_ROWS + 1 or cells > MAX_CELLS:
                raise too_big(path, f"över {MAX_ROWS} rader eller {MAX_CELLS} celler")
            yield number, row  # Excel numbers a CSV's records, not its lines
    except csv.Error as exc:
        detail = (
            f"en cell har över {MAX_CELL_CHARS} tecken"
            if "limit" in str(exc)
            else "raden går inte att läsa som CSV"
        )
        raise UserError(
            f"{display(path)} rad {reader.line_num}: {detail}",
            "spara listan på nytt som CSV från Excel",
        ) from None
