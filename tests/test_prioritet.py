"""`avoplan prioritet`: the priority list ranked by nytta in relation to kostnad (R21),
weighted by effektomfattning (R25), tie-broken by the goals (R23), never before a
dependency (R22), with recorded override decisions and the R19 projects listed apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from avoplan.store.yaml_io import parse, read_text
from tests.helpers import Cli, replace_in

HORIZON = 3


def add_need(
    portfolio: Path,
    need_id: str,
    *,
    hours: int | None = 1000,
    scope: str = "hög",
    effects: tuple[str, ...] = ("tidsbesparande",),
    goals: tuple[int, ...] = (2,),
    year: int = 2025,
    pl_hours: int = 100,
    deps: tuple[str, ...] = (),
    steg: str = "klart för start",
    extra: str = "",
) -> Path:
    """A need file as a user writes it; only what the list reads is filled in."""
    lines = [
        f"id: {need_id}",
        f"titel: Testbehov {need_id}",
        "avdelning: hemtjanst",
        f"steg: {steg}",
        f"effekttyp: [{', '.join(effects)}]",
        f"effektomfattning: {scope}",
        *([f"frigjord_tid_timmar_per_år: {hours}"] if hours is not None else []),
        f"mål: [{', '.join(str(g) for g in goals)}]",
        f"beroenden: [{', '.join(deps)}]",
        "kostnad:",
        f"  år: {year}",
        f"  projektledare_timmar: {pl_hours}",
        extra,
    ]
    path = portfolio / "behov" / f"{need_id}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rates(portfolio: Path, year: int = 2025) -> Any:
    return parse(read_text(portfolio / "schablon" / f"{year}.yaml"))


def kvot(
    portfolio: Path, hours: int, pl_hours: int, weight: float = 1.0, bonus: float = 1.0
) -> float:
    """The documented formula, computed from the schablon file."""
    r = rates(portfolio)
    benefit = hours * r["frigjord_tid_kr_per_timme"] * weight * bonus * HORIZON
    return benefit / (pl_hours * r["projektledare_kr_per_timme"])


def ranked(cli: Cli, portfolio: Path) -> Any:
    result = cli("prioritet", "-p", portfolio, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def order(report: Any) -> list[str]:
    return [p["id"] for p in report["placeringar"]]


def placing(report: Any, item_id: str) -> Any:
    return next(p for p in report["placeringar"] if p["id"] == item_id)


def before(ids: list[str], *chain: str) -> bool:
    return [i for i in ids if i in chain] == list(chain)


def test_embedded_list_is_non_empty_and_every_place_is_explained(cli: Cli, portfolio: Path) -> None:
    report = ranked(cli, portfolio)
    assert report["placeringar"]
    assert [p["plats"] for p in report["placeringar"]] == list(
        range(1, len(report["placeringar"]) + 1)
    )
    for p in report["placeringar"]:
        assert any(line.startswith("Kvot: ") for line in p["förklaring"]), p
        assert p["förklaring"][-1] == f"Slutlig plats: {p['plats']}."
    text = cli("prioritet", "-p", portfolio, "--explain")
    assert text.exit_code == 0, text.output
    assert "Prioriterad väntelista" in text.stdout
    assert "Så räknas kvoten" in text.stdout
    assert "Kostnad i förhållande till nytta är den främsta prioriteringsprincipen" in text.stdout
    for p in report["placeringar"]:
        assert f"{p['plats']}. {p['id']}" in text.stdout


def test_list_holds_needs_ready_to_start_and_planned_projects_only(
    cli: Cli, portfolio: Path
) -> None:
    report = ranked(cli, portfolio)
    ids = set(order(report))
    for path in (portfolio / "behov").glob("*.yaml"):
        need = parse(read_text(path))
        assert (need["id"] in ids) == (need["steg"] == "klart för start"), need["id"]
    for path in (portfolio / "projekt").glob("*.yaml"):
        project = parse(read_text(path))
        assert (project["id"] in ids) == (project.get("status") == "planerad"), project["id"]


def test_r21_ranks_by_benefit_in_relation_to_cost(cli: Cli, portfolio: Path) -> None:
    add_need(portfolio, "BEH-901", hours=1000, pl_hours=100)
    add_need(portfolio, "BEH-902", hours=3000, pl_hours=1000)  # most benefit, worst ratio
    add_need(portfolio, "BEH-903", hours=500, pl_hours=20)  # least benefit, best ratio
    report = ranked(cli, portfolio)
    assert before(order(report), "BEH-903", "BEH-901", "BEH-902")
    for need_id, hours, pl_hours in (
        ("BEH-901", 1000, 100),
        ("BEH-902", 3000, 1000),
        ("BEH-903", 500, 20),
    ):
        p = placing(report, need_id)
        assert p["poäng"] == pytest.approx(kvot(portfolio, hours, pl_hours), rel=1e-3)
        r = rates(portfolio)
        assert p["nytta_kr"] == hours * r["frigjord_tid_kr_per_timme"]
        assert p["kostnad_kr"] == pl_hours * r["projektledare_kr_per_timme"]


def test_r21_the_table_shows_benefit_cost_and_ratio(cli: Cli, portfolio: Path) -> None:
    report = ranked(cli, portfolio)
    result = cli("prioritet", "-p", portfolio)
    assert result.exit_code == 0, result.output
    first = report["placeringar"][0]
    row = next(line for line in result.stdout.splitlines() if first["id"] in line)
    from avoplan.core.text import format_kr

    assert format_kr(first["nytta_kr"]) in row
    assert format_kr(first["kostnad_kr"]) in row
    assert f"{first['poäng']:.2f}".replace(".", ",") in row


@pytest.mark.parametrize(
    ("scope", "weight"),
    [("låg", 0.5), ("medel", 0.75), ("hög–mycket hög", 1.25), ("mycket hög", 1.5)],
)
def test_r25_effektomfattning_weighs_the_benefit(
    cli: Cli, portfolio: Path, scope: str, weight: float
) -> None:
    add_need(portfolio, "BEH-901", scope="hög")
    add_need(portfolio, "BEH-902", scope=scope)
    report = ranked(cli, portfolio)
    reference = placing(report, "BEH-901")["poäng"]
    assert placing(report, "BEH-902")["poäng"] == pytest.approx(reference * weight, rel=1e-3)
    expected = ["BEH-902", "BEH-901"] if weight > 1 else ["BEH-901", "BEH-902"]
    assert before(order(report), *expected)
    assert f"Effektomfattning {scope} ger vikten" in " ".join(
        placing(report, "BEH-902")["förklaring"]
    )


def test_r25_effect_types_beyond_time_add_a_capped_bonus(cli: Cli, portfolio: Path) -> None:
    add_need(portfolio, "BEH-901", effects=("tidsbesparande",))
    add_need(portfolio, "BEH-902", effects=("tidsbesparande", "patientsäkerhet"))
    add_need(
        portfolio,
        "BEH-903",
        effects=("miljö", "patientsäkerhet", "kundupplevelse", "kvalitetshöjande", "arbetsmiljö"),
    )
    report = ranked(cli, portfolio)
    base = placing(report, "BEH-901")["poäng"]
    assert placing(report, "BEH-902")["poäng"] == pytest.approx(base * 1.1, rel=1e-3)
    assert placing(report, "BEH-903")["poäng"] == pytest.approx(base * 1.3, rel=1e-3)
    assert before(order(report), "BEH-903", "BEH-902", "BEH-901")


def test_r23_equal_ratio_goes_to_the_lowest_goal_then_most_goals_then_id(
    cli: Cli, portfolio: Path
) -> None:
    add_need(portfolio, "BEH-901", goals=(2,))
    add_need(portfolio, "BEH-902", goals=(1,))
    add_need(portfolio, "BEH-903", goals=(3, 1))
    add_need(portfolio, "BEH-904", goals=(2,))
    add_need(portfolio, "BEH-905", goals=())
    add_need(portfolio, "BEH-906", goals=(2, 3, 4))  # more goals, but not a lower one
    report = ranked(cli, portfolio)
    assert before(order(report), "BEH-903", "BEH-902", "BEH-906", "BEH-901", "BEH-904", "BEH-905")
    explanation = " ".join(placing(report, "BEH-903")["förklaring"])
    assert "R23" in explanation
    assert "BEH-903 stöder mål 1 och 3" in explanation


def test_r22_an_item_never_ranks_before_what_it_depends_on(cli: Cli, portfolio: Path) -> None:
    add_need(portfolio, "BEH-901", pl_hours=10, deps=("BEH-902",))  # best ratio
    add_need(portfolio, "BEH-902", pl_hours=5000)  # worst ratio
    report = ranked(cli, portfolio)
    ids = order(report)
    assert ids.index("BEH-902") == ids.index("BEH-901") - 1
    assert (
        "Flyttad före BEH-901, som beror på den (R22)." in placing(report, "BEH-902")["förklaring"]
    )
    assert (
        "Beror på BEH-902, som därför står före (R22)." in placing(report, "BEH-901")["förklaring"]
    )


def test_r22_embedded_dependency_is_respected(cli: Cli, portfolio: Path) -> None:
    assert "BEH-017" in parse(read_text(portfolio / "behov" / "BEH-018.yaml"))["beroenden"]
    assert before(order(ranked(cli, portfolio)), "BEH-017", "BEH-018")


def test_r22_dependency_through_an_item_not_on_the_list(cli: Cli, portfolio: Path) -> None:
    add_need(portfolio, "BEH-901", pl_hours=10, deps=("BEH-910",))
    add_need(portfolio, "BEH-910", steg="beredning", deps=("BEH-902",))
    add_need(portfolio, "BEH-902", pl_hours=5000)
    report = ranked(cli, portfolio)
    assert "BEH-910" not in order(report)
    assert before(order(report), "BEH-902", "BEH-901")
    lines = placing(report, "BEH-901")["förklaring"]
    assert "Beror på BEH-910 (behov i steget beredning), som inte står på listan." in lines
    assert "Beror indirekt på BEH-902, som därför står före (R22)." in lines


def test_r22_a_dependency_cycle_is_an_error_naming_it(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "behov" / "BEH-017.yaml", "pios: true\n", "pios: true\nberoenden: [BEH-018]\n"
    )
    result = cli("prioritet", "-p", portfolio)
    assert result.exit_code == 1
    assert "beroendena bildar en cirkel: BEH-017 → BEH-018 → BEH-017" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("ledning: intraservice", "leds av Intraservice"),
        ("ledning: stadsledningskontoret", "leds av stadsledningskontoret"),
        ("digitalt_utanförskap: true", "arbete mot digitalt utanförskap"),
    ],
)
def test_r19_planned_projects_led_by_others_are_listed_apart(
    cli: Cli, portfolio: Path, change: str, reason: str
) -> None:
    replace_in(portfolio / "projekt" / "PRJ-023.yaml", "klass: prioriterad\n", f"{change}\n")
    report = ranked(cli, portfolio)
    assert "PRJ-023" not in order(report)
    apart = {row["id"]: row for row in report["utanför"]}
    assert reason in apart["PRJ-023"]["skäl"]
    assert "R19" in apart["PRJ-023"]["skäl"]
    text = cli("prioritet", "-p", portfolio)
    assert "Utanför prioriteringen (R19)" in text.stdout
    assert "PRJ-023" in text.stdout


@pytest.mark.parametrize(
    ("kwargs", "missing"),
    [
        ({"hours": None}, "frigjord tid per år"),
        ({"scope": None}, "effektomfattning"),
        ({"year": 2031}, "schablon för 2031"),
    ],
)
def test_items_lacking_data_are_listed_as_not_assessed(
    cli: Cli, portfolio: Path, kwargs: dict[str, Any], missing: str
) -> None:
    path = add_need(portfolio, "BEH-901", **{k: v for k, v in kwargs.items() if k != "scope"})
    if "scope" in kwargs:
        replace_in(path, "effektomfattning: hög\n", "")
    report = ranked(cli, portfolio)
    assert "BEH-901" not in order(report)
    lacking = {row["id"]: row["saknas"] for row in report["ej_bedömda"]}
    assert missing in lacking["BEH-901"]
    text = cli("prioritet", "-p", portfolio)
    assert "Kan inte bedömas ännu" in text.stdout


def test_need_without_estimate_is_not_assessed(cli: Cli, portfolio: Path) -> None:
    path = add_need(portfolio, "BEH-901")
    text = read_text(path)
    path.write_text(text[: text.index("kostnad:")], encoding="utf-8")
    report = ranked(cli, portfolio)
    lacking = {row["id"]: row["saknas"] for row in report["ej_bedömda"]}
    assert "kostnadsskattning" in lacking["BEH-901"]


def test_manual_override_places_the_item_and_shows_who_when_why(cli: Cli, portfolio: Path) -> None:
    decision = parse(read_text(portfolio / "behov" / "BEH-004.yaml"))["prioritet"][-1]
    report = ranked(cli, portfolio)
    p = placing(report, "BEH-004")
    assert p["plats"] == decision["plats"]
    assert p["manuell"]["motivering"] == decision["motivering"]
    result = cli("prioritet", "-p", portfolio, "--explain")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert f"Manuellt placerad på plats {decision['plats']}" in text
    assert str(decision["datum"]) in text
    assert "Oskar Dahl" in text  # the decider's name from organisation.yaml
    assert " ".join(decision["motivering"].split()) in text
    assert f"{decision['plats']}*" in result.stdout  # the table marks the override


def test_without_the_decision_the_formula_decides(cli: Cli, portfolio: Path) -> None:
    report = ranked(cli, portfolio)
    path = portfolio / "behov" / "BEH-004.yaml"
    text = read_text(path)
    path.write_text(
        text[: text.index("prioritet:")] + text[text.index("beslut:") :], encoding="utf-8"
    )
    plain = ranked(cli, portfolio)
    assert placing(plain, "BEH-004")["manuell"] is None
    assert placing(plain, "BEH-004")["plats"] != placing(report, "BEH-004")["plats"]


def test_the_latest_override_decision_counts(cli: Cli, portfolio: Path) -> None:
    add_need(
        portfolio,
        "BEH-901",
        pl_hours=100000,
        extra="\n".join(
            [
                "prioritet:",
                "  - {plats: 1, datum: 2025-12-01, beslutad_av: oskar-dahl, "
                "motivering: Nyare beslut.}",
                "  - {plats: 2, datum: 2025-10-01, beslutad_av: oskar-dahl, "
                "motivering: Äldre beslut.}",
            ]
        ),
    )
    report = ranked(cli, portfolio)
    p = placing(report, "BEH-901")
    assert p["manuell"]["motivering"] == "Nyare beslut."
    assert p["plats"] == 1  # decided after BEH-004's decision on the same plats


def test_r22_override_never_places_an_item_before_its_dependency(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "behov" / "BEH-018.yaml",
        "beslut:\n",
        "\n".join(
            [
                "prioritet:",
                "  - plats: 1",
                "    datum: 2025-12-01",
                "    beslutad_av: oskar-dahl",
                "    motivering: Matsvinnet ska minska först.",
                "beslut:",
                "",
            ]
        ),
    )
    report = ranked(cli, portfolio)
    ids = order(report)
    assert ids[:2] == ["BEH-017", "BEH-018"]
    lines = placing(report, "BEH-018")["förklaring"]
    assert (
        "BEH-018 kan inte stå på plats 1 eftersom det beror på BEH-017, som måste komma "
        "före (R22); det står på plats 2."
    ) in lines


def test_r13_planned_project_not_traced_to_a_need_past_bp4_is_noted(
    cli: Cli, portfolio: Path
) -> None:
    project = portfolio / "projekt" / "PRJ-023.yaml"
    assert "Obs (R13)" not in " ".join(placing(ranked(cli, portfolio), "PRJ-023")["förklaring"])
    replace_in(project, "behov: BEH-003", "behov: BEH-004")  # BEH-004 has not passed BP4
    lines = placing(ranked(cli, portfolio), "PRJ-023")["förklaring"]
    assert any(line.startswith("Obs (R13)") for line in lines)


def test_formula_is_stated_in_the_json(cli: Cli, portfolio: Path) -> None:
    formula = ranked(cli, portfolio)["formel"]
    for word in ("R21", "R22", "R23", "R25", "mycket hög 1,5", f"{HORIZON} år"):
        assert word in formula
