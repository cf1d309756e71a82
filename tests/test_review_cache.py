"""The check cache is never trusted from the repository: a cache planted in a pull request
or committed to git, written on another machine, cannot hide an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Cli, replace_in


def test_a_planted_rules_cache_from_another_machine_cannot_hide_errors(
        cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replace_in(portfolio / "behov" / "BEH-005.yaml", "kontaktperson: petra-johansson",
               "kontaktperson: okand")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "angriparen"))
    assert cli("check", "-p", portfolio).exit_code == 1
    rules = portfolio / ".avoplan-cache" / "rules.json"
    forged = json.loads(rules.read_text(encoding="utf-8")) | {"findings": []}
    rules.write_text(json.dumps(forged), encoding="utf-8")
    assert cli("check", "-p", portfolio).exit_code == 0  # the forger's own machine is fooled
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci"))  # a fresh clone in CI
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1, result.output
    assert "okand" in result.stdout


def test_planted_file_entries_from_another_machine_are_ignored(
        cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "angriparen"))
    assert cli("check", "-p", portfolio).exit_code == 0
    planted = (portfolio / ".avoplan-cache" / "check.tsv").read_text(encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci"))
    assert cli("check", "-p", portfolio).exit_code == 0
    rewritten = (portfolio / ".avoplan-cache" / "check.tsv").read_text(encoding="utf-8")
    checksums = {line.split("\t")[3] for line in planted.splitlines()[1:]}
    assert checksums.isdisjoint(line.split("\t")[3] for line in rewritten.splitlines()[1:])
