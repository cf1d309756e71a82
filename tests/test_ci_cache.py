"""A CI runner writes no cache nobody will read (issue 27): with CI=true or
--no-cache-write, `check` and `render` leave no .avoplan-cache behind, give the same
answer, and still read a cache that is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Cli, settle

CACHE = ".avoplan-cache"


def cached_files(portfolio: Path) -> set[str]:
    folder = portfolio / CACHE
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("how", ["CI=true", "--no-cache-write"])
def test_check_and_render_on_ci_write_no_cache(
    cli: Cli, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    options: tuple[str, ...] = ()
    if how == "CI=true":
        monkeypatch.setenv("CI", "true")
    else:
        options = (how,)
    checked = cli("check", "-p", repo, *options)
    rendered = cli("render", "plan", "-p", repo, "--out", tmp_path / "ci", *options)
    assert (checked.exit_code, rendered.exit_code) == (0, 0), checked.output + rendered.output
    assert cached_files(repo) == set()
    monkeypatch.delenv("CI", raising=False)
    assert cli("check", "-p", repo).stdout == checked.stdout  # the same answer
    assert cli("render", "plan", "-p", repo, "--out", tmp_path / "local").exit_code == 0
    assert (tmp_path / "local" / "plan.md").read_bytes() == (
        tmp_path / "ci" / "plan.md"
    ).read_bytes()
    assert "check.tsv" in cached_files(repo)  # off CI the cache is written again


def test_a_cache_that_is_there_is_still_read_on_ci(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch, loads: list[Path]
) -> None:
    settle(repo)  # past the racy window, as files in a checkout are: the manifest is kept
    assert cli("check", "-p", repo).exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in (repo / CACHE).rglob("*") if p.is_file()}
    loads.clear()
    monkeypatch.setenv("CI", "true")
    assert cli("check", "-p", repo, "--no-cache-write").exit_code == 0
    assert loads == []  # every file from the cache
    after = {p: p.stat().st_mtime_ns for p in (repo / CACHE).rglob("*") if p.is_file()}
    assert after == before
