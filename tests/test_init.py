"""`avoplan init`: a new förvaltning's portfolio that passes check, in its own git
repository with one commit (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Cli, git


def test_init_makes_a_portfolio_that_passes_check_and_takes_a_need(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = cli("init", tmp_path / "ny")
    assert result.exit_code == 0, result.output
    root = tmp_path / "ny"
    for name in ("README.md", ".pre-commit-config.yaml", ".github/workflows/avoplan.yml",
                 "portfolio/organisation.yaml", "portfolio/delegationsordning.yaml",
                 "portfolio/plan.yaml", "portfolio/schema/behov.schema.json"):
        assert (root / name).is_file(), name
    assert (root / "portfolio" / "organisation.yaml").read_text(encoding="utf-8") \
        .startswith("# EXEMPEL")
    assert git(root, "log", "--oneline").count("\n") == 1
    assert git(root, "status", "--porcelain") == ""
    monkeypatch.chdir(root)
    checked = cli("check")
    assert checked.exit_code == 0, checked.output
    assert cli("new", "behov", "--titel", "Första", "--avdelning", "Hemtjänst").exit_code == 0
    assert (root / "portfolio" / "behov" / "BEH-001.yaml").is_file()
    assert cli("check").exit_code == 0


def test_init_never_writes_into_a_folder_with_files(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "viktig.txt").write_text("x", encoding="utf-8")
    result = cli("init", tmp_path / "full")
    assert result.exit_code == 1
    assert "finns redan och är inte tom" in result.stderr
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["viktig.txt"]
