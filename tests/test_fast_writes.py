"""The writing commands before the command line is built (cli/fast_writes, issue 27): the
same answer, the same files and the same exit code as the full command line, without
loading typer; anything not in a plain form goes to the full command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.core import TyperArgument, TyperOption

from avoplan.cli import fast_writes
from avoplan.cli.app import app
from tests import forkserver
from tests.helpers import EMBEDDED, Cli, copy_portfolio


def declared(words: tuple[str, ...]) -> Any:
    command: Any = typer.main.get_command(app)
    for word in words:
        command = command.commands[word]
    return command


SPECS = [((name,), spec) for name, spec in fast_writes.COMMANDS.items()] + [
    (("möte", name), spec) for name, spec in fast_writes.MOTE_COMMANDS.items()
]


@pytest.mark.parametrize(("words", "spec"), SPECS, ids=[" ".join(w) for w, _ in SPECS])
def test_each_fast_command_reads_what_its_declaration_offers(
    words: tuple[str, ...], spec: fast_writes.Spec
) -> None:
    command = declared(words)
    options = {
        spelling: (param.name, param)
        for param in command.params
        if isinstance(param, TyperOption) and param.name != "help"
        for spelling in param.opts
    }
    assert set(spec.options) == set(options)
    for spelling, (name, kind) in spec.options.items():
        param = options[spelling][1]
        assert name == param.name, spelling
        assert (kind == fast_writes.FLAG) == bool(param.is_flag), spelling
        annotation = param.type_descriptor.annotation
        assert (annotation is int) == (kind in (fast_writes.NUMBER, fast_writes.POSITIVE))
        assert (param.min == 1) == (kind == fast_writes.POSITIVE), spelling
        assert (annotation is Path) == (kind == fast_writes.FOLDER), spelling
        assert (annotation is float) == (kind == fast_writes.HOURS), spelling
        assert kind != fast_writes.HOURS or param.min == 0, spelling
    arguments = [p for p in command.params if isinstance(p, TyperArgument)]
    assert tuple(p.name for p in arguments) == spec.arguments
    assert any(p.nargs == -1 for p in arguments[-1:]) == spec.variadic
    assert spec.required == {p.name for p in command.params if p.required}


def run_fast(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`avoplan ARGS` as a user runs it (the console script's entry), in `cwd`: a process
    forked from the fork server (tests/forkserver.py); `probe` is what asks which libraries
    a fresh interpreter imports."""
    return forkserver.run(args, cwd=cwd, text=True, timeout=120)


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".avoplan-cache" not in p.parts
    }


def same_as_full(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Runs ARGS through the console script and through the full command line, each on a
    copy of the embedded portfolio; both must answer, exit and write alike."""
    fast, fast_copy, full_copy = answered_alike(tmp_path, *args)
    assert files(fast_copy) == files(full_copy)
    return fast


def answered_alike(
    tmp_path: Path, *args: str
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """ARGS run through the console script and the full command line, each on a copy of
    the embedded portfolio, with the same answer and exit code: (the console script's
    run, its copy, the full command line's copy)."""
    fast_copy = copy_portfolio(EMBEDDED, tmp_path / "fast")
    full_copy = copy_portfolio(EMBEDDED, tmp_path / "full")
    fast = run_fast(fast_copy, *args, "-p", ".")
    os.chdir(full_copy)
    full = Cli()(*args, "-p", ".")
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        full.exit_code,
        full.stdout,
        full.stderr,
    )
    return fast, fast_copy, full_copy


WRITES = [
    ("advance", "BEH-010", "--to", "grovsållning", "--beslutad-av", "karin-holm",
     "--motivering", "Underlaget räcker."),
    ("advance", "BEH-010", "--to=beredning", "--motivering=Utan beslutsfattare."),
    ("set", "BEH-010", "titel=Talsyntes: 2026", "nytta=Mindre väntan"),
    ("set", "BEH-010", "kontaktperson=ingen-alls"),  # refused by the judge: exit 1
    ("möte", "ny", "digitaliseringsrådet", "--datum", "2025-12-10", "--plats", "Rum 2"),
    ("mote", "ny", "inget-sådant-forum", "--datum", "2025-12-10"),
    ("advance", "BEH-010", "--to", "beredning", "--motivering", "x", "--datum", "igår"),
    ("advance", "BEH-999", "--to", "beredning", "--motivering", "Finns inte."),
    ("matning", "PRJ-021", "--effektmål", "1", "--värde", "6 100,5", "--datum", "2026-09-30",
     "--källa", "Tidrapportering kvartal 3"),
    ("lägesrapport", "PRJ-021", "--tid", "grön", "--kostnad", "gul", "--omfattning", "röd",
     "--kommentar", "Leveransen är sen.", "--arbetad-tid", "12.5", "--datum", "2025-11-20"),
    ("lagesrapport", "PRJ-021", "--tid=gul", "--kostnad=grön", "--omfattning=grön"),
    ("lägesrapport", "PRJ-021", "--tid", "blå", "--kostnad", "gul", "--omfattning", "röd"),
    ("lägesrapport", "PRJ-999", "--tid", "grön", "--kostnad", "gul", "--omfattning", "röd"),
]  # fmt: skip


@pytest.mark.parametrize("args", WRITES, ids=[" ".join(a[:3]) for a in WRITES])
def test_a_fast_write_answers_and_writes_as_the_full_command_line(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    done = same_as_full(tmp_path, *args)
    assert done.returncode in (0, 1, 2)
    assert "Traceback" not in done.stderr


def probe(cwd: Path, *args: str) -> tuple[int | None, bool]:
    """What `fast_writes.answer` gives for ARGS in a fresh interpreter, and whether it
    imported typer or click to give it."""
    code = (
        "import json, sys\nfrom avoplan.cli.fast_writes import answer\n"
        f"code = answer({list(args)!r})\n"
        "sys.stderr.write('\\n' + json.dumps([code, any(m in sys.modules for m in "
        "('typer', 'click'))]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    answer, heavy = json.loads(done.stderr.strip().splitlines()[-1])
    return answer, heavy


def test_r1_a_decision_is_recorded_without_loading_typer(portfolio: Path) -> None:
    args = ("advance", "BEH-010", "--to", "grovsållning", "--beslutad-av", "karin-holm")
    assert probe(portfolio, *args, "--motivering", "Klart.", "-p", ".") == (0, False)
    assert "beslut:" in (portfolio / "behov" / "BEH-010.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("advance", "--help"),
        ("advance", "BEH-010", "--to", "beredning"),  # --motivering missing: usage
        ("advance", "BEH-010", "--to", "beredning", "--motivering", "x", "--paragraf", "0"),
        ("advance", "BEH-010", "--to", "beredning", "--motivering", "x", "--okänd", "y"),
        ("advance", "BEH-010", "--to", "a", "--to", "b", "--motivering", "x"),
        ("advance", "BEH-010", "BEH-011", "--to", "beredning", "--motivering", "x"),
        ("advance", "BEH-010", "--to", "beredning", "--motivering", "-x"),
        ("advance", "BEH-010", "--to", "beredning", "--motivering", "x", "--commit=ja"),
        ("set", "BEH-010", "--", "titel=x"),
        ("möte", "ny", "--datum", "2025-12-10"),
        ("matning", "PRJ-001", "--effektmal", "ett", "--varde", "3"),
        (
            "lägesrapport",
            "PRJ-021",
            "--tid",
            "grön",
            "--kostnad",
            "gul",
            "--omfattning",
            "röd",
            "--arbetad-tid",
            "1e3",
        ),
        (
            "lägesrapport",
            "PRJ-021",
            "--tid",
            "grön",
            "--kostnad",
            "gul",
            "--omfattning",
            "röd",
            "--arbetad-tid",
            "2,5",
        ),
        ("advance", "BEH-010", "--to", "beredning", "--motivering", "x", "-p", "plan.yaml"),
        ("check", "--no-cache", "-f", "xml"),
        ("check", "--no-cache", "-f=json"),
        ("check", "--no-cache", "BEH-010"),
        ("check", "--no-cache", "--no-cache"),
    ],
)
def test_anything_not_plain_goes_to_the_full_command_line(
    portfolio: Path, args: tuple[str, ...]
) -> None:
    before = files(portfolio)
    assert probe(portfolio, *args) == (None, False)
    assert files(portfolio) == before


@pytest.mark.parametrize(
    "args",
    [
        ("advance", "BEH-010", "--to", "beredning", "--motivering", "x", "--paragraf", "0"),
        ("advance", "BEH-010", "--to", "beredning", "--bakom", "x\x1b[2J", "--motivering", "x"),
        (
            "lägesrapport",
            "PRJ-021",
            "--tid",
            "grön",
            "--kostnad",
            "gul",
            "--omfattning",
            "röd",
            "--arbetad-tid",
            "1e1",
            "--datum",
            "2025-11-20",
        ),
    ],
)
def test_the_full_command_line_still_answers_what_the_fast_path_declines(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    done = same_as_full(tmp_path, *args)
    assert done.returncode in (0, 2)
    assert "Traceback" not in done.stderr


def test_r37_a_lagesrapport_is_recorded_without_loading_typer(portfolio: Path) -> None:
    args = ("lägesrapport", "PRJ-021", "--tid", "grön", "--kostnad", "gul", "--omfattning")
    assert probe(portfolio, *args, "röd", "--arbetad-tid", "7.5", "-p", ".") == (0, False)
    assert "arbetad_tid_timmar: 7.5" in (portfolio / "projekt" / "PRJ-021.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    "args",
    [("check", "--no-cache"), ("check", "--no-cache", "-f", "json"), ("check", "--format=json")],
)
def test_r2_a_cold_check_answers_as_the_full_command_line(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A check the warm fast path does not answer (no cache, --no-cache) runs before the
    command line is built, with the same output and exit code."""
    done = same_as_full(tmp_path, *args)
    assert done.returncode in (0, 1)
    assert "Traceback" not in done.stderr


def test_r2_a_cold_check_runs_without_loading_typer(portfolio: Path) -> None:
    code, heavy = probe(portfolio, "check", "--no-cache", "-p", ".")
    assert code in (0, 1)
    assert not heavy


def test_render_site_reads_what_its_declaration_offers_for_the_site() -> None:
    """The fast form of `render site` takes the site's options as `render` declares them
    (its other options and MÖTE take the full command line)."""
    options = {
        spelling: param
        for param in declared(("render",)).params
        if isinstance(param, TyperOption)
        for spelling in param.opts
    }
    for spelling, (name, kind) in fast_writes.RENDER_SITE.options.items():
        assert options[spelling].name == name, spelling
        assert kind == fast_writes.FOLDER, spelling
        assert options[spelling].type_descriptor.annotation is Path, spelling
    assert fast_writes.RENDER_SITE.arguments == ()


@pytest.mark.parametrize(
    "args",
    [
        ("render", "site", "--out", "webbplats"),
        ("render", "site", "-o=webbplats"),
        ("render", "site"),  # no --out: the same Swedish usage error, exit 2
        ("render", "site", "--out", "plan.yaml"),  # a file for a folder: click's answer
        ("render", "site", "--out", "webbplats", "--year", "2025"),  # refused by the site
        ("render", "site", "möte-1", "--out", "webbplats"),
    ],
)
def test_render_site_answers_and_writes_as_the_full_command_line(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """The same answer, exit code and pages. The site's record keys each page's inputs
    with the machine secret, which the in-process command line may hold from an earlier
    test of its worker: records are compared by the files they list."""
    fast, fast_copy, full_copy = answered_alike(tmp_path, *args)
    assert fast.returncode in (0, 2)
    assert "Traceback" not in fast.stderr
    written = {name: files(copy) for name, copy in (("fast", fast_copy), ("full", full_copy))}
    records = {
        name: {k: v for k, v in found.items() if k.endswith(".avoplan-webbplats.json")}
        for name, found in written.items()
    }
    assert [[json.loads(text)["filer"] for text in records[name].values()] for name in written] == [
        [json.loads(text)["filer"] for text in records["fast"].values()]
    ] * 2
    assert {k: v for k, v in written["fast"].items() if k not in records["fast"]} == {
        k: v for k, v in written["full"].items() if k not in records["full"]
    }


def test_render_site_runs_without_loading_typer(portfolio: Path) -> None:
    assert probe(portfolio, "render", "site", "--out", "webbplats", "-p", ".") == (0, False)
    assert (portfolio / "webbplats" / "index.html").is_file()
    assert probe(portfolio, "render", "site", "--out", "w", "--format", "pdf") == (None, False)
