"""`avoplan render site`: the portfolio as a static site. Deterministic, written only
where a page changed, every internal link resolving, nothing fetched from the net and
no portfolio text turned into markup. (The Chromium checks are in test_site_browser.)"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.helpers import Cli, replace_in, snapshot

_LINK = re.compile(r'(?:href|src)="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')


def render_site(cli: Cli, portfolio: Path, out: Path) -> str:
    result = cli("render", "site", "-p", portfolio, "--out", out)
    assert result.exit_code == 0, result.output
    return result.output


def pages_of(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def broken_links(out: Path) -> list[str]:
    """Every href and src of every page that points inside the site but to no file, or
    to a fragment the page does not have; and every link that leaves the site."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in pages_of(out):
        text = page.read_text(encoding="utf-8")
        for link in _LINK.findall(text):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.scheme or parts.netloc:
                if not link.startswith("https://github.com/"):  # a commit, never fetched
                    broken.append(f"{page.relative_to(out)}: {link} lämnar webbplatsen")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(out)}: {link}")
                continue
            if parts.fragment:
                known = ids.setdefault(target, set(_ID.findall(target.read_text(encoding="utf-8"))))
                if parts.fragment not in known:
                    broken.append(f"{page.relative_to(out)}: {link} (saknat ankare)")
    return broken


def test_every_page_kind_is_written_and_every_internal_link_resolves(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    for page in (
        "index.html",
        "behov/index.html",
        "behov/BEH-001.html",
        "projekt/PRJ-021.html",
        "system/index.html",
        "system/treserva.html",
        "forum/styr-och-samordningsgruppen.html",
        "avdelning/hemtjanst.html",
        "tavla.html",
        "prioritet.html",
        "uppfoljning.html",
        "sok.html",
        "sok-index.js",
        "sok.js",
        "site.css",
    ):
        assert (out / page).is_file(), page
    assert len(list((out / "behov").glob("BEH-*.html"))) == len(
        list((portfolio / "behov").glob("BEH-*.yaml"))
    )
    assert broken_links(out) == []


def test_a_broken_link_is_found(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    """Guards the guard: a page pointing at a missing page fails the link check."""
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    (out / "projekt" / "PRJ-021.html").unlink()
    assert any("PRJ-021.html" in line for line in broken_links(out))


def test_the_system_page_lists_every_need_and_project_that_touches_it(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    page = (out / "system" / "treserva.html").read_text(encoding="utf-8")
    for need in sorted((portfolio / "behov").glob("BEH-*.yaml")):
        uses = re.search(r"^system:\s*\n((?:\s+- .*\n)+)", need.read_text(encoding="utf-8"), re.M)
        inline = re.search(r"^system: \[(.*)\]", need.read_text(encoding="utf-8"), re.M)
        listed = (uses[1] if uses else "") + (inline[1] if inline else "")
        assert (f'href="../behov/{need.stem}.html"' in page) == ("treserva" in listed), need.stem


def test_the_output_is_deterministic_and_a_second_render_writes_nothing(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    render_site(cli, portfolio, first)
    render_site(cli, portfolio, second)
    assert snapshot(first) == snapshot(second)
    before = {p: p.stat().st_mtime_ns for p in first.rglob("*") if p.is_file()}
    output = render_site(cli, portfolio, first)
    assert ", 0 skrivna" in output
    assert {p: p.stat().st_mtime_ns for p in first.rglob("*") if p.is_file()} == before


def test_one_changed_need_rewrites_only_the_pages_that_show_it(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    before = snapshot(out)
    replace_in(
        portfolio / "behov" / "BEH-003.yaml",
        "Ett koncept med",
        "Ett koncept (nytt ord: kvarnstensfabrikerna) med",
    )
    render_site(cli, portfolio, out)
    after = snapshot(out)
    changed = {name for name in after if after[name] != before.get(name)}
    # The manifest records each page's inputs, so it changes with the page.
    assert changed == {"behov/BEH-003.html", "sok-index.js", ".avoplan-webbplats.json"}


def test_the_start_page_says_what_changed_since_the_last_render(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    start = (out / "index.html").read_text(encoding="utf-8")
    assert "Första publiceringen" in start
    (portfolio / "behov" / "BEH-010.yaml").unlink()
    render_site(cli, portfolio, out)
    start = (out / "index.html").read_text(encoding="utf-8")
    assert "<li>BEH-010 Talsyntes för dokumentation i hemtjänsten</li>" in start
    assert "Borttagna" in start
    assert not (out / "behov" / "BEH-010.html").exists()
    # The same portfolio again: the same comparison, so nothing is rewritten.
    assert ", 0 skrivna" in render_site(cli, portfolio, out)


def test_a_hostile_title_stays_text_on_every_page_and_in_the_index(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)>"'
    replace_in(
        portfolio / "behov" / "BEH-003.yaml",
        "titel: Konceptlösning för trygghetslarm",
        "titel: '" + hostile.replace("'", "''") + "'",
    )
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    for page in [*pages_of(out), out / "sok-index.js"]:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text, page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in (out / "behov" / "BEH-003.html").read_text(
        encoding="utf-8"
    )


def test_no_page_asks_the_net_for_anything(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    for page in [*pages_of(out), out / "site.css", out / "sok.js"]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(?:src|href)="(?:https?:)?//', text), page
        assert "@import" not in text and "url(http" not in text, page


def test_render_site_needs_a_folder_and_takes_no_meeting(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    result = cli("render", "site", "-p", portfolio)
    assert result.exit_code == 2
    assert "ange --out MAPP" in result.output
    result = cli("render", "site", "M1", "-p", portfolio, "--out", tmp_path / "s")
    assert result.exit_code == 2


@pytest.mark.parametrize("remote", ["git@github.com:goteborg/avo-plan.git"])
def test_a_github_remote_links_the_commit(
    cli: Cli, repo: Path, tmp_path: Path, remote: str
) -> None:
    from tests.helpers import git

    git(repo, "remote", "add", "origin", remote)
    out = tmp_path / "site"
    render_site(cli, repo, out)
    sha = git(repo, "rev-parse", "--short", "HEAD").strip()
    start = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="https://github.com/goteborg/avo-plan/commit/{sha}"' in start
    folder = repo.resolve().relative_to(Path(git(repo, "rev-parse", "--show-toplevel").strip()))
    top = "" if str(folder) == "." else f"{folder.as_posix()}/"
    need = (out / "behov" / "BEH-001.html").read_text(encoding="utf-8")
    # The file's history up to its last commit (not HEAD's: the page changes only with it).
    last = git(repo, "log", "-1", "--format=%H", "--", "behov/BEH-001.yaml").strip()
    assert (
        f'href="https://github.com/goteborg/avo-plan/commits/{last}/{top}behov/BEH-001.yaml"'
        in need
    )
