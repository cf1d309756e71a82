"""Helpers for driving avoplan the way users do: real files, real CLI, real git."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
EMBEDDED = REPO / "portfolio"


def copy_portfolio(source: Path, target: Path) -> Path:
    """A copy of a portfolio's own files: never generated state such as the check cache
    that `make plan` leaves in the checkout, so every test starts from the same files."""
    import shutil

    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".avoplan-cache"))
    return target


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
        from unittest import mock

        import typer.testing

        from avoplan.cli.app import app
        from avoplan.ui.console import reset

        argv = [str(a) for a in args]
        reset()
        runner = CliRunner()
        # typer builds the click command from the app's signatures on every invoke (about
        # 0.1 s, most of a short command); it is built once per process instead. Help
        # rewrites the command it prints (Swedish labels), so help gets one of its own.
        built = _built_command() if argv and not _HELP_ARGS & set(argv) else None
        with mock.patch.object(typer.testing, "_get_command", lambda a: built or _build(a)):
            result = runner.invoke(app, argv)
        reset()
        return Result(result.exit_code, result.stdout, result.stderr)


_HELP_ARGS = {"--help", "-h", "--install-completion", "--show-completion"}


def _build(app: Any) -> Any:
    import typer.main

    return typer.main.get_command(app)


@functools.cache
def _built_command() -> Any:
    from avoplan.cli.app import app

    return _build(app)


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


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its output (fails the test on error)."""
    import subprocess

    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def make_repo(root: Path, source: Path = EMBEDDED) -> Path:
    """A real git repository at `root` whose first commit holds a copy of `source` as
    `portfolio/`; returns the portfolio folder. The embedded portfolio's repository is
    made once per test process and author (and date, if pinned), and copied into an empty
    `root`."""
    import os
    import shutil

    if source == EMBEDDED and root.is_dir() and not any(root.iterdir()):
        who = tuple(
            os.environ.get(f"GIT_{r}_{f}", "")
            for r in ("AUTHOR", "COMMITTER")
            for f in ("NAME", "EMAIL", "DATE")
        )
        shutil.copytree(_embedded_repo(who), root, symlinks=True, dirs_exist_ok=True)
        return root / "portfolio"
    return _new_repo(root, source)


def _new_repo(root: Path, source: Path) -> Path:
    target = copy_portfolio(source, root / "portfolio")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Portfölj")
    return target


@functools.cache
def _embedded_repo(who: tuple[str, ...]) -> Path:
    """The embedded portfolio committed by `who` (author and committer, as the environment
    names them), in a folder removed when the process ends."""
    import atexit
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="avoplan-repo-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    _new_repo(root, EMBEDDED)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, byte for byte."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.parts and ".avoplan-cache" not in p.parts
    }


def make_local(portfolio: Path, *need_ids: str) -> None:
    """Needs of the own förvaltning alone: no system under tjänsteförvaltning, so no TID
    dependency (R33) and the förvaltning decides BP2 and BP3 (BEH-002 and BEH-005 of the
    embedded portfolio name Treserva)."""
    for need_id in need_ids:
        path = portfolio / "behov" / f"{need_id}.yaml"
        text = re.sub(
            r"^system: \[[^\]]*\]\n", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE
        )
        path.write_text(
            text.replace("  tid_beroende: true", "  tid_beroende: false"), encoding="utf-8"
        )


def check_report(cli: Cli, portfolio: Path, *flags: str) -> dict[str, Any]:
    """`avoplan check -f json` of `portfolio`, read (exit 0 or 1: findings are no failure)."""
    import json

    result = cli("check", "-p", portfolio, "--format", "json", *flags)
    assert result.exit_code in (0, 1), result.output
    body: dict[str, Any] = json.loads(result.stdout)
    return body


def parsed_texts(monkeypatch: Any) -> list[str]:
    """The YAML texts `check` parses, in order (a cache's whole point is skipping them)."""
    from avoplan.store import loader, yaml_io

    texts: list[str] = []
    real = yaml_io.parse  # the parser the loader calls

    def counting(text: str) -> Any:
        texts.append(text)
        return real(text)

    monkeypatch.setattr(loader, "parse", counting)
    return texts
