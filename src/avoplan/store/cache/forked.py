"""Work done in a forked child while this process does other work, where a core is idle
(`cores.spare_core`): a cold read's later files parsed (`prefill`), every need's replays
beside the other rules (`rules.alla`), a site's pages (`workspace.rules_apart`).

The child shares what this process has loaded by fork (nothing is sent to it), computes,
and sends back its answer pickled through a pipe. Whatever goes wrong there (no fork, a
crash, a short answer) only means this process does that part itself (`compute`, or what
`otherwise` says), so the answer is always the same.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def apart(compute: Callable[[], T], otherwise: Callable[[], T] | None = None) -> Child[T]:
    """Start `compute` in a forked child; calling what comes back gives its result, or,
    when the child gave none, `otherwise()` (by default `compute` run here)."""
    fallback = compute if otherwise is None else otherwise
    if not hasattr(os, "fork"):  # Windows: computed here, when asked
        return Child(fallback, None, -1)
    try:
        reading, writing = os.pipe()
    except OSError:
        return Child(fallback, None, -1)
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return Child(fallback, None, -1)
    if pid == 0:  # pragma: no cover (the child's coverage is not collected)
        _child(compute, reading, writing)
    os.close(writing)
    return Child(fallback, pid, reading)


class Child(Generic[T]):
    """A started child: called, its answer; cancelled, stopped and reaped. `fallback`
    answers instead when no child runs or it gave no answer."""

    def __init__(self, fallback: Callable[[], T], pid: int | None, reading: int) -> None:
        self._fallback, self._pid, self._reading = fallback, pid, reading

    @property
    def running(self) -> bool:
        """Whether a child was started and its answer not yet taken."""
        return self._pid is not None

    def __call__(self) -> T:
        if self._pid is None:
            return self._fallback()
        try:
            with os.fdopen(self._reading, "rb", closefd=False) as answer:
                data = answer.read()
            _, status = os.waitpid(self._pid, 0)
        except BaseException:  # Ctrl-C while waiting: the child is stopped, and reaped
            self.cancel()
            raise
        self._pid = None
        os.close(self._reading)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return self._fallback()
        found: T = pickle.loads(data)  # noqa: S301 (our own child's answer, through our own pipe)
        return found

    def cancel(self) -> None:
        """The answer is not wanted (this process failed or was interrupted)."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        os.close(self._reading)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _child(compute: Callable[[], T], reading: int, writing: int) -> None:  # pragma: no cover
    """Compute, write the answer, and leave without running any of the parent's exit
    handlers or flushing its buffered output (os._exit)."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent answers it
        os.close(reading)
        data = pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as out:
            out.write(data)
        code = 0
    finally:
        os._exit(code)
