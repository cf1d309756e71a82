"""The `avoplan` command line. The only module that imports typer."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer import _click as click  # the click that typer bundles and raises from
from typer.core import TyperGroup

from avoplan.errors import UsageError, UserError

F = TypeVar("F", bound=Callable[..., int])

HELP_FLAGS = {"--help", "-h"}


class SwedishGroup(TyperGroup):
    """Runs a command and turns every outcome into a Swedish message and an exit code:
    0 ok, 1 user error or refused action, 2 wrong usage, 3 unexpected, 130 Ctrl-C."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not argv or HELP_FLAGS & set(argv):
            _swedish_help()
        code = _exit_code(lambda: super(SwedishGroup, self).main(
            argv, prog_name or "avoplan", complete_var, standalone_mode=False, **extra))
        if standalone_mode:
            sys.exit(code)
        return code


def _exit_code(invoke: Callable[[], Any]) -> int:
    from avoplan.console import print_error

    try:
        result = invoke()
    except click.exceptions.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            return 2
        from avoplan.usage import swedish

        command = exc.ctx.command_path if exc.ctx else "avoplan"
        print_error(swedish(exc), f"se '{command} --help'")
        return 2
    except UsageError as exc:
        print_error(exc.message, exc.hint)
        return 2
    except UserError as exc:
        print_error(exc.message, exc.hint)
        return 1
    except (KeyboardInterrupt, typer.Abort):
        print_error("avbrutet")
        return 130
    except Exception:
        if os.environ.get("AVOPLAN_DEBUG"):
            raise
        print_error("ett oväntat fel inträffade i avoplan",
                    "kör igen med AVOPLAN_DEBUG=1 för detaljer och rapportera felet")
        return 3
    return result if isinstance(result, int) else 0


def _swedish_help() -> None:
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argument"
    rich_utils.OPTIONS_PANEL_TITLE = "Flaggor"
    rich_utils.COMMANDS_PANEL_TITLE = "Kommandon"
    rich_utils.ERRORS_PANEL_TITLE = "Fel"
    rich_utils.REQUIRED_LONG_STRING = "[obligatorisk]"
    rich_utils.DEFAULT_STRING = "[standard: {}]"


app = typer.Typer(
    cls=SwedishGroup,
    name="avoplan",
    help="Digitaliseringsplanen som kod: behov, projekt och system som YAML i git.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Utformat(StrEnum):
    TEXT = "text"
    JSON = "json"


PortfolioOption = Annotated[
    Path | None,
    typer.Option("--portfolio", "-p", help="Portföljens mapp (annars närmaste, "
                 "$AVOPLAN_PORTFOLIO eller den inbyggda ÄVO-portföljen).",
                 file_okay=False, show_default=False),
]


@app.command(help="Kontrollera alla filer, referenser och regler i portföljen.")
def check(
    portfolio: PortfolioOption = None,
    output_format: Annotated[Utformat, typer.Option("--format", "-f",
                                                    help="Utdata: text eller json.")]
    = Utformat.TEXT,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Läs och validera varje fil på "
                                           "nytt, utan cachen i .avoplan-cache/.")] = False,
) -> int:
    from avoplan.commands import check as command

    return command.run(portfolio, output_format.value, use_cache=not no_cache)


@app.command(help="Lista reglerna från källdokumenten och var de kontrolleras.")
def rules() -> int:
    from avoplan.commands import rules as command

    return command.run()


@app.command(help="Exportera JSON Schema (draft 2020-12) för varje filtyp i portföljen.")
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp att skriva *.schema.json till.",
                                      show_default=False)],
) -> int:
    from avoplan.commands import schema as command

    return command.run(out)


@app.command("demo-portfolio",
             help="Skapa en syntetisk demoportfölj med N behov och projekt (för test och mätning).")
def demo_portfolio(
    items: Annotated[int, typer.Option("--items", "-n", help="Antal behov och projekt.",
                                       show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Ny eller tom mapp att skriva till.",
                                      show_default=False)],
    seed: Annotated[int, typer.Option("--seed", help="Frö; samma frö ger samma filer.")] = 2025,
) -> int:
    from avoplan.commands import demo_portfolio as command

    return command.run(items, out, seed)


def main() -> None:
    app()
