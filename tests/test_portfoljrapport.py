"""`render portföljrapport` (R37): every running project's latest lägesrapport, what
changed since a month before and the open risks ranked; each number recomputed here from
the project files themselves."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.helpers import Cli, replace_in
from tests.mdtables import table

POINTS = {"låg": 1, "medel": 2, "hög": 3}


def rendered(cli: Cli, portfolio: Path, out: Path, name: str = "portföljrapport") -> str:
    result = cli("render", name, "-p", portfolio, "--out", out)
    assert result.exit_code == 0, result.output
    return (out / "portfoljrapport.md").read_text(encoding="utf-8")


def projects(portfolio: Path) -> list[dict[str, Any]]:
    yaml = YAML(typ="safe")
    return [yaml.load(p.read_text("utf-8")) for p in sorted((portfolio / "projekt").glob("*.yaml"))]


def test_r37_the_state_table_is_recomputed_from_the_files(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    markdown = rendered(cli, portfolio, tmp_path / "out")
    found = table(markdown, "Pågående projekt: senaste lägesrapport")
    running = [p for p in projects(portfolio) if p["status"] == "pågående"]
    assert [row[0] for row in found.rows] == [p["id"] for p in running]
    for row, project in zip(found.rows, running, strict=True):
        reports = project.get("lägesrapporter", [])
        cells = dict(zip(found.header, row, strict=True))
        assert cells["Fas"] == project.get("fas", "ej angiven")
        if not reports:
            assert (cells["Rapport"], cells["Tid"]) == ("ingen rapport", "–")
            continue
        last = max(reversed(reports), key=lambda r: r["datum"])
        assert cells["Rapport"] == last["datum"].isoformat()
        assert [cells["Tid"], cells["Kostnad"], cells["Omfattning"]] == [
            last["tid"],
            last["kostnad"],
            last["omfattning"],
        ]
        hours = sum(r.get("arbetad_tid_timmar", 0) for r in reports)
        assert cells["Arbetad tid (h)"] == (f"{hours:,}".replace(",", "\u00a0") if hours else "–")
    assert "| PRJ-021 |" in markdown and "590" in markdown  # 310 + 280 hours, the examples


def test_r37_open_risks_are_ranked_by_value_from_the_files(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    replace_in(
        portfolio / "projekt" / "PRJ-025.yaml",
        "risker:\n",
        "risker:\n"
        "  - beskrivning: Träffpunkterna stänger (exempel).\n"
        "    sannolikhet: hög\n    konsekvens: hög\n"
        "    ägare: sara-lund\n    åtgärd: Digitala träffar (exempel).\n"
        "  - beskrivning: Liten risk (exempel).\n    sannolikhet: låg\n    konsekvens: låg\n",
    )
    markdown = rendered(cli, portfolio, tmp_path / "out")
    found = table(markdown, "Öppna risker, högst värde först")
    risks = [
        (p["id"], r)
        for p in projects(portfolio)
        for r in p.get("risker", [])
        if r.get("status", "öppen") == "öppen"
    ]
    expected = sorted(
        (-POINTS[r["sannolikhet"]] * POINTS[r["konsekvens"]], -POINTS[r["konsekvens"]], pid, text)
        for pid, r in risks
        for text in [r["beskrivning"]]
    )
    assert [(row[1], row[2], int(row[5])) for row in found.rows] == [
        (pid, text, -value) for value, _, pid, text in expected
    ]
    assert [row[0] for row in found.rows] == [str(n) for n in range(1, len(expected) + 1)]
    assert found.rows[0][2] == "Träffpunkterna stänger (exempel)." and found.rows[0][5] == "9"
    last = found.rows[-1]
    assert (last[6], last[7]) == ("saknas", "saknas")
    assert "Leveransen av kameror försenas" not in markdown  # stängd


def test_r37_changes_since_a_month_before(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    today = date.today()
    old, new = today - timedelta(days=50), today - timedelta(days=3)
    file = portfolio / "projekt" / "PRJ-025.yaml"
    text = file.read_text("utf-8")
    text = text.replace("  - datum: 2026-11-20\n", f"  - datum: {old.isoformat()}\n")
    text = text.replace(
        "risker:\n",
        f"  - {{datum: {new.isoformat()}, tid: röd, kostnad: grön, omfattning: gul}}\nrisker:\n",
    )
    file.write_text(text, "utf-8")
    markdown = rendered(cli, portfolio, tmp_path / "out")
    assert (
        f"- PRJ-025 Digital delaktighet för äldre: tid grön → röd ({old.isoformat()} → "
        f"{new.isoformat()})"
    ) in markdown


def test_the_rad_s_kallelse_shows_the_running_projects(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    made = cli("möte", "ny", "digitaliseringsradet", "--datum", "2026-12-10", "-p", portfolio)
    assert made.exit_code == 0, made.output
    meeting = next((portfolio / "möten").glob("digitaliseringsradet-*.yaml")).stem
    out = tmp_path / "out"
    result = cli("render", "kallelse", meeting, "-p", portfolio, "--out", out)
    assert result.exit_code == 0, result.output
    markdown = (out / f"kallelse-{meeting}.md").read_text("utf-8")
    found = table(markdown, "Pågående projekt: senaste lägesrapport")
    assert [row[0] for row in found.rows] == ["PRJ-021", "PRJ-024", "PRJ-025"]


@pytest.mark.parametrize("name", ["portföljrapport", "portfoljrapport"])
def test_the_document_is_named_with_or_without_the_ring(
    cli: Cli, portfolio: Path, tmp_path: Path, name: str
) -> None:
    assert "# Portföljrapport: pågående projekt" in rendered(cli, portfolio, tmp_path, name)
