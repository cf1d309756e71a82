"""Shared fixtures: every test runs isolated, with real files and the real CLI."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EMBEDDED, Cli, copy_portfolio, make_repo

# The tests load portfolios and YAML trees by the hundred and keep almost none of it: at the
# interpreter's thresholds the cycle collector ran 5 500 times in 450 tests, a tenth of their
# CPU. avoplan's own start (cli/start.py) uses the same thresholds; cycles are still freed.
gc.set_threshold(100_000, 50, 100)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is imported and collected lives to the end: out of the collector's sight."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The multi-second tests (marked slow) first: on two cores (`make test`, xdist's
    worksteal) none of them is left to start when the other core has run out of work."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Pin everything from the environment that could change output or git behaviour."""
    home = tmp_path / "home"
    home.mkdir()
    for key, value in {
        "HOME": str(home),
        "GIT_AUTHOR_NAME": "Fatima Olsson",
        "GIT_AUTHOR_EMAIL": "fatima.olsson@avo.exempel.se",
        "GIT_COMMITTER_NAME": "Fatima Olsson",
        "GIT_COMMITTER_EMAIL": "fatima.olsson@avo.exempel.se",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "TERM": "dumb",
    }.items():
        monkeypatch.setenv(key, value)
    for key in ("AVOPLAN_PORTFOLIO", "AVOPLAN_DEBUG", "FORCE_COLOR", "CI"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A private copy of the embedded ÄVO portfolio."""
    return copy_portfolio(EMBEDDED, tmp_path / "portfolio")


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The embedded portfolio committed in a fresh git repository; returns the portfolio."""
    root = tmp_path / "repo"
    root.mkdir()
    return make_repo(root)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The portfolios loaded file by file: a warm check, a reused document or a trusted
    cache loads none."""
    from avoplan.store import loader

    seen: list[Path] = []
    real = loader._load_portfolio

    def counting(root: Path, read: Any) -> Any:
        seen.append(root)
        return real(root, read)

    monkeypatch.setattr(loader, "_load_portfolio", counting)
    return seen


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """One headless Chromium per test process (its start costs about a second), shared by
    the browser tests: each module opens its own page or context in it."""
    from playwright.sync_api import sync_playwright

    from tests.test_render_browser import CHROMIUM_FLAGS, chromium

    executable = chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
