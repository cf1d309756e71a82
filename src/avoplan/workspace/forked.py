"""One part of the rules computed in a forked second process while this one computes the
rest, where a core is idle (`store.cache.cores.spare_core`): the replay of every need's
recorded decisions is about half of the rules' time.

The child shares the loaded portfolio by fork (nothing is sent to it), computes, and
sends back its findings pickled through a pipe. Whatever goes wrong there (no fork, a
crash, a short answer) only means this process computes that part itself, so the
findings are always the same, in the same order.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def apart(compute: Callable[[], T]) -> Child[T]:
    """Start `compute` in a forked child; calling what comes back gives its result (or
    computes it here when the child gave none)."""
    if not hasattr(os, "fork"):  # Windows: computed here, when asked
        return Child(compute, None, -1)
    try:
        reading, writing = os.pipe()
    except OSError:
        return Child(compute, None, -1)
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return Child(compute, None, -1)
    if pid == 0:  # pragma: no cover (the child's coverage is not collected)
        _child(compute, reading, writing)
    os.close(writing)
    return Child(compute, pid, reading)


class Child(Generic[T]):
    """A started child: called, its answer; cancelled, stopped and reaped."""

    def __init__(self, compute: Callable[[], T], pid: int | None, reading: int) -> None:
        self._compute, self._pid, self._reading = compute, pid, reading

    def __call__(self) -> T:
        if self._pid is None:
            return self._compute()
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
            return self._compute()
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
