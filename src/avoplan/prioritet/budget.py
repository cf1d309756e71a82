"""Where the budget runs out on the priority list (R38), free of I/O.

The rådet prepares the budget for Digitalisering och IT; `prioritering.yaml` may hold a
ceiling per year (`budgettak`). The line is drawn for the budget year: the latest year
with a ceiling (the budget being prepared), or for a what-if (`prioritet --budget KR`)
when no ceiling is set the plan's last year, counting its year of inledande planering.

Each item on the list costs the year its årskostnad: its one-off cost plus one year of
running cost (as if it starts in the budget year). Walking the list in its final order,
an item fits while the running sum stays at or under the ceiling; the first item that
does not fit ends the part that fits, and nothing below it is moved up past it, since the
order is the priority (a smaller item jumps the queue only by a recorded prioritetsbeslut).
Items that cannot be assessed have no cost to count: they are not on the list, and the
line says how many there are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from avoplan.core.text import format_kr


@dataclass(frozen=True)
class Budgetrad:
    id: str
    plats: int
    årskostnad_kr: int
    summa_kr: int  # the running sum down to and including this item
    ryms: bool


@dataclass(frozen=True)
class Budgetlinje:
    år: int
    tak_kr: int
    rader: tuple[Budgetrad, ...]
    hypotetisk: bool = False  # a what-if from --budget, not the portfolio's ceiling
    ej_bedömda: int = 0

    @property
    def ryms(self) -> tuple[Budgetrad, ...]:
        return tuple(r for r in self.rader if r.ryms)

    @property
    def summa_kr(self) -> int:
        return self.ryms[-1].summa_kr if self.ryms else 0

    @property
    def rubrik(self) -> str:
        return f"ryms inom budget {self.år}"

    def text(self) -> str:
        """The line in one sentence, for the list and the documents."""
        ceiling = f"budget {self.år} (tak {format_kr(self.tak_kr)}"
        ceiling += ", hypotetiskt)" if self.hypotetisk else ")"
        fits, rows = len(self.ryms), self.rader
        if fits == len(rows):
            parts = [
                f"Hela listan ryms inom {ceiling}: sammanlagt {format_kr(self.summa_kr)}, "
                f"{format_kr(self.tak_kr - self.summa_kr)} kvar."
            ]
        else:
            first = rows[fits]
            head = (
                f"Plats 1–{fits} ryms inom {ceiling}: sammanlagt {format_kr(self.summa_kr)}."
                if fits
                else f"Inget ryms inom {ceiling}."
            )
            parts = [
                head,
                f"Plats {first.plats} ({first.id}) ryms inte: med den blir summan "
                f"{format_kr(first.summa_kr)}.",
            ]
        if self.ej_bedömda:
            parts.append(f"{self.ej_bedömda} poster kan inte bedömas ännu och är inte medräknade.")
        return " ".join(parts)


def budget_year(ceilings: Mapping[int, int], plan_last_year: int) -> int:
    """The year the line is drawn for: the latest with a ceiling, else the plan's last."""
    return max(ceilings, default=plan_last_year)


def draw(
    costs: Sequence[tuple[str, int, int]],
    year: int,
    ceiling: int,
    *,
    hypothetical: bool = False,
    unassessed: int = 0,
) -> Budgetlinje:
    """The line over (id, plats, årskostnad) in list order."""
    rows = []
    total = 0
    open_ = True
    for item_id, plats, cost in costs:
        total += cost
        open_ = open_ and total <= ceiling
        rows.append(Budgetrad(item_id, plats, cost, total, open_))
    return Budgetlinje(year, ceiling, tuple(rows), hypothetical, unassessed)
