"""Finding the portfolio: from the working directory up, $AVOPLAN_PORTFOLIO, and never a
silent fall-back to the built-in portfolio where it would mislead (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EMBEDDED, Cli, copy_portfolio, git, snapshot


def test_found_from_a_subfolder_of_the_portfolio(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(portfolio / "behov")
    result = cli("show", "BEH-004")
    assert result.exit_code == 0, result.output
    assert "inbyggda" not in result.stderr


def test_found_in_portfolio_folder_of_a_parent(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (portfolio.parent / "docs").mkdir()
    monkeypatch.chdir(portfolio.parent / "docs")
    result = cli("new", "behov", "--titel", "Nytt", "--avdelning", "hemtjanst")
    assert result.exit_code == 0, result.output
    assert (portfolio / "behov" / "BEH-020.yaml").is_file()


def test_environment_variable_names_the_portfolio(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AVOPLAN_PORTFOLIO", str(portfolio))
    result = cli("new", "behov", "--titel", "Nytt", "--avdelning", "hemtjanst")
    assert result.exit_code == 0, result.output
    assert (portfolio / "behov" / "BEH-020.yaml").is_file()


def test_writing_outside_a_portfolio_refuses_and_never_touches_the_built_in(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(EMBEDDED)
    (tmp_path / "tom").mkdir()
    monkeypatch.chdir(tmp_path / "tom")
    result = cli("new", "behov", "--titel", "Nytt", "--avdelning", "hemtjanst")
    assert result.exit_code == 2, result.output
    assert "ingen portfölj att skriva i" in result.stderr
    assert str(tmp_path / "tom") in result.stderr.replace("\n", "")
    assert snapshot(EMBEDDED) == before


def test_reading_outside_a_portfolio_says_it_shows_the_built_in(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tom").mkdir()
    monkeypatch.chdir(tmp_path / "tom")
    result = cli("show", "BEH-004")
    assert result.exit_code == 0, result.output
    assert "inbyggda ÄVO-portföljen" in result.stderr
    assert "BEH-004" in result.stdout


def test_in_a_git_repository_without_portfolio_check_exits_2_and_says_where(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    copy_portfolio(EMBEDDED, root / "data")
    git(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    result = cli("check")
    assert result.exit_code == 2, result.output
    message = result.stderr.replace("\n", " ")
    assert "ingen portfölj i git-förrådet" in message
    assert "--portfolio data" in message
