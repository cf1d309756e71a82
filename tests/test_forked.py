"""The part of the rules computed in a forked child (store.cache.forked): its answer is the
one this process would compute, and a child that fails only means it is computed here."""

from __future__ import annotations

import os
from pathlib import Path

from avoplan.core.findings import Finding, Severity
from avoplan.store.cache.forked import apart


def _findings() -> list[Finding]:
    return [Finding(Severity.VARNING, "å ä ö", Path("behov/BEH-001.yaml"), ("beslut", 0))]


def test_the_childs_answer_comes_back_whole() -> None:
    parent = os.getpid()
    result = apart(lambda: [*_findings(), Finding(Severity.FEL, str(os.getpid() != parent))])
    assert result() == [*_findings(), Finding(Severity.FEL, "True")]


def test_a_child_that_fails_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def compute() -> list[Finding]:
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return _findings()

    assert apart(compute)() == _findings()


def test_a_cancelled_child_is_stopped_and_reaped_at_once() -> None:
    import time

    parent = os.getpid()

    def compute() -> list[Finding]:
        if os.getpid() != parent:
            time.sleep(60)
        return _findings()

    started = time.monotonic()
    child = apart(compute)
    pid = child._pid  # which process to look for afterwards
    assert pid is not None
    child.cancel()
    assert time.monotonic() - started < 10
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass  # reaped: no zombie left behind
    else:
        raise AssertionError("the child was not reaped")


def test_an_interrupt_while_waiting_for_the_child_stops_it() -> None:
    """Ctrl-C while the rules wait for the needs' replays: the child is cancelled (killed and
    reaped), not left to run on holding the command's output pipes."""
    import pytest

    from avoplan.rules.alla import run_rules
    from avoplan.store.loader import load_portfolio
    from tests.helpers import EMBEDDED

    portfolio = load_portfolio(EMBEDDED).portfolio
    assert portfolio is not None

    class Interrupted:
        cancelled = False

        def __call__(self) -> list[Finding]:
            raise KeyboardInterrupt

        def cancel(self) -> None:
            self.cancelled = True

    child = Interrupted()
    with pytest.raises(KeyboardInterrupt):
        run_rules(portfolio, apart=lambda _: child)
    assert child.cancelled
