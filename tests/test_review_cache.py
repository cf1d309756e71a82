"""The check cache is never trusted from the repository: a cache planted in a pull request
or committed to git, written on another machine, cannot hide an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Cli, replace_in, settle


def test_a_planted_rules_cache_from_another_machine_cannot_hide_errors(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace_in(
        portfolio / "behov" / "BEH-005.yaml",
        "kontaktperson: petra-johansson",
        "kontaktperson: okand",
    )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "angriparen"))
    assert cli("check", "-p", portfolio).exit_code == 1
    rules = portfolio / ".avoplan-cache" / "rules.json"
    forged = json.loads(rules.read_text(encoding="utf-8")) | {"findings": []}
    rules.write_text(json.dumps(forged), encoding="utf-8")
    assert cli("check", "-p", portfolio).exit_code == 1  # not even on the forger's machine
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci"))  # a fresh clone in CI
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1, result.output
    assert "okand" in result.stdout


def test_planted_file_entries_from_another_machine_are_ignored(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "angriparen"))
    assert cli("check", "-p", portfolio).exit_code == 0
    planted = (portfolio / ".avoplan-cache" / "check.tsv").read_text(encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci"))
    assert cli("check", "-p", portfolio).exit_code == 0
    rewritten = (portfolio / ".avoplan-cache" / "check.tsv").read_text(encoding="utf-8")
    checksums = {line.split("\t")[3] for line in planted.splitlines()[1:]}
    assert checksums.isdisjoint(line.split("\t")[3] for line in rewritten.splitlines()[1:])


# --- the keyed checksum covers everything the cache hands back (issue 22) ------------------


def _broken(portfolio: Path) -> None:
    replace_in(
        portfolio / "behov" / "BEH-005.yaml",
        "kontaktperson: petra-johansson",
        "kontaktperson: okand",
    )
    settle(portfolio)  # past the racy window, so the manifest is kept


def test_edited_rule_findings_are_ignored_on_the_machine_that_wrote_them(
    cli: Cli, portfolio: Path
) -> None:
    _broken(portfolio)
    assert cli("check", "-p", portfolio).exit_code == 1
    rules = portfolio / ".avoplan-cache" / "rules.json"
    stored = json.loads(rules.read_text(encoding="utf-8"))
    assert stored["findings"]
    rules.write_text(json.dumps(stored | {"findings": []}, ensure_ascii=False), encoding="utf-8")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1, result.output
    assert "okand" in result.stdout


def test_edited_manifest_findings_are_ignored(cli: Cli, portfolio: Path) -> None:
    _broken(portfolio)
    assert cli("check", "-p", portfolio).exit_code == 1
    manifest = portfolio / ".avoplan-cache" / "manifest.tsv"
    head, folders, body = manifest.read_text(encoding="utf-8").split("\n", 2)
    assert "okand" in body
    manifest.write_text(f"{head}\n{folders}\n[]", encoding="utf-8")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1, result.output
    assert "okand" in result.stdout
    count = head.split(" ")
    count[6] = "1"  # the file count in the head is covered too
    manifest.write_text(" ".join(count) + f"\n{folders}\n{body}", encoding="utf-8")
    assert " 1 filer" not in cli("check", "-p", portfolio).stdout


def test_an_edited_overview_is_ignored(cli: Cli, portfolio: Path) -> None:
    settle(portfolio)
    assert cli("check", "-p", portfolio).exit_code == 0
    first = cli("list", "-p", portfolio, "--format", "json")
    overview = portfolio / ".avoplan-cache" / "oversikt.json"
    text = overview.read_text(encoding="utf-8")
    assert "Automatiserad" in text
    overview.write_text(text.replace("Automatiserad", "Förfalskad"), encoding="utf-8")
    again = cli("list", "-p", portfolio, "--format", "json")
    assert again.stdout == first.stdout and "Förfalskad" not in again.stdout
