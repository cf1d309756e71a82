"""The follow-up document in a real headless Chromium, checked with axe-core for WCAG 2.1
AA (the same guard as tests/test_render_browser.py, whose fixtures it reuses)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.test_render_browser import axe_violations, embedded_html, page

__all__ = ["embedded_html", "page"]  # the Chromium page and the rendered documents


def test_uppfoljning_has_no_wcag_21_aa_violations(
    embedded_html: Callable[[str], Path], page: Any
) -> None:
    page.goto(embedded_html("uppfoljning").as_uri())
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("main").count() == 1
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_uppfoljning_chart_is_a_labelled_image(
    embedded_html: Callable[[str], Path], page: Any
) -> None:
    page.goto(embedded_html("uppfoljning").as_uri())
    chart = page.locator("svg[role=img]")
    assert chart.count() == 1
    assert chart.locator("title").first.text_content() or "".startswith("Skattad och realiserad")
    description = chart.locator("desc").text_content() or ""
    # The last point is the whole portfolio: the sums of the table below the chart.
    assert description.endswith("skattat 13\u00a0500 h/år, realiserat 9\u00a0100 h/år.")
    assert chart.locator("polyline").count() == 2
