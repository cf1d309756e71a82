"""All terminal output goes through here (hatch's terminal.py is the model): plain lines,
styled lines, tables, JSON, raw documents and the error block. User data is always
escaped before it reaches rich markup, and terminal control characters are shown as
visible escapes, so a title can neither crash a command nor steer the terminal."""

from __future__ import annotations

import functools
import json as jsonlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# C0 and C1 control characters except tab and newline; DEL too.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """User data made safe for a terminal: control characters as visible \\xNN escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", str(text))


def safe(text: object) -> str:
    """User data made safe for rich markup: cleaned, then markup-escaped."""
    from rich.markup import escape

    return escape(clean(text))


@functools.cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=_soft_wrap())


@functools.cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=_soft_wrap())


def _soft_wrap() -> bool:
    # Machine-readable lines (file:line: ...) must never be wrapped when piped.
    return not os.isatty(1)


def say(text: str) -> None:
    """One plain line to stdout without loading rich: for commands that must start and
    finish fast (advance), where colour adds nothing the words do not say."""
    sys.stdout.write(clean(text) + "\n")


def line(text: str, style: str | None = None) -> None:
    """One line of user-facing text, optionally styled as a whole ('bold', 'green').
    Where no style can show (a pipe, a file, NO_COLOR) the line is written as it is:
    thousands of lines (prioritet --explain) then take milliseconds, not seconds."""
    if out().color_system is None and not out().is_terminal:
        sys.stdout.write(clean(text) + "\n")
        return
    body = safe(text)
    out().print(f"[{style}]{body}[/]" if style else body)


def styled(*parts: tuple[str, str | None]) -> None:
    """One line made of (text, style) parts; every text is escaped."""
    out().print("".join(f"[{style}]{safe(text)}[/]" if style else safe(text)
                        for text, style in parts))


@dataclass(frozen=True)
class Column:
    heading: str
    justify: str = "left"  # "right" for numbers
    style: str | None = None
    footer: str = ""
    wrap: bool = True  # False for ids and e-post: whole on one line, others give way


def table(title: str | None, columns: Sequence[Column | str], rows: Sequence[Sequence[object]],
          *, caption: str | None = None, show_header: bool = True) -> None:
    from rich.table import Table

    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    footer = any(c.footer for c in cols)
    grid = Table(title=safe(title) if title else None, show_header=show_header,
                 show_footer=footer, title_justify="left",
                 caption=safe(caption) if caption else None)
    for col in cols:
        # fold, never "…": an id or e-post cut short cannot be typed back in
        grid.add_column(safe(col.heading), justify=col.justify,  # type: ignore[arg-type]
                        style=col.style, footer=safe(col.footer), overflow="fold",
                        no_wrap=not col.wrap)
    for row in rows:
        grid.add_row(*(safe("" if cell is None else cell) for cell in row))
    out().print(grid)


def screenful() -> int:
    """How many table rows fit on the screen; beyond that a table is printed plain."""
    import shutil

    return max(shutil.get_terminal_size().lines - 6, 10)


def plain_table(title: str | None, columns: Sequence[Column | str],
                rows: Sequence[Sequence[object]]) -> None:
    """Rows as aligned plain text, columns sized to their content and the last left
    unpadded: thousands of rows print in a blink, where rich takes seconds."""
    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    cells = [[clean("" if cell is None else cell) for cell in row] for row in rows]
    head = [c.heading for c in cols]
    widths = [max(len(r[i]) for r in [head, *cells]) for i in range(len(cols))]

    def format_row(row: list[str]) -> str:
        parts = [cell.rjust(w) if col.justify == "right" else cell.ljust(w)
                 for cell, w, col in zip(row, widths, cols, strict=True)]
        parts[-1] = row[-1] if cols[-1].justify != "right" else parts[-1]
        return "  ".join(parts).rstrip()

    lines = [clean(title)] if title else []
    lines += [format_row(head), *(format_row(r) for r in cells)]
    sys.stdout.write("\n".join(lines) + "\n")


def csv(columns: Sequence[str], rows: Sequence[Sequence[object]], *, excel: bool = False) -> None:
    """CSV on stdout; `excel`: semicolons and a byte-order mark, as Swedish Excel reads."""
    import csv as csvlib
    import io

    buffer = io.StringIO()
    writer = csvlib.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(["" if c is None else c for c in row] for row in rows)
    sys.stdout.write(("\ufeff" if excel else "") + buffer.getvalue())


def json(data: Any) -> None:
    """Machine-readable output: UTF-8 JSON on stdout."""
    sys.stdout.write(jsonlib.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def raw(text: str) -> None:
    """A finished document or annotation block, written as is."""
    sys.stdout.write(text)


def error(message: str, hint: str | None = None, details: Sequence[str] = ()) -> None:
    err().print(f"[bold red]Fel:[/] {safe(message)}")
    for detail in details:
        err().print(f"  - {safe(detail)}")
    if hint:
        err().print(f"[dim]Tips: {safe(hint)}[/]")


def warning(message: str) -> None:
    err().print(f"[yellow]Varning:[/] {safe(message)}")


PROGRESS_MIN = 500  # items below which work finishes within about a second: no bar


@contextmanager
def progress(description: str, total: int) -> Iterator[Callable[[], None]]:
    """A transient progress bar on stderr for long work; yields the function to call
    per item. Nothing at all when stderr is not a terminal (pipes, CI, tests) or when
    the work is short."""
    if total < PROGRESS_MIN or not err().is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err(), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)


@contextmanager
def busy(description: str, size: int) -> Iterator[None]:
    """A transient spinner on stderr while one long step runs (same rules as progress)."""
    if size < PROGRESS_MIN or not err().is_terminal:
        yield
        return
    with err().status(description):
        yield


def ask(question: str, default: str | None = None) -> str:
    """One answer typed at the terminal (only asked when stdin is a terminal)."""
    from rich.prompt import Prompt

    return Prompt.ask(safe(question), console=out(), default=default or "",
                      show_default=bool(default)).strip()


def reset() -> None:
    """Forget cached consoles; tests swap stdout between invocations."""
    out.cache_clear()
    err.cache_clear()
