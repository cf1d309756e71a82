"""The static site in a real headless Chromium: axe-core (WCAG 2.1 AA) on every page
kind, the search finding a need by a word only its description has, from file:// with
the network refused. Reuses the Chromium and axe helpers of test_render_browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Cli, replace_in
from tests.test_render_browser import axe_violations

PAGE_KINDS = [
    "index.html",
    "behov/index.html",
    "behov/BEH-001.html",
    "behov/BEH-005.html",
    "projekt/PRJ-021.html",
    "system/index.html",
    "system/treserva.html",
    "forum/styr-och-samordningsgruppen.html",
    "avdelning/hemtjanst.html",
    "tavla.html",
    "prioritet.html",
    "uppfoljning.html",
    "sok.html",
]


@pytest.fixture(scope="module")
def offline(chromium_browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page in a browser context that is offline and refuses every request that is
    not a file: the requests it was asked for are recorded."""
    asked: list[str] = []
    context = chromium_browser.new_context(offline=True)

    def refuse(route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            asked.append(url)
            route.abort()

    context.route("**/*", refuse)
    yield context.new_page(), asked
    context.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.helpers import EMBEDDED, copy_portfolio

    root = tmp_path_factory.mktemp("site")
    portfolio = copy_portfolio(EMBEDDED, root / "portfolio")
    replace_in(
        portfolio / "behov" / "BEH-003.yaml",
        "Ett koncept med",
        "Ett koncept som Ångbåtsbryggornas larm med",
    )
    result = Cli()("render", "site", "-p", portfolio, "--out", root / "site")
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.mark.parametrize("page_name", PAGE_KINDS)
def test_every_page_kind_has_no_wcag_21_aa_violations(
    site: Path, offline: tuple[Any, list[str]], page_name: str
) -> None:
    page, asked = offline
    page.goto((site / page_name).as_uri())
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("main").count() == 1
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert asked == []


def test_search_finds_a_need_by_a_word_only_its_description_has(
    site: Path, offline: tuple[Any, list[str]]
) -> None:
    """'angbatsbrygga' (no å, another inflection) finds 'Ångbåtsbryggornas', which only
    BEH-003's description has, from file:// with the network refused."""
    page, asked = offline
    page.goto((site / "sok.html").as_uri())
    page.fill("#sokord", "angbatsbrygga")
    page.click("#sok button")
    hits = page.locator("#traffar a")
    assert hits.count() == 1
    assert (hits.first.text_content() or "").startswith("BEH-003 ")
    assert page.locator("#sokstatus").text_content() == "1 träff."
    hits.first.click()
    page.wait_for_url("**/behov/BEH-003.html")
    assert "Ångbåtsbryggornas" in (page.locator("main").text_content() or "")
    assert asked == []


def test_the_search_box_on_every_page_opens_the_search(
    site: Path, offline: tuple[Any, list[str]]
) -> None:
    page, asked = offline
    page.goto((site / "behov" / "BEH-001.html").as_uri())
    page.fill("#snabbsok", "Trygghetslarm")
    page.click("nav.webbplats button")
    page.wait_for_url("**/sok.html?q=*")
    titles = [t or "" for t in page.locator("#traffar a").all_text_contents()]
    assert any(t.startswith("BEH-003 ") for t in titles)
    assert asked == []


def test_a_word_no_page_has_finds_nothing(site: Path, offline: tuple[Any, list[str]]) -> None:
    page, _ = offline
    page.goto((site / "sok.html").as_uri() + "?q=xylofonorkestrar")
    assert page.locator("#traffar a").count() == 0
    assert page.locator("#sokstatus").text_content() == "0 träffar."
