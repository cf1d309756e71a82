"""Reading a spreadsheet someone sent us, with bounds: an xlsx is checked (entries, their
inflated sizes) before anything is inflated, then streamed through expat with no DTD or
entity allowed, counting rows, cells and each cell's length as it goes, so a zip bomb,
one enormous cell or a million rows are refused within seconds and bounded memory. A
CSV (UTF-8 with or without BOM, or Windows-1252; `;`, `,` or tab) gets the same bounds.

What the file says is taken from the file, never from its own summary: a `<dimension>`
that understates the sheet is ignored. Values are read, never formulas: a formula cell
gives its cached value and is reported; one without a cached value is reported as
missing. Hidden rows and columns are reported, never silently taken or dropped."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from avoplan.core.errors import UserError
from avoplan.store.csv_reader import read_csv
from avoplan.store.files import display
from avoplan.store.sheet_bounds import (
    MAX_CELLS,
    MAX_CSV_BYTES,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_INFLATED_BYTES,
    ReadSheet,
    too_big,
)
from avoplan.store.sheet_cells import (
    as_int,
    is_date_format,
    is_true,
)
from avoplan.store.sheet_xml import CellText, SheetParser, Stop, not_xlsx, stream_xml


def read(path: Path, sheet_name: str | None = None) -> ReadSheet:
    """An xlsx or CSV file's sheet (the first, or `sheet_name`), or a Swedish UserError."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(8)
    except FileNotFoundError:
        raise UserError(f"{display(path)} finns inte") from None
    except IsADirectoryError:
        raise UserError(f"{display(path)} är en mapp, inte en fil") from None
    except OSError as exc:
        raise UserError(f"kan inte läsa {display(path)}: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise too_big(path, f"filen är {size // 2**20} MB; högst {MAX_FILE_BYTES // 2**20} MB")
    if magic.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, sheet_name)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError(
            f"{display(path)} är i Excels gamla format (.xls) eller lösenordsskyddad",
            "spara den utan lösenord som Excel-arbetsbok (.xlsx) eller CSV och försök igen",
        )
    if path.suffix.lower() in {".csv", ".txt"}:
        if size > MAX_CSV_BYTES:
            raise too_big(
                path, f"filen är {size // 2**20} MB; högst {MAX_CSV_BYTES // 2**20} MB för CSV"
            )
        if sheet_name is not None:
            raise UserError("--blad gäller bara Excel-filer; en CSV-fil har ett enda blad")
        return read_csv(path)
    raise UserError(
        f"{display(path)} är varken en Excel-fil (xlsx) eller en CSV-fil",
        "spara listan som Excel-arbetsbok (.xlsx) eller CSV (.csv)",
    )


# --- xlsx ------------------------------------------------------------------------------


def _read_xlsx(path: Path, sheet_name: str | None) -> ReadSheet:
    try:
        with zipfile.ZipFile(path) as book:
            return _Book(path, book).sheet(sheet_name)
    except Stop as stop:
        raise stop.error from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        NotImplementedError,
        ValueError,
        OSError,
    ) as exc:
        raise not_xlsx(path, _zip_problem(exc)) from None


def _zip_problem(exc: Exception) -> str:
    text = str(exc)
    if "CRC" in text or "Bad magic" in text or isinstance(exc, EOFError):
        return "filen är skadad (innehållet stämmer inte med zip-arkivets uppgifter)"
    if isinstance(exc, NotImplementedError) or "compression" in text:
        return "zip-arkivet använder en komprimering som inte stöds"
    if "encrypt" in text or "password" in text:
        return "filen är lösenordsskyddad"
    return "filen är inget giltigt zip-arkiv"


class _Book:
    def __init__(self, path: Path, book: zipfile.ZipFile) -> None:
        self.path, self.book = path, book
        infos = book.infolist()
        if len(infos) > MAX_ENTRIES:
            raise Stop(too_big(path, f"{len(infos)} delar i zip-arkivet"))
        self.parts = {i.filename.lstrip("/"): i for i in infos}
        if any(i.flag_bits & 0x1 for i in infos):
            raise Stop(not_xlsx(path, "filen är lösenordsskyddad"))
        self.inflated = 0

    def sheet(self, sheet_name: str | None) -> ReadSheet:
        if "xl/workbook.xml" not in self.parts:
            hint = " (en OpenDocument-fil, .ods?)" if "content.xml" in self.parts else ""
            raise Stop(not_xlsx(self.path, f"arbetsboken saknas{hint}"))
        sheets, date1904 = self._workbook()
        if not sheets:
            raise Stop(not_xlsx(self.path, "arbetsboken har inga blad"))
        names = [name for name, _ in sheets]
        if sheet_name is not None and sheet_name not in names:
            raise Stop(
                UserError(
                    f"bladet '{sheet_name}' finns inte i {display(self.path)}",
                    f"bladen är {', '.join(names)}",
                )
            )
        name, target = next(s for s in sheets if sheet_name in (None, s[0]))
        parts = [target, "xl/sharedStrings.xml", "xl/styles.xml"]
        total = self.inflated + sum(self.parts[p].file_size for p in parts if p in self.parts)
        if total > MAX_INFLATED_BYTES:
            raise Stop(
                too_big(
                    self.path,
                    f"uppackad {total // 2**20} MB; högst {MAX_INFLATED_BYTES // 2**20} MB",
                )
            )
        strings = self._shared_strings()
        dates = self._date_styles()
        return SheetParser(self.path, name, strings, dates, date1904=date1904).parse(
            self._open(target)
        )

    def _open(self, part: str) -> IO[bytes]:
        info = self.parts.get(part)
        if info is None:
            raise Stop(not_xlsx(self.path, f"delen {part} saknas"))
        self.inflated += info.file_size
        if self.inflated > MAX_INFLATED_BYTES:
            raise Stop(too_big(self.path, f"uppackad över {MAX_INFLATED_BYTES // 2**20} MB"))
        return self.book.open(info)  # reads at most file_size bytes, checked by CRC

    def _parse(
        self,
        part: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None] | None = None,
        text: Callable[[str], None] | None = None,
    ) -> None:
        stream_xml(self.path, part, self._open(part), start, end, text)

    def _workbook(self) -> tuple[list[tuple[str, str]], bool]:
        """(name, part) of every sheet in order, and whether dates count from 1904."""
        found: list[tuple[str, str]] = []
        flags = {"1904": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "sheet":
                rid = next((v for k, v in attrs.items() if k.endswith("}id")), "")
                found.append((attrs.get("name", ""), rid))
            elif tag == "workbookPr":
                flags["1904"] = is_true(attrs.get("date1904"))

        self._parse("xl/workbook.xml", start)
        targets = self._relations()
        return [(name, targets.get(rid, "")) for name, rid in found], flags["1904"]

    def _relations(self) -> dict[str, str]:
        targets: dict[str, str] = {}
        part = "xl/_rels/workbook.xml.rels"
        if part not in self.parts:
            return targets

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "Relationship":
                target = attrs.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[attrs.get("Id", "")] = _normal(target)

        self._parse(part, start)
        return targets

    def _shared_strings(self) -> list[str]:
        strings: list[str] = []
        if "xl/sharedStrings.xml" not in self.parts:
            return strings
        text = CellText(self.path)
        depth = {"rph": 0, "t": 0}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "si":
                text.reset()
            elif tag == "rPh":
                depth["rph"] += 1
            elif tag == "t" and not depth["rph"]:
                depth["t"] += 1

        def end(tag: str) -> None:
            if tag == "si":
                strings.append(text.value())
                if len(strings) > MAX_CELLS:
                    raise Stop(too_big(self.path, f"över {MAX_CELLS} texter"))
            elif tag == "rPh":
                depth["rph"] -= 1
            elif tag == "t" and depth["t"]:
                depth["t"] -= 1

        def chars(data: str) -> None:
            if depth["t"]:
                text.add(data)

        self._parse("xl/sharedStrings.xml", start, end, chars)
        return strings

    def _date_styles(self) -> set[int]:
        """The indexes of the cell styles that show a number as a date."""
        if "xl/styles.xml" not in self.parts:
            return set()
        codes: dict[int, str] = {}
        xfs: list[int] = []
        inside = {"cellXfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "numFmt":
                codes[as_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
            elif tag == "cellXfs":
                inside["cellXfs"] = True
            elif tag == "xf" and inside["cellXfs"]:
                xfs.append(as_int(attrs.get("numFmtId")))

        def end(tag: str) -> None:
            if tag == "cellXfs":
                inside["cellXfs"] = False

        self._parse("xl/styles.xml", start, end)
        return {i for i, fmt in enumerate(xfs) if is_date_format(fmt, codes.get(fmt))}


def _normal(part: str) -> str:
    """A part name with `..` and `.` resolved (xl/worksheets/../x.xml → xl/x.xml)."""
    stack: list[str] = []
    for piece in part.split("/"):
        if piece == "..":
            if stack:
                stack.pop()
        elif piece and piece != ".":
            stack.append(piece)
    return "/".join(stack)
