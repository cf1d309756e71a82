"""`avoplan kapacitet` and its check (R38): FTE demand of the work still to do, per year and
role, against the capacity the förvaltningsplan states. Numbers recomputed from the files."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from avoplan.store.yaml_io import parse, read_text
from tests.helpers import Cli, replace_in
from tests.test_prioritet import add_need

ROLES = ("projektledare", "projektgrupp", "styrgrupp")
VSO = Path("forvaltningsobjekt") / "vso.yaml"


def _view(cli: Cli, portfolio: Path) -> list[Any]:
    result = cli("kapacitet", "-p", portfolio, "--format", "json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout)["kapacitet"])


def _row(rows: list[Any], year: int, role: str) -> Any:
    return next(r for r in rows if (r["år"], r["roll"]) == (year, role))


def _demand(portfolio: Path, year: int, role: str) -> tuple[int, Fraction]:
    """Hours and FTE of the work still to do, from the item and schablon files."""
    per_fte = parse(read_text(portfolio / "schablon" / f"{year}.yaml"))["timmar_per_årsarbete"]
    total = 0
    for path in sorted(
        [*(portfolio / "behov").glob("*.yaml"), *(portfolio / "projekt").glob("*.yaml")]
    ):
        data = parse(read_text(path))
        estimate = data.get("kostnad")
        active = "steg" not in data and data.get("status", "planerad") != "avslutad"
        live = data.get("steg") == "klart för start" or active
        if estimate and estimate["år"] == year and live:
            total += estimate.get(f"{role}_timmar", 0)
    return total, Fraction(total, per_fte)


def _set_capacity(portfolio: Path, year: int, role: str, fte: str) -> None:
    replace_in(
        portfolio / VSO,
        "årsarbeten:   # FTE",
        f"kapacitet:\n  - {{år: {year}, roll: {role}, årsarbeten: {fte}}}\nårsarbeten:   # FTE",
    )


def _warnings(cli: Cli, portfolio: Path) -> list[Any]:
    found = json.loads(cli("check", "-f", "json", "-p", portfolio).stdout)["fynd"]
    # R38 also asks for a need's koppling (behov/kopplingar); these tests are about capacity
    return [f for f in found if f["regel"] == "R38" and "kopplingar" not in f["fält"]]


def test_r38_demand_per_year_and_role_is_recomputed_from_the_estimates(
    cli: Cli, portfolio: Path
) -> None:
    rows = _view(cli, portfolio)
    assert rows
    for row in rows:
        hours, fte = _demand(portfolio, row["år"], row["roll"])
        assert row["efterfrågan_timmar"] == hours
        assert row["efterfrågan_årsarbeten"] == round(float(fte), 2)
        assert (row["kapacitet_årsarbeten"], row["över"]) == (None, False)
    assert _warnings(cli, portfolio) == []


def test_r38_demand_over_capacity_is_a_check_warning_at_the_capacity(
    cli: Cli, portfolio: Path
) -> None:
    _, fte = _demand(portfolio, 2025, "projektgrupp")
    under = f"{float(fte) - 0.01:.2f}"
    _set_capacity(portfolio, 2025, "projektgrupp", under)
    row = _row(_view(cli, portfolio), 2025, "projektgrupp")
    assert (row["kapacitet_årsarbeten"], row["över"]) == (float(under), True)
    warnings = _warnings(cli, portfolio)
    assert [(w["fil"], w["fält"], w["nivå"]) for w in warnings] == [
        ("portfolio/forvaltningsobjekt/vso.yaml", "kapacitet[0].årsarbeten", "varning")
    ]
    assert warnings[0]["meddelande"].startswith("efterfrågan 2025 på projektgrupp är ")
    for item in row["poster"]:
        assert item["id"] in warnings[0]["meddelande"]
    text = cli("kapacitet", "-p", portfolio).stdout
    assert "över kapaciteten" in text


def test_r38_demand_exactly_at_capacity_fits(cli: Cli, portfolio: Path) -> None:
    before, _ = _demand(portfolio, 2026, "projektledare")
    per_fte = parse(read_text(portfolio / "schablon" / "2026.yaml"))["timmar_per_årsarbete"]
    add_need(portfolio, "BEH-901", year=2026, pl_hours=2 * per_fte - before)  # two in all
    hours, fte = _demand(portfolio, 2026, "projektledare")
    assert fte.denominator == 1  # exact, so the capacity can equal it
    _set_capacity(portfolio, 2026, "projektledare", str(fte.numerator))
    row = _row(_view(cli, portfolio), 2026, "projektledare")
    assert (row["över"], row["efterfrågan_timmar"]) == (False, hours)
    assert _warnings(cli, portfolio) == []
    assert "ryms" in cli("kapacitet", "-p", portfolio).stdout


def test_r38_capacity_without_demand_is_shown(cli: Cli, portfolio: Path) -> None:
    _set_capacity(portfolio, 2030, "styrgrupp", "0.5")
    row = _row(_view(cli, portfolio), 2030, "styrgrupp")
    assert (row["kapacitet_årsarbeten"], row["efterfrågan_årsarbeten"], row["poster"]) == (
        0.5,
        0.0,
        [],
    )


def test_r38_finished_and_sorted_out_work_asks_for_no_capacity(cli: Cli, portfolio: Path) -> None:
    add_need(portfolio, "BEH-901", steg="bortsorterad", year=2026, pl_hours=5000)
    project = portfolio / "projekt" / "PRJ-023.yaml"
    replace_in(project, "status: planerad", "status: avslutad")
    rows = _view(cli, portfolio)
    assert all(r["år"] != 2026 for r in rows)


def test_r38_without_hours_per_fte_the_demand_has_no_verdict(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / "schablon" / "2026.yaml", "timmar_per_årsarbete:", "# bort:")
    _set_capacity(portfolio, 2026, "projektledare", "0")
    row = _row(_view(cli, portfolio), 2026, "projektledare")
    assert (row["efterfrågan_årsarbeten"], row["över"]) == (None, False)
    assert row["efterfrågan_timmar"] == _yaml_hours(portfolio)
    assert "schablonen saknar timmar_per_årsarbete" in cli("kapacitet", "-p", portfolio).stdout
    assert _warnings(cli, portfolio) == []


def _yaml_hours(portfolio: Path) -> int:
    data = parse(read_text(portfolio / "projekt" / "PRJ-023.yaml"))
    return int(data["kostnad"]["projektledare_timmar"])


def test_r38_capacities_of_two_forvaltningsplaner_add_up(cli: Cli, portfolio: Path) -> None:
    _set_capacity(portfolio, 2026, "projektgrupp", "0.25")
    other = portfolio / "forvaltningsobjekt" / "andra.yaml"
    text = (portfolio / VSO).read_text(encoding="utf-8").replace("id: vso", "id: andra", 1)
    other.write_text(text.replace("årsarbeten: 0.25}", "årsarbeten: 0.5}"), encoding="utf-8")
    assert _row(_view(cli, portfolio), 2026, "projektgrupp")["kapacitet_årsarbeten"] == 0.75


def test_kapacitet_with_nothing_to_compare(cli: Cli, portfolio: Path) -> None:
    for path in [*(portfolio / "behov").glob("*.yaml"), *(portfolio / "projekt").glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nkostnad:", "\nutan_kostnad:"), encoding="utf-8")
    result = cli("kapacitet", "-p", portfolio)
    assert result.exit_code == 0 and "Ingen kostnadsskattning" in result.stdout
