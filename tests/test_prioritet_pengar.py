"""Money in the priority list (R38, R22): running costs per year after launch enter the
kvot as the total cost of ownership over the horizon, and infrastructure carries the
benefit of what depends on it. Every expected number is recomputed from the files."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from avoplan.store.yaml_io import parse, read_text
from tests.helpers import Cli, replace_in
from tests.test_prioritet import add_need, placing, ranked

RUNNING = "  löpande:\n    licenser_kr: 40000\n    drift_kr: 25000\n    förvaltning_timmar: 120\n"


def _yaml(path: Path) -> Any:
    return parse(read_text(path))


def _model(portfolio: Path) -> Any:
    return _yaml(portfolio / "prioritering.yaml")


def _rates(portfolio: Path, year: int) -> Any:
    return _yaml(portfolio / "schablon" / f"{year}.yaml")


def _value_rates(portfolio: Path) -> Any:
    return _rates(portfolio, _model(portfolio)["värderingsår"])


def _one_off(portfolio: Path, estimate: Any) -> int:
    r = _rates(portfolio, estimate["år"])
    return (
        estimate.get("projektledare_timmar", 0) * r["projektledare_kr_per_timme"]
        + estimate.get("projektgrupp_timmar", 0) * r["projektgrupp_kr_per_timme"]
        + estimate.get("styrgrupp_timmar", 0) * r["styrgrupp_kr_per_timme"]
        + estimate.get("leverantör_kr", 0)
        + estimate.get("konsult_kr", 0)
        + sum(extra["kr"] for extra in estimate.get("övrigt", []))
    )


def _running(portfolio: Path, estimate: Any) -> int:
    running = estimate.get("löpande") or {}
    rate = _rates(portfolio, estimate["år"]).get("förvaltning_kr_per_timme", 0)
    return (
        running.get("licenser_kr", 0)
        + running.get("drift_kr", 0)
        + running.get("förvaltning_timmar", 0) * rate
        + sum(extra["kr"] for extra in running.get("övrigt", []))
    )


def _weighted(portfolio: Path, item: Any) -> Fraction:
    """An item's own viktad nytta over the horizon, by the documented formula."""
    model = _model(portfolio)
    extra = {e for e in item["effekttyp"] if e != "tidsbesparande"}
    bonus = 1 + Fraction(str(model["tillägg_per_effekttyp"])) * min(
        len(extra), model["högst_antal_effekttyper"]
    )
    weight = Fraction(str(model["vikter"][item["effektomfattning"]]))
    value = (
        item["frigjord_tid_timmar_per_år"] * _value_rates(portfolio)["frigjord_tid_kr_per_timme"]
    )
    return value * weight * bonus * model["horisont_år"]


def _plain(lines: list[str]) -> list[str]:
    return [line.replace("\u00a0", " ") for line in lines]


def _kr(amount: int | Fraction) -> str:
    return f"{round(amount):,}".replace(",", " ") + " kr"


# --- running costs (R38) ------------------------------------------------------------------


def test_r38_running_costs_enter_the_kvot_as_total_cost_over_the_horizon(
    cli: Cli, portfolio: Path
) -> None:
    path = add_need(portfolio, "BEH-901", extra=RUNNING)
    need = _yaml(path)
    years = _model(portfolio)["horisont_år"]
    one_off, per_year = _one_off(portfolio, need["kostnad"]), _running(portfolio, need["kostnad"])
    total = one_off + per_year * years
    item = placing(ranked(cli, portfolio), "BEH-901")
    assert (item["engångskostnad_kr"], item["löpande_kr_per_år"]) == (one_off, per_year)
    assert item["kostnad_kr"] == total
    assert item["poäng"] == round(float(_weighted(portfolio, need) / total), 4)
    rate = _rates(portfolio, 2025)["förvaltning_kr_per_timme"]
    lines = _plain(item["förklaring"])
    assert lines[5:8] == [
        f"Engångskostnad enligt skattningen med schablon 2025: {_kr(one_off)} (R20).",
        f"Löpande kostnad per år efter driftstart: licenser 40 000 kr, drift 25 000 kr och "
        f"förvaltningens tid (schablon) {_kr(120 * rate)} = {_kr(per_year)}; under {years} år "
        f"{_kr(per_year)} × {years} = {_kr(per_year * years)} (R38).",
        f"Total kostnad under {years} år: {_kr(one_off)} + {_kr(per_year * years)} = "
        f"{_kr(total)} (R38).",
    ]
    assert lines[8].startswith(f"Kvot: {_kr(_weighted(portfolio, need))} / {_kr(total)} = ")


def test_r38_a_longer_horizon_counts_more_years_of_running_cost(cli: Cli, portfolio: Path) -> None:
    path = add_need(portfolio, "BEH-901", extra=RUNNING)
    replace_in(portfolio / "prioritering.yaml", "horisont_år: 3", "horisont_år: 5")
    need = _yaml(path)
    item = placing(ranked(cli, portfolio), "BEH-901")
    assert item["kostnad_kr"] == _one_off(portfolio, need["kostnad"]) + 5 * _running(
        portfolio, need["kostnad"]
    )


def test_r38_further_running_items_are_counted_and_named(cli: Cli, portfolio: Path) -> None:
    extra = "  löpande:\n    övrigt:\n      - {post: Support, kr: 15000}\n"
    path = add_need(portfolio, "BEH-901", extra=extra)
    item = placing(ranked(cli, portfolio), "BEH-901")
    assert item["löpande_kr_per_år"] == _running(portfolio, _yaml(path)["kostnad"]) == 15000
    assert any("support 15 000 kr" in line for line in _plain(item["förklaring"]))


def test_r38_an_estimate_without_running_costs_says_so(cli: Cli, portfolio: Path) -> None:
    path = add_need(portfolio, "BEH-901")
    item = placing(ranked(cli, portfolio), "BEH-901")
    one_off = _one_off(portfolio, _yaml(path)["kostnad"])
    assert (item["kostnad_kr"], item["löpande_kr_per_år"]) == (one_off, None)
    assert (
        f"Kostnad enligt skattningen med schablon 2025: {_kr(one_off)} (R20); ingen löpande "
        "kostnad är skattad (R38)." in _plain(item["förklaring"])
    )


def test_r38_forvaltning_hours_without_a_schablon_rate_cannot_be_assessed(
    cli: Cli, portfolio: Path
) -> None:
    replace_in(portfolio / "schablon" / "2025.yaml", "förvaltning_kr_per_timme:", "# bort:")
    add_need(portfolio, "BEH-901", extra=RUNNING)
    report = ranked(cli, portfolio)
    assert "BEH-901" not in [p["id"] for p in report["placeringar"]]
    reason = next(u["saknas"] for u in report["ej_bedömda"] if u["id"] == "BEH-901")
    assert "förvaltning_kr_per_timme" in reason
    result = cli("kostnad", "BEH-901", "-p", portfolio)
    assert result.exit_code == 1
    assert "förvaltning_kr_per_timme" in result.stderr and "Traceback" not in result.stderr


def test_r38_running_hours_without_rate_are_fine_when_zero(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / "schablon" / "2025.yaml", "förvaltning_kr_per_timme:", "# bort:")
    add_need(portfolio, "BEH-901", extra="  löpande:\n    licenser_kr: 1000\n")
    assert placing(ranked(cli, portfolio), "BEH-901")["löpande_kr_per_år"] == 1000


def test_r38_kostnad_shows_the_running_cost_per_year(cli: Cli, portfolio: Path) -> None:
    path = add_need(portfolio, "BEH-901", extra=RUNNING)
    per_year = _running(portfolio, _yaml(path)["kostnad"])
    result = cli("kostnad", "BEH-901", "-p", portfolio, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["löpande"]["summa_kr_per_år"] == per_year
    assert [r["post"] for r in data["löpande"]["rader"]] == [
        "Licenser",
        "Drift",
        "Förvaltningens tid (schablon)",
    ]
    text = cli("kostnad", "BEH-901", "-p", portfolio).stdout.replace("\u00a0", " ")
    assert "Löpande kostnad per år efter driftstart (R38)" in text and _kr(per_year) in text
    plain = json.loads(cli("kostnad", "BEH-004", "-p", portfolio, "--format", "json").stdout)
    assert plain["löpande"] is None


def test_r38_the_embedded_order_is_unchanged_by_the_money_model(cli: Cli, portfolio: Path) -> None:
    """No seed gives a running cost for an item on the list, so none is added and the
    order stands; only BEH-017's kvot moves, by the benefit it carries."""
    report = ranked(cli, portfolio)
    assert [p["id"] for p in report["placeringar"]] == ["BEH-004", "BEH-017", "BEH-018", "PRJ-023"]
    assert all(p["löpande_kr_per_år"] is None for p in report["placeringar"])


# --- infrastructure carries what it enables (R22) -------------------------------------------


def test_r22_beh_017_carries_the_benefit_of_the_need_that_depends_on_it(
    cli: Cli, portfolio: Path
) -> None:
    enabler = _yaml(portfolio / "behov" / "BEH-017.yaml")
    dependant = _yaml(portfolio / "behov" / "BEH-018.yaml")
    assert dependant["beroenden"] == ["BEH-017"] and enabler["nyttotyp"] == "infrastruktur"
    carried = _weighted(portfolio, dependant)
    own = _weighted(portfolio, enabler)
    cost = _one_off(portfolio, enabler["kostnad"])
    item = placing(ranked(cli, portfolio), "BEH-017")
    assert item["buren_nytta_kr"] == round(carried)
    assert item["viktad_nytta_kr"] == round(own + carried)
    assert item["poäng"] == round(float((own + carried) / cost), 4) > 0
    lines = _plain(item["förklaring"])
    assert (
        "Infrastruktur: BEH-018 beror på den och på inget annat, så den bär hela den viktade "
        f"nyttan hos BEH-018: {_kr(carried)} (R22)." in lines
    )
    assert (
        f"Viktad nytta med buren nytta: {_kr(own)} + {_kr(carried)} = {_kr(own + carried)} (R22)."
        in lines
    )


def test_r22_a_dependant_of_two_items_gives_each_enabler_an_equal_share(
    cli: Cli, portfolio: Path
) -> None:
    add_need(portfolio, "BEH-901", hours=0, effects=("infrastruktur",))
    add_need(portfolio, "BEH-902", hours=0, effects=("kvalitetshöjande",))
    dep = add_need(portfolio, "BEH-903", hours=2000, deps=("BEH-901", "BEH-902"))
    report = ranked(cli, portfolio)
    whole = _weighted(portfolio, _yaml(dep))
    item = placing(report, "BEH-901")
    assert item["buren_nytta_kr"] == round(whole / 2)
    assert (
        f"Infrastruktur: BEH-903 beror på den och på 1 till, så den bär 1/2 av den viktade "
        f"nyttan hos BEH-903: {_kr(whole)} × 1/2 = {_kr(whole / 2)} (R22)."
        in _plain(item["förklaring"])
    )
    # Not infrastructure: it is pulled before its dependant but carries nothing.
    plain = placing(report, "BEH-902")
    assert (plain["buren_nytta_kr"], plain["poäng"]) == (0, 0.0)
    assert not any("Infrastruktur" in line for line in plain["förklaring"])


def test_r22_nyttotyp_infrastruktur_alone_makes_an_enabler(cli: Cli, portfolio: Path) -> None:
    add_need(portfolio, "BEH-901", hours=0, extra="nyttotyp: infrastruktur")
    dep = add_need(portfolio, "BEH-902", deps=("BEH-901",))
    item = placing(ranked(cli, portfolio), "BEH-901")
    assert item["buren_nytta_kr"] == round(_weighted(portfolio, _yaml(dep)))


def test_r22_a_dependant_without_benefit_data_carries_nothing_and_is_named(
    cli: Cli, portfolio: Path
) -> None:
    add_need(portfolio, "BEH-901", hours=0, effects=("infrastruktur",))
    add_need(portfolio, "BEH-902", hours=None, deps=("BEH-901",))
    item = placing(ranked(cli, portfolio), "BEH-901")
    assert item["buren_nytta_kr"] == 0
    assert (
        "Infrastruktur: BEH-902 beror på den men saknar frigjord tid eller effektomfattning, så "
        "ingen nytta bärs därifrån (R22)." in item["förklaring"]
    )


def test_r22_only_live_dependants_and_only_their_own_benefit_are_carried(
    cli: Cli, portfolio: Path
) -> None:
    """Sorted-out needs, needs that became projects and closed projects carry nothing; a
    dependant that is itself infrastructure passes on its own benefit, never what it carries."""
    add_need(portfolio, "BEH-901", hours=0, effects=("infrastruktur",))
    add_need(portfolio, "BEH-902", steg="bortsorterad", deps=("BEH-901",))
    add_need(portfolio, "BEH-903", steg="projekt", deps=("BEH-901",))
    middle = add_need(
        portfolio, "BEH-904", hours=100, effects=("infrastruktur",), deps=("BEH-901",)
    )
    add_need(portfolio, "BEH-905", hours=5000, deps=("BEH-904",))
    closed = portfolio / "projekt" / "PRJ-001.yaml"
    replace_in(closed, "status: avslutad", "status: avslutad\nberoenden: [BEH-901]")
    report = ranked(cli, portfolio)
    item = placing(report, "BEH-901")
    assert item["buren_nytta_kr"] == round(_weighted(portfolio, _yaml(middle)))
    assert [
        line.split(" ")[1] for line in item["förklaring"] if line.startswith("Infrastruktur:")
    ] == ["BEH-904"]


def test_r22_an_active_project_depending_on_infrastructure_is_carried(
    cli: Cli, portfolio: Path
) -> None:
    add_need(portfolio, "BEH-901", hours=0, effects=("infrastruktur",))
    project = portfolio / "projekt" / "PRJ-024.yaml"
    replace_in(project, "status: pågående", "status: pågående\nberoenden: [BEH-901]")
    data = _yaml(project)
    item = placing(ranked(cli, portfolio), "BEH-901")
    expected = _weighted(portfolio, data) if data.get("frigjord_tid_timmar_per_år") else 0
    assert item["buren_nytta_kr"] == round(expected)
    assert any(line.startswith("Infrastruktur: PRJ-024") for line in item["förklaring"])
