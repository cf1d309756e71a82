"""What only happens at a terminal (issue 12), driven through a real pseudo-terminal:
`new behov` asks for what is missing, and long work shows a progress bar on stderr."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from avoplan.store.yaml_io import parse
from tests.helpers import Cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


class Terminal:
    """avoplan running with its stdin, stdout and stderr on a pseudo-terminal."""

    def __init__(self, *args: str | Path) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "avoplan", *map(str, args)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while text not in self.seen:
            assert time.monotonic() < end, f"{text!r} never came; got:\n{self.seen}"
            self._read(0.2)

    def answer(self, prompt: str, reply: str) -> None:
        self.expect(prompt)
        self.seen = self.seen.split(prompt, 1)[1]
        os.write(self.master, reply.encode() + b"\r")

    def finish(self, timeout: float = 60) -> int:
        end = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < end:
            self._read(0.2)
        self._read(0.2)
        os.close(self.master)
        return self.process.wait(timeout=5)

    def _read(self, wait: float) -> None:
        ready, _, _ = select.select([self.master], [], [], wait)
        if ready:
            with contextlib.suppress(OSError):  # the other end closed
                self.seen += os.read(self.master, 65536).decode("utf-8", "replace")


def test_new_behov_asks_for_what_is_missing(portfolio: Path) -> None:
    terminal = Terminal("new", "behov", "-p", portfolio)
    terminal.answer("Titel", "Digitala nycklar")
    terminal.expect("Hemtjänst (hemtjanst)")  # the avdelningar to choose from
    terminal.answer("Avdelning", "hemtj")
    terminal.answer("Kontaktperson", "Sofia")
    terminal.answer("Beskrivning", "Nycklar i mobilen.")
    terminal.answer("Nytta", "Mindre tid att hämta nycklar.")
    terminal.answer("System", "nummer-som-inte-finns")
    terminal.answer("System", "Treserva")  # asked again after the wrong answer
    terminal.answer("Prioriterade mål", "1, 3")
    assert terminal.finish() == 0, terminal.seen
    data = parse((portfolio / "behov" / "BEH-020.yaml").read_text(encoding="utf-8"))
    assert {
        k: data[k]
        for k in ("titel", "avdelning", "kontaktperson", "beskrivning", "nytta", "system", "mål")
    } == {
        "titel": "Digitala nycklar",
        "avdelning": "hemtjanst",
        "kontaktperson": "sofia-nilsson",
        "beskrivning": "Nycklar i mobilen.",
        "nytta": "Mindre tid att hämta nycklar.",
        "system": ["treserva"],
        "mål": [1, 3],
    }


def test_new_behov_without_a_terminal_asks_nothing_and_says_what_is_missing(
    cli: Cli, portfolio: Path
) -> None:
    result = cli("new", "behov", "--avdelning", "hemtjanst", "-p", portfolio)
    assert result.exit_code == 2
    assert "--titel saknas" in result.stderr
    assert not (portfolio / "behov" / "BEH-020.yaml").exists()


@pytest.mark.slow
def test_long_work_shows_progress_on_a_terminal_only(cli: Cli, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    assert cli("demo-portfolio", "--items", "600", "--out", demo).exit_code == 0
    terminal = Terminal("check", "--no-cache", "-p", demo)
    assert terminal.finish() == 0, terminal.seen
    assert "Läser portföljen" in terminal.seen
    assert "Kontrollerar reglerna" in terminal.seen
    piped = subprocess.run(
        [sys.executable, "-m", "avoplan", "check", "-p", str(demo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert piped.returncode == 0 and "Läser portföljen" not in piped.stderr


def test_init_asks_for_the_forvaltnings_name_and_code(tmp_path: Path) -> None:
    """Issue 21: at a terminal `init` asks for what it must write into organisation, plan
    and federation."""
    source = "git+https://github.com/goteborg/avoplan.git@" + "0" * 40
    terminal = Terminal("init", tmp_path / "fs", "--avoplan-källa", source, "--no-git")
    terminal.answer("Förvaltningens namn", "Förvaltningen för funktionsstöd")
    terminal.answer("Förvaltningens kod", "fs")
    assert terminal.finish() == 0, terminal.seen
    plan = parse((tmp_path / "fs" / "portfolio" / "plan.yaml").read_text(encoding="utf-8"))
    federation = parse(
        (tmp_path / "fs" / "portfolio" / "federation.yaml").read_text(encoding="utf-8")
    )
    assert plan["förvaltning"] == "funktionsstod" and federation["hem"] == "FS"
