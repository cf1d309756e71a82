"""How a command of the full command line ends: what typer and click raise (wrong usage,
an abort) besides what `outcome.guarded` turns into a Swedish message and an exit code:
0 ok, 1 user error or refused action, 2 wrong usage, 3 unexpected (a crash log), 130
Ctrl-C."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer
from typer import _click as click  # the click that typer bundles and raises from

from avoplan.cli.outcome import checked_arguments, guarded, interrupted

__all__ = ["checked_arguments", "exit_code", "interrupted"]


def exit_code(invoke: Callable[[], Any]) -> int:
    def typer_aware() -> Any:
        try:
            return invoke()
        except click.exceptions.UsageError as exc:
            return _wrong_usage(exc)
        except typer.Abort:
            raise KeyboardInterrupt from None

    return guarded(typer_aware)


def _wrong_usage(exc: click.exceptions.UsageError) -> int:
    if type(exc).__name__ != "NoArgsIsHelpError":
        from avoplan.cli.usage import swedish
        from avoplan.ui.console import error

        command = exc.ctx.command_path if exc.ctx else "avoplan"
        error(swedish(exc), f"se '{command} --help'")
    return 2
