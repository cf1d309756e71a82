"""The HTML documents in a real headless Chromium, checked with axe-core for WCAG 2.1
AA. Skipped only when Chromium is not installed; `.ci/run` installs it and sets
AVOPLAN_REQUIRE_BROWSER=1, which turns that skip into a failure."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EMBEDDED, Cli, copy_portfolio, replace_in

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Without these, Chromium reaches for Google's services, which this network refuses.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium() -> str:
    found = (
        os.environ.get("AVOPLAN_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if found:
        return found
    if os.environ.get("AVOPLAN_REQUIRE_BROWSER") == "1":
        pytest.fail("Chromium is required (AVOPLAN_REQUIRE_BROWSER=1) but not installed")
    pytest.skip("Chromium is not installed: apt-get install chromium (.ci/run does)")


@pytest.fixture(scope="module")
def page(chromium_browser: Any) -> Iterator[Any]:
    page = chromium_browser.new_page()
    yield page
    page.close()


def html_of(cli: Cli, portfolio: Path, out: Path, document: str) -> Path:
    result = cli("render", document, "-p", portfolio, "--out", out, "--format", "html")
    assert result.exit_code == 0, result.output
    return out / f"{document}.html"


@pytest.fixture(scope="session")
def embedded_html(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The embedded portfolio's documents as HTML, each rendered once per test process
    when a test first asks for it: for the tests that only read a document."""
    root = tmp_path_factory.mktemp("html")
    portfolio = copy_portfolio(EMBEDDED, root / "portfolio")
    return functools.cache(functools.partial(html_of, Cli(), portfolio, root))


def axe_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


@pytest.mark.parametrize(
    "document", ["plan", "forvaltningsplan", "prioritet", "rad", "backlog", "portfoljrapport"]
)
def test_document_has_no_wcag_21_aa_violations(
    embedded_html: Callable[[str], Path], page: Any, document: str
) -> None:
    page.goto(embedded_html(document).as_uri())
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("main").count() == 1
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_axe_finds_a_planted_violation(page: Any, tmp_path: Path) -> None:
    """Guards the guard: a page without alt text or lang must fail the same check."""
    broken = tmp_path / "trasig.html"
    broken.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        "<img src='x.png'></main></body></html>",
        encoding="utf-8",
    )
    page.goto(broken.as_uri())
    assert {v["id"] for v in axe_violations(page)} >= {"html-has-lang", "image-alt"}


def test_plan_charts_are_labelled_images(embedded_html: Callable[[str], Path], page: Any) -> None:
    page.goto(embedded_html("plan").as_uri())
    charts = page.locator("svg[role=img]")
    assert charts.count() == 2
    funnel, matrix = charts.nth(0), charts.nth(1)
    assert funnel.locator("title").text_content() == "Antal behov per steg i Behovsprocessen"
    assert funnel.locator("rect").count() == 6
    assert "Insamling behov/idéer 4" in (funnel.locator("desc").text_content() or "")
    points = matrix.locator("circle")
    assert points.count() == 6
    assert "PRJ-021 Digital nattillsyn i hemtjänsten" in (
        matrix.locator("desc").text_content() or ""
    )
    assert page.locator("th[scope=row]").count() > 0
    assert page.locator("table:not(:has(caption))").count() == 0


def test_script_in_a_titel_renders_as_text(
    cli: Cli, portfolio: Path, tmp_path: Path, page: Any
) -> None:
    replace_in(
        portfolio / "plan.yaml",
        "titel: Digitaliseringsplan 2025–2026",
        'titel: "<script>window.avoplanPwned = 1</script>Plan"',
    )
    page.goto(html_of(cli, portfolio, tmp_path, "plan").as_uri())
    assert page.evaluate("window.avoplanPwned") is None
    assert page.locator("h1").text_content() == "<script>window.avoplanPwned = 1</script>Plan"


@pytest.mark.parametrize("document", ["prioritet", "plan", "backlog"])
def test_r38_the_budget_line_has_no_wcag_21_aa_violations(
    cli: Cli, portfolio: Path, tmp_path: Path, page: Any, document: str
) -> None:
    with (portfolio / "prioritering.yaml").open("a", encoding="utf-8") as handle:
        handle.write("budgettak:\n  2026: 2000000\n")
    page.goto(html_of(cli, portfolio, tmp_path, document).as_uri())
    assert "ryms inom budget 2026" in page.locator("main").inner_text().lower()
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
