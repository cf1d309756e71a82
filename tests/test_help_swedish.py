"""Swedish throughout: every help page and usage error, with no English from click or
typer left in (issue 12)."""

from __future__ import annotations

import re

import pytest

from tests.helpers import Cli

# Words click and typer print on their own; none may reach a Swedish user.
ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|\[default|\[required|Show this message|"
    r"<str>|<bool>|<int|<float|<dir>|<path>|<file>|int range|x<=|<=x|Did you mean|"
    r"Install completion|Show completion|for the current shell|Error|Try '|COMMAND|"
    r"\[OPTIONS\]|\bARGS\b|INTEGER|Aborted|env var|deprecated|Input should|Got unexpected|"
    r"is not a valid|No such|Missing|requires an argument|is a file|does not exist"
)


def command_names() -> list[str]:
    import typer.main

    from avoplan.cli.app import app

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_listed() -> None:
    assert {"check", "new", "advance", "list", "show", "render"} <= set(command_names())


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], *([name, "--help"] for name in command_names())]
)
def test_help_page_is_swedish(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "Användning: avoplan" in result.stdout
    assert not ENGLISH.search(result.output), ENGLISH.search(result.output)


def test_required_options_are_marked(cli: Cli) -> None:
    page = cli("advance", "--help").stdout
    motivering = next(line for line in page.splitlines() if "--motivering" in line)
    assert "*" in motivering
    assert "[obligatorisk]" in motivering


def test_completion_is_offered_in_swedish(cli: Cli) -> None:
    page = cli("--help").stdout
    assert "--install-completion" in page
    assert "tab-komplettering" in page


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["lisst"], "okänt kommando 'lisst' (menade du 'list'?)"),
        (["check", "--portfolo", "x"], "okänd flagga --portfolo (menade du --portfolio?)"),
        (["render", "plan", "--year", "abc"], "ska vara ett heltal"),
        (["render", "plan", "--year", "1900"], "ska vara minst 2000"),
        (["show", "BEH-001", "extra"], "oväntat argument: extra"),
        (["show"], "ID saknas"),
        (["render", "plan", "--format", "docx"], "välj md, html eller pdf"),
    ],
)
def test_usage_errors_are_swedish(cli: Cli, args: list[str], expected: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert not ENGLISH.search(result.output), result.output
