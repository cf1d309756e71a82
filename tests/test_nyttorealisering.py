"""Effekthemtagning (R15, R17): estimated against realised frigjord tid, who answers for a
measurement, when one falls due. The pure functions of `nyttorealisering` for the branches
a document hides, and `render uppfoljning` recomputed from the portfolio's own files."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from avoplan.ekonomi.nyttorealisering import (
    GRACE,
    Utfall,
    estimated_hours,
    hours_goal,
    latest,
    outcomes,
    overdue,
    overdue_dates,
    realised_hours,
    responsible,
    timeline,
)
from avoplan.models.effekt import Effektmal, Matning
from avoplan.models.projekt import Projekt
from avoplan.store.yaml_io import parse, read_text
from tests.helpers import Cli, replace_in
from tests.mdtables import number, table

TODAY = date(2026, 3, 1)
HOURS = "timmar per år"


def goal(**fields: Any) -> Effektmal:
    return Effektmal.model_validate({"beskrivning": "Frigjord tid", **fields})


def project(pid: str = "PRJ-901", status: str = "pågående", **fields: Any) -> Projekt:
    return Projekt.model_validate(
        {"id": pid, "titel": f"Projekt {pid}", "typ": "införande", "status": status, **fields}
    )


def hours_project(
    pid: str,
    estimate: int | None,
    measured: list[tuple[str, float]],
    target: tuple[float, str] | None = (0, "2026-12-31"),
    base: float | None = 0,
    status: str = "pågående",
) -> Projekt:
    first: dict[str, Any] = {
        "beskrivning": "Frigjord tid",
        "enhet": HOURS,
        "mätningar": [{"datum": d, "värde": v} for d, v in measured],
    }
    if base is not None:
        first["utgångsläge"] = {"värde": base, "datum": "2025-01-01"}
    if target is not None:
        first["målvärde"] = {"värde": target[0], "datum": target[1]}
    extra = {} if estimate is None else {"frigjord_tid_timmar_per_år": estimate}
    return project(pid, status, projektdirektiv={"effektmål": [first]}, **extra)


def portfolio_of(*projects: Projekt) -> Any:
    """The one part of a Portfolio these functions read."""
    return SimpleNamespace(projekt={p.id: p for p in projects})


# --- realised and estimated -------------------------------------------------------------


def test_r15_realised_hours_are_the_latest_measurement_less_the_baseline() -> None:
    g = goal(
        enhet=HOURS,
        utgångsläge={"värde": 1000, "datum": "2025-01-01"},
        mätningar=[{"datum": "2025-06-01", "värde": 1500}, {"datum": "2025-12-01", "värde": 3400}],
    )
    assert realised_hours(g) == 2400
    assert realised_hours(g, until=date(2025, 12, 1)) == 2400  # measured on that very day
    assert realised_hours(g, until=date(2025, 11, 30)) == 500
    assert realised_hours(g, until=date(2025, 5, 31)) is None
    without_baseline = goal(enhet=HOURS, mätningar=[{"datum": "2025-06-01", "värde": 1500}])
    assert realised_hours(without_baseline) == 1500


def test_latest_is_the_newest_measurement_whatever_the_order_recorded() -> None:
    g = goal(
        mätningar=[
            {"datum": "2025-12-01", "värde": 3},
            {"datum": "2025-06-01", "värde": 1},
            {"datum": "2025-09-01", "värde": 2},
        ]
    )
    assert latest(g) == Matning(datum=date(2025, 12, 1), värde=3)
    assert latest(g, date(2025, 11, 1)) == Matning(datum=date(2025, 9, 1), värde=2)
    assert latest(goal()) is None


def test_r15_of_two_measurements_on_one_day_the_one_recorded_last_counts() -> None:
    same_day = [{"datum": "2025-12-01", "värde": v} for v in (3, 5, 4)]
    g = goal(mätningar=[*same_day, {"datum": "2025-06-01", "värde": 9}])
    assert latest(g) == Matning(datum=date(2025, 12, 1), värde=4)  # the correction
    assert realised_hours(g) == 4


def test_r15_the_estimate_falls_back_to_the_first_target_over_its_baseline() -> None:
    with_target = goal(
        enhet=HOURS,
        utgångsläge={"värde": 200, "datum": "2025-01-01"},
        målvärde={"värde": 1700, "datum": "2026-12-31"},
    )
    assert estimated_hours(project(frigjord_tid_timmar_per_år=900), with_target) == 900
    assert estimated_hours(project(), with_target) == 1500
    no_baseline = goal(enhet=HOURS, målvärde={"värde": 1700, "datum": "2026-12-31"})
    assert estimated_hours(project(), no_baseline) == 1700
    assert estimated_hours(project(), goal(enhet=HOURS)) is None
    assert estimated_hours(project(), None) is None


def test_r15_only_a_first_goal_in_hours_per_year_is_the_estimate() -> None:
    in_hours = hours_project("PRJ-901", 100, [])
    assert hours_goal(in_hours) is in_hours.projektdirektiv.effektmål[0]  # type: ignore[union-attr]
    in_percent = project(
        projektdirektiv={
            "effektmål": [
                {"beskrivning": "x", "enhet": "procent"},
                {"beskrivning": "y", "enhet": HOURS},
            ]
        }
    )
    assert hours_goal(in_percent) is None
    assert hours_goal(project()) is None


def test_share_is_realised_over_estimated_and_none_without_either() -> None:
    p = project()
    assert Utfall(p, 4000, 1000).share == 0.25
    assert Utfall(p, 4000, 0).share == 0.0
    assert Utfall(p, 4000, None).share is None
    assert Utfall(p, 0, 1000).share is None


def test_r15_outcomes_are_the_started_projects_with_an_estimate_in_id_order() -> None:
    found = outcomes(
        portfolio_of(
            hours_project("PRJ-903", 300, [("2025-06-01", 120)], base=20),
            hours_project("PRJ-901", None, [], target=(500, "2026-12-31"), base=100),
            hours_project("PRJ-902", 100, [], status="planerad"),
            hours_project("PRJ-904", 100, [], status="pausad"),
            hours_project("PRJ-905", 100, [("2025-06-01", 80)], status="avslutad"),
            hours_project("PRJ-906", None, [], target=None),
            project("PRJ-907", frigjord_tid_timmar_per_år=50),
        )
    )
    assert [(u.project.id, u.estimated, u.realised) for u in found] == [
        ("PRJ-901", 400, None),
        ("PRJ-903", 300, 100),
        ("PRJ-905", 100, 80),
        ("PRJ-907", 50, None),
    ]


def test_timeline_sums_targets_passed_and_latest_measurements_at_each_date() -> None:
    a = hours_project(
        "PRJ-901",
        1000,
        [("2025-06-30", 300), ("2025-12-31", 700)],
        target=(1000, "2025-12-31"),
        base=100,
    )
    b = hours_project("PRJ-902", 500, [("2025-09-30", 200)], target=(500, "2026-06-30"))
    plain = project("PRJ-903", frigjord_tid_timmar_per_år=50)
    series = timeline([Utfall(a, 1000, 600), Utfall(b, 500, 200), Utfall(plain, 50, None)])
    assert series == [
        (date(2025, 6, 30), 0, 200),
        (date(2025, 9, 30), 0, 400),
        (date(2025, 12, 31), 1000, 800),
        (date(2026, 6, 30), 1500, 800),
    ]
    assert timeline([]) == []


# --- when a measurement falls due -------------------------------------------------------


def test_r15_a_measurement_due_today_is_overdue_until_it_is_taken() -> None:
    due_today = goal(mätplan=[TODAY.isoformat()])
    assert overdue_dates(due_today, TODAY) == [TODAY]
    assert overdue_dates(due_today, TODAY - timedelta(days=1)) == []
    measured = goal(mätplan=[TODAY.isoformat()], mätningar=[{"datum": TODAY, "värde": 1}])
    assert overdue_dates(measured, TODAY) == []


def test_r15_the_target_date_is_a_planned_measurement_too() -> None:
    g = goal(mätplan=["2025-06-30"], målvärde={"värde": 1, "datum": "2025-12-31"})
    assert overdue_dates(g, date(2026, 1, 1)) == [date(2025, 6, 30), date(2025, 12, 31)]
    twice = goal(mätplan=["2025-12-31"], målvärde={"värde": 1, "datum": "2025-12-31"})
    assert overdue_dates(twice, date(2026, 1, 1)) == [date(2025, 12, 31)]


@pytest.mark.parametrize(("days_before", "answers"), [(0, True), (30, True), (31, False)])
def test_r15_a_measurement_up_to_a_month_before_the_planned_date_answers_it(
    days_before: int, answers: bool
) -> None:
    assert timedelta(days=30) == GRACE
    planned = date(2025, 6, 30)
    g = goal(
        mätplan=[planned], mätningar=[{"datum": planned - timedelta(days=days_before), "värde": 1}]
    )
    assert (overdue_dates(g, date(2025, 7, 1)) == []) is answers


def test_r15_a_measurement_a_month_before_the_next_planned_date_answers_the_next() -> None:
    first, second = date(2025, 6, 30), date(2025, 12, 31)
    at_edge = goal(mätplan=[first, second], mätningar=[{"datum": second - GRACE, "värde": 1}])
    assert overdue_dates(at_edge, date(2026, 1, 1)) == [first]
    day_before = goal(
        mätplan=[first, second],
        mätningar=[{"datum": second - GRACE - timedelta(days=1), "värde": 1}],
    )
    assert overdue_dates(day_before, date(2026, 1, 1)) == [second]
    late = goal(mätplan=[first], mätningar=[{"datum": date(2030, 1, 1), "värde": 1}])
    assert overdue_dates(late, date(2030, 1, 2)) == []  # after the last plan, no end to it


# --- who answers --------------------------------------------------------------------------


def test_r15_the_goals_effektagare_answers_before_the_projects() -> None:
    own = goal(effektägare="sara-lund")
    assert responsible(project(effektägare="karin-holm"), own) == "sara-lund"
    assert responsible(project(effektägare="karin-holm"), goal()) == "karin-holm"
    assert responsible(project(), goal()) is None


def test_r15_after_closing_the_named_follow_up_owner_answers() -> None:
    closed = {"status": "avslutad", "effektägare": "karin-holm"}
    person = project(
        **closed, uppföljningsansvar={"person": "sara-lund", "förvaltningsobjekt": "vso"}
    )
    assert responsible(person, goal()) == "sara-lund"
    objekt = project(**closed, uppföljningsansvar={"förvaltningsobjekt": "vso"})
    assert responsible(objekt, goal()) == "vso"
    unnamed = project(**closed, uppföljningsansvar={"från": "2026-01-01"})
    assert responsible(unnamed, goal()) == "karin-holm"
    assert responsible(project(**closed), goal()) == "karin-holm"
    running = project(effektägare="karin-holm", uppföljningsansvar={"person": "sara-lund"})
    assert responsible(running, goal()) == "karin-holm"


def test_r15_overdue_lists_started_projects_oldest_first_with_goal_number_and_owner() -> None:
    def planned(pid: str, status: str, *dates: str) -> Projekt:
        return project(
            pid,
            status,
            effektägare="karin-holm",
            projektdirektiv={
                "effektmål": [
                    {"beskrivning": "a", "mätplan": list(dates)},
                    {"beskrivning": "b", "mätplan": list(dates), "effektägare": "sara-lund"},
                ]
            },
        )

    found = overdue(
        portfolio_of(
            planned("PRJ-902", "avslutad", "2025-06-30"),
            planned("PRJ-901", "pågående", "2025-09-30", "2025-06-30"),
            planned("PRJ-903", "planerad", "2025-01-31"),
            planned("PRJ-904", "pausad", "2025-01-31"),
        ),
        TODAY,
    )
    assert [(f.due.isoformat(), f.project.id, f.index, f.ansvarig) for f in found] == [
        ("2025-06-30", "PRJ-901", 1, "karin-holm"),
        ("2025-06-30", "PRJ-901", 2, "sara-lund"),
        ("2025-06-30", "PRJ-902", 1, "karin-holm"),
        ("2025-06-30", "PRJ-902", 2, "sara-lund"),
        ("2025-09-30", "PRJ-901", 1, "karin-holm"),
        ("2025-09-30", "PRJ-901", 2, "sara-lund"),
    ]
    assert found[0].goal.beskrivning == "a"


# --- what `render uppfoljning` prints, recomputed from the files ---------------------------

BENEFIT = "Skattad och realiserad frigjord tid per projekt"


def _expected_from_files(portfolio: Path) -> dict[str, tuple[int, int | None]]:
    """Each started project's (estimated, realised) hours, from its YAML alone."""
    found: dict[str, tuple[int, int | None]] = {}
    for path in sorted((portfolio / "projekt").glob("*.yaml")):
        data = parse(read_text(path))
        if data.get("status") not in ("pågående", "avslutad"):
            continue
        goals = (data.get("projektdirektiv") or {}).get("effektmål") or []
        first = goals[0] if goals and isinstance(goals[0], dict) else {}
        in_hours = first.get("enhet") == HOURS
        base = (first.get("utgångsläge") or {}).get("värde", 0) if in_hours else 0
        estimate = data.get("frigjord_tid_timmar_per_år")
        if estimate is None and in_hours and first.get("målvärde"):
            estimate = round(first["målvärde"]["värde"] - base)
        if estimate is None:
            continue
        measured = sorted(first.get("mätningar") or [], key=lambda m: m["datum"])
        realised = round(measured[-1]["värde"] - base) if in_hours and measured else None
        found[data["id"]] = (estimate, realised)
    return found


def test_r15_uppfoljning_prints_estimated_and_realised_hours_recomputed_from_the_files(
    cli: Cli, portfolio: Path
) -> None:
    prj21 = portfolio / "projekt" / "PRJ-021.yaml"
    replace_in(
        prj21,
        "utgångsläge: {värde: 0, datum: 2025-05-05, källa: Tidrapportering",
        "utgångsläge: {värde: 600, datum: 2025-05-05, källa: Tidrapportering",
    )
    replace_in(prj21, "frigjord_tid_timmar_per_år: 9000\n", "")
    result = cli("render", "uppfoljning", "-p", portfolio)
    assert result.exit_code == 0, result.output
    t = table(result.stdout, BENEFIT)
    expected = _expected_from_files(portfolio)
    assert expected["PRJ-021"] == (8400, 4200)  # 9 000 − 600 target; 4 800 − 600 measured
    printed: dict[str, tuple[Decimal | int | None, int | None]] = {}
    for row in t.rows:
        if row[0] == "Summa":
            continue
        pid = re.match(r"PRJ-\d+", row[0])
        assert pid, row
        realised = number(row[t.column("Frigjord tid (h/år) Realiserad")])
        printed[pid[0]] = (
            number(row[t.column("Frigjord tid (h/år) Skattad")]),
            None if realised is None else int(realised),
        )
    assert printed == expected
    share = t.rows[[r[0][:7] for r in t.rows].index("PRJ-021")][t.column("Andel realiserad")]
    assert share == "50\u00a0%"
