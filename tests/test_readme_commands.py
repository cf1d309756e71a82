"""The README's command table against the CLI itself (issue 21): one row per command, and
every flag and every list of choices a row names is what `--help` offers."""

from __future__ import annotations

import re
from typing import Any

import typer.main

from avoplan.cli.app import app
from avoplan.documents.registry import ALL, DOCUMENTS
from tests.helpers import REPO


def commands() -> dict[str, Any]:
    """Every command path ('check', 'federation sync') and its click command."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        if getattr(command, "hidden", False):  # an ASCII spelling (mote, narvaro)
            return
        subcommands = getattr(command, "commands", None)
        if subcommands and path:
            for name, sub in subcommands.items():
                walk(sub, [*path, name])
        elif path:
            found[" ".join(path)] = command

    root = typer.main.get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if name != "mote":  # the ASCII spelling of möte, the same group
            walk(command, [name])
    return found


def rows() -> list[str]:
    """The first cell (the command line in backticks) of every row of '## Kommandon'."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Kommandon\n", 1)[1].split("\n## ", 1)[0]
    return [
        found.group(1).replace("\\|", "|")
        for found in re.finditer(r"^\| `(avoplan [^`]+)` \|", section, re.MULTILINE)
    ]


def command_of(line: str, known: dict[str, Any]) -> str:
    words = line.split()[1:]
    for length in (2, 1):
        candidate = " ".join(words[:length])
        if candidate in known:
            return candidate
    return words[0]


def choices(param: Any) -> set[str] | None:
    descriptor = getattr(param, "type_descriptor", None) or getattr(param, "type", None)
    options = getattr(descriptor, "choices", None)
    return {str(getattr(c, "value", c)) for c in options} if options else None


def test_the_command_table_has_one_row_per_command() -> None:
    known = commands()
    named = [command_of(line, known) for line in rows() if not line.startswith("avoplan --")]
    assert sorted(named) == sorted(known), (
        f"saknas: {sorted(set(known) - set(named))}, "
        f"okända eller dubbla: {sorted(n for n in named if named.count(n) > 1 or n not in known)}"
    )


def test_every_flag_and_choice_in_the_table_is_one_the_cli_offers() -> None:
    known = commands()
    root = typer.main.get_command(app)
    for line in rows():
        if line.startswith("avoplan --"):
            offered = {o for p in root.params for o in p.opts}
            assert line.split()[1] in offered, line
            continue
        command = known[command_of(line, known)]
        params = {o: p for p in command.params for o in p.opts}
        for flag, listed in re.findall(r"(--[\w\-åäö]+)(?: ([\w\-]+(?:\|[\w\-]+)+))?", line):
            assert flag in params, f"{line}: {flag} finns inte"
            words = choices(params[flag])
            if listed and words is not None:
                assert set(listed.split("|")) == words, f"{line}: {flag} {listed}"
    render = next(line for line in rows() if line.startswith("avoplan render "))
    assert set(render.split()[2].split("|")) == {*DOCUMENTS, ALL}
