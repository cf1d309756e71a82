"""The board (issue 12): `avoplan board` in the terminal and `render board` as accessible
HTML (axe-core in Chromium), with days in step, stale needs marked and per forum what
awaits its decision."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.helpers import Cli
from tests.test_render_browser import axe_violations, embedded_html, page

__all__ = ["embedded_html", "page"]  # the browser fixtures, shared with the document tests


def test_board_has_a_column_per_step_with_days_and_stale_marks(cli: Cli, portfolio: Path) -> None:
    result = cli("board", "-p", portfolio)
    assert result.exit_code == 0, result.output
    for heading in ("Insamling (4)", "Grovsållning (3)", "Beredning (3)", "Klart för start (3)"):
        assert heading in result.stdout
    assert " d ⚠ · Hemtjänst" in result.stdout
    assert "BEH-001" not in result.stdout.split("Att besluta")[0]  # a projekt now


def test_stale_follows_the_threshold(cli: Cli, portfolio: Path) -> None:
    assert "⚠ ·" in cli("board", "-p", portfolio, "--stale", "1").stdout
    result = cli("board", "-p", portfolio, "--stale", "100000")
    assert result.exit_code == 0, result.output
    assert "⚠ ·" not in result.stdout


def test_board_lists_what_each_forum_must_decide(cli: Cli, portfolio: Path) -> None:
    result = cli("board", "-p", portfolio, "--forum", "Digitaliseringsrådet")
    assert result.exit_code == 0, result.output
    # BEH-002 and BEH-005 depend on TID (R33): the Styr- och samordningsgruppen decides them.
    assert "Digitaliseringsrådet: 1 behov" in result.stdout
    assert "BP3 BEH-006" in result.stdout
    assert "Insamling (4)" not in result.stdout


def test_board_html_has_no_wcag_21_aa_violations(
    embedded_html: Callable[[str], Path], page: Any
) -> None:
    page.goto(embedded_html("board").as_uri())
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("text=Står still").count() > 0
    assert page.locator("table caption", has_text="Att besluta i Digitaliseringsrådet").count() == 1
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
