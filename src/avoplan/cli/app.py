"""The `avoplan` command line: the app with every command declared on it, one module
per kind of command (each declaration hands its options to `commands/<verb>.run`). With
exits, swedish_help, options, group and the *_commands modules the only place that
imports typer."""

from __future__ import annotations

import importlib

from avoplan.cli.group import app

__all__ = ["app", "main"]

# Importing a module declares its commands on the app, in this order in --help.
COMMAND_MODULES = (
    "portfolio_commands",
    "writing_commands",
    "review_commands",
    "output_commands",
    "federation_commands",
    "mote_commands",
)
for _module in COMMAND_MODULES:
    importlib.import_module(f"avoplan.cli.{_module}")


def main() -> None:
    app()
