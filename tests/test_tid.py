"""R33 and R34 at the grovsållning: the TID dependency read from the systems a need
names, and the existing city solutions considered, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import Cli, replace_in


def _beh005_in_grovsallning(portfolio: Path, tid: str) -> Path:
    path = portfolio / "behov" / "BEH-005.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("  - beslutspunkt: 2")].replace(
        "steg: beredning", "steg: grovsållning"
    )
    path.write_text(text.replace("tid_beroende: true", f"tid_beroende: {tid}"), encoding="utf-8")
    return path


def _advance(cli: Cli, portfolio: Path) -> tuple[int, str]:
    result = cli(
        "advance",
        "BEH-005",
        "--to",
        "beredning",
        "--motivering",
        "Vidare.",
        "--beslutad-av",
        "fatima-olsson",
        "--datum",
        "2025-11-20",
        "-p",
        portfolio,
    )
    return result.exit_code, result.output


def test_r33_a_need_naming_treserva_depends_on_tid_unless_the_grovsallning_says_why(
    cli: Cli, portfolio: Path
) -> None:
    path = _beh005_in_grovsallning(portfolio, "false")
    code, output = _advance(cli, portfolio)
    assert code == 1 and "R33" in output and "Treserva" in output
    found = json.loads(cli("check", "-f", "json", "--no-cache", "-p", portfolio).stdout)["fynd"]
    assert not any(f["regel"] == "R33" for f in found)  # nothing recorded yet
    replace_in(
        path,
        "  tid_beroende: false\n",
        "  tid_beroende: false\n  tid_undantag: "
        "Bara rapportuttag ur Treserva; inget ändras i systemet.\n",
    )
    code, output = _advance(cli, portfolio)
    assert code == 0, output
    shown = cli("show", "BEH-005", "-p", portfolio).stdout
    assert "nej: Bara rapportuttag" in " ".join(shown.split())
    backlog = cli("render", "backlog", "-p", portfolio).stdout
    assert "Nej: Bara rapportuttag ur Treserva" in backlog


def test_r33_the_embedded_needs_that_change_treserva_depend_on_tid(cli: Cli) -> None:
    for need in ("BEH-002", "BEH-005"):
        shown = cli("show", need).stdout
        assert "TID-beroende" in shown and "ja (beslutas i ID:s organ)" in shown
    board = cli("board", "--forum", "styr-och-samordningsgruppen").stdout
    assert "BP3 BEH-002" in board and "BP3 BEH-005" in board


def test_r34_the_grovsallning_records_the_existing_solutions_considered(
    cli: Cli, portfolio: Path
) -> None:
    path = _beh005_in_grovsallning(portfolio, "true")
    replace_in(path, "system: [treserva]", "system: []")
    replace_in(path, "tid_beroende: true", "tid_beroende: false")
    code, output = _advance(cli, portfolio)
    assert code == 0, output
    assert "R34" in output and "befintliga lösningar" in output
    found = json.loads(cli("check", "-f", "json", "--no-cache", "-p", portfolio).stdout)["fynd"]
    assert any(
        f["regel"] == "R34" and f["nivå"] == "varning" and f["fil"].endswith("BEH-005.yaml")
        for f in found
    )
    replace_in(
        path,
        "  tid_beroende: false\n",
        "  tid_beroende: false\n  befintliga_lösningar: [SAMSA, stadens e-tjänsteplattform]\n",
    )
    found = json.loads(cli("check", "-f", "json", "--no-cache", "-p", portfolio).stdout)["fynd"]
    assert not any(f["regel"] == "R34" and f["fil"].endswith("BEH-005.yaml") for f in found)
