"""R38 where the plan puts the duty: "Kopplingen till Digitala hjälpmedel i samverkan och
Millenium ska finnas" is one of the digitaliseringsråd's purposes, so a decision the rådet
takes is on a need that states its koppling, or that it has none; `show` and the rådet's
kallelse show it. Through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import Cli, replace_in


def _local_beh002(portfolio: Path) -> Path:
    """BEH-002 as the own förvaltning's alone, so its BP3 is the rådet's (R33)."""
    path = portfolio / "behov" / "BEH-002.yaml"
    replace_in(path, "system: [treserva]", "system: []")
    replace_in(path, "tid_beroende: true", "tid_beroende: false")
    return path


def _bp3_in_the_rad(cli: Cli, portfolio: Path) -> Any:
    return cli(
        "advance", "BEH-002", "--to", "klart för start", "--motivering", "Prioriteras.",
        "--beslutad-av", "lars-nyberg", "--datum", "2025-11-12", "-p", portfolio,
    )  # fmt: skip


def _r38(cli: Cli, portfolio: Path) -> list[dict[str, Any]]:
    found = json.loads(cli("check", "-f", "json", "--no-cache", "-p", portfolio).stdout)["fynd"]
    return [f for f in found if f["regel"] == "R38" and f["fil"].endswith("BEH-002.yaml")]


def test_r38_a_decision_in_the_rad_without_the_koppling_is_warned_by_advance_and_check(
    cli: Cli, portfolio: Path
) -> None:
    _local_beh002(portfolio)
    result = _bp3_in_the_rad(cli, portfolio)
    assert result.exit_code == 0, result.output
    assert "varning R38" in result.stdout and "Millenium" in result.stdout
    found = _r38(cli, portfolio)
    assert [(f["nivå"], f["fält"]) for f in found] == [("varning", "kopplingar")]


def test_r38_a_need_states_its_koppling_or_that_it_has_none(cli: Cli, portfolio: Path) -> None:
    path = _local_beh002(portfolio)
    replace_in(path, "beslut:\n", "kopplingar: []\nbeslut:\n")
    result = _bp3_in_the_rad(cli, portfolio)
    assert result.exit_code == 0, result.output
    assert "R38" not in result.output and _r38(cli, portfolio) == []
    shown = " ".join(cli("show", "BEH-002", "-p", portfolio).stdout.split())
    assert "berör inte Digitala hjälpmedel i samverkan eller Millenium" in shown
    replace_in(
        path,
        "kopplingar: []\n",
        "kopplingar:\n  - till: millenium\n    beskrivning: Beslutsstödet ska läsa journalen.\n",
    )
    shown = " ".join(cli("show", "BEH-002", "-p", portfolio).stdout.split())
    assert "Koppling │ Millenium: Beslutsstödet ska läsa journalen." in shown
    as_json = json.loads(cli("show", "BEH-002", "-f", "json", "-p", portfolio).stdout)
    assert as_json["fält"]["kopplingar"] == [
        {"till": "Millenium", "beskrivning": "Beslutsstödet ska läsa journalen."}
    ]


def test_r38_a_koppling_points_at_digitala_hjalpmedel_or_millenium_only(
    cli: Cli, portfolio: Path
) -> None:
    path = _local_beh002(portfolio)
    replace_in(path, "beslut:\n", "kopplingar:\n  - till: Cosmic\nbeslut:\n")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    assert "BEH-002.yaml" in result.stdout and "kopplingar" in result.stdout
    assert "Traceback" not in result.output
