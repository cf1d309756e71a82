"""Hostile input and faults (issue 14): nothing hangs, crashes, lies or half-writes.

Every case runs avoplan as a real process (`python -m avoplan`) with a time limit, so a
hang fails the test instead of hanging it and a segfault shows as a signal, not as the
death of pytest. Each class is a table: add a row for a new case.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests import capabilities, forkserver
from tests.helpers import EMBEDDED, Cli, copy_portfolio, copy_unchanging, snapshot

TIMEOUT = 60
TODAY = "2025-11-24"


def avoplan(
    *args: str | bytes | Path,
    cwd: Path | None = None,
    drop: Sequence[int] = (),
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[bytes]:
    """`avoplan ARGS` as a process forked from the test process's fork server
    (tests/forkserver.py), without the capabilities `drop`; bytes arguments reach it
    unchanged (invalid UTF-8)."""
    return forkserver.run(args, cwd=cwd, timeout=timeout, drop=drop)


def output(done: subprocess.CompletedProcess[bytes]) -> str:
    return (done.stdout + done.stderr).decode("utf-8", "replace")


def assert_refused(done: subprocess.CompletedProcess[bytes], code: int, *words: str) -> str:
    """Exit `code`, a Swedish message with `words`, never a traceback or a crash."""
    text = output(done)
    assert done.returncode == code, text[:2000]
    assert "Traceback" not in text and "oväntat fel" not in text, text[:2000]
    for word in words:
        assert word in text, text[:2000]
    return text


def temp_files(root: Path) -> list[Path]:
    return list(root.rglob("*.tmp"))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return copy_portfolio(EMBEDDED, tmp_path / "p")


# --- 1. bounded reading ----------------------------------------------------------------


def _write(name: str, text: str) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        path = root / "behov" / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def _fifo(root: Path) -> Path:
    path = root / "behov" / "BEH-900.yaml"
    os.mkfifo(path)
    return path


def _link(target: str) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        path = root / "behov" / "BEH-900.yaml"
        path.symlink_to(target)
        return path

    return make


def _folder(root: Path) -> Path:
    path = root / "behov" / "BEH-900.yaml"
    path.mkdir()
    return path


def _bomb(field: str) -> str:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, prev in zip("bcdefg", "abcdef", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "id: BEH-900\n" + "\n".join(levels) + f"\n{field}: [*g, *g]\n"


BIG_INT = "9" * 5000
BOUNDED = [
    # (case, how the file is made, line, words in the message)
    ("fifo", _fifo, 1, "ingen vanlig fil"),
    ("link to /dev/zero", _link("/dev/zero"), 1, "ingen vanlig fil"),
    ("link to /dev/urandom", _link("/dev/urandom"), 1, "ingen vanlig fil"),
    ("symlink loop", _link("BEH-900.yaml"), 1, "slinga"),
    ("dangling link", _link("finns-inte.yaml"), 1, "finns inte"),
    ("folder named .yaml", _folder, 1, "är en mapp"),
    ("huge file", _write("BEH-900.yaml", "id: BEH-900\n" + "# x\n" * 300_000), 1, "för stor"),
    (
        "deep flow list",
        _write("BEH-900.yaml", "id: " + "[" * 100_000 + "]" * 100_000),
        1,
        "för djupt nästlade",
    ),
    (
        "deep flow mapping",
        _write("BEH-900.yaml", "id: " + "{a: " * 50_000 + "1" + "}" * 50_000),
        1,
        "för djupt nästlade",
    ),
    (
        "deep block list",
        _write("BEH-900.yaml", "id: BEH-900\nsteg:\n" + "- " * 50_000 + "x\n"),
        3,
        "för djupt nästlade",
    ),
    (
        "deep indentation",
        _write(
            "BEH-900.yaml",
            "id: BEH-900\n"
            + "".join(" " * i + f"k{i}:\n" for i in range(300))
            + " " * 300
            + "x: 1\n",
        ),
        66,
        "för djupt",
    ),
    ("alias bomb in an enum field", _write("BEH-900.yaml", _bomb("steg")), 6, "alias"),
    ("alias bomb in a list field", _write("BEH-900.yaml", _bomb("effekttyp")), 6, "alias"),
    ("alias bomb in a mapping key", _write("BEH-900.yaml", _bomb("titel")), 6, "alias"),
    (
        "self-referring alias",
        _write("BEH-900.yaml", "id: BEH-900\nsteg: &a [x, *a]\n"),
        2,
        "pekar på värdet",
    ),
    (
        "integer of 5000 digits",
        _write("BEH-900.yaml", f"id: BEH-900\nfrigjord_tid_timmar_per_år: {BIG_INT}\n"),
        2,
        "5000 siffror",
    ),
    (
        "negative integer of 5000 digits",
        _write("BEH-900.yaml", f"id: BEH-900\nx: -{BIG_INT}\n"),
        2,
        "siffror",
    ),
    (
        "hex integer of 5000 digits",
        _write("BEH-900.yaml", f"id: BEH-900\nx: 0x{'f' * 5000}\n"),
        2,
        "siffror",
    ),
]


# The cached check reads bytes on its own path: the cases that stop the reading itself.
THROUGH_CACHE = {"fifo", "link to /dev/zero", "symlink loop", "huge file", "folder named .yaml"}


@pytest.mark.parametrize(
    ("make", "line", "words", "cache"),
    [(*c[1:], "--no-cache") for c in BOUNDED]
    + [(*c[1:], "--format=text") for c in BOUNDED if c[0] in THROUGH_CACHE],
    ids=[c[0] for c in BOUNDED] + [f"{c[0]} (cache)" for c in BOUNDED if c[0] in THROUGH_CACHE],
)
def test_bounded_reading_refuses_with_file_and_line(
    hostile: Path, make: Callable[[Path], Path], line: int, words: str, cache: str
) -> None:
    make(hostile)
    done = avoplan("check", "-p", hostile, cache, cwd=hostile.parent)
    text = assert_refused(done, 1, words)
    assert f"p/behov/BEH-900.yaml:{line}: fel" in text
    assert len(text) < 20_000  # a bounded report, whatever the file holds


@pytest.mark.parametrize(
    ("case", "make"),
    [
        ("fifo", _fifo),
        ("link to /dev/zero", _link("/dev/zero")),
        ("loop", _link("BEH-900.yaml")),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ("show", "BEH-900"),
        ("kostnad", "BEH-900"),
        ("list",),
        ("prioritet",),
        ("advance", "BEH-900", "--to", "beredning", "--motivering", "x"),
    ],
)
def test_special_files_are_refused_by_every_command(
    hostile: Path, case: str, make: Callable[[Path], Path], command: tuple[str, ...]
) -> None:
    make(hostile)
    done = avoplan(*command, "-p", hostile, cwd=hostile.parent)
    text = output(done)
    assert done.returncode in (0, 1), text
    assert "Traceback" not in text and "oväntat fel" not in text
    if done.returncode == 0:  # an answer without the file must say so
        assert "Varning" in text and "BEH-900" in text


BAD_VALUES = [
    # (field, YAML value, words): the message shows a bounded excerpt of the value
    ("steg", "[" + ", ".join(["insamling"] * 5000) + "]", "ett enda värde"),
    ("steg", "x" * 200_000, "ogiltigt värde 'xxxx"),
    ("avdelning", "{" + ", ".join(f"k{i}: v" for i in range(5000)) + "}", "ska vara text"),
    ("effekttyp", "[" + ", ".join(["fel"] * 5000) + "]", "fel till i filen"),
]


@pytest.mark.parametrize(("field", "value", "words"), BAD_VALUES, ids=lambda v: str(v)[:20])
def test_bad_values_are_shown_as_bounded_excerpts(
    hostile: Path, field: str, value: str, words: str
) -> None:
    path = hostile / "behov" / "BEH-010.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(f"{field}:")]
    path.write_text("\n".join([*lines, f"{field}: {value}"]) + "\n", encoding="utf-8")
    done = avoplan("check", "-p", hostile, "--no-cache", cwd=hostile.parent)
    report = assert_refused(done, 1, words)
    assert len(report) < 20_000


def test_an_unreadable_singleton_file_is_named(hostile: Path) -> None:
    (hostile / "plan.yaml").unlink()
    os.mkfifo(hostile / "plan.yaml")
    done = avoplan("check", "-p", hostile, cwd=hostile.parent)
    assert_refused(done, 1, "p/plan.yaml:1: fel", "ingen vanlig fil")


# --- 2. arguments and output -----------------------------------------------------------

ARGUMENTS = [
    # (arguments, words)
    (["new", "behov", "--titel", b"Tr\xe4dg\xe5rd", "--avdelning", "hemtjanst"], "UTF-8"),
    (["new", "behov", "--titel", "Ok", "--avdelning", b"hemtj\xe4nst"], "UTF-8"),
    (["advance", "BEH-010", "--to", "grovsållning", "--motivering", b"\xff\xfe"], "UTF-8"),
    (["show", b"BEH-\xff"], "UTF-8"),
    (["new", "behov", "--titel", "Röd\x1b[31m", "--avdelning", "hemtjanst"], "U+001B"),
    (["new", "behov", "--titel", "Klocka\x07", "--avdelning", "hemtjanst"], "U+0007"),
    (["new", "behov", "--titel", "Rad\x85bryt", "--avdelning", "hemtjanst"], "U+0085"),
    (["new", "behov", "--titel", "CSI\x9b31m", "--avdelning", "hemtjanst"], "U+009B"),
    (["new", "behov", "--titel", "Retur\rx", "--avdelning", "hemtjanst"], "U+000D"),
    (["advance", "BEH-010", "--to", "grovsållning", "--motivering", "ok\x7f"], "U+007F"),
]


@pytest.mark.parametrize(("args", "words"), ARGUMENTS, ids=[str(a[1])[:30] for a in ARGUMENTS])
def test_r_bad_arguments_are_usage_errors_and_change_nothing(
    hostile: Path, args: list[str], words: str
) -> None:
    before = snapshot(hostile)
    done = avoplan(*args, "-p", hostile, cwd=hostile.parent)
    assert_refused(done, 2, words, "Fel:")
    assert snapshot(hostile) == before


HOSTILE_TEXT = [
    "\x1b[31mröd\x1b[0m",
    "klocka\x07",
    "[/]",
    "[bold red]fet",
    "[link=file:///etc]x[/link]",
    "\x9b31mC1",
    "nel\x85rad",
    "bak\x08steg",
    "\u202eomvänd",
]


@pytest.mark.parametrize("title", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
@pytest.mark.parametrize(
    "command", [("show", "BEH-010"), ("list",), ("check",), ("kostnad", "BEH-010")]
)
def test_user_text_never_steers_the_terminal(
    cli: Cli, hostile: Path, title: str, command: tuple[str, ...]
) -> None:
    path = hostile / "behov" / "BEH-010.yaml"
    text = path.read_text(encoding="utf-8")
    escaped = title.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    lines = [
        f'titel: "{escaped}"' if line.startswith("titel:") else line for line in text.splitlines()
    ]
    lines.append(f'"{escaped}": okänd nyckel')  # check reports the key, text and all
    if command != ("check",):
        lines.pop()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = cli(*command, "-p", hostile)  # in-process: output is what the terminal gets
    assert done.exit_code in (0, 1), done.output
    raw = done.output.encode("utf-8")
    assert b"\x1b" not in raw and b"\x07" not in raw and b"\x08" not in raw
    assert "\x9b".encode() not in raw and "\x85".encode() not in raw
    assert b"Traceback" not in raw and "oväntat fel".encode() not in raw


def test_markup_in_a_portfolio_path_does_not_crash_after_writing(tmp_path: Path) -> None:
    root = copy_portfolio(EMBEDDED, tmp_path / "x[" / "]y")
    done = avoplan(
        "new",
        "behov",
        "--titel",
        "[/] och [bold]",
        "--avdelning",
        "hemtjanst",
        "-p",
        root,
        cwd=tmp_path,
    )
    text = assert_refused(done, 0, "Registrerade BEH-", "x[/]y")
    shown = avoplan("show", text.split("Registrerade ")[1].split(":")[0], "-p", root)
    assert_refused(shown, 0, "[/] och [bold]")


# --- 3. operating-system errors and Ctrl-C ----------------------------------------------


def unprivileged() -> tuple[int, ...]:
    """The capabilities to drop so that file permissions hold: as root, those that override
    them (as `setpriv --bounding-set=-dac_override,-dac_read_search` drops them); as anyone
    else, none."""
    if os.geteuid() != 0:
        return ()
    return (capabilities.DAC_OVERRIDE, capabilities.DAC_READ_SEARCH)


def cannot_drop(done: subprocess.CompletedProcess[bytes]) -> bool:
    """Whether the capabilities could not be dropped here (tests/capabilities.py)."""
    return b"capabilities:" in done.stderr or b"setpriv:" in done.stderr


DENIED = [
    # (what is made unreadable, command, words)
    ("behov", ("check",), "kan inte läsa mappen behov: behörighet saknas"),
    ("behov", ("check", "--no-cache"), "kan inte läsa mappen behov: behörighet saknas"),
    ("behov", ("list",), "behörighet saknas"),
    ("behov", ("show", "BEH-010"), "behörighet saknas"),
    ("behov", ("new", "behov", "--titel", "T", "--avdelning", "hemtjanst"), "behörighet saknas"),
    ("behov/BEH-010.yaml", ("show", "BEH-010"), "kan inte läsa filen: behörighet saknas"),
    ("behov/BEH-010.yaml", ("check",), "BEH-010.yaml:1: fel kan inte läsa filen: behörighet"),
    ("organisation.yaml", ("check",), "organisation.yaml:1: fel kan inte läsa filen"),
    ("projekt", ("prioritet",), "behörighet saknas"),
]


@pytest.mark.parametrize(
    ("target", "command", "words"), DENIED, ids=[f"{d[0]}-{d[1][0]}" for d in DENIED]
)
def test_permission_denied_names_the_file_and_the_reason(
    hostile: Path, target: str, command: tuple[str, ...], words: str
) -> None:
    drop = unprivileged()
    (hostile / target).chmod(0)
    try:
        done = avoplan(*command, "-p", hostile, cwd=hostile.parent, drop=drop)
    finally:
        (hostile / target).chmod(0o755)
    if cannot_drop(done):
        pytest.skip("the capabilities cannot be dropped here")
    text = assert_refused(done, 1, words)
    assert "okänt behov" not in text  # no cascade from an unreadable folder


def test_a_folder_that_cannot_be_written_names_the_file(hostile: Path) -> None:
    drop = unprivileged()
    (hostile / "behov").chmod(0o555)
    try:
        done = avoplan(
            "advance",
            "BEH-010",
            "--to",
            "grovsållning",
            "--motivering",
            "ok",
            "--beslutad-av",
            "karin-holm",
            "--datum",
            TODAY,
            "-p",
            hostile,
            cwd=hostile.parent,
            drop=drop,
        )
    finally:
        (hostile / "behov").chmod(0o755)
    if cannot_drop(done):
        pytest.skip("the capabilities cannot be dropped here")
    assert_refused(done, 1, "kan inte skriva p/behov/BEH-010.yaml: behörighet saknas")
    assert temp_files(hostile) == []


def in_small_filesystem(script: str, root: Path) -> subprocess.CompletedProcess[bytes]:
    """Run `script` (sh) in a private mount namespace where `root` is a 4 MiB tmpfs."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare for a private small file system")
    root.mkdir()
    done = subprocess.run(
        ["unshare", "-m", "sh", "-ec", f"mount -t tmpfs -o size=4m tmpfs '{root}'\n{script}"],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if b"exit=" not in done.stdout:  # the set-up (unshare, mount, copy) failed, not avoplan
        pytest.skip(f"no private small file system here: {done.stderr.decode()[-200:]}")
    return done


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ('dd if=/dev/zero of="$R/fill" bs=1k count=8192 2>/dev/null || true', "disken är full"),
        ('mount -o remount,ro "$R"', "filsystemet är skrivskyddat"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        "new behov --titel Titel --avdelning hemtjanst",
        "advance BEH-010 --to grovsållning --motivering ok --beslutad-av karin-holm",
    ],
)
def test_full_or_read_only_disk_names_the_file_and_leaves_nothing(
    tmp_path: Path, fault: str, words: str, command: str
) -> None:
    mount = tmp_path / "small"
    script = (
        f'R="{mount}"\nmkdir "$R/p"\n'
        f'tar -C "{EMBEDDED}" --exclude=.avoplan-cache -c . | tar -C "$R/p" -x\n'
        f'cp "$R/p/behov/BEH-010.yaml" "$R/before"\n{fault}\n'
        f'cd "$R" && set +e\n"{sys.executable}" -m avoplan {command} --datum {TODAY} '
        f'-p p 2>&1; echo "exit=$?"\n'
        'cmp "$R/before" "$R/p/behov/BEH-010.yaml" && echo unchanged\n'
        'find "$R" -name "*.tmp"\nls "$R/p/behov" | wc -l\n'
    )
    if command.startswith("new"):
        script = script.replace(f" --datum {TODAY}", "")
    done = in_small_filesystem(script, mount)
    text = done.stdout.decode("utf-8", "replace")
    assert "exit=1" in text and words in text, text + done.stderr.decode()
    assert "Traceback" not in text and "oväntat fel" not in text
    assert "unchanged" in text and ".tmp" not in text


@pytest.fixture(scope="module")
def demo_700(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo portfolio of 700 needs, made once; each test interrupts a check of a copy."""
    big = tmp_path_factory.mktemp("demo") / "big"
    made = forkserver.run(["demo-portfolio", "-n", "700", "-o", big])
    assert made.returncode == 0, made.stderr
    return big


def catching_ctrl_c(process: subprocess.Popen[bytes]) -> None:
    """Wait until the interpreter has set up its SIGINT handler (SigCgt in /proc): the
    moments count from there. Before it, no Python program can catch Ctrl-C and dies of the
    signal, which a loaded machine (a slow exec) turned into a failure at the 0.08 s delay.
    A process that runs on without ever catching SIGINT fails the test: the signal would
    prove nothing."""
    status = Path(f"/proc/{process.pid}/status")
    deadline = time.monotonic() + TIMEOUT
    while process.poll() is None:
        try:
            caught = next(x for x in status.read_text().splitlines() if x.startswith("SigCgt:"))
        except (OSError, StopIteration):
            return  # no /proc here: the delay counts from the start, as before
        if int(caught.split()[1], 16) & (1 << (signal.SIGINT - 1)):
            return
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("avoplan satte aldrig upp sin hantering av Ctrl-C (SIGINT)")
        time.sleep(0.001)


def default_ctrl_c() -> None:
    """In the child before exec: SIGINT as a terminal gives it, whatever the test runner
    inherited. A runner started in the background by a script ignores SIGINT, every child
    inherits that, and Python then installs no handler: each interrupt test waited a whole
    TIMEOUT and passed without proving anything."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("delay", [0.08, 0.15, 0.25, 0.4, 0.6])
def test_ctrl_c_at_any_moment_exits_130_with_one_line(
    tmp_path: Path, demo_700: Path, delay: float
) -> None:
    big = copy_unchanging(demo_700, tmp_path / "big")
    process = subprocess.Popen(
        [sys.executable, "-m", "avoplan", "check", "--no-cache", "-p", big],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=default_ctrl_c,  # noqa: PLW1509 (signal dispositions only, no threads)
    )
    catching_ctrl_c(process)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=TIMEOUT)
    if process.returncode in (0, 1):
        return  # finished before the signal came
    assert process.returncode == 130, err.decode()
    assert b"Traceback" not in err and err.decode().strip().count("\n") == 0, err.decode()
    assert "avbrutet" in err.decode()
