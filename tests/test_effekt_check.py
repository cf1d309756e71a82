"""Effekthemtagning in `avoplan check`: effektmål that can be followed up (R15, R17),
measurements on time and a follow-up owner after closing (R15), the plan's follow-up
dimensions (R22). Each test breaks one thing in a copy of the embedded portfolio."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from avoplan.ekonomi.nyttorealisering import overdue_dates
from avoplan.models.effekt import Effektmal, Matning
from tests.helpers import Cli
from tests.test_check_rules import PRJ21, PRJ22, PRJ25, Check, edit

PRJ07 = "projekt/PRJ-007.yaml"


def test_embedded_effektmal_are_followable(cli: Cli, portfolio: Path) -> None:
    check = Check(cli, portfolio)
    for file in (PRJ21, PRJ22, PRJ25, PRJ07):
        check.lacks("R15", file)
    check.lacks("R22", PRJ25)


def test_r17_running_project_effektmal_without_indicator_is_an_error(
    cli: Cli, portfolio: Path
) -> None:
    edit(portfolio, PRJ21, "      indikator: Andel nattliga tillsyner som görs digitalt\n", "")
    Check(cli, portfolio).has(
        PRJ21,
        "^    - beskrivning: Hälften",
        "fel",
        "R17",
        "projektdirektiv.effektmål[1]: effektmålet 'Hälften av de "
        "nattliga tillsynerna görs digitalt i slutet av 2026.' saknar "
        "indikator",
    )


def test_r17_effektmal_without_baseline_and_target_is_an_error(cli: Cli, portfolio: Path) -> None:
    edit(
        portfolio,
        PRJ25,
        "      utgångsläge: {värde: 0, datum: 2025-04-22, källa: "
        "Projektstart (exempel)}\n      målvärde: {värde: 500, datum: 2025-12-31}\n",
        "",
    )
    Check(cli, portfolio).has(
        PRJ25, "^    - beskrivning: 500", "fel", "R17", "saknar utgångsläge, målvärde"
    )


def test_r17_an_effektmal_of_text_only_is_an_error_once_the_project_runs(
    cli: Cli, portfolio: Path
) -> None:
    edit(portfolio, PRJ22, "status: avslutad", "status: pågående")
    Check(cli, portfolio).has(
        PRJ22, "^  effektmål:", "fel", "R17", "saknar indikator, utgångsläge, målvärde"
    )


def test_r15_overdue_measurement_is_a_warning_naming_the_effektagare(
    cli: Cli, portfolio: Path
) -> None:
    edit(portfolio, PRJ25, "mätplan: [2025-08-31]", "mätplan: [2025-06-30, 2025-08-31]")
    check = Check(cli, portfolio)
    check.has(
        PRJ25,
        "^      mätningar:",
        "varning",
        "R15",
        "mätningen för effektmål 1 planerad 2025-06-30 är försenad; ansvarig: sara-lund",
    )
    assert check.exit_code == 0


def test_r15_after_closing_the_follow_up_owner_answers_for_overdue_measurements(
    cli: Cli, portfolio: Path
) -> None:
    edit(
        portfolio,
        PRJ07,
        "mätplan: [2020-12-31, 2021-06-30]",
        "mätplan: [2020-12-31, 2021-06-30, 2021-12-31]",
    )
    Check(cli, portfolio).has(
        PRJ07,
        "^      mätningar:",
        "varning",
        "R15",
        "planerad 2021-12-31 är försenad; ansvarig: vso",
    )


def test_r15_closed_project_without_follow_up_owner_is_a_warning(cli: Cli, portfolio: Path) -> None:
    edit(portfolio, PRJ22, "uppföljningsansvar: {person: lars-nyberg, från: 2025-09-05}\n", "")
    check = Check(cli, portfolio)
    check.has(
        PRJ22,
        "^status:",
        "varning",
        "R15",
        "avslutat projekt utan uppföljningsansvar för effektmålen",
    )
    assert check.exit_code == 0


def test_r15_follow_up_owner_must_be_a_known_forvaltningsobjekt(cli: Cli, portfolio: Path) -> None:
    edit(portfolio, PRJ07, "{förvaltningsobjekt: vso,", "{förvaltningsobjekt: vsoo,")
    Check(cli, portfolio).has(
        PRJ07, "^uppföljningsansvar:", "fel", "R15", "okänt förvaltningsobjekt 'vsoo'"
    )


def test_r15_the_estimate_is_the_first_target(cli: Cli, portfolio: Path) -> None:
    edit(portfolio, PRJ21, "      enhet: timmar per år ", "      enhet: timmar ")
    Check(cli, portfolio).has(
        PRJ21,
        "^      enhet: timmar ",
        "varning",
        "R15",
        "det första effektmålet bör vara den frigjorda tiden",
    )


def test_r22_running_project_without_a_follow_up_dimension_is_a_warning(
    cli: Cli, portfolio: Path
) -> None:
    edit(portfolio, PRJ25, "komplexitet: enkel\n", "")
    Check(cli, portfolio).has(
        PRJ25, 1, "varning", "R22", "uppföljningsdimensionen komplex eller enkel saknas"
    )


def test_a_measurement_answers_the_planned_date_whose_window_it_falls_in() -> None:
    goal = Effektmal(
        beskrivning="x",
        mätplan=[date(2025, 6, 30), date(2025, 12, 31)],
        mätningar=[Matning(datum=date(2025, 6, 5), värde=1)],
    )
    assert overdue_dates(goal, date(2025, 7, 1)) == []
    assert overdue_dates(goal, date(2026, 1, 1)) == [date(2025, 12, 31)]
    early = Effektmal(
        beskrivning="x",
        mätplan=[date(2025, 6, 30)],
        mätningar=[Matning(datum=date(2025, 5, 1), värde=1)],
    )
    assert overdue_dates(early, date(2025, 7, 1)) == [date(2025, 6, 30)]
    late = Effektmal(
        beskrivning="x",
        mätplan=[date(2025, 6, 30), date(2025, 12, 31)],
        mätningar=[Matning(datum=date(2025, 12, 20), värde=1)],
    )
    assert overdue_dates(late, date(2026, 1, 1)) == [date(2025, 6, 30)]


def test_r15_a_warm_check_finds_what_became_overdue_since_yesterday(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache reuses rule findings only on the same day: unchanged files can still
    have a measurement fall due overnight."""
    assert "försenad" not in cli("check", "-p", portfolio).stdout  # warms the cache

    class Later(date):
        @classmethod
        def today(cls) -> Later:
            return cls(2030, 1, 1)

    monkeypatch.setattr("avoplan.store.cache.manifest.date", Later)
    monkeypatch.setattr("avoplan.store.loader.date", Later)
    Check(cli, portfolio).has(
        PRJ21,
        "^      mätningar:",
        "varning",
        "R15",
        "mätningen för effektmål 1 planerad 2026-12-31 är försenad; ansvarig: karin-holm",
    )


def test_r17_a_needs_effektmal_from_beredning_should_be_followable(
    cli: Cli, portfolio: Path
) -> None:
    edit(
        portfolio,
        "behov/BEH-004.yaml",
        "      indikator: Timmar per år för att föra över signeringar, ur tidsstudie\n",
        "",
    )
    check = Check(cli, portfolio)
    check.has(
        "behov/BEH-004.yaml",
        "^    - beskrivning: 1 800",
        "varning",
        "R17",
        "beredning.effektmål[0]: effektmålet '1 800 frigjorda timmar per år när "
        "signeringar inte förs över från papper.' saknar indikator",
    )
    assert check.exit_code == 0


def test_r23_an_effektmal_serves_one_of_the_plans_goals(cli: Cli, portfolio: Path) -> None:
    edit(portfolio, PRJ07, "      mål: 2\n", "      mål: 7\n")
    Check(cli, portfolio).has(
        PRJ07,
        "^      mål: 7",
        "fel",
        "R23",
        "projektdirektiv.effektmål[0].mål: prioriterat mål 7 finns inte i planen",
    )


def test_r15_who_measures_is_a_known_person_also_after_closing(cli: Cli, portfolio: Path) -> None:
    edit(portfolio, PRJ07, "mäts_av: anna-svensson", "mäts_av: anna-svenson")
    Check(cli, portfolio).has(
        PRJ07, "^      mäts_av:", "fel", "R15", "okänd person 'anna-svenson' i organisation.yaml"
    )
