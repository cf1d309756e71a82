"""`render uppfoljning`: estimated against realised benefit, recomputed from the rendered
Markdown tables and from the portfolio's own files; overdue measurements; the four
follow-up dimensions."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from tests.helpers import Cli, replace_in
from tests.mdtables import MdTable, number, table

BENEFIT = "Skattad och realiserad frigjord tid per projekt"


def render(cli: Cli, portfolio: Path) -> str:
    result = cli("render", "uppfoljning", "-p", portfolio)
    assert result.exit_code == 0, result.output
    return result.stdout


def rate(markdown: str) -> Decimal:
    match = re.search(r"schablonen för \d{4}: ([\d\u00a0 ]+) kr per frigjord timme", markdown)
    assert match, "the rate is stated in the text"
    value = number(match[1].strip())
    assert value is not None
    return value


def column(t: MdTable, label: str) -> list[Decimal]:
    values = [number(row[t.column(label)]) for row in t.rows if row[0] != "Summa"]
    assert None not in values, label
    return [v for v in values if v is not None]


def foot(t: MdTable, label: str) -> Decimal | None:
    row = next(r for r in t.rows if r[0] == "Summa")
    return number(row[t.column(label)])


def test_realised_and_estimated_sums_recompute_from_the_rendered_table(
    cli: Cli, portfolio: Path
) -> None:
    markdown = render(cli, portfolio)
    t = table(markdown, BENEFIT)
    kr = rate(markdown)
    hours = {
        "Skattad": "Frigjord tid (h/år) Skattad",
        "Realiserad": "Frigjord tid (h/år) Realiserad",
    }
    value = {
        "Skattad": "Värde (kr/år, schablon 2025) Skattat",
        "Realiserad": "Värde (kr/år, schablon 2025) Realiserat",
    }
    for kind, label in hours.items():
        assert sum(column(t, label)) == foot(t, label)
        assert sum(column(t, value[kind])) == foot(t, value[kind])
        assert [h * kr for h in column(t, label)] == column(t, value[kind])
    estimated, realised = foot(t, hours["Skattad"]), foot(t, hours["Realiserad"])
    assert estimated and realised is not None
    summa = next(r for r in t.rows if r[0] == "Summa")
    assert summa[t.column("Andel realiserad")] == f"{round(100 * realised / estimated)}\u00a0%"


def test_estimate_is_the_needs_frigjord_tid_and_outcome_the_latest_measurement(
    cli: Cli, portfolio: Path
) -> None:
    t = table(render(cli, portfolio), BENEFIT)
    row = next(r for r in t.rows if r[0].startswith("PRJ-021"))
    file = (portfolio / "projekt" / "PRJ-021.yaml").read_text(encoding="utf-8")
    estimate = re.search(r"^frigjord_tid_timmar_per_år: (\d+)", file, re.MULTILINE)
    assert estimate and number(row[t.column("Frigjord tid (h/år) Skattad")]) == int(estimate[1])
    assert row[t.column("Frigjord tid (h/år) Realiserad")] == "4\u00a0800"
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmal",
        "1",
        "--varde",
        "7000",
        "--datum",
        "2026-09-30",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    after = table(render(cli, portfolio), BENEFIT)
    row = next(r for r in after.rows if r[0].startswith("PRJ-021"))
    assert row[after.column("Frigjord tid (h/år) Realiserad")] == "7\u00a0000"
    realised_before = foot(t, "Frigjord tid (h/år) Realiserad")
    assert realised_before is not None
    assert foot(after, "Frigjord tid (h/år) Realiserad") == realised_before + 2200


def test_overdue_measurements_are_listed_with_who_answers(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "projekt" / "PRJ-025.yaml",
        "mätplan: [2025-08-31]",
        "mätplan: [2025-06-30, 2025-08-31]",
    )
    t = table(render(cli, portfolio), "Försenade mätningar per")
    assert t.rows == [
        [
            "PRJ-025 mål 1",
            "500 äldre har fått handledning i digitala tjänster under 2025.",
            "2025-06-30",
            "Sara Lund",
        ]
    ]


def test_after_closing_the_forvaltningsobjekt_answers(cli: Cli, portfolio: Path) -> None:
    t = table(render(cli, portfolio), "Effektmål med indikator")
    row = next(r for r in t.rows if r[0].startswith("PRJ-007 mål 1:"))
    assert row[t.column("Ansvarig")] == "Vård, stöd och omsorg (förvaltningsobjekt)"


def test_each_dimension_splits_the_same_initiatives(cli: Cli, portfolio: Path) -> None:
    markdown = render(cli, portfolio)
    totals = set()
    for caption in (
        "PIOS",
        "Komplexa eller enkla",
        "Infrastruktur eller direkt nytta",
        "Tajming med hänsyn till beroenden och omvärld",
    ):
        t = table(markdown, f"Portföljen per dimension: {caption}")
        for label in ("Behov", "Projekt", "Summa"):
            assert sum(column(t, label)) == foot(t, label), (caption, label)
        totals.add(foot(t, "Summa"))
    assert len(totals) == 1


def test_learning_counts_only_measured_projects(cli: Cli, portfolio: Path) -> None:
    markdown = render(cli, portfolio)
    benefit = table(markdown, BENEFIT)
    measured = [
        r
        for r in benefit.rows
        if r[0] != "Summa" and r[benefit.column("Frigjord tid (h/år) Realiserad")] != ""
    ]
    by_unit = table(markdown, "Utfall mot skattning per avdelning")
    assert sum(column(by_unit, "Mätta projekt")) == len(measured)
    assert sum(column(by_unit, "Realiserad (h/år)")) == foot(
        benefit, "Frigjord tid (h/år) Realiserad"
    )


def test_make_plan_renders_the_follow_up_document(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    """`make plan` renders `all`; the follow-up document is among them."""
    result = cli("render", "all", "-p", portfolio, "--out", tmp_path, "--format", "html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "uppfoljning.html").is_file()


def test_chart_describes_its_latest_points_and_steps_between_them() -> None:
    from datetime import date, timedelta

    from avoplan.documents.uppfoljning import chart

    rows = [(date(2025, 1, 1) + timedelta(days=30 * i), 100 * i, 90 * i) for i in range(20)]
    drawn = chart(rows)
    assert "de senaste 12 av 20 tidpunkterna" in drawn.description
    assert drawn.description.endswith("realiserat 1\u00a0710 h/år.")
    realised = drawn.series[1]
    assert len(realised.points) == 20
    assert len(realised.path.split()) == 39, "a step line: one corner between two points"
    assert all(
        drawn.left <= x <= drawn.right and drawn.top <= y <= drawn.bottom
        for s in drawn.series
        for x, y in s.points
    )
