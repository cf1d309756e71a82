"""`render rad` is the rådet's kallelse (R27, R31): drawn from the rådet's next meeting
file, with who is called, the numbered dagordning and what stands behind each item (who
nominated it, the decision awaited, the koppling R38 asks for). Without a meeting file it
says so and shows what awaits the rådet."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.helpers import Cli, replace_in
from tests.mdtables import table

RAD = "digitaliseringsradet"


def kallelse(cli: Cli, portfolio: Path, *args: str) -> str:
    result = cli("render", "rad", "-p", portfolio, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _ok(cli: Cli, *args: str | Path) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output


def _commit_on(root: Path, day: str) -> None:
    """Commit everything as of `day`: the day the kallelse's live data stands at."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"{day}T12:00:00+01:00",
        "GIT_COMMITTER_DATE": f"{day}T12:00:00+01:00",
    }
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "Möten"], cwd=root, check=True, env=env)


def _local(portfolio: Path, need: str) -> None:
    """The need as the own förvaltning's alone (no system under tjänsteförvaltning, R33),
    so its BP3 is the rådet's."""
    replace_in(portfolio / "behov" / f"{need}.yaml", "system: [treserva]", "system: []")
    replace_in(portfolio / "behov" / f"{need}.yaml", "tid_beroende: true", "tid_beroende: false")


def test_r27_without_a_meeting_file_the_kallelse_says_so_and_shows_what_awaits(
    cli: Cli, portfolio: Path
) -> None:
    text = kallelse(
        cli, portfolio, "--datum", "2025-03-12", "--tid", "13.00–15.00", "--plats", "Näckrosen"
    )
    assert text.startswith("# Kallelse till digitaliseringsrådet\n")
    assert "Inget möte i digitaliseringsrådet den 2025-03-12 finns i möten/" in text
    assert "- Datum: 2025-03-12\n- Tid: 13.00–15.00\n- Plats: Näckrosen\n" in text
    assert "- Kallas: Peter Wall (avdelningschef, Kvalitet och utveckling), Eva Lindqvist" in text
    assert not re.findall(r"^## §", text, re.MULTILINE)  # no dagordning without a file
    decisions = table(text, "Ärenden som väntar")
    # BEH-002 and BEH-005 name Treserva and so depend on TID (R33): their BP3 is the
    # Styr- och samordningsgruppen's.
    assert [r[0].split()[0] for r in decisions.rows] == ["BEH-006"]
    assert decisions.rows[0][5].endswith("Millenium: inte angiven")  # the koppling (R38)
    assert "Inga ärenden är nominerade." in text
    assert table(text, "Utvecklingsområden att följa upp").rows
    upcoming = kallelse(cli, portfolio)
    assert "Inget kommande möte i digitaliseringsrådet finns i möten/" in upcoming
    assert "- Datum: ej bestämt\n" in upcoming


def test_r27_nominations_await_the_rad_until_a_meeting_takes_them_up(
    cli: Cli, portfolio: Path
) -> None:
    _ok(
        cli,
        "möte",
        "nominera",
        "BEH-018",
        "--till",
        RAD,
        "--av",
        "oskar-dahl",
        "--datum",
        "2025-11-03",
        "--kommentar",
        "Startordningen",
        "-p",
        portfolio,
    )
    rows = table(kallelse(cli, portfolio), "Nominerade till rådet").rows
    assert [r[0].split()[0] for r in rows] == ["BEH-018"]
    assert rows[0][1:] == [
        "2025-11-03",
        "Oskar Dahl (enhetschef Digitalisering och IT, Kvalitet och utveckling)",
        "Startordningen",
    ]
    # Taken up by the rådet's meeting, it no longer awaits the rådet.
    _ok(cli, "möte", "ny", RAD, "--datum", "2025-11-12", "-p", portfolio)
    later = kallelse(cli, portfolio, "--datum", "2025-12-10")
    assert "Inga ärenden är nominerade." in later


def test_r31_the_kallelse_is_drawn_from_the_rads_next_meeting_file(cli: Cli, repo: Path) -> None:
    _local(repo, "BEH-002")
    replace_in(
        repo / "behov" / "BEH-002.yaml",
        "beslut:\n",
        "kopplingar:\n  - {till: Millenium, beskrivning: Journalen delas med regionen.}\nbeslut:\n",
    )
    p = ["-p", str(repo)]
    nominate = ["BEH-002", "--till", RAD, "--av", "lars-nyberg", "--datum", "2025-10-20"]
    _ok(cli, "möte", "nominera", *nominate, *p)
    _ok(cli, "möte", "ny", RAD, "--datum", "2025-10-08", *p)
    where = ["--tid", "13.00–15.00", "--plats", "Stora salen"]
    _ok(cli, "möte", "ny", RAD, "--datum", "2025-11-12", *where, *p)
    _commit_on(repo.parent, "2025-11-01")
    text = kallelse(cli, repo)
    # The next meeting from the day the portfolio stands at, not the earlier one.
    assert text.startswith("# Kallelse till digitaliseringsrådet 2025-11-12\n")
    assert "- Tid: 13.00–15.00\n- Plats: Stora salen\n" in text
    assert "- Kallade: Peter Wall (avdelningschef, Kvalitet och utveckling)" in text
    headings = re.findall(r"^## (§ \d+) (.+)$", text, re.MULTILINE)
    assert headings[0] == ("§ 1", "Mötets öppnande")
    assert headings[-1][1] == "Mötets avslutande"
    item = re.split(r"^## § \d+ BEH-002 ", text, flags=re.MULTILINE)[1].split("\n## ")[0]
    rows = {row[0]: row[1] for row in table(item, "§").rows}
    assert rows["Typ"] == "Beslutsärende"
    assert rows["Nominerad av"].startswith("Lars Nyberg")
    assert rows["Nominerad"].startswith("2025-10-20 av Lars Nyberg")
    assert rows["Beslut"] == "BP3: Beslut om prioriterad väntelista"
    assert rows["Beslutar"] == "avdelningschef i Digitaliseringsrådet"
    assert rows["Koppling"] == "Millenium: Journalen delas med regionen."
    assert rows["Underlag"] == "Komplett"
    # The same meeting as its own kallelse, and the earlier one by its day.
    same = cli("render", "kallelse", f"{RAD}-2025-11-12", *p)
    assert same.stdout == text
    earlier = kallelse(cli, repo, "--datum", "2025-10-08")
    assert earlier.startswith("# Kallelse till digitaliseringsrådet 2025-10-08\n")
    # Time and place are the meeting file's, not typed again.
    twice = cli("render", "rad", "--datum", "2025-11-12", "--tid", "10.00", *p)
    assert twice.exit_code == 2
    assert f"möten/{RAD}-2025-11-12.yaml" in twice.stderr


def test_meeting_time_without_a_date_is_a_usage_error(cli: Cli, portfolio: Path) -> None:
    result = cli("render", "rad", "-p", portfolio, "--tid", "13.00")
    assert result.exit_code == 2
    assert "behöver --datum" in result.stderr
    result = cli("render", "rad", "-p", portfolio, "--datum", "12 mars")
    assert result.exit_code == 2
    assert "ogiltigt datum '12 mars'" in result.stderr


def test_kallelse_html_lists_the_meetings_items(cli: Cli, portfolio: Path) -> None:
    _ok(cli, "möte", "ny", RAD, "--datum", "2025-03-12", "-p", portfolio)
    html = kallelse(cli, portfolio, "--format", "html", "--datum", "2025-03-12")
    for item in ("§ 1 Mötets öppnande", "§ 2 Val av justerare"):
        assert f">{item}</h2>" in html
        assert f">{item}</a></li>" in html


def test_r15_kallelse_reports_overdue_measurements_on_the_meeting_day(
    cli: Cli, portfolio: Path
) -> None:
    assert "Inga effektmätningar är försenade per 2026-09-01." in kallelse(
        cli, portfolio, "--datum", "2026-09-01"
    )
    replace_in(
        portfolio / "projekt" / "PRJ-021.yaml",
        "mätplan: [2026-06-30]\n",
        "mätplan: [2026-06-30, 2026-08-15]\n",
    )
    late = kallelse(cli, portfolio, "--datum", "2026-09-01")
    follow_up = late.split("## Uppföljning")[1]
    rows = table(follow_up, "Försenade mätningar per 2026-09-01").rows
    assert [(row[0], row[2]) for row in rows] == [("PRJ-021 mål 2", "2026-08-15")]
    assert rows[0][3]  # who answers for it
    assert "Inga effektmätningar" in kallelse(cli, portfolio, "--datum", "2026-08-01")
