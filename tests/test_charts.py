"""The geometry behind the SVG charts of the HTML plan."""

from __future__ import annotations

import pytest

from avoplan.documents import charts
from avoplan.documents.charts import axis, funnel, mnkr, scatter, text_width


@pytest.mark.parametrize(("largest", "expected"), [
    (4_320_000, (2_000_000, 6_000_000)),
    (2_238_520, (1_000_000, 3_000_000)),
    (900_000, (250_000, 1_000_000)),
    (0, (1, 4)),
])
def test_axis_ends_on_a_round_step_above_the_largest_value(largest: int,
                                                           expected: tuple[int, int]) -> None:
    assert axis(largest) == expected


@pytest.mark.parametrize(("kr", "text"), [(0, "0"), (250_000, "0,25"), (1_500_000, "1,5"),
                                          (2_000_000, "2")])
def test_axis_labels_are_millions_with_a_decimal_comma(kr: int, text: str) -> None:
    assert mnkr(kr) == text


def test_points_are_placed_inside_the_plot_and_labels_do_not_overlap() -> None:
    chart = scatter([("BEH-004", "a", 457_000, 864_000), ("BEH-018", "b", 353_500, 720_000),
                     ("PRJ-023", "c", 2_238_520, 1_440_000),
                     ("PRJ-021", "d", 1_979_000, 4_320_000)])
    for point in chart.points:
        assert chart.left <= point.x <= chart.right
        assert chart.top <= point.y <= chart.bottom
    boxes = []
    for point in chart.points:
        width = text_width(point.id, 12)
        left = point.label.x if point.label.anchor == "start" else point.label.x - width
        boxes.append((left, point.label.y - 14, left + width, point.label.y))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_funnel_bars_are_proportional_and_labels_fit() -> None:
    chart = funnel([("Insamling behov/idéer", 4), ("Grovsållning", 2), ("Projekt", 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert chart.label_width > len("Insamling behov/idéer") * 7
    assert chart.description == ("Antal behov per steg: Insamling behov/idéer 4, "
                                 "Grovsållning 2, Projekt 0.")


def test_a_crowded_chart_leaves_out_the_labels_but_keeps_every_point() -> None:
    few = charts.scatter([(f"BEH-{i:03d}", "t", 1000 * i, 500 * i) for i in range(1, 11)])
    many = charts.scatter([(f"BEH-{i:03d}", "t", 1000 * i, 500 * i)
                           for i in range(1, charts.MAX_LABELS + 2)])
    assert all(p.label is not None for p in few.points)
    assert len(many.points) == charts.MAX_LABELS + 1
    assert all(p.label is None for p in many.points)
