"""The budget line on the priority list (R38): `prioritering.yaml`'s ceiling per year,
`prioritet --budget KR` as a what-if that writes nothing, and the line in the documents.
Every cost is recomputed from the files; the line's place is tested by a table of cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Cli, snapshot
from tests.test_prioritet import add_need, ranked
from tests.test_prioritet_pengar import _one_off, _running, _yaml


def _item_file(portfolio: Path, item_id: str) -> Path:
    folder = "behov" if item_id.startswith("BEH") else "projekt"
    return portfolio / folder / f"{item_id}.yaml"


def _yearly(portfolio: Path, item_id: str) -> int:
    """An item's årskostnad: one-off cost and one year of running cost, from its file."""
    estimate = _yaml(_item_file(portfolio, item_id))["kostnad"]
    return _one_off(portfolio, estimate) + _running(portfolio, estimate)


def _sums(portfolio: Path, ids: list[str]) -> list[int]:
    """The running sum of årskostnad down the list."""
    total, sums = 0, []
    for item_id in ids:
        total += _yearly(portfolio, item_id)
        sums.append(total)
    return sums


def _set_ceiling(portfolio: Path, ceilings: dict[int, int]) -> None:
    lines = "".join(f"  {year}: {kr}\n" for year, kr in ceilings.items())
    with (portfolio / "prioritering.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"budgettak:\n{lines}")


def _ids(cli: Cli, portfolio: Path) -> list[str]:
    return [p["id"] for p in ranked(cli, portfolio)["placeringar"]]


# Each case: the ceiling from the list's running sums, and how many places fit.
Ceiling = Callable[[list[int]], int]
CASES: list[tuple[str, Ceiling, Callable[[int], int]]] = [
    ("exactly_at_the_ceiling", lambda sums: sums[1], lambda n: 2),
    ("one_krona_over", lambda sums: sums[1] - 1, lambda n: 1),
    ("zero_budget", lambda sums: 0, lambda n: 0),
    ("the_whole_list_fits", lambda sums: sums[-1], lambda n: n),
    ("just_short_of_the_whole_list", lambda sums: sums[-1] - 1, lambda n: n - 1),
]


@pytest.mark.parametrize(("ceiling", "fits"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_r38_the_budget_line_falls_where_the_running_sum_passes_the_ceiling(
    cli: Cli, portfolio: Path, ceiling: Ceiling, fits: Callable[[int], int]
) -> None:
    ids = _ids(cli, portfolio)
    sums = _sums(portfolio, ids)
    expected = fits(len(ids))
    # As a what-if on the portfolio without a ceiling, then as the file's ceiling.
    assert _line(cli, portfolio, ceiling(sums))["ryms"] == ids[:expected]
    _set_ceiling(portfolio, {2026: ceiling(sums)})
    line = ranked(cli, portfolio)["budget"]
    assert (line["år"], line["tak_kr"], line["hypotetisk"]) == (2026, ceiling(sums), False)
    assert line["ryms"] == ids[:expected]
    assert [r["summa_kr"] for r in line["rader"]] == sums
    assert line["summa_kr"] == (sums[expected - 1] if expected else 0)


def test_r38_no_ceiling_draws_no_line(cli: Cli, portfolio: Path) -> None:
    assert ranked(cli, portfolio)["budget"] is None
    assert "ryms inom budget" not in cli("prioritet", "-p", portfolio).stdout
    assert "ryms inom budget" not in cli("render", "prioritet", "-p", portfolio).stdout.lower()


def test_r38_items_that_cannot_be_assessed_are_not_counted_and_the_line_says_so(
    cli: Cli, portfolio: Path
) -> None:
    add_need(portfolio, "BEH-901", hours=None)  # no frigjord tid: not on the list
    ids = _ids(cli, portfolio)
    assert "BEH-901" not in ids
    sums = _sums(portfolio, ids)
    _set_ceiling(portfolio, {2026: sums[0]})
    line = ranked(cli, portfolio)["budget"]
    assert [r["id"] for r in line["rader"]] == ids and line["ryms"] == ids[:1]
    unassessed = len(ranked(cli, portfolio)["ej_bedömda"])
    assert line["text"].endswith(
        f"{unassessed} poster kan inte bedömas ännu och är inte medräknade."
    )


def test_r38_a_running_cost_counts_one_year_against_the_ceiling(cli: Cli, portfolio: Path) -> None:
    add_need(portfolio, "BEH-901", extra="  löpande:\n    licenser_kr: 70000\n")
    row = next(r for r in _line(cli, portfolio, 0)["rader"] if r["id"] == "BEH-901")
    estimate = _yaml(_item_file(portfolio, "BEH-901"))["kostnad"]
    assert row["årskostnad_kr"] == _yearly(portfolio, "BEH-901")
    assert row["årskostnad_kr"] == _one_off(portfolio, estimate) + 70000


def _line(cli: Cli, portfolio: Path, budget: int) -> Any:
    result = cli("prioritet", "-p", portfolio, "--budget", str(budget), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["budget"]


def test_r38_budget_what_if_overrides_the_ceiling_and_writes_nothing(
    cli: Cli, portfolio: Path
) -> None:
    ids = _ids(cli, portfolio)
    sums = _sums(portfolio, ids)
    _set_ceiling(portfolio, {2025: sums[-1], 2026: sums[-1]})
    before = snapshot(portfolio)
    line = _line(cli, portfolio, sums[0])
    assert (line["år"], line["tak_kr"], line["hypotetisk"], line["ryms"]) == (
        2026,
        sums[0],
        True,
        ids[:1],
    )
    text = cli("prioritet", "-p", portfolio, "--budget", str(sums[0])).stdout
    assert "hypotetiskt" in text and "ryms inom budget 2026 ovanför" in text
    assert snapshot(portfolio) == before


def test_r38_without_a_ceiling_the_what_if_is_for_the_plans_last_year(
    cli: Cli, portfolio: Path
) -> None:
    plan = _yaml(portfolio / "plan.yaml")["giltighet"]
    year = max(int(str(plan["till"])[:4]), plan.get("inledande_planering") or 0)
    assert _line(cli, portfolio, 0)["år"] == year


def test_r38_the_latest_year_with_a_ceiling_is_the_budget_year(cli: Cli, portfolio: Path) -> None:
    _set_ceiling(portfolio, {2027: 5, 2026: 10**9})
    line = ranked(cli, portfolio)["budget"]
    assert (line["år"], line["tak_kr"], line["ryms"]) == (2027, 5, [])


@pytest.mark.parametrize("value", ["-1", "en miljon", "1.5"])
def test_r38_a_bad_budget_is_wrong_usage(cli: Cli, portfolio: Path, value: str) -> None:
    result = cli("prioritet", "-p", portfolio, "--budget", value)
    assert result.exit_code == 2
    assert "--budget" in result.stderr and "Traceback" not in result.stderr


def test_r38_a_negative_ceiling_in_the_file_is_refused(cli: Cli, portfolio: Path) -> None:
    _set_ceiling(portfolio, {2026: -1})
    result = cli("prioritet", "-p", portfolio)
    assert result.exit_code == 1
    assert "prioritering.yaml" in result.stderr and "budgettak" in result.stderr


def _md_rows(markdown: str, caption: str) -> list[list[str]]:
    block = markdown.split(f"**{caption}**", 1)[1].split("\n\n")[1]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in block.splitlines()[2:]]


def test_r38_the_documents_draw_the_line(cli: Cli, portfolio: Path) -> None:
    ids = _ids(cli, portfolio)
    sums = _sums(portfolio, ids)
    _set_ceiling(portfolio, {2026: sums[1]})
    document = cli("render", "prioritet", "-p", portfolio).stdout
    rows = _md_rows(document, "Prioriterad väntelista och budget 2026")
    assert [r[1] for r in rows] == ids
    assert [int(r[4].replace(" ", "").replace("\u00a0", "")) for r in rows] == sums
    assert [r[5] for r in rows] == ["ja", "ja"] + ["nej"] * (len(ids) - 2)
    assert "Plats 1–2 ryms inom budget 2026" in document
    plan = cli("render", "plan", "-p", portfolio).stdout
    assert [r[5] for r in _md_rows(plan, "Prioriterad väntelista och budget 2026")] == [
        r[5] for r in rows
    ]
    backlog = cli("render", "backlog", "-p", portfolio).stdout
    budget_cells = {
        r[1].split(":")[-1]: r[-1]
        for r in _md_rows(backlog, "Behov efter beslutspunkt 2 i alla förvaltningar")
    }
    needs = [i for i in ids if i.startswith("BEH")]
    assert {i: budget_cells[i] for i in needs} == {
        i: "ryms inom budget 2026" if ids.index(i) < 2 else "ryms inte" for i in needs
    }
