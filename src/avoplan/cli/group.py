"""The typer app every command is declared on, its --version and shell completion."""

from __future__ import annotations

import sys
from typing import Annotated

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


def _show_version(show: bool) -> None:  # noqa: FBT001 (typer hands a callback the value)
    if show:
        from avoplan.cli.version import describe

        sys.stdout.write(describe() + "\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[  # noqa: FBT002 (a typer option: typer calls with it by name)
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
