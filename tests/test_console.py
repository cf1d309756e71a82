"""One console: user data never reaches rich markup or the terminal raw, and an
unexpected error leaves a crash log whose path the user is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Cli, replace_in

HOSTILE_TITLES = [
    "Skannade [/] blanketter",
    "[bold red]Brådskande[/bold red]",
    "Larm \x1b[31mröd\x1b[0m text",
    "Nattillsyn \x9b2J",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
@pytest.mark.parametrize("command", [("show", "BEH-010"), ("list",), ("history", "BEH-010")])
def test_user_text_is_shown_literally_and_never_steers_the_terminal(
    cli: Cli, portfolio: Path, title: str, command: tuple[str, ...]
) -> None:
    import json

    replace_in(portfolio / "behov" / "BEH-010.yaml", "titel: ", f"titel: {json.dumps(title)}\n#")
    result = cli(*command, "-p", portfolio)
    assert result.exit_code == 0, result.output
    shown = title.replace("\x1b", "\\x1b").replace("\x9b", "\\x9b")
    assert shown in result.stdout.replace("\n", "")
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout


def test_a_path_with_markup_is_shown_as_written(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    odd = tmp_path / "mapp [b] med [bold]"
    portfolio.rename(odd)
    result = cli("new", "behov", "--titel", "Ny idé", "--avdelning", "hemtjanst", "-p", odd)
    assert result.exit_code == 0, result.output
    assert "[b] med [bold]" in result.stdout and (odd / "behov" / "BEH-020.yaml").is_file()


def test_an_unexpected_error_writes_a_crash_log_and_names_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from avoplan.commands import rules

    def broken(*_: object) -> int:
        raise RuntimeError("något gick sönder på djupet")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(rules, "run", broken)
    result = cli("rules")
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    log = tmp_path / "cache" / "avoplan" / "avoplan-fel.log"
    assert str(log) in result.stderr
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: något gick sönder på djupet" in text and "Traceback" in text


class _Terminal:
    """A stdout that says it is a terminal (or not)."""

    def __init__(self, *, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize(
    "environment",
    [{}, {"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "0"},
     {"TTY_COMPATIBLE": "1"}, {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, {"NO_COLOR": "1"}],
)  # fmt: skip
def test_a_line_is_written_without_rich_only_where_rich_finds_no_terminal(
    monkeypatch: pytest.MonkeyPatch, tty: bool, environment: dict[str, str]
) -> None:
    """`set` starts without rich where no colour can show; rich agrees in every case."""
    import sys

    from rich.console import Console

    from avoplan.ui import console

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdout", _Terminal(tty=tty))
    rich = Console(highlight=False)
    if console._no_terminal():
        assert not rich.is_terminal
        assert rich.color_system is None
    else:
        assert tty or "FORCE_COLOR" in environment or "TTY_COMPATIBLE" in environment


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize(
    "environment",
    [{}, {"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "0"},
     {"TTY_COMPATIBLE": "1"}, {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}],
)  # fmt: skip
def test_a_progress_bar_is_left_out_without_rich_only_where_rich_finds_no_terminal_on_stderr(
    monkeypatch: pytest.MonkeyPatch, tty: bool, environment: dict[str, str]
) -> None:
    """A check over a pipe starts without rich; rich agrees about stderr in every case."""
    import sys

    from rich.console import Console

    from avoplan.ui import console

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stderr", _Terminal(tty=tty))
    console.err.cache_clear()
    try:
        assert console.terminal_on_stderr() == Console(stderr=True).is_terminal
        if console._no_terminal(sys.stderr):
            assert not Console(stderr=True).is_terminal
    finally:
        console.err.cache_clear()
