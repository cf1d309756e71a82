"""The pm3 budget tables of a förvaltningsobjekt (R26): every sum computed from cells.

Amounts in the budget are kronor; the per-nämnd table is in kkr as in seed 004.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from avoplan.models.forvaltningsobjekt import (
    Budgetrad,
    Forvaltningsobjekt,
    FteVmVu,
    Namndkolumn,
    Namndrad,
)

COLUMNS = ("verksamhetsnära vm", "verksamhetsnära vu", "it-nära vm", "it-nära vu")


def cells(row: Budgetrad) -> tuple[int | None, int | None, int | None, int | None]:
    return (row.verksamhetsnära.vm, row.verksamhetsnära.vu, row.it_nära.vm, row.it_nära.vu)


def row_sum(row: Budgetrad) -> int:
    return sum(cell or 0 for cell in cells(row))


def column_sums(rows: list[Budgetrad]) -> tuple[int, int, int, int]:
    vvm, vvu, ivm, ivu = (sum(cells(r)[i] or 0 for r in rows) for i in range(4))
    return vvm, vvu, ivm, ivu


def total(rows: list[Budgetrad]) -> int:
    return sum(row_sum(r) for r in rows)


def per_column_kr(obj: Forvaltningsobjekt) -> dict[Namndkolumn, int]:
    """What the budget matrix puts in each column of the per-nämnd table, in kronor."""
    sums = dict.fromkeys(Namndkolumn, 0)
    for row in obj.budget:
        sums[row.nämndkolumn] += row_sum(row)
    return sums


def nämnd_sum(row: Namndrad) -> int:
    return row.drift + row.användarstöd + row.förvaltningsledning + row.utveckling


def nämnd_column_kkr(rows: list[Namndrad]) -> dict[Namndkolumn, int]:
    return {column: sum(getattr(r, column.value) for r in rows) for column in Namndkolumn}


def printed_column_sums(obj: Forvaltningsobjekt) -> list[tuple[str, int, int]]:
    """(column, printed kkr, computed kkr) for each sum the source prints under the
    per-nämnd table; 'summa' is the grand total, computed from the columns."""
    printed = obj.per_nämnd_summa
    if printed is None:
        return []
    computed = nämnd_column_kkr(obj.per_nämnd)
    found = [
        (c.value, getattr(printed, c.value), computed[c])
        for c in Namndkolumn
        if getattr(printed, c.value) is not None
    ]
    if printed.summa is not None:
        found.append(("summa", printed.summa, sum(computed.values())))
    return found


def klass_kr(obj: Forvaltningsobjekt, klass: str) -> int:
    """The budget rows reserved for one project class (R24), in kronor."""
    return sum(row_sum(r) for r in obj.budget if r.projektklass == klass)


@dataclass(frozen=True)
class FteTotals:
    verksamhetsnära: tuple[Decimal, Decimal]
    it_nära: tuple[Decimal, Decimal]
    ökning: Decimal

    @property
    def total(self) -> Decimal:
        return sum((*self.verksamhetsnära, *self.it_nära), Decimal(0))


def fte_row_sum(pair_a: FteVmVu, pair_b: FteVmVu) -> Decimal:
    return sum((v or Decimal(0) for v in (pair_a.vm, pair_a.vu, pair_b.vm, pair_b.vu)), Decimal(0))


def fte_totals(obj: Forvaltningsobjekt) -> FteTotals:
    def col(attr: str, key: str) -> Decimal:
        return sum(
            (getattr(getattr(r, attr), key) or Decimal(0) for r in obj.årsarbeten), Decimal(0)
        )

    increase = sum(
        (fte_row_sum(r.ökning_verksamhetsnära, r.ökning_it_nära) for r in obj.årsarbeten),
        Decimal(0),
    )
    return FteTotals(
        (col("verksamhetsnära", "vm"), col("verksamhetsnära", "vu")),
        (col("it_nära", "vm"), col("it_nära", "vu")),
        increase,
    )
