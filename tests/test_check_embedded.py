"""`avoplan check` on the real ÄVO portfolio, and its output formats."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import Cli, finding_lines, line_of, replace_in


def test_embedded_portfolio_has_no_errors(cli: Cli, portfolio: Path) -> None:
    result = cli("check", "--portfolio", portfolio)
    assert result.exit_code == 0, result.output
    assert "0 fel" in result.stdout


def test_check_finds_portfolio_upwards_from_cwd(
    cli: Cli, portfolio: Path, monkeypatch: object
) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.chdir(portfolio / "behov")
    assert cli("check").exit_code == 0


def test_json_report_names_file_line_and_field(cli: Cli, portfolio: Path) -> None:
    need = portfolio / "behov" / "BEH-005.yaml"
    replace_in(need, "kontaktperson: petra-johansson", "kontaktperson: petra-johanson")
    result = cli("check", "-p", portfolio, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["fel"] >= 1
    row = next(r for r in report["fynd"] if r["fält"] == "kontaktperson")
    assert row["fil"].endswith("behov/BEH-005.yaml")
    assert row["rad"] == line_of(need, "^kontaktperson:")
    assert "petra-johansson" in row["tips"]


def test_text_report_lines_are_file_line_level_field(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "projekt" / "PRJ-021.yaml",
        "projektledare: jonas-berg",
        "projektledare: okand-person",
    )
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    lines = finding_lines(result.stdout)
    assert any(
        line.startswith(str(Path("portfolio/projekt/PRJ-021.yaml")) + ":")
        and "fel projektledare: okänd person 'okand-person'" in line
        for line in lines
    )


def test_wrong_format_is_a_usage_error_in_swedish(cli: Cli, portfolio: Path) -> None:
    result = cli("check", "-p", portfolio, "--format", "xml")
    assert result.exit_code == 2
    assert "ogiltigt värde" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_option_is_a_usage_error(cli: Cli) -> None:
    result = cli("check", "--portfolj", "x")
    assert result.exit_code == 2
    assert "okänd flagga --portfolj" in result.stderr


def test_rules_lists_every_rule(cli: Cli) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    for number in range(1, 31):
        assert f"R{number} " in result.stdout or f"R{number}\n" in result.stdout


def test_help_is_swedish(cli: Cli) -> None:
    result = cli("advance", "--help")
    assert result.exit_code == 0
    assert "Flaggor" in result.stdout and "Visa den här hjälpen och avsluta." in result.stdout
    assert "Show this message" not in result.stdout
