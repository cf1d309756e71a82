"""The pm3 förvaltningsplan (seed 004, R24–R26): budget matrix, split per nämnd,
årsarbeten and the projects of each förvaltningsobjekt. Every sum comes from pm3.py."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from avoplan import pm3
from avoplan.documents.base import (
    Column,
    Source,
    Table,
    capitalised,
    fte,
    meta,
    number,
    short_decimal,
    table,
)
from avoplan.models.forvaltningsobjekt import Arsarbetsrad, Forvaltningsobjekt, FteVmVu, Namndkolumn
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt, Projektklass
from avoplan.text import format_kr

VERKSAMHETSNARA = "Verksamhetsnära förvaltning"
IT_NARA = "IT-nära förvaltning"
NAMND_LABEL = {
    Namndkolumn.DRIFT: "Drift",
    Namndkolumn.ANVANDARSTOD: "Användarstöd",
    Namndkolumn.FORVALTNINGSLEDNING: "Förvaltningsledning",
    Namndkolumn.UTVECKLING: "Utveckling",
}


@dataclass(frozen=True)
class Objektplan:
    objekt: Forvaltningsobjekt
    budget: Table
    per_nämnd: Table | None
    årsarbeten: Table | None
    strategiska: Table | None
    prioriterade: tuple[str, ...]
    önskvärda: tuple[str, ...]


def build(source: Source) -> dict[str, Any]:
    portfolio = source.portfolio
    plans = [objektplan(obj, portfolio) for _, obj in sorted(portfolio.forvaltningsobjekt.items())]
    return {"titel": "Förvaltningsplan enligt pm3", "meta": meta(source),
            "objekt": plans}


def objektplan(obj: Forvaltningsobjekt, portfolio: Portfolio) -> Objektplan:
    projects = sorted((p for p in portfolio.projekt.values() if p.förvaltningsobjekt == obj.id),
                      key=lambda p: p.id)
    return Objektplan(
        objekt=obj,
        budget=budget_table(obj),
        per_nämnd=namnd_table(obj) if obj.per_nämnd else None,
        årsarbeten=fte_table(obj) if obj.årsarbeten else None,
        strategiska=strategic_table(obj, projects),
        prioriterade=_titles(projects, Projektklass.PRIORITERAD),
        önskvärda=_titles(projects, Projektklass.ONSKVARD),
    )


def _vm_vu_columns(last: str) -> tuple[Column, ...]:
    return (
        Column("Huvudaktivitet"),
        Column("VM", numeric=True, group=VERKSAMHETSNARA),
        Column("VU", numeric=True, group=VERKSAMHETSNARA),
        Column("VM", numeric=True, group=IT_NARA),
        Column("VU", numeric=True, group=IT_NARA),
        Column(last, numeric=True),
    )


def budget_table(obj: Forvaltningsobjekt) -> Table:
    """R26: huvudaktivitet × (verksamhetsnära, IT-nära) × (VM, VU), in kronor."""
    rows = []
    for row in obj.budget:
        label = f"{row.huvudaktivitet} – {row.delaktivitet}" if row.delaktivitet else (
            row.huvudaktivitet)
        rows.append((label, *map(number, pm3.cells(row)), number(pm3.row_sum(row))))
    foot = ("Summa", *map(number, pm3.column_sums(obj.budget)), number(pm3.total(obj.budget)))
    return table(f"Budget {obj.år} för {obj.namn} (kronor)", _vm_vu_columns("Summa"), rows,
                 [foot], ["VM = vidmakthållande, VU = vidareutveckling."])


def namnd_table(obj: Forvaltningsobjekt) -> Table:
    """R26: the budget split per nämnd, in kkr as in the source."""
    columns = [Column("Nämnd"), *(Column(NAMND_LABEL[c], numeric=True) for c in Namndkolumn),
               Column("Summa", numeric=True)]
    rows = [(r.nämnd, *(number(getattr(r, c.value)) for c in Namndkolumn),
             number(pm3.nämnd_sum(r))) for r in obj.per_nämnd]
    sums = pm3.nämnd_column_kkr(obj.per_nämnd)
    foot = ("Summa", *(number(sums[c]) for c in Namndkolumn), number(sum(sums.values())))
    notes = [f"{r.nämnd}: {r.kommentar}" for r in obj.per_nämnd if r.kommentar]
    return table(f"Budget {obj.år} per nämnd (kkr)", columns, rows, [foot], notes)


def fte_table(obj: Forvaltningsobjekt) -> Table:
    """R26: årsarbeten with the proposed increase in brackets, counted in the sums."""
    rows = [(r.huvudaktivitet, *_fte_cells(r),
             fte(pm3.fte_row_sum(r.verksamhetsnära, r.it_nära))) for r in obj.årsarbeten]
    totals = pm3.fte_totals(obj)
    foot = ("Summa FTE", *map(fte, (*totals.verksamhetsnära, *totals.it_nära)), fte(totals.total))
    note = (f"Siffrorna inom parentes är den föreslagna utökningen jämfört med {obj.år - 1}; "
            f"den är medräknad i summorna. Utökningen är sammanlagt "
            f"{short_decimal(totals.ökning)} årsarbeten.")
    return table(f"Årsarbeten {obj.år} för {obj.namn} (FTE)", _vm_vu_columns("Summa tid"),
                 rows, [foot], [note])


def _fte_cells(row: Arsarbetsrad) -> list[str]:
    pairs: list[tuple[FteVmVu, FteVmVu]] = [(row.verksamhetsnära, row.ökning_verksamhetsnära),
                                            (row.it_nära, row.ökning_it_nära)]
    cells = []
    for value, increase in pairs:
        for key in ("vm", "vu"):
            cells.append(_with_increase(getattr(value, key), getattr(increase, key)))
    return cells


def _with_increase(value: Decimal | None, increase: Decimal | None) -> str:
    if not increase:
        return fte(value)
    return f"{fte(value)} (+{short_decimal(increase)})".strip()


def strategic_table(obj: Forvaltningsobjekt, projects: list[Projekt]) -> Table | None:
    """R24/R25: the strategic projects with cost, effekttyp and effektomfattning."""
    strategic = [p for p in projects if p.klass == Projektklass.STRATEGISK]
    if not strategic:
        return None
    columns = [Column("Projekt"), Column("Kostnad (kkr)", numeric=True), Column("Effekttyp"),
               Column("Effektomfattning")]
    rows = [(p.titel, number(p.budget_kkr),
             capitalised(", ".join(e.value for e in p.effekttyp)),
             p.effektomfattning.label if p.effektomfattning else "") for p in strategic]
    planned = sum(p.budget_kkr or 0 for p in strategic)
    foot = ("Summa", number(planned), "", "")
    return table(f"Strategiska nyutvecklingsprojekt {obj.år}", columns, rows, [foot],
                 _strategic_notes(obj, planned * 1000))


def _strategic_notes(obj: Forvaltningsobjekt, planned_kr: int) -> list[str]:
    notes = ["Effektomfattning: Hög = stor påverkan på enstaka processer eller mindre påverkan "
             "men förvaltningsövergripande; Mycket hög = stor påverkan inom en stor del av "
             "förvaltningen."]
    reserved = pm3.klass_kr(obj, Projektklass.STRATEGISK.value)
    if reserved and reserved != planned_kr:
        notes.append(f"Budgetraderna för strategiska projekt är {format_kr(reserved)}, "
                     f"projektens kostnader {format_kr(planned_kr)}.")
    return notes


def _titles(projects: list[Projekt], klass: Projektklass) -> tuple[str, ...]:
    return tuple(p.titel for p in projects if p.klass == klass)
