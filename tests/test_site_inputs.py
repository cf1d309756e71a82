"""`render site` does not even build a need's or a project's page whose inputs are the
ones the last render laid it out from (documents/site/inputs.input_key: what the page
reads of the item, of the items it names and of the whole portfolio). Each change here
alters one of those inputs and no file of the page's own item, and the incremental
render is byte for byte what laying out every page gives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.helpers import Cli, git, replace_in, snapshot
from tests.test_site import render_site
from tests.test_site_commits import REMOTE, two_commits
from tests.test_site_incremental import every_page_laid_out


def _person(portfolio: Path) -> None:  # BEH-003's kontaktperson, PRJ pages' roles
    replace_in(portfolio / "organisation.yaml", "namn: Mikael Persson", "namn: Mikael Perzon")


def _avdelning(portfolio: Path) -> None:
    replace_in(
        portfolio / "organisation.yaml",
        "    namn: Vård- och omsorgsboende\n",
        "    namn: Vård- och omsorgsboenden\n",
    )


def _forum(portfolio: Path) -> None:  # a forum named on decisions' timelines
    replace_in(
        portfolio / "organisation.yaml",
        "namn: ÄVO:s lokala utvecklingsteam",
        "namn: ÄVO:s lokala utvecklingsgrupp",
    )


def _system(portfolio: Path) -> None:
    replace_in(portfolio / "system" / "treserva.yaml", "namn: Treserva", "namn: Treserva 2")


def _schablon(portfolio: Path) -> None:  # BEH-003's cost
    replace_in(
        portfolio / "schablon" / "2025.yaml",
        "projektledare_kr_per_timme: 720",
        "projektledare_kr_per_timme: 730",
    )


def _project_title(portfolio: Path) -> None:  # BEH-001 and BEH-003 name PRJ-021
    replace_in(
        portfolio / "projekt" / "PRJ-021.yaml",
        "titel: Digital nattillsyn i hemtjänsten",
        "titel: Digital nattillsyn i hela hemtjänsten",
    )


def _need_title(portfolio: Path) -> None:  # PRJ-023 came from BEH-003
    replace_in(
        portfolio / "behov" / "BEH-003.yaml",
        "titel: Konceptlösning för trygghetslarm",
        "titel: Koncept för trygghetslarm",
    )


def _depended_on(portfolio: Path) -> None:  # BEH-012's page: what depends on it
    replace_in(
        portfolio / "behov" / "BEH-010.yaml",
        "steg: insamling\n",
        "steg: insamling\nberoenden: [BEH-012]\n",
    )


def _place(portfolio: Path) -> None:  # BEH-018 falls below PRJ-023, which moves up
    replace_in(
        portfolio / "behov" / "BEH-018.yaml",
        "frigjord_tid_timmar_per_år: 1500",
        "frigjord_tid_timmar_per_år: 1",
    )


def _score(portfolio: Path) -> None:  # BEH-005 shares a goal with BEH-002: a higher score
    replace_in(portfolio / "behov" / "BEH-005.yaml", "mål: [2]", "mål: [2, 3]")


CHANGES: list[tuple[Callable[[Path], None], str]] = [
    (_person, "behov/BEH-003.html"),
    (_avdelning, "behov/BEH-003.html"),
    (_forum, "behov/BEH-002.html"),
    (_system, "behov/BEH-001.html"),
    (_schablon, "behov/BEH-003.html"),
    (_project_title, "behov/BEH-001.html"),
    (_need_title, "projekt/PRJ-023.html"),
    (_depended_on, "behov/BEH-012.html"),
    (_place, "projekt/PRJ-023.html"),
    (_score, "behov/BEH-002.html"),
]


def _same_as_every_page_laid_out(
    cli: Cli, portfolio: Path, tmp_path: Path, change: Callable[[], object]
) -> set[str]:
    """Render, `change`, render again: the pages equal those of a render that lays out
    every page; returns the files that changed."""
    out, full = tmp_path / "site", tmp_path / "full"
    render_site(cli, portfolio, out)
    before = snapshot(out)
    change()
    every_page_laid_out(out, full)
    render_site(cli, portfolio, full)
    render_site(cli, portfolio, out)
    after = snapshot(out)
    assert after == snapshot(full)
    return {name for name in after if after[name] != before.get(name)}


@pytest.mark.parametrize(("change", "shows_it"), CHANGES, ids=[c.__name__ for c, _ in CHANGES])
def test_an_item_page_whose_file_is_unchanged_is_built_again_when_what_it_shows_changes(
    cli: Cli, portfolio: Path, tmp_path: Path, change: Callable[[Path], None], shows_it: str
) -> None:
    changed = _same_as_every_page_laid_out(cli, portfolio, tmp_path, lambda: change(portfolio))
    assert shows_it in changed


def test_the_next_day_builds_again_the_pages_that_count_days(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A need's page says how many days it has been in its step."""
    from avoplan.store import loader

    class Tomorrow(date):
        @classmethod
        def today(cls) -> Tomorrow:
            day = date.today() + timedelta(days=1)
            return cls(day.year, day.month, day.day)

    def tomorrow() -> None:
        monkeypatch.setattr(loader, "date", Tomorrow)

    changed = _same_as_every_page_laid_out(cli, portfolio, tmp_path, tomorrow)
    assert "behov/BEH-002.html" in changed


def test_the_commits_and_the_address_of_the_repository_build_the_pages_again(
    cli: Cli, tmp_path: Path
) -> None:
    """Edits committed as they were (the items' bytes unchanged): their pages link the
    new commit. Then the repository gets its address on GitHub, then another address:
    every timeline links. Then the portfolio moves within the repository: every link to
    a file's history changes."""
    repo = tmp_path / "repo"
    portfolio, _, _ = two_commits(repo)
    git(repo, "remote", "add", "origin", REMOTE)
    replace_in(portfolio / "behov" / "BEH-002.yaml", "titel: ", "titel: Ny ")
    replace_in(portfolio / "projekt" / "PRJ-001.yaml", "titel: ", "titel: Nytt ")

    def commit() -> None:
        git(repo, "commit", "-q", "-am", "BEH-002, PRJ-001: titlar")

    changed = _same_as_every_page_laid_out(cli, portfolio, tmp_path / "a", commit)
    assert {"behov/BEH-002.html", "projekt/PRJ-001.html"} <= changed
    git(repo, "remote", "remove", "origin")
    add = lambda: git(repo, "remote", "add", "origin", REMOTE)  # noqa: E731
    changed = _same_as_every_page_laid_out(cli, portfolio, tmp_path / "b", add)
    assert {"behov/BEH-003.html", "projekt/PRJ-001.html"} <= changed
    other = lambda: git(repo, "remote", "set-url", "origin", REMOTE.replace("plan", "plan-2"))  # noqa: E731
    changed = _same_as_every_page_laid_out(cli, portfolio, tmp_path / "c", other)
    assert {"behov/BEH-003.html", "projekt/PRJ-001.html"} <= changed


def test_a_portfolio_moved_within_its_repository_links_its_files_anew(
    cli: Cli, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    portfolio, _, _ = two_commits(repo)
    git(repo, "remote", "add", "origin", REMOTE)
    out, full = tmp_path / "site", tmp_path / "full"
    render_site(cli, portfolio, out)
    before = snapshot(out)
    git(repo, "mv", "portfolio", "plan")
    git(repo, "commit", "-q", "-m", "Portföljen i plan/")
    every_page_laid_out(out, full)
    render_site(cli, repo / "plan", full)
    render_site(cli, repo / "plan", out)
    assert snapshot(out) == snapshot(full)
    assert snapshot(out)["behov/BEH-002.html"] != before["behov/BEH-002.html"]
