"""The part of the rules computed in a forked child (workspace.forked): its answer is the
one this process would compute, and a child that fails only means it is computed here."""

from __future__ import annotations

import os
from pathlib import Path

from avoplan.core.findings import Finding, Severity
from avoplan.workspace.forked import apart


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
