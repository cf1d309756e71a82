"""Helpers for driving avoplan the way users do: real files, real CLI, real git."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
EMBEDDED = REPO / "portfolio"


def copy_portfolio(source: Path, target: Path) -> Path:
    """A copy of a portfolio's own files: never generated state such as the check cache
    that `make plan` leaves in the checkout, so every test starts from the same files.
    The embedded portfolio's copies are made ahead (`_Ahead`)."""
    if source == EMBEDDED and not target.exists():
        _AHEAD[()].take(target)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.mkdir()  # as copytree: never into a folder that is there
    _clone_tree(source, target)
    return target


def copy_unchanging(source: Path, target: Path) -> Path:
    """`copy_portfolio` of a folder that stays as it is for the rest of the test process
    (a module's template): its files are read once and each copy written from memory."""
    _write_tree(_read_tree(source), target)
    return target


class _Ahead:
    """Copies of one folder made ahead, a few at a time, in a folder of this test process:
    a test takes the oldest by renaming it into place, which leaves its files' times as
    they were. So its files have usually aged past avoplan's racy window (`settle`) by the
    time the test needs that, instead of each such test sleeping for it."""

    BATCH = 8

    def __init__(self, make: Callable[[Path], object]) -> None:
        self.make = make  # into a new or an empty folder
        self.ready: list[Path] = []
        self.folder: Path | None = None
        self.owner = 0
        self.made = 0

    def take(self, target: Path) -> None:
        import os

        if self.owner != os.getpid():  # a fork of this process (mutmut's): copies of its own
            self.ready, self.folder, self.owner = [], None, os.getpid()
        if not self.ready:
            self._fill()
        source = self.ready.pop(0)
        if len(self.ready) < self.BATCH // 2:
            self._fill()  # made now, taken some tests later
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            source.rename(target)
        except OSError:  # another file system: a copy of its own
            self.make(target)

    def _fill(self) -> None:
        import atexit
        import os
        import tempfile

        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="avoplan-ahead-"))
            atexit.register(_remove, self.folder, os.getpid())
        while len(self.ready) < self.BATCH:
            self.made += 1
            copy = self.folder / str(self.made)
            self.make(copy)
            self.ready.append(copy)


class _Pools(dict[object, _Ahead]):
    """The embedded portfolio's copies (key ()), its repository's by author (key:
    `make_repo`'s `who`) and a test module's own (key: its `make`, `made_ahead`)."""

    def __missing__(self, key: object) -> _Ahead:
        if callable(key):
            self[key] = pool = _Ahead(key)
            return pool
        assert isinstance(key, tuple)
        who: tuple[str, ...] = key

        def make(target: Path) -> None:
            _write_tree(_read_tree(_embedded_repo(who) if who else EMBEDDED), target)

        self[who] = pool = _Ahead(make)
        return pool


def made_ahead(target: Path, make: Callable[[Path], object]) -> Path:
    """`make(target)`, a folder made from the embedded portfolio (a copy, then edits),
    made ahead (`_Ahead`): its files have usually aged past avoplan's racy window by the
    time the test needs that (`settle`). `make` is a module's function, one pool each."""
    _AHEAD[make].take(target)
    return target


def _clone_tree(source: Path, target: Path) -> None:
    """`shutil.copytree(source, target)` of a tree of plain files and folders, without
    .avoplan-cache, in half its time: each file's bytes and mode, not its times or extended
    attributes (copy2's), which nothing here reads. `target` may be an empty folder."""
    import os

    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(source):
        path = target / entry.name
        if entry.name == ".avoplan-cache":
            continue
        if entry.is_dir():
            _clone_tree(Path(entry.path), path)
            continue
        data = Path(entry.path).read_bytes()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, entry.stat().st_mode & 0o7777)
        with os.fdopen(fd, "wb") as out:
            out.write(data)


Tree = tuple[tuple[str, ...], tuple[tuple[str, bytes, int], ...]]


@functools.cache
def _read_tree(source: Path) -> Tree:
    """The folders and (path, bytes, mode) of the files under `source` that `_clone_tree`
    copies, read once per test process: the pools' sources never change, and writing a
    copy from memory takes a third of the time of reading it again each time (sources
    are those of the pools and `copy_unchanging`)."""
    import os

    folders: list[str] = []
    files: list[tuple[str, bytes, int]] = []

    def walk(folder: str, relative: str) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = f"{relative}{entry.name}"
            if entry.name == ".avoplan-cache":
                continue
            if entry.is_dir():
                folders.append(path)
                walk(entry.path, f"{path}/")
                continue
            files.append((path, Path(entry.path).read_bytes(), entry.stat().st_mode & 0o7777))

    walk(str(source), "")
    return tuple(folders), tuple(files)


def _write_tree(tree: Tree, target: Path) -> None:
    """`_clone_tree` from what `_read_tree` read; `target` may be an empty folder."""
    import os

    target.mkdir(parents=True, exist_ok=True)
    root = f"{target}/"  # strings, not Paths: a third of the time
    folders, files = tree
    for folder in folders:
        os.mkdir(root + folder)  # noqa: PTH102
    for relative, data, mode in files:
        fd = os.open(root + relative, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)


def _remove(folder: Path, owner: int) -> None:
    """At the end of the process that made `folder`, not of a fork of it."""
    import os
    import shutil

    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


_AHEAD = _Pools()

# avoplan trusts a listing of files (the warm check's manifest, a document's inputs, the
# similarity index) only when its newest file changed more than 0.2 s before the command
# started (store/cache/manifest.RACY_NS); files in a checkout are that old.
AGE = 0.3


def settle(folder: Path) -> None:
    """Wait until every file under `folder` (outside .git and avoplan's cache) last
    changed at least AGE ago, as files in a checkout have; no wait when they already have
    (a copy made ahead, `_Ahead`, or files untouched since the last wait)."""
    import time

    wait = _newest_change(str(folder)) / 1e9 + AGE - time.time()
    if wait > 0:
        time.sleep(wait)


def _newest_change(folder: str) -> int:
    """The newest mtime or ctime (ns) of a file under `folder`, followed through links as
    avoplan's listings follow them."""
    import os

    newest = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return newest
    for entry in entries:
        try:
            if entry.is_dir():
                if entry.name not in (".git", ".avoplan-cache"):
                    newest = max(newest, _newest_change(entry.path))
                continue
            info = entry.stat()
        except OSError:
            continue
        newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
    return newest


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
        # rewrites the command it prints (Swedish labels), so help gets one of its own: a
        # copy of one built and never run, made in a quarter of the time of a build.
        built = _built_command() if argv and not _HELP_ARGS & set(argv) else _help_command()
        with mock.patch.object(typer.testing, "_get_command", return_value=built):
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


def _help_command() -> Any:
    import copy

    return copy.deepcopy(_unrun_command())


@functools.cache
def _unrun_command() -> Any:
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
    made once per test process and author (and date, if pinned), and copied (ahead,
    `_Ahead`) into an empty `root`."""
    import os

    if source == EMBEDDED and root.is_dir() and not any(root.iterdir()):
        who = tuple(
            os.environ.get(f"GIT_{r}_{f}", "")
            for r in ("AUTHOR", "COMMITTER")
            for f in ("NAME", "EMAIL", "DATE")
        )
        _AHEAD[who].take(root)  # renamed over the empty folder
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
    # Packed, as a repository in use is (git gc): each copy is a few files, not 140.
    git(root, "repack", "-a", "-d", "-q")
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
