"""One part of an xlsx streamed through expat with bounds: no DTD or entity (the way to an
XML bomb), each cell's text refused past Excel's length, rows and cells counted as they
come. `SheetParser` turns one worksheet into rows of values (dates by their style, shared
strings by index, formulas reported); a broken bound raises `Stop` with the user's error.
`sheet_reader` opens the zip and hands the parts here."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from avoplan.core.errors import UserError
from avoplan.store.files import display
from avoplan.store.sheet_bounds import (
    CHUNK,
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    ReadSheet,
    too_big,
)
from avoplan.store.sheet_cells import (
    as_int,
    as_iso_date,
    as_number,
    cell_name,
    column_number,
    is_true,
)


def not_xlsx(path: Path, detail: str) -> UserError:
    return UserError(
        f"{display(path)} kan inte läsas som en Excel-fil (xlsx): {detail}",
        "öppna filen i Excel och spara den som Excel-arbetsbok (.xlsx)",
    )


class Stop(Exception):
    """Raised from inside a parser callback: the file broke a bound."""

    def __init__(self, error: UserError) -> None:
        self.error = error


class CellText:
    """One cell's text, refused past Excel's length."""

    def __init__(self, path: Path) -> None:
        self.path, self.length = path, 0
        self.parts: list[str] = []

    def reset(self) -> None:
        self.parts, self.length = [], 0

    def add(self, data: str) -> None:
        self.length += len(data)
        if self.length > MAX_CELL_CHARS:
            raise Stop(too_big(self.path, f"en cell har över {MAX_CELL_CHARS} tecken"))
        self.parts.append(data)

    def value(self) -> str:
        return "".join(self.parts)


class SheetParser:
    """The cells of one worksheet, streamed."""

    def __init__(
        self, path: Path, name: str, strings: list[str], dates: set[int], *, date1904: bool
    ) -> None:
        self.path, self.name, self.strings, self.dates = path, name, strings, dates
        self.epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)  # noqa: DTZ001 (Excel's serial dates have no time zone)
        self.result = ReadSheet(name, [], [])
        self.row: dict[int, Any] = {}
        self.row_number, self.column, self.cells, self.width = 0, -1, 0, 0
        self.cell: dict[str, str] = {}
        self.formula = False
        self.text = CellText(path)
        self.reading = ""  # "v", "t" (inline text) or "" (nothing to keep)
        self.raw: str | None = None
        self.inline: list[str] = []

    def parse(self, stream: IO[bytes]) -> ReadSheet:
        stream_xml(self.path, "bladet", stream, self.start, self.end, self.chars)
        rows = [r for r in self.result.rows if any(v is not None for v in r[1])]
        if not rows:
            raise UserError(f"bladet '{self.name}' i {display(self.path)} är tomt")
        self.result.header_row, self.result.headers = rows[0]  # the first row with text
        self.result.rows = rows[1:]
        return self.result

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise Stop(too_big(self.path, f"över {MAX_CELLS} celler"))
            reference = attrs.get("r")
            self.column = column_number(reference) if reference else self.column + 1
            if not 0 <= self.column < MAX_COLUMNS or self.column in self.row:
                raise Stop(
                    not_xlsx(
                        self.path,
                        f"cellreferensen '{reference}' på rad "
                        f"{self.row_number} är ogiltig eller står två gånger",
                    )
                )
            self.cell, self.formula, self.raw = attrs, False, None
            self.inline = []
        elif tag == "row":
            number = attrs.get("r")
            self.row_number = as_int(number) if number else self.row_number + 1
            if len(self.result.rows) >= MAX_ROWS:
                raise Stop(too_big(self.path, f"över {MAX_ROWS} rader i bladet '{self.name}'"))
            self.row, self.column = {}, -1
            if is_true(attrs.get("hidden")):
                self.result.hidden_rows.append(self.row_number)
        elif tag == "f":
            self.formula = True
        elif tag in {"v", "t"}:
            self.reading = tag
            self.text.reset()
        elif tag == "col" and is_true(attrs.get("hidden")):
            first, last = as_int(attrs.get("min")), as_int(attrs.get("max"))
            self.result.hidden_columns.update(range(first - 1, min(last, first + 16384)))

    def chars(self, data: str) -> None:
        if self.reading:
            self.text.add(data)

    def end(self, tag: str) -> None:
        if tag in {"v", "t"} and self.reading:
            if tag == "v":
                self.raw = self.text.value()
            else:
                self.inline.append(self.text.value())
            self.reading = ""
        elif tag == "c":
            self._cell()
        elif tag == "row":
            width = max(self.row, default=-1) + 1
            self.width += width  # the cells the rows hold once laid out, empty ones too
            if self.width > MAX_CELLS:
                raise Stop(too_big(self.path, f"över {MAX_CELLS} celler"))
            self.result.rows.append((self.row_number, [self.row.get(i) for i in range(width)]))

    def _cell(self) -> None:
        kind = self.cell.get("t", "n")
        where = (self.row_number, self.column)
        if kind == "inlineStr":
            value: Any = "".join(self.inline)
        elif self.raw is None:
            value = None
        else:
            value = self._value(kind, self.raw)
        if self.formula:
            (self.result.missing if value is None else self.result.formulas).append(where)
        if value is not None and value != "":
            self.row[self.column] = value

    def _value(self, kind: str, raw: str) -> Any:
        if kind == "s":
            index = as_int(raw) if raw.strip().isdigit() else -1
            if not 0 <= index < len(self.strings):
                raise Stop(
                    not_xlsx(
                        self.path,
                        f"cellen {cell_name(self.row_number, self.column)}"
                        " pekar på en text som inte finns",
                    )
                )
            return self.strings[index]
        if kind in {"str", "e"}:
            return raw if kind == "str" else None  # an error value (#N/A) is no value
        if kind == "b":
            return raw.strip() in {"1", "true"}
        if kind == "d":
            return as_iso_date(raw)
        number = as_number(raw)
        if number is not None and as_int(self.cell.get("s")) in self.dates:
            return self._date(number)
        return number

    def _date(self, serial: float) -> date | datetime:
        try:
            moment = self.epoch + timedelta(days=serial)
        except OverflowError:
            raise Stop(
                not_xlsx(
                    self.path,
                    f"cellen {cell_name(self.row_number, self.column)} "
                    "har ett datum utanför kalendern",
                )
            ) from None
        return moment.date() if serial == int(serial) else moment


def stream_xml(
    path: Path,
    part: str,
    stream: IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None,
    text: Callable[[str], None] | None,
) -> None:
    """Stream `stream` through expat with local tag names; a DTD or an entity declaration
    (the way to an XML bomb) is refused."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_: Any) -> None:
        raise Stop(
            not_xlsx(path, f"{part} innehåller en DTD eller entiteter, som Excel aldrig skriver")
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = lambda tag, attrs: start(tag.rsplit("}", 1)[-1], attrs)
    if end is not None:
        parser.EndElementHandler = lambda tag: end(tag.rsplit("}", 1)[-1])
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        with stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)  # noqa: FBT003 (expat's isfinal is positional-only)
            parser.Parse(b"", True)  # noqa: FBT003 (as above)
    except expat.ExpatError as exc:
        raise Stop(not_xlsx(path, f"{part} är ingen giltig XML (rad {exc.lineno})")) from None
