"""The timeline of decisions on the site links the commit that recorded each decision
when the repository's https address is known (the origin remote on GitHub, or CI's
GITHUB_SERVER_URL and GITHUB_REPOSITORY); nothing else ever becomes a link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import EMBEDDED, Cli, copy_portfolio, git
from tests.test_site import render_site

REMOTE = "git@github.com:goteborg/avo-plan.git"
WEB = "https://github.com/goteborg/avo-plan"


@pytest.fixture(autouse=True)
def _not_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_SERVER_URL", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)


def two_commits(root: Path) -> tuple[Path, str, str]:
    """A repository whose first commit has BEH-001 up to BP3 and whose second records
    BP4; returns the portfolio and both shas."""
    portfolio = copy_portfolio(EMBEDDED, root / "portfolio")
    need = portfolio / "behov" / "BEH-001.yaml"
    whole = need.read_text(encoding="utf-8")
    bp4 = re.search(r"^  - beslutspunkt: 4\n(?:    .*\n)+", whole, re.M)
    assert bp4 is not None
    need.write_text(whole.replace(bp4[0], ""), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Portfölj")
    first = git(root, "rev-parse", "HEAD").strip()
    need.write_text(whole, encoding="utf-8")
    git(root, "commit", "-q", "-am", "BEH-001: BP4")
    return portfolio, first, git(root, "rev-parse", "HEAD").strip()


def commit_links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return re.findall(
        r'<a href="https://github\.com/goteborg/avo-plan/commit/([0-9a-f]{40})">', text
    )


def test_each_decision_links_the_commit_that_recorded_it(cli: Cli, tmp_path: Path) -> None:
    portfolio, first, second = two_commits(tmp_path / "repo")
    git(tmp_path / "repo", "remote", "add", "origin", REMOTE)
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    page = out / "behov" / "BEH-001.html"
    assert commit_links(page) == [first, first, first, second]
    assert f"commit {first[:10]}</a>" in page.read_text(encoding="utf-8")
    # An uncommitted edit to the file: the decisions are still those commits'.
    need = portfolio / "behov" / "BEH-001.yaml"
    text = need.read_text(encoding="utf-8")
    need.write_text(text.replace("Behovet är väl beskrivet", "Behovet är mycket väl beskrivet"))
    render_site(cli, portfolio, out)
    assert commit_links(page) == [first, first, first, second]


def test_ci_gives_the_address(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    portfolio, first, second = two_commits(tmp_path / "repo")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "goteborg/avo-plan")
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    assert commit_links(out / "behov" / "BEH-001.html") == [first, first, first, second]


@pytest.mark.parametrize(
    ("remote", "server", "repository"),
    [
        (None, None, None),
        ("/srv/git/avo-plan.git", None, None),
        ("http://github.com/goteborg/avo-plan.git", None, None),
        ('https://github.com/goteborg/avo"><script>alert(1)</script>', None, None),
        ("https://evil.example/goteborg/avo-plan.git", None, None),
        (None, "javascript:alert(1)//", "goteborg/avo-plan"),
        (None, "http://github.com", "goteborg/avo-plan"),
        (None, 'https://github.com/"><script>', "goteborg/avo-plan"),
        (None, "https://github.com", 'goteborg/avo"><script>'),
    ],
)
def test_no_known_https_address_means_no_commit_link(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    remote: str | None,
    server: str | None,
    repository: str | None,
) -> None:
    portfolio, _, _ = two_commits(tmp_path / "repo")
    if remote:
        git(tmp_path / "repo", "remote", "add", "origin", remote)
    if server and repository:
        monkeypatch.setenv("GITHUB_SERVER_URL", server)
        monkeypatch.setenv("GITHUB_REPOSITORY", repository)
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "/commit/" not in text and "/commits/" not in text, page
        assert "<script>alert" not in text, page


def test_a_commit_that_changes_one_need_rewrites_only_its_pages(cli: Cli, tmp_path: Path) -> None:
    """The version and day stand on the start page alone, and a page links its file's
    history up to the file's last commit: a new commit does not touch every page."""
    from tests.helpers import replace_in, snapshot

    portfolio, _, _ = two_commits(tmp_path / "repo")
    git(tmp_path / "repo", "remote", "add", "origin", REMOTE)
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    before = snapshot(out)
    replace_in(
        portfolio / "behov" / "BEH-003.yaml",
        "Ett koncept med",
        "Ett koncept (nytt ord: kvarnstensfabrikerna) med",
    )
    git(tmp_path / "repo", "commit", "-q", "-am", "BEH-003: beskrivning")
    render_site(cli, portfolio, out)
    after = snapshot(out)
    changed = {name for name in after if after[name] != before.get(name)}
    # The board, the list and uppföljning are the plan's documents, with their version.
    assert changed == {
        "behov/BEH-003.html",
        "index.html",
        "tavla.html",
        "prioritet.html",
        "uppfoljning.html",
        "sok-index.js",
        ".avoplan-webbplats.json",
    }
