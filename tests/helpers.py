"""Helpers for driving avoplan the way users do: real files, real CLI, real git."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
EMBEDDED = REPO / "portfolio"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Cli:
    """Runs `avoplan ARGS` in-process through typer's CliRunner."""

    def __call__(self, *args: str | Path) -> Result:
        from avoplan.cli import app
        from avoplan.console import reset

        reset()
        runner = CliRunner()
        result = runner.invoke(app, [str(a) for a in args])
        reset()
        return Result(result.exit_code, result.stdout, result.stderr)


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a portfolio file as a user would; fails loudly if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, pattern: str) -> int:
    """1-based line of the first line matching `pattern` (a regular expression)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"{pattern!r} not in {path}")


def finding_lines(output: str) -> list[str]:
    """The `file:line: nivå ...` lines of a check report."""
    return [line for line in output.splitlines() if re.match(r"^\S+:\d+: (fel|varning)", line)]
