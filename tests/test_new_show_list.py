"""`avoplan new`, `show`, `list` and `history` through the real CLI."""

from __future__ import annotations

from pathlib import Path

from avoplan.store.yaml_io import parse
from tests.helpers import Cli, git


def test_new_behov_takes_the_next_free_id_and_passes_check(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "new",
        "behov",
        "--titel",
        "Digital <b>tillsyn</b>: natt",
        "--avdelning",
        "hemtjanst",
        "--kontaktperson",
        "sofia.nilsson@avo.exempel.se",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    path = portfolio / "behov" / "BEH-020.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/behov.schema.json\n")
    data = parse(text)
    assert data["titel"] == "Digital <b>tillsyn</b>: natt"
    assert (data["steg"], data["kontaktperson"], data["beslut"]) == (
        "insamling",
        "sofia-nilsson",
        [],
    )
    checked = cli("check", "-p", portfolio)
    assert checked.exit_code == 0, checked.output


def test_new_behov_id_is_unique_against_other_local_branches(cli: Cli, repo: Path) -> None:
    root = repo.parent
    git(root, "switch", "-q", "-c", "annat-behov")
    (repo / "behov" / "BEH-020.yaml").write_text(
        (repo / "behov" / "BEH-010.yaml").read_text(encoding="utf-8").replace("BEH-010", "BEH-020"),
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Behov på en gren")
    git(root, "switch", "-q", "main")
    result = cli("new", "behov", "--titel", "Nytt", "--avdelning", "myndighet", "-p", repo)
    assert result.exit_code == 0, result.output
    assert (repo / "behov" / "BEH-021.yaml").is_file()
    assert not (repo / "behov" / "BEH-020.yaml").exists()


def test_new_refuses_unknown_avdelning_with_a_suggestion(cli: Cli, portfolio: Path) -> None:
    result = cli("new", "behov", "--titel", "X", "--avdelning", "hemtjenst", "-p", portfolio)
    assert result.exit_code == 1
    assert "okänd avdelning 'hemtjenst'" in result.stderr and "hemtjanst" in result.stderr
    assert not (portfolio / "behov" / "BEH-020.yaml").exists()


def test_new_projekt_is_wrong_usage(cli: Cli, portfolio: Path) -> None:
    result = cli("new", "projekt", "--titel", "X", "--avdelning", "hemtjanst", "-p", portfolio)
    assert result.exit_code == 2
    assert "advance" in result.stderr


def test_show_displays_a_need_with_names(cli: Cli, portfolio: Path) -> None:
    result = cli("show", "beh-004", "-p", portfolio)
    assert result.exit_code == 0, result.output
    for text in ("BEH-004", "klart för start", "Hälso- och sjukvård", "Anna Svensson"):
        assert text in result.stdout


def test_show_displays_a_project(cli: Cli, portfolio: Path) -> None:
    result = cli("show", "PRJ-021", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Peter Wall" in result.stdout and "pågående" in result.stdout


def test_show_unknown_id_exits_1(cli: Cli, portfolio: Path) -> None:
    result = cli("show", "BEH-999", "-p", portfolio)
    assert result.exit_code == 1
    assert "BEH-999 finns inte" in result.stderr


def test_list_filters_by_step_and_avdelning(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "list",
        "--steg",
        "klart-for-start",
        "--avdelning",
        "vard-och-omsorgsboende",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    assert "BEH-018" in result.stdout
    assert "BEH-004" not in result.stdout and "BEH-011" not in result.stdout


def test_list_rejects_an_unknown_step(cli: Cli, portfolio: Path) -> None:
    result = cli("list", "--steg", "klar", "-p", portfolio)
    assert result.exit_code == 2
    assert "okänt steg 'klar'" in result.stderr


def test_history_marks_uncommitted_decisions(cli: Cli, portfolio: Path) -> None:
    result = cli("history", "BEH-003", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("ej incheckad") == 4
