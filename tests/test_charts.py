"""The geometry behind the SVG charts of the HTML plan."""

from __future__ import annotations

import pytest

from avoplan.documents import charts
from avoplan.documents.charts import axis, funnel, mnkr, scatter, text_width


@pytest.mark.parametrize(
    ("largest", "expected"),
    [
        (4_320_000, (2_000_000, 6_000_000)),
        (2_238_520, (1_000_000, 3_000_000)),
        (900_000, (250_000, 1_000_000)),
        (0, (1, 4)),
    ],
)
def test_axis_ends_on_a_round_step_above_the_largest_value(
    largest: int, expected: tuple[int, int]
) -> None:
    assert axis(largest) == expected


@pytest.mark.parametrize(
    ("kr", "text"), [(0, "0"), (250_000, "0,25"), (1_500_000, "1,5"), (2_000_000, "2")]
)
def test_axis_labels_are_millions_with_a_decimal_comma(kr: int, text: str) -> None:
    assert mnkr(kr) == text


def test_points_are_placed_inside_the_plot_and_labels_do_not_overlap() -> None:
    chart = scatter(
        [
            ("BEH-004", "a", 457_000, 864_000),
            ("BEH-018", "b", 353_500, 720_000),
            ("PRJ-023", "c", 2_238_520, 1_440_000),
            ("PRJ-021", "d", 1_979_000, 4_320_000),
        ]
    )
    for point in chart.points:
        assert chart.left <= point.x <= chart.right
        assert chart.top <= point.y <= chart.bottom
    boxes = []
    for point in chart.points:
        assert point.label is not None
        width = text_width(point.label_text, 11)
        left = point.label.x if point.label.anchor == "start" else point.label.x - width
        boxes.append((left, point.label.y - 13, left + width, point.label.y))
        assert chart.left <= left and left + width <= chart.right
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_funnel_bars_are_proportional_and_labels_fit() -> None:
    chart = funnel([("Insamling behov/idéer", 4), ("Grovsållning", 2), ("Projekt", 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert chart.label_width > len("Insamling behov/idéer") * 7
    assert chart.description == (
        "Antal behov per steg: Insamling behov/idéer 4, Grovsållning 2, Projekt 0."
    )


def test_a_crowded_chart_leaves_out_the_labels_but_keeps_every_point() -> None:
    few = charts.scatter([(f"BEH-{i:03d}", "t", 1000 * i, 500 * i) for i in range(1, 11)])
    many = charts.scatter(
        [(f"BEH-{i:03d}", "t", 1000 * i, 500 * i) for i in range(1, charts.MAX_LABELS + 2)]
    )
    assert all(p.label is not None for p in few.points)
    assert len(many.points) == charts.MAX_LABELS + 1
    assert all(p.label is None for p in many.points)


def test_r21_the_kvot_1_line_is_where_three_years_of_value_equal_the_cost() -> None:
    """The decision line follows the formula, not the middle of the axes: a point whose
    value per year times three equals its cost lies on it, whatever the scale."""
    for items in (
        [("A", "a", 3_000_000, 1_000_000), ("B", "b", 600_000, 4_000_000)],
        [("A", "a", 900_000, 300_000), ("B", "b", 9_000_000, 100_000)],
    ):
        chart = scatter(items)
        x1, y1, x2, y2 = chart.line
        assert (x1, y1) == (chart.left, chart.bottom)
        on_line = next(p for p in chart.points if p.id == "A")
        slope = (y2 - y1) / (x2 - x1)
        assert on_line.y == pytest.approx(y1 + slope * (on_line.x - x1), abs=0.2)


def test_labels_are_short_titles() -> None:
    assert charts.short_title("Digital nattillsyn i hemtjänsten") == "Digital nattillsyn i…"
    assert charts.short_title("E-arkiv") == "E-arkiv"
    chart = scatter([("PRJ-021", "Digital nattillsyn i hemtjänsten", 1_979_000, 4_320_000)])
    assert chart.points[0].label_text == "Digital nattillsyn i…"


def test_too_many_points_are_summarised_per_square() -> None:
    items = [
        (f"BEH-{i:05d}", "t", 1000 * (i % 97), 700 * (i % 89)) for i in range(charts.MAX_POINTS + 1)
    ]
    chart = scatter(items)
    assert chart.points == ()
    assert sum(c.count for c in chart.cells) == len(items)
    assert all(chart.left <= c.x and c.x + c.size <= chart.right + 0.1 for c in chart.cells)
    assert chart.description.startswith(f"Nytta mot kostnad för {len(items)} initiativ")
