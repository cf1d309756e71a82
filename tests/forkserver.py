"""`python -m avoplan` as a real process, without paying for its start each time.

Interpreter start and avoplan's imports are about 0.3 s of CPU, most of a short command;
the tests start avoplan as a process about two hundred times. Each test process (xdist
worker) starts one server, `python -m tests.forkserver_server`, that has imported avoplan's
command line and waits. For each run it forks: the child takes the test's argv, environment,
working directory, umask and standard streams (passed as file descriptors), runs avoplan's
real entry point exactly as `python -m avoplan` does (runpy) and ends as that interpreter
would (exit code, or the signal that killed it). It is a separate process: a hang, a crash,
kill -9, signals and its own subprocesses behave as for any other.

What the interpreter decides once at its start (the stdio encoding, the locale, PYTHON*
settings, pydantic's plugins) was decided in the server: a run whose environment differs in
any of those, or whose streams include a terminal, starts a plain interpreter instead, as
do the tests of start-up itself (imports, Ctrl-C, the fast paths), which never come here.
"""

from __future__ import annotations

import atexit
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parents[1]
# What the interpreter reads from the environment once, at its start or at an import (the
# last five: typer.rich_utils, which the server imports, forkserver_server._LIBRARIES).
_AT_START = ("PYTHON", "LC_", "LANG", "PYDANTIC", "TERMINAL_WIDTH", "_TYPER_FORCE_DISABLE_TERMINAL",
             "GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS")  # fmt: skip
_MESSAGE = 1 << 20
AVOPLAN = [sys.executable, "-m", "avoplan"]


def _fixed(env: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(_AT_START)}


# --- the client, in the test process -------------------------------------------------------


class _Server:
    def __init__(self) -> None:
        self.code = _code()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.env = dict(os.environ)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.forkserver_server", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            cwd=REPO,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        theirs.close()
        self.socket = ours
        self.exits: dict[int, int] = {}
        atexit.register(self.stop)

    def stop(self) -> None:
        if self.socket.fileno() >= 0:
            self.socket.close()
            self.process.wait(timeout=60)  # its CPU time and its children's count with ours

    def start(self, request: dict[str, Any], fds: list[int]) -> int:
        socket.send_fds(self.socket, [json.dumps(request).encode()], fds)
        while True:
            message = self._next(None)
            if "pid" in message:
                return int(message["pid"])

    def pump(self, timeout: float | None) -> None:
        """Wait up to `timeout` (None: for ever) for the next child to end."""
        self._next(timeout)

    def _next(self, timeout: float | None) -> dict[str, Any]:
        self.socket.settimeout(timeout)
        try:
            data = self.socket.recv(_MESSAGE)
        except (TimeoutError, BlockingIOError):
            return {}
        finally:
            self.socket.settimeout(None)
        if not data:
            raise RuntimeError("the fork server ended")
        message: dict[str, Any] = json.loads(data)
        if "exit" in message:
            self.exits[int(message["exit"])] = int(message["code"])
        return message


_servers: list[_Server] = []


def _server() -> _Server:
    """This process's server, started again when avoplan's code on disk changed since it
    imported it (the wheel test's build writes _version.py with the commit)."""
    if _servers and _servers[-1].code != _code():
        _servers.pop().stop()
    if not _servers:
        _servers.append(_Server())
    return _servers[-1]


def _code() -> list[tuple[str, int, int]]:
    """Every module of avoplan's package with its mtime and size, asked at each run (through
    os.scandir: pathlib's rglob made this a millisecond or three of each run)."""
    import avoplan

    found: list[tuple[str, int, int]] = []
    _scan(str(Path(avoplan.__file__).parent), found)
    return sorted(found)


def _scan(folder: str, found: list[tuple[str, int, int]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.endswith(".py") and not entry.is_dir():
            try:
                stat = entry.stat()
            except OSError:
                found.append((entry.path, 0, 0))
                continue
            found.append((entry.path, stat.st_mtime_ns, stat.st_size))
        elif entry.is_dir(follow_symlinks=False):
            _scan(entry.path, found)


def forkable(env: Mapping[str, str], streams: Sequence[int]) -> bool:
    """Whether a forked child would start as a fresh interpreter does (see the top)."""
    if os.environ.get("TESTS_FORKSERVER") == "off":  # the same suite, each run a plain start
        return False
    return _fixed(env) == _fixed(_server().env) and not any(
        fd >= 0 and os.isatty(fd) for fd in streams
    )


class Forked:
    """The part of `subprocess.Popen` the tests use, for `python -m avoplan ARGS`."""

    def __init__(
        self,
        args: Sequence[str | bytes | Path],
        *,
        stdin: int | IO[Any] | None = None,
        stdout: int | IO[Any] | None = None,
        stderr: int | IO[Any] | None = None,
        cwd: str | Path | None = None,
        env: Mapping[str, str] | None = None,
        drop: Sequence[int] = (),
    ) -> None:
        self.args = args
        self.server = _server()
        self.returncode: int | None = None
        theirs: list[int] = []
        mine: list[int] = []
        pipes: list[IO[bytes] | None] = []
        for number, given in enumerate((stdin, stdout, stderr)):
            child, parent = _stream(number, given)
            theirs.append(child)
            if given is not None:
                mine.append(child)
            pipes.append(parent)
        self.stdin, self.stdout, self.stderr = pipes
        umask = os.umask(0)
        os.umask(umask)
        request = {
            "argv": [os.fsencode(a).hex() for a in args],
            "env": dict(os.environ if env is None else env),
            "cwd": os.fspath(cwd or Path.cwd()),
            "umask": umask,
            "drop": list(drop),  # capabilities (tests/capabilities.py)
        }
        try:
            self.pid = self.server.start(request, theirs)
        finally:
            for fd in set(mine):
                os.close(fd)

    def poll(self) -> int | None:
        if self.returncode is None:
            if self.pid not in self.server.exits:
                self.server.pump(0)
            self.returncode = self.server.exits.pop(self.pid, None)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            self.server.pump(self._left(deadline, timeout))
        assert self.returncode is not None
        return self.returncode

    def _left(self, deadline: float | None, timeout: float | None) -> float | None:
        """Seconds left before `deadline`; past it, subprocess's TimeoutExpired."""
        if deadline is None:
            return None
        left = deadline - time.monotonic()
        if left <= 0:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        return left

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(
        self, input: bytes | None = None, timeout: float | None = None
    ) -> tuple[Any, Any]:
        """Both outputs to their end while `input` is written, then the exit code."""
        deadline = None if timeout is None else time.monotonic() + timeout
        read: dict[int, list[bytes]] = {}
        with selectors.DefaultSelector() as selector:
            for stream in (self.stdout, self.stderr):
                if stream is not None:
                    selector.register(stream, selectors.EVENT_READ)
                    read[stream.fileno()] = []
            if self.stdin is not None and input:
                selector.register(self.stdin, selectors.EVENT_WRITE)
            elif self.stdin is not None:
                self.stdin.close()
            pending = memoryview(input or b"")
            while selector.get_map():
                for key, _ in selector.select(self._left(deadline, timeout)):
                    if key.fileobj is self.stdin:
                        pending = self._feed(selector, key.fd, pending)
                    elif chunk := os.read(key.fd, 65536):
                        read[key.fd].append(chunk)
                    else:
                        selector.unregister(key.fd)
        self.wait(None if deadline is None else max(0.0, deadline - time.monotonic()))
        outputs = []
        for stream in (self.stdout, self.stderr):
            outputs.append(None if stream is None else b"".join(read[stream.fileno()]))
            if stream is not None:
                stream.close()
        return outputs[0], outputs[1]

    def _feed(self, selector: selectors.BaseSelector, fd: int, pending: memoryview) -> memoryview:
        pending = pending[os.write(fd, pending[:65536]) :]
        if not pending and self.stdin is not None:
            selector.unregister(fd)
            self.stdin.close()
        return pending


def _stream(number: int, given: int | IO[Any] | None) -> tuple[int, IO[bytes] | None]:
    """The child's descriptor for stream `number` and the parent's end of a pipe, if any."""
    if given is None:
        return number, None
    if given == subprocess.PIPE:
        read, write = os.pipe()
        if number == 0:
            return read, os.fdopen(write, "wb", buffering=0)
        return write, os.fdopen(read, "rb", buffering=0)
    if given == subprocess.DEVNULL:
        return os.open(os.devnull, os.O_RDWR), None
    if isinstance(given, int):
        return os.dup(given), None
    return os.dup(given.fileno()), None


Process = Forked | subprocess.Popen[bytes]


def popen(args: Sequence[str | bytes | Path], **kwargs: Any) -> Process:
    """`python -m avoplan ARGS` started as subprocess.Popen would start it."""
    env = kwargs.get("env")
    streams = [_fd(number, kwargs.get(name)) for number, name in enumerate(_STREAMS)]
    others = set(kwargs) - {*_STREAMS, "cwd", "env", "drop"}
    if others or not forkable(os.environ if env is None else env, streams):
        from tests.capabilities import setpriv

        return subprocess.Popen([*setpriv(kwargs.pop("drop", ())), *AVOPLAN, *args], **kwargs)
    return Forked(args, **kwargs)


_STREAMS = ("stdin", "stdout", "stderr")


def _fd(number: int, given: int | IO[Any] | None) -> int:
    """The descriptor the child's stream `number` would share with something else."""
    if given is None:
        return number
    if isinstance(given, int):
        return given if given >= 0 else -1  # PIPE and DEVNULL are never a terminal
    return given.fileno()


def run(
    args: Sequence[str | bytes | Path],
    *,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    input: bytes | str | None = None,
    text: bool = False,
    timeout: float | None = None,
    drop: Sequence[int] = (),
) -> subprocess.CompletedProcess[Any]:
    """`subprocess.run([python, -m, avoplan, *ARGS], capture_output=True, ...)`, without
    the capabilities `drop` (as under setpriv)."""
    if isinstance(input, str):
        input = input.encode()
    process = popen(
        args,
        stdin=subprocess.PIPE if input is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        drop=drop,
    )
    try:
        out, err = process.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    code, argv = process.wait(), [*AVOPLAN, *args]
    if text:
        return subprocess.CompletedProcess(argv, code, _text(out), _text(err))
    return subprocess.CompletedProcess(argv, code, out, err)


def _text(data: bytes) -> str:
    """As subprocess decodes with text=True: the locale's encoding, universal newlines."""
    import locale

    decoded = data.decode(locale.getpreferredencoding(False))
    return decoded.replace("\r\n", "\n").replace("\r", "\n")
