"""All terminal output goes through here (hatch's terminal.py is the model): plain lines,
styled lines, tables, JSON, raw documents and the error block. User data is always
escaped before it reaches rich markup, and terminal control characters are shown as
visible escapes, so a title can neither crash a command nor steer the terminal.

Everything that is not rich goes out through `write`, the one terminal-safe writer:
Markdown, CSV and annotation blocks included. It lets through newline, tab and the
carriage return of a CRLF line end (CSV's), nothing else of C0, DEL or C1; JSON keeps
its meaning by escaping those as \\u00NN."""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

# C0 and C1 control characters except tab and newline; DEL too.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """User data made safe for a terminal: control characters as visible \\xNN escapes."""
    return _CONTROL.sub(_visible, str(text))


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match[0]):02x}"


# What `write` neutralises: _CONTROL, except a carriage return that ends a CRLF line.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
# In JSON text C0 is already escaped; DEL and C1 (ensure_ascii=False) are not.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f]")


def write(text: str, *, stream: TextIO | None = None) -> None:
    """The one terminal-safe writer for everything that does not go through rich:
    control characters become visible \\xNN escapes (a CRLF line end stays)."""
    (stream or sys.stdout).write(_UNSAFE.sub(_visible, text))


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
    write(clean(text) + "\n")


def _no_terminal(stream: TextIO | None = None) -> bool:
    """Whether rich would find no terminal on stdout (or `stream`: TTY_COMPATIBLE,
    FORCE_COLOR, then isatty, as rich asks), known without loading rich: `set` then
    starts without it."""
    import builtins

    if hasattr(builtins, "get_ipython") or os.environ.get("DATABRICKS_RUNTIME_VERSION"):
        return False  # a notebook, where rich decides otherwise: rich asks
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "0"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force == ""
    try:
        return not (stream or sys.stdout).isatty()
    except (AttributeError, ValueError):
        return True


def unstyled() -> bool:
    """Whether no style can show on stdout (a pipe, a file, NO_COLOR): `line` and `styled`
    then write their text as it is, and so may a caller that writes many lines at once."""
    return _no_terminal() or (out().color_system is None and not out().is_terminal)


def line(text: str, style: str | None = None) -> None:
    """One line of user-facing text, optionally styled as a whole ('bold', 'green').
    Where no style can show (a pipe, a file, NO_COLOR) the line is written as it is:
    thousands of lines (prioritet --explain) then take milliseconds, not seconds."""
    if unstyled():
        write(clean(text) + "\n")
        return
    body = safe(text)
    out().print(f"[{style}]{body}[/]" if style else body)


def styled(*parts: tuple[str, str | None]) -> None:
    """One line made of (text, style) parts; every text is escaped. Written as it is
    where no style can show, as `line` is (a warm check prints thousands of findings)."""
    if unstyled():
        write(clean("".join(text for text, _ in parts)) + "\n")
        return
    out().print(
        "".join(f"[{style}]{safe(text)}[/]" if style else safe(text) for text, style in parts)
    )


@dataclass(frozen=True)
class Column:
    heading: str
    justify: str = "left"  # "right" for numbers
    style: str | None = None
    footer: str = ""
    wrap: bool = True  # False for ids and e-post: whole on one line, others give way
    optional: bool = False  # left out, and said so, where the table would not fit


def table(
    title: str | None,
    columns: Sequence[Column | str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str | None = None,
    show_header: bool = True,
) -> None:
    from rich.table import Table

    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    cells = [["" if cell is None else str(cell) for cell in row] for row in rows]
    keep = list(range(len(cols)))

    def fitted(*, squeeze: bool) -> list[int | None] | None:
        return fitted_widths(
            [cols[i] for i in keep],
            [[r[i] for i in keep] for r in cells],
            out().width,
            squeeze=squeeze,
        )

    widths = fitted(squeeze=False)
    while widths is None and any(cols[i].optional for i in keep):
        keep.remove(max(i for i in keep if cols[i].optional))
        widths = fitted(squeeze=False)
    widths = widths or fitted(squeeze=True)
    left_out = [cols[i].heading for i in range(len(cols)) if i not in keep]
    if left_out:
        note = (
            f"Utelämnat vid den här bredden: {', '.join(left_out)} (bredare terminal "
            "eller -f json visar allt)."
        )
        caption = f"{caption}\n{note}" if caption else note
    footer = any(cols[i].footer for i in keep)
    grid = Table(
        title=safe(title) if title else None,
        show_header=show_header,
        show_footer=footer,
        title_justify="left",
        caption=safe(caption) if caption else None,
    )
    for i, width in zip(keep, widths or [None] * len(keep), strict=True):
        col = cols[i]
        # An id or e-post folds, never "…": cut short it cannot be typed back in. Text
        # wraps between words; a word wider than its column ends in "…".
        grid.add_column(
            safe(col.heading),
            justify=col.justify,  # type: ignore[arg-type]
            style=col.style,
            footer=safe(col.footer),
            overflow="ellipsis" if col.wrap else "fold",
            no_wrap=not col.wrap,
            width=width,
        )
    for row in rows:
        grid.add_row(*(safe("" if row[i] is None else row[i]) for i in keep))
    out().print(grid)


def fitted_widths(
    cols: Sequence[Column], cells: Sequence[Sequence[str]], total: int, *, squeeze: bool = True
) -> list[int | None] | None:
    """Column widths for a table `total` characters wide that break no word, id, date or
    amount: each column gets at least its longest word (the whole cell where it does not
    wrap, and for numbers), and what is left goes to the columns with the most text.
    With `squeeze`, long words give way (ending in "…") before ids, dates and amounts do.
    [None, …]: the table fits as it is; None: it cannot fit without breaking something."""
    from rich.cells import cell_len

    def words(text: str) -> list[int]:  # a no-break space binds: 1 234 kr is one word
        return [cell_len(w) for line in text.splitlines() for w in line.split(" ")] or [0]

    def longest_line(text: str) -> int:
        return max((cell_len(line) for line in text.splitlines()), default=0)

    columns = list(zip(*cells, strict=True)) if cells else [() for _ in cols]
    whole = [max(map(longest_line, column), default=0) for column in columns]
    widest = [max(longest_line(c.heading), w) for c, w in zip(cols, whole, strict=True)]
    least = [
        w
        if not c.wrap
        else max(
            [
                *words(c.heading),
                *(
                    [cell_w]
                    if c.justify == "right"
                    else [x for cell in column for x in words(cell)]
                ),
            ]
        )
        for c, w, cell_w, column in zip(cols, widest, whole, columns, strict=True)
    ]
    room = total - (3 * len(cols) + 1)  # a border and a space either side of each column
    if sum(widest) <= room:
        return [None] * len(cols)
    if sum(least) > room and not squeeze:
        return None
    if sum(least) > room:  # too narrow for every word: ids, dates and short words first
        least = [
            m if m <= SHORT_WORD or not c.wrap or c.justify == "right" else 0
            for c, m in zip(cols, least, strict=True)
        ]
        if sum(least) + MIN_TEXT * least.count(0) > room:
            return None
        least = [m or MIN_TEXT for m in least]
    spare, wanted = room - sum(least), [w - m for w, m in zip(widest, least, strict=True)]
    given = [m + spare * want // max(sum(wanted), 1) for m, want in zip(least, wanted, strict=True)]
    return [width or 1 for width in given]


SHORT_WORD = 12  # a date is 10: never broken, even when long words must give way
MIN_TEXT = 6


def screenful() -> int:
    """How many table rows fit on the screen; beyond that a table is printed plain."""
    import shutil

    return max(shutil.get_terminal_size().lines - 6, 10)


def plain_table(
    title: str | None, columns: Sequence[Column | str], rows: Sequence[Sequence[object]]
) -> None:
    """Rows as aligned plain text, columns sized to their content and the last left
    unpadded: thousands of rows print in a blink, where rich takes seconds."""
    import shutil

    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    cells = [[clean("" if cell is None else cell) for cell in row] for row in rows]
    head = [c.heading for c in cols]
    widths = [max(len(r[i]) for r in [head, *cells]) for i in range(len(cols))]

    room = shutil.get_terminal_size().columns - sum(w + 2 for w in widths[:-1])

    def format_row(row: list[str]) -> str:
        parts = [
            cell.rjust(w) if col.justify == "right" else cell.ljust(w)
            for cell, w, col in zip(row, widths, cols, strict=True)
        ]
        parts[-1] = row[-1] if cols[-1].justify != "right" else parts[-1]
        if len(parts[-1]) > room >= MIN_TEXT:  # the last column gives way, whole words
            parts[-1] = shortened(parts[-1], room)
        return "  ".join(parts).rstrip()

    lines = [clean(title)] if title else []
    lines += [format_row(head), *(format_row(r) for r in cells)]
    write("\n".join(lines) + "\n")


def shortened(text: str, width: int) -> str:
    """`text` cut after the last whole word that fits in `width`, with "…"."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut and not text[width - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def csv(columns: Sequence[str], rows: Sequence[Sequence[object]], *, excel: bool = False) -> None:
    """CSV on stdout; `excel`: semicolons and a byte-order mark, as Swedish Excel reads."""
    import csv as csvlib
    import io

    buffer = io.StringIO()
    writer = csvlib.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(["" if c is None else c for c in row] for row in rows)
    write(("\ufeff" if excel else "") + buffer.getvalue())


def json(data: Any) -> None:
    """Machine-readable output: UTF-8 JSON on stdout."""
    import json as jsonlib  # only for JSON output: every writing command starts without it

    text = jsonlib.dumps(data, ensure_ascii=False, indent=2, default=str)
    write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n")


def raw(text: str) -> None:
    """A finished document, CSV or annotation block, written as is but for control
    characters (see `write`)."""
    write(text)


def error(message: str, hint: str | None = None, details: Sequence[str] = ()) -> None:
    err().print(f"[bold red]Fel:[/] {safe(message)}")
    for detail in details:
        err().print(f"  - {safe(detail)}")
    if hint:
        err().print(f"[dim]Tips: {safe(hint)}[/]")


def warning(message: str) -> None:
    err().print(f"[yellow]Varning:[/] {safe(message)}")


def terminal_on_stderr() -> bool:
    """Whether stderr is a terminal that a progress bar or spinner can show on; rich is
    loaded to tell only where it might be (a check over a pipe starts without it)."""
    return not _no_terminal(sys.stderr) and err().is_terminal


PROGRESS_MIN = 500  # items below which work finishes within about a second: no bar


@contextmanager
def progress(description: str, total: int) -> Iterator[Callable[[], None]]:
    """A transient progress bar on stderr for long work; yields the function to call
    per item. Nothing at all when stderr is not a terminal (pipes, CI, tests) or when
    the work is short."""
    if total < PROGRESS_MIN or not terminal_on_stderr():
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err(),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)


@contextmanager
def busy(description: str, size: int) -> Iterator[None]:
    """A transient spinner on stderr while one long step runs (same rules as progress)."""
    if size < PROGRESS_MIN or not terminal_on_stderr():
        yield
        return
    with err().status(description):
        yield


def ask(question: str, default: str | None = None) -> str:
    """One answer typed at the terminal (only asked when stdin is a terminal)."""
    from rich.prompt import Prompt

    return Prompt.ask(
        safe(question), console=out(), default=default or "", show_default=bool(default)
    ).strip()


def debug_log() -> None:
    """Under AVOPLAN_DEBUG: the debug log (git's own words behind a Swedish message) on
    stderr, through the same terminal-safe writer."""
    import logging

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            write(f"avoplan (debug): {self.format(record)}\n", stream=sys.stderr)

    _debug_off()
    handler = Handler()
    handler.set_name(_DEBUG_HANDLER)
    logger = logging.getLogger("avoplan")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


_DEBUG_HANDLER = "avoplan-debug"


def _debug_off() -> None:
    import logging

    logger = logging.getLogger("avoplan")
    for handler in [h for h in logger.handlers if h.get_name() == _DEBUG_HANDLER]:
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


def reset() -> None:
    """Forget cached consoles and the debug log; tests swap stdout between invocations."""
    out.cache_clear()
    err.cache_clear()
    if "logging" in sys.modules:
        _debug_off()
