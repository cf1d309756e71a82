"""`render rad` as a real dagordning: the meeting's date, time and place, and numbered §
items from the opening to the closing, with the needs awaiting the råd as beslutsärenden."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import Cli, replace_in
from tests.mdtables import table

ITEMS = [
    "§ 1 Mötets öppnande",
    "§ 2 Val av justerare",
    "§ 3 Föregående protokoll",
    "§ 4 Beslutsärenden",
    "§ 5 Informationsärenden",
    "§ 6 Övriga frågor",
    "§ 7 Mötets avslutande",
]


def dagordning(cli: Cli, portfolio: Path, *args: str) -> str:
    result = cli("render", "rad", "-p", portfolio, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_r27_dagordning_has_meeting_and_numbered_items_in_order(cli: Cli, portfolio: Path) -> None:
    text = dagordning(
        cli,
        portfolio,
        "--datum",
        "2025-03-12",
        "--tid",
        "13.00–15.00",
        "--plats",
        "Sammanträdesrum Näckrosen",
    )
    assert "- Datum: 2025-03-12\n- Tid: 13.00–15.00\n- Plats: Sammanträdesrum Näckrosen\n" in text
    assert "- Kallade: Eva Lindqvist (förvaltningsdirektör), Karin Holm" in text
    headings = re.findall(r"^## (§ .+)$", text, re.MULTILINE)
    assert headings == ITEMS
    decisions = text.split("## § 4 Beslutsärenden")[1].split("## § 5")[0]
    ids = [r[0].split()[0] for r in table(decisions, "Ärenden som väntar").rows]
    # BEH-002 and BEH-005 name Treserva and so depend on TID (R33): their BP3 is the
    # Styr- och samordningsgruppen's.
    assert ids == ["BEH-006"]
    information = text.split("## § 5 Informationsärenden")[1].split("## § 6")[0]
    assert table(information, "Utvecklingsområden att följa upp").rows


def test_r27_dagordning_without_decisions_says_so(cli: Cli, portfolio: Path) -> None:
    # Decisions taken before the organisation's gäller_från are not re-judged.
    replace_in(
        portfolio / "organisation.yaml", "gäller_från: 2025-01-01", "gäller_från: 2026-01-01"
    )
    rules = (portfolio / "delegationsordning.yaml").read_text(encoding="utf-8")
    (portfolio / "delegationsordning.yaml").write_text(
        rules.replace("[digitaliseringsradet]", "[operativa]"), encoding="utf-8"
    )
    text = dagordning(cli, portfolio)
    assert "Inga behov väntar på beslut i rådet." in text
    assert "- Datum: ej bestämt\n" in text
    assert re.findall(r"^## (§ .+)$", text, re.MULTILINE) == ITEMS


def test_meeting_time_without_a_date_is_a_usage_error(cli: Cli, portfolio: Path) -> None:
    result = cli("render", "rad", "-p", portfolio, "--tid", "13.00")
    assert result.exit_code == 2
    assert "behöver --datum" in result.stderr
    result = cli("render", "rad", "-p", portfolio, "--datum", "12 mars")
    assert result.exit_code == 2
    assert "ogiltigt datum '12 mars'" in result.stderr


def test_dagordning_html_lists_the_items(cli: Cli, portfolio: Path) -> None:
    html = dagordning(cli, portfolio, "--format", "html", "--datum", "2025-03-12")
    for item in ITEMS:
        assert f">{item}</h2>" in html
        assert f">{item}</a></li>" in html


def test_r15_dagordning_reports_overdue_measurements_on_the_meeting_day(
    cli: Cli, portfolio: Path
) -> None:
    assert "Inga effektmätningar är försenade per 2026-09-01." in dagordning(
        cli, portfolio, "--datum", "2026-09-01"
    )
    replace_in(
        portfolio / "projekt" / "PRJ-021.yaml",
        "mätplan: [2026-06-30]\n",
        "mätplan: [2026-06-30, 2026-08-15]\n",
    )
    late = dagordning(cli, portfolio, "--datum", "2026-09-01")
    information = late.split("## § 5 Informationsärenden")[1].split("## § 6")[0]
    rows = table(information, "Försenade mätningar per 2026-09-01").rows
    assert [(row[0], row[2]) for row in rows] == [("PRJ-021 mål 2", "2026-08-15")]
    assert rows[0][3]  # who answers for it
    assert "Inga effektmätningar" in dagordning(cli, portfolio, "--datum", "2026-08-01")
