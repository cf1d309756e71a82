"""The typer app every command is declared on, its --version and shell completion."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from avoplan.cli.swedish_help import SwedishGroup

app = typer.Typer(
    cls=SwedishGroup,
    name="avoplan",
    help="Digitaliseringsplanen som kod: behov, projekt och system som YAML i git.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(show: bool) -> None:
    if show:
        from avoplan.cli.version import describe

        sys.stdout.write(describe() + "\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Visa avoplans version och den commit den byggdes från, och avsluta.",
            is_eager=True,
            callback=_show_version,
        ),
    ] = False,
) -> None:
    """Digitaliseringsplanen som kod: behov, projekt och system som YAML i git."""


def _completer(name: str) -> Any:
    """A shell completion of `name` (a function of avoplan.workspace.completion) over the
    portfolio the command line names, or the one it would find."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from avoplan.workspace import completion

        given = ctx.params.get("portfolio")
        return completion.safely(getattr(completion, name), given, incomplete)

    return complete
