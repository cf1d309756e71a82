"""R35: the projektkontor starts projects in an order that respects dependencies, and
every list uses the one order `prioritet` computes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers import Cli, replace_in


def test_r35_bp4_is_refused_while_a_dependency_has_not_started(cli: Cli, portfolio: Path) -> None:
    # BEH-018 (place 3) depends on BEH-017, which stands in klart för start.
    args: list[str | Path] = [
        "advance",
        "BEH-018",
        "--to",
        "projekt",
        "--motivering",
        "Startar.",
        "--beslutad-av",
        "oskar-dahl",
        "--datum",
        "2025-11-20",
        "-p",
        portfolio,
    ]
    before = (portfolio / "behov" / "BEH-018.yaml").read_bytes()
    refused = cli(*args)
    assert refused.exit_code == 1
    assert "R35" in refused.output and "BEH-017" in refused.output
    assert (portfolio / "behov" / "BEH-018.yaml").read_bytes() == before
    # The same decision written by hand is found by check.
    replace_in(portfolio / "behov" / "BEH-018.yaml", "steg: klart för start", "steg: projekt")
    text = (portfolio / "behov" / "BEH-018.yaml").read_text(encoding="utf-8")
    (portfolio / "behov" / "BEH-018.yaml").write_text(
        text
        + (
            "  - {beslutspunkt: 4, datum: 2025-11-20, från: klart för start, till: projekt,\n"
            "     beslutad_av: oskar-dahl, roll: ordförande i "
            "Projektkontoret, forum: projektkontor,\n"
            "     motivering: Startar.}\n"
        ),
        encoding="utf-8",
    )
    found = json.loads(cli("check", "-f", "json", "--no-cache", "-p", portfolio).stdout)["fynd"]
    assert any(
        f["regel"] == "R35" and f["nivå"] == "fel" and "BEH-017" in f["meddelande"] for f in found
    )


def _order(markdown: str, pattern: str) -> list[str]:
    return [
        m
        for line in markdown.splitlines()
        if re.match(r"^\| *\d", line)
        for m in re.findall(pattern, line)[:1]
    ]


def test_r35_backlog_prioritet_and_board_use_the_one_order(cli: Cli, portfolio: Path) -> None:
    prioritet = _order(cli("render", "prioritet", "-p", portfolio).stdout, r"BEH-\d+")
    backlog = _order(cli("render", "backlog", "-p", portfolio).stdout, r"BEH-\d+")
    assert prioritet[:3] == ["BEH-004", "BEH-017", "BEH-018"]
    assert backlog[:3] == prioritet[:3]
    board = cli("board", "-p", portfolio, "--forum", "projektkontor").stdout
    listed = re.findall(r"BP4 (BEH-\d+)", board)
    assert listed == [i for i in prioritet if i in listed]


def test_r35_the_board_lists_bp1_under_the_avdelningschef(cli: Cli, portfolio: Path) -> None:
    board = cli("board", "-p", portfolio).stdout
    chef = board.split("Avdelningschefen (BP1")[1].split("\n\n")[0]
    assert "BP1 BEH-010" in chef.split("ÄVO:s lokala utvecklingsteam")[0]
    for forum in ("ÄVO:s lokala utvecklingsteam", "Operativa styr- och samordningsgruppen"):
        part = board.split(f"{forum}:")[1].split("\n")[0:6]
        assert not any("BP1" in line for line in part), part
