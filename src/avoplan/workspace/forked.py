"""One part of the rules computed in a forked second process while this one computes the
rest, where a core is idle (`store.cache.cores.spare_core`): the replay of every need's
recorded decisions is about half of the rules' time.

The child shares the loaded portfolio by fork (nothing is sent to it), computes, and
sends back its findings pickled through a pipe. Whatever goes wrong there (no fork, a
crash, a short answer) only means this process computes that part itself, so the
findings are always the same, in the same order.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def apart(compute: Callable[[], T]) -> Callable[[], T]:
    """Start `compute` in a forked child; the function returned gives its result (or
    computes it here when the child gave none)."""
    try:
        reading, writing = os.pipe()
        child = os.fork()
    except OSError:
        return compute
    if child == 0:  # pragma: no cover (the child's coverage is not collected)
        _child(compute, reading, writing)
    os.close(writing)

    def result() -> T:
        with os.fdopen(reading, "rb") as answer:
            data = answer.read()
        _, status = os.waitpid(child, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return compute()
        found: T = pickle.loads(data)  # noqa: S301 (our own child's answer, through our own pipe)
        return found

    return result


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
