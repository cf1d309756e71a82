"""The budget line on the priority list, as the documents show it (R38): each listed item's
årskostnad, the running sum, and whether it fits the year's ceiling."""

from __future__ import annotations

from collections.abc import Mapping

from avoplan.core.rulebook import R38, enforces
from avoplan.documents.base import Column, Table, number, table
from avoplan.prioritet.budget import Budgetlinje


@enforces("render", R38)
def budget_table(line: Budgetlinje, titles: Mapping[str, str]) -> Table:
    """One row per listed item down the list; the last column draws the line."""
    rows = [
        (
            str(row.plats),
            row.id,
            titles.get(row.id, ""),
            number(row.årskostnad_kr),
            number(row.summa_kr),
            "ja" if row.ryms else "nej",
        )
        for row in line.rader
    ]
    columns = [
        Column("Plats"),
        Column("Id"),
        Column("Titel"),
        Column("Årskostnad (kr)", numeric=True),
        Column("Summa (kr)", numeric=True),
        Column(line.rubrik.capitalize()),
    ]
    notes = [
        line.text(),
        "Årskostnad = engångskostnaden och ett års löpande kostnad, som om posten startar "
        f"{line.år}. Listan följs uppifrån; den första post som inte ryms drar linjen.",
    ]
    return table(f"Prioriterad väntelista och budget {line.år}", columns, rows, notes=notes)


def fit_text(line: Budgetlinje | None, item_id: str) -> str:
    """'ryms inom budget 2026', 'ryms inte' or '' for an item not on the line."""
    if line is None:
        return ""
    row = next((r for r in line.rader if r.id == item_id), None)
    if row is None:
        return ""
    return line.rubrik if row.ryms else "ryms inte"
