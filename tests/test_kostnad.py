"""`avoplan kostnad ID`: the five items of R20 priced with the schablon of the estimate's
year, checked against the values in the portfolio's own files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from avoplan.core.text import format_kr
from avoplan.store.yaml_io import parse, read_text
from tests.helpers import Cli, replace_in

FIVE_ITEMS = [
    "Lönekostnad projektledare",
    "Projektgruppens tid (schablon)",
    "Styrgruppens tid (schablon)",
    "Utvecklingskostnad hos leverantör",
    "Konsultkostnad",
]


def data(path: Path) -> Any:
    return parse(read_text(path))


def expected_rows(portfolio: Path, item_file: Path) -> list[int]:
    """The five amounts computed here from the item's estimate and the year's schablon."""
    estimate = data(item_file)["kostnad"]
    rates = data(portfolio / "schablon" / f"{estimate['år']}.yaml")
    return [
        estimate.get("projektledare_timmar", 0) * rates["projektledare_kr_per_timme"],
        estimate.get("projektgrupp_timmar", 0) * rates["projektgrupp_kr_per_timme"],
        estimate.get("styrgrupp_timmar", 0) * rates["styrgrupp_kr_per_timme"],
        estimate.get("leverantör_kr", 0),
        estimate.get("konsult_kr", 0),
    ]


def cost_json(cli: Cli, portfolio: Path, item_id: str) -> Any:
    result = cli("kostnad", item_id, "-p", portfolio, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("item_id", ["BEH-004", "PRJ-023", "PRJ-021"])
def test_r20_cost_is_the_five_items_priced_with_the_schablon_of_its_year(
    cli: Cli, portfolio: Path, item_id: str
) -> None:
    folder = "behov" if item_id.startswith("BEH") else "projekt"
    expected = expected_rows(portfolio, portfolio / folder / f"{item_id}.yaml")
    report = cost_json(cli, portfolio, item_id)
    assert [row["post"] for row in report["rader"]] == FIVE_ITEMS
    assert [row["kr"] for row in report["rader"]] == expected
    assert report["summa_kr"] == sum(expected)


def test_r20_a_changed_rate_of_the_estimate_year_changes_the_cost(
    cli: Cli, portfolio: Path
) -> None:
    before = cost_json(cli, portfolio, "PRJ-023")
    rates_2026 = data(portfolio / "schablon" / "2026.yaml")
    old = rates_2026["projektledare_kr_per_timme"]
    replace_in(
        portfolio / "schablon" / "2026.yaml",
        f"projektledare_kr_per_timme: {old}",
        f"projektledare_kr_per_timme: {old + 100}",
    )
    pl_2025 = data(portfolio / "schablon" / "2025.yaml")["projektledare_kr_per_timme"]
    replace_in(
        portfolio / "schablon" / "2025.yaml",
        f"projektledare_kr_per_timme: {pl_2025}",
        f"projektledare_kr_per_timme: {pl_2025 + 5000}",
    )  # another year's rate: no effect
    after = cost_json(cli, portfolio, "PRJ-023")
    hours = data(portfolio / "projekt" / "PRJ-023.yaml")["kostnad"]["projektledare_timmar"]
    assert after["summa_kr"] - before["summa_kr"] == 100 * hours
    assert after["år"] == 2026


def test_r20_further_cost_items_are_listed_and_summed(cli: Cli, portfolio: Path) -> None:
    need = portfolio / "behov" / "BEH-004.yaml"
    replace_in(
        need,
        "  leverantör_kr: 90000\n",
        "  leverantör_kr: 90000\n  övrigt:\n"
        "    - {post: Vikarier under utbildning, kr: 45000}\n"
        "    - {post: Utbildning, kr: 12500}\n",
    )
    report = cost_json(cli, portfolio, "BEH-004")
    assert [row["post"] for row in report["rader"]] == [
        *FIVE_ITEMS,
        "Vikarier under utbildning",
        "Utbildning",
    ]
    assert report["summa_kr"] == sum(expected_rows(portfolio, need)) + 45000 + 12500


def test_r20_text_shows_each_basis_and_swedish_amounts(cli: Cli, portfolio: Path) -> None:
    estimate = data(portfolio / "behov" / "BEH-004.yaml")["kostnad"]
    rates = data(portfolio / "schablon" / "2025.yaml")
    result = cli("kostnad", "BEH-004", "-p", portfolio)
    assert result.exit_code == 0, result.output
    hours = estimate["projektledare_timmar"]
    rate = rates["projektledare_kr_per_timme"]
    assert f"{hours}\u00a0h × {format_kr(rate)}/h" in result.stdout
    assert format_kr(hours * rate) in result.stdout
    total = sum(expected_rows(portfolio, portfolio / "behov" / "BEH-004.yaml"))
    assert "Summa" in result.stdout
    assert format_kr(total) in result.stdout
    assert "schablon 2025" in result.stdout
    assert "Projektroller" not in result.stdout  # a behov has no project roles


def test_r20_no_schablon_for_the_estimate_year_is_a_clear_error(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / "behov" / "BEH-004.yaml", "  år: 2025", "  år: 2027")
    result = cli("kostnad", "BEH-004", "-p", portfolio)
    assert result.exit_code == 1
    assert "schablon för 2027 saknas" in result.stderr
    assert "schablon/2027.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_item_without_estimate_is_a_clear_error(cli: Cli, portfolio: Path) -> None:
    result = cli("kostnad", "BEH-005", "-p", portfolio)
    assert result.exit_code == 1
    assert "BEH-005 har ingen kostnadsskattning" in result.stderr


@pytest.mark.parametrize(("typed", "suggested"), [("BEH-0044", "BEH-004"), ("PRJ-23", "PRJ-023")])
def test_unknown_id_suggests_the_nearest(
    cli: Cli, portfolio: Path, typed: str, suggested: str
) -> None:
    result = cli("kostnad", typed, "-p", portfolio)
    assert result.exit_code == 1
    assert f"id '{typed}'" in result.stderr
    assert f"menade du {suggested}?" in result.stderr


def test_id_is_accepted_in_lower_case(cli: Cli, portfolio: Path) -> None:
    assert cost_json(cli, portfolio, "beh-004")["id"] == "BEH-004"


def test_broken_item_file_is_named_with_its_line(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "behov" / "BEH-004.yaml",
        "  projektledare_timmar: 250",
        "  projektledare_timmar: många",
    )
    result = cli("kostnad", "BEH-004", "-p", portfolio)
    assert result.exit_code == 1
    assert "BEH-004.yaml:" in result.stderr
    assert "projektledare_timmar" in result.stderr


def test_project_cost_shows_its_role_findings(cli: Cli, portfolio: Path) -> None:
    result = cli("kostnad", "PRJ-023", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Projektroller (R14–R18)" in result.stdout
    assert "varning R17 projektplan" in result.stdout


def test_r14_missing_projektagare_shows_under_the_cost(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / "projekt" / "PRJ-021.yaml", "projektägare: peter-wall", "")
    result = cli("kostnad", "PRJ-021", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "fel R14 projektägare: projektägare saknas" in result.stdout
    report = cost_json(cli, portfolio, "PRJ-021")
    assert {
        "nivå": "fel",
        "regel": "R14",
        "fält": "projektägare",
        "meddelande": "projektägare saknas",
    } in report["projektroller"]


def test_project_without_role_findings_says_so(cli: Cli, portfolio: Path) -> None:
    result = cli("kostnad", "PRJ-021", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Projektroller (R14–R18): inga anmärkningar." in result.stdout
    assert cost_json(cli, portfolio, "PRJ-021")["projektroller"] == []
