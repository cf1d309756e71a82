"""How a command of the full command line ends (issue 27): at once, without the
interpreter freeing every module and object one at a time, yet as the interpreter would
end it. The exit handlers run, the exit code is the command's, and a thread still
running is waited for. These run plain interpreters, since the point is the process's
own end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# A command through the full command line (`rules` is no fast path), with an exit handler
# and, when asked, a thread that writes its mark after the command has ended.
PROBE = """
import atexit, sys, threading, time
from pathlib import Path
marks = Path(sys.argv[1])
atexit.register(lambda: (marks / "atexit").write_text("ran"))
if sys.argv[2] == "thread":
    def late():
        time.sleep(0.3)
        (marks / "thread").write_text("ran")
    threading.Thread(target=late).start()
sys.argv = ["avoplan", *sys.argv[3:]]
from avoplan.cli.start import main
main()
"""


def ended(marks: Path, thread: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, str(marks), thread, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("argv", "code"),
    [(["rules"], 0), (["rules", "--okänd"], 2), (["show", "BEH-999", "-p", "."], 1)],
)
def test_a_command_ends_with_its_code_and_the_exit_handlers_run(
    tmp_path: Path, argv: list[str], code: int
) -> None:
    done = ended(tmp_path, "none", *argv)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "atexit").read_text() == "ran"


def test_a_thread_still_running_is_waited_for_before_the_end(tmp_path: Path) -> None:
    done = ended(tmp_path, "thread", "rules")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "thread").read_text() == "ran"
    assert (tmp_path / "atexit").read_text() == "ran"


def test_the_output_is_whole_when_the_process_ends_at_once(tmp_path: Path) -> None:
    """What `rules` prints through a pipe (block-buffered, so flushed only at the end)
    arrives whole: every rule id of the rulebook."""
    done = ended(tmp_path, "none", "rules")
    assert done.returncode == 0, done.stderr
    for number in range(1, 31):
        assert f"R{number}" in done.stdout
