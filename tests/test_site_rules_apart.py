"""`render site` with the rules in a forked child while the site is laid out, the pages
of the whole portfolio laid out in another, and what git says asked in a third while the
portfolio is read (issue 26, `workspace/rules_apart.py`):
a portfolio with errors is refused with the same words as when all runs in this
process, and nothing is written; a portfolio without errors gives the same site, byte
for byte."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Cli, replace_in, snapshot
from tests.test_site_incremental import _retitle  # the same edit of a need's title


class Children:
    """Every portfolio counts as large and, while `idle`, a core as idle: git, the rules
    and the whole portfolio's pages go to children (counted in `started`), as for 10 000
    items on a quiet machine."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from avoplan.store.cache import cores, forked

        self.idle, self.started = True, 0
        real = forked.apart

        def counting(compute: Any) -> Any:
            self.started += 1
            return real(compute)

        monkeypatch.setattr(cores, "PARALLEL_MIN", 0)
        monkeypatch.setattr(cores, "spare_core", lambda: self.idle)
        monkeypatch.setattr(forked, "apart", counting)


def _render(cli: Cli, portfolio: Path, out: Path) -> tuple[int, str]:
    result = cli("render", "site", "-p", portfolio, "--out", out)
    return result.exit_code, result.stderr


def _break(portfolio: Path) -> None:
    replace_in(
        portfolio / "projekt" / "PRJ-021.yaml",
        "projektledare: jonas-berg",
        "projektledare: okand-person",
    )


def test_an_error_found_in_the_child_refuses_the_site_as_before_and_writes_nothing(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    children = Children(monkeypatch)
    out = tmp_path / "webb"
    assert _render(cli, portfolio, out)[0] == 0
    assert children.started == 3  # what git says, the rules, the pages
    before = snapshot(out)
    _retitle(portfolio)  # pages to write, had the portfolio no error
    _break(portfolio)
    children.idle = False
    expected = _render(cli, portfolio, tmp_path / "webb-här")
    assert expected[0] == 1
    assert "portföljen har 1 fel, så inga dokument tas fram" in expected[1]
    assert children.started == 3
    children.idle = True
    (portfolio / ".avoplan-cache" / "rules.json").unlink()  # so the rules run again
    assert _render(cli, portfolio, out) == expected
    assert children.started == 6
    assert snapshot(out) == before


def test_the_site_is_the_same_with_the_rules_in_the_child(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Path(shutil.copytree(portfolio, tmp_path / "här"))
    out, out_here = tmp_path / "webb", tmp_path / "webb-här"
    assert _render(cli, here, out_here)[0] == 0
    _retitle(here)
    assert _render(cli, here, out_here)[0] == 0
    children = Children(monkeypatch)
    assert _render(cli, portfolio, out)[0] == 0
    _retitle(portfolio)
    assert _render(cli, portfolio, out)[0] == 0
    assert children.started == 6
    assert snapshot(out) == snapshot(out_here)


@pytest.mark.parametrize("child_dies", [False, True])
def test_parts_shared_with_a_child_are_each_answered_once_in_order(
    monkeypatch: pytest.MonkeyPatch, *, child_dies: bool
) -> None:
    """The site's parts go to whichever process is free (`rules_apart.shared`): every
    part answered, in order, whoever laid it out; a child that dies on a part it took
    leaves it, and any part it took, to this process."""
    import os
    import time

    from avoplan.store.cache import cores
    from avoplan.workspace.rules_apart import shared

    monkeypatch.setattr(cores, "spare_core", lambda: True)
    here = os.getpid()

    def part(number: int) -> Any:
        def lay_out() -> tuple[int, bool]:
            if os.getpid() != here and child_dies:
                os._exit(1)
            if os.getpid() == here:
                time.sleep(0.05)  # a part's work: time for the child to take some too
            return number, os.getpid() == here

        return lay_out

    answers = shared([part(number) for number in range(7)])()
    assert [number for number, _ in answers] == list(range(7))
    assert all(in_here for _, in_here in answers) or not child_dies
