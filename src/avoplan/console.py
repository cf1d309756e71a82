"""All terminal output goes through here, so colour and width are decided once."""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


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
    """One plain line to stdout, without loading rich: for commands that must start and
    finish fast (advance), where colour adds nothing the words do not say."""
    import sys

    sys.stdout.write(text + "\n")


def print_error(message: str, hint: str | None = None, details: tuple[str, ...] = ()) -> None:
    from rich.markup import escape

    err().print(f"[bold red]Fel:[/] {escape(message)}")
    for detail in details:
        err().print(f"  - {escape(detail)}")
    if hint:
        err().print(f"[dim]Tips: {escape(hint)}[/]")


def reset() -> None:
    """Forget cached consoles; tests swap stdout between invocations."""
    out.cache_clear()
    err.cache_clear()
