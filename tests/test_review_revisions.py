"""`avoplan diff` on revisions as CI gives them: shallow clones, detached HEAD, the base
branch only as $GITHUB_BASE_REF, merge-base semantics, exit 2 when it cannot compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Cli, git, replace_in


@pytest.fixture
def origin(repo: Path) -> Path:
    """main with a branch 'forslag' that renames BEH-005, and a later commit on main that
    raises BEH-004's cost (a move the branch did not make)."""
    root = repo.parent
    git(root, "switch", "-q", "-c", "forslag")
    replace_in(
        repo / "behov" / "BEH-005.yaml",
        "titel: Automatiserad uppföljning",
        "titel: Automatisk uppföljning",
    )
    git(root, "commit", "-qam", "Ny titel")
    git(root, "switch", "-q", "main")
    replace_in(repo / "behov" / "BEH-004.yaml", "leverantör_kr: 90000", "leverantör_kr: 190000")
    git(root, "commit", "-qam", "Dyrare")
    return root


def shallow_clone(origin: Path, target: Path) -> Path:
    """What actions/checkout does for a pull request: depth 1, HEAD detached."""
    git(
        target.parent,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "forslag",
        f"file://{origin}",
        target.name,
    )
    git(target, "checkout", "-q", "--detach")
    return target / "portfolio"


def test_diff_in_a_shallow_detached_clone_uses_github_base_ref_and_the_merge_base(
    cli: Cli, origin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portfolio = shallow_clone(origin, tmp_path / "ci")
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    result = cli("diff", "-p", portfolio, "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["bas"] == "origin/main"
    assert "BEH-004" not in result.stdout  # main's later move is not this change's


def test_diff_in_a_shallow_clone_without_remote_exits_2_naming_fetch_depth(
    cli: Cli, origin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portfolio = shallow_clone(origin, tmp_path / "ci")
    git(portfolio.parent, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    git(portfolio.parent, "remote", "remove", "origin")
    git(
        portfolio.parent,
        "update-ref",
        "refs/remotes/origin/main",
        git(origin, "rev-parse", "main").strip(),
    )
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    result = cli("diff", "-p", portfolio)
    assert result.exit_code == 2, result.output
    assert "fetch-depth: 0" in result.stderr and "Traceback" not in result.output


def test_diff_three_dots_compare_with_the_merge_base_and_two_dots_the_tips(
    cli: Cli, origin: Path
) -> None:
    portfolio = origin / "portfolio"
    merge_based = cli("diff", "main...forslag", "-p", portfolio, "--format", "json")
    assert merge_based.exit_code == 0, merge_based.output
    assert "BEH-004" not in merge_based.stdout
    tips = cli("diff", "main..forslag", "-p", portfolio, "--format", "json")
    assert "BEH-004" in tips.stdout
    default = cli("diff", "main", "forslag", "-p", portfolio, "--format", "json")
    assert json.loads(default.stdout) == json.loads(merge_based.stdout) | {"bas": "main"}


def test_diff_names_the_base_in_full(cli: Cli, origin: Path) -> None:
    git(origin, "branch", "utveckling/en-lång-grenbeteckning", "main")
    result = cli("diff", "utveckling/en-lång-grenbeteckning", "forslag", "-p", origin / "portfolio")
    assert "\n## Portföljändringar (utveckling/en-lång-grenbeteckning → forslag)\n" in result.stdout


def test_diff_finds_a_master_base_through_origin_head(cli: Cli, repo: Path, tmp_path: Path) -> None:
    root = repo.parent
    git(root, "branch", "-q", "-m", "main", "master")
    clone = tmp_path / "klon"
    git(tmp_path, "clone", "-q", f"file://{root}", "klon")
    git(clone, "switch", "-q", "-c", "forslag")
    replace_in(
        clone / "portfolio" / "behov" / "BEH-004.yaml",
        "leverantör_kr: 90000",
        "leverantör_kr: 190000",
    )
    result = cli("diff", "-p", clone / "portfolio")
    assert result.exit_code == 0, result.output
    assert "## Portföljändringar (origin/master → arbetskatalogen)" in result.stdout
    assert "**BEH-004**" in result.stdout


def test_diff_unknown_revision_cannot_compare_exit_2(cli: Cli, repo: Path) -> None:
    result = cli("diff", "finns-inte", "-p", repo)
    assert result.exit_code == 2
    assert "okänd revision 'finns-inte'" in result.stderr
