"""The `avoplan` command line: the app with every command declared on it, one module
per kind of command (each declaration hands its options to `commands/<verb>.run`). With
exits, swedish_help, options, group and the *_commands modules the only place that
imports typer."""

from __future__ import annotations

import copy
import importlib
from typing import Any

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
    import sys

    (only_the_invoked(sys.argv[1:]) or app)()


NEEDS_EVERY_COMMAND = frozenset({"-h", "--help", "--install-completion", "--show-completion"})


def only_the_invoked(argv: list[str]) -> Any:
    """The app with only the command (or group) that `argv` names: typer turns every
    declaration into a click command before it runs one, about 40 ms for all of them.
    None (the whole app) for help, completion and anything not a known command word,
    so what lists or suggests the commands sees them all."""
    import os

    if not argv or NEEDS_EVERY_COMMAND & set(argv) or "_AVOPLAN_COMPLETE" in os.environ:
        return None
    word = argv[0]
    commands = [c for c in app.registered_commands if _name(c.name, c.callback) == word]
    groups = [g for g in app.registered_groups if _group_name(g) == word]
    if not commands and not groups:
        return None
    narrowed = copy.copy(app)
    narrowed.registered_commands, narrowed.registered_groups = commands, groups
    return narrowed


def _group_name(group: Any) -> Any:
    return group.name if isinstance(group.name, str) else group.typer_instance.info.name


def _name(name: str | None, callback: Any) -> str:
    """A command's word as typer derives it from its function when not named."""
    return name or callback.__name__.lower().replace("_", "-")
