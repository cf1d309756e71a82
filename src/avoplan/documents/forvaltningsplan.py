"""The pm3 förvaltningsplan as seed 004 stands (R24–R26): its own header (objekt, year,
owner, who adopted it), its chapters with the prose from the objekt's file, and its
tables as printed. Where the source's figures disagree with each other, the table keeps
them and a note beside it says what does not add up; nothing is corrected or invented."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from avoplan.core.rulebook import R24, R26, enforces
from avoplan.core.text import format_kr
from avoplan.documents.base import (
    Column,
    Meta,
    Source,
    Table,
    capitalised,
    fte,
    meta,
    number,
    short_decimal,
    table,
)
from avoplan.documents.layout import (
    Bullets,
    Facts,
    ListItem,
    Paragraph,
    Section,
    anchor,
    prose,
    section,
)
from avoplan.ekonomi import pm3
from avoplan.models.forvaltningsobjekt import Arsarbetsrad, Forvaltningsobjekt, FteVmVu, Namndkolumn
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt, Projektklass

VERKSAMHETSNARA = "Verksamhetsnära förvaltning"
IT_NARA = "IT-nära förvaltning"
NAMND_LABEL = {
    Namndkolumn.DRIFT: "Drift",
    Namndkolumn.ANVANDARSTOD: "Användarstöd",
    Namndkolumn.FORVALTNINGSLEDNING: "Förvaltningsledning",
    Namndkolumn.UTVECKLING: "Utveckling",
}


@enforces("render", R24, R26)
def build(source: Source) -> dict[str, Any]:
    portfolio = source.portfolio
    objekt = [obj for _, obj in sorted(portfolio.forvaltningsobjekt.items())]
    sections = [
        s
        for obj in objekt
        for s in objektplan(obj, portfolio, many=len(objekt) > 1)
        if s is not None
    ]
    return {
        "titel": title(objekt),
        "meta": header(objekt, source),
        "sections": sections,
        "toc": [s for s in sections if s.level == 2],
    }


def title(objekt: list[Forvaltningsobjekt]) -> str:
    if len(objekt) != 1:
        return "Förvaltningsplaner enligt pm3"
    obj = objekt[0]
    short = f" ({obj.förkortning})" if obj.förkortning else ""
    return f"Förvaltningsplan för {obj.namn}{short} {obj.år}"


def header(objekt: list[Forvaltningsobjekt], source: Source) -> Meta:
    """The förvaltningsplan's own period and adoption, never the digitaliseringsplan's."""
    years = ", ".join(str(y) for y in sorted({o.år for o in objekt})) or "inga förvaltningsobjekt"
    adopted = (
        "; ".join(
            f"{o.namn}: {o.fastställd or 'uppgift saknas i förvaltningsplanen'}" for o in objekt
        )
        if len(objekt) > 1
        else (objekt[0].fastställd or "uppgift saknas i förvaltningsplanen" if objekt else "")
    )
    return replace(meta(source), period=years, antagen=adopted)


def objektplan(
    obj: Forvaltningsobjekt, portfolio: Portfolio, *, many: bool
) -> list[Section | None]:
    """Seed 004's chapters for one förvaltningsobjekt, its tables as printed with a note
    beside each inconsistency."""
    projects = sorted(
        (p for p in portfolio.projekt.values() if p.förvaltningsobjekt == obj.id),
        key=lambda p: p.id,
    )
    t = obj.text
    prefix = f"{obj.namn}: " if many else ""

    def sec(rubrik: str, level: int, *parts: Any) -> Section:
        return section(
            f"{prefix}{rubrik}" if level == 2 else rubrik,
            level,
            *parts,
            anchor_id=f"{obj.id}-{anchor(rubrik)}",
        )

    return [
        sec("1 Inledning", 2, facts(obj)),
        sec("1.1 Syfte och målgrupp", 3, prose(t.syfte, 3)),
        sec("1.2 Strategisk inriktning och fokusområden", 3, prose(t.inriktning, 3)),
        sec(f"2 Beskrivning av arbetet inom objektet {obj.namn}", 2, prose(t.arbetet, 2)),
        sec("2.1 Vidmakthållande", 3, prose(t.vidmakthållande, 3)),
        sec("2.2 Vidareutveckling", 3, prose(t.vidareutveckling, 3)),
        sec("2.3 Nyutveckling", 3, prose(t.nyutveckling, 3)),
        sec(
            "2.4 Strategiska nyutvecklingsprojekt",
            3,
            prose(t.strategiska, 3),
            strategic_table(obj, projects),
            prose(t.strategiska_projekt, 3),
        ),
        sec(
            "2.5 Övriga prioriterade utvecklingsprojekt",
            3,
            prose(t.övriga_prioriterade, 3),
            _bullets(_titles(projects, Projektklass.PRIORITERAD)),
        ),
        sec(
            "Önskvärda projekt",
            3,
            Paragraph(
                "Önskvärda projekt har ingen egen budget; styrgruppen prioriterar dem under "
                "perioden."
            ),
            _bullets(_titles(projects, Projektklass.ONSKVARD)),
        )
        if _titles(projects, Projektklass.ONSKVARD)
        else None,
        sec(
            "3 Budget och personalresurser",
            2,
            prose(t.budget, 2),
            budget_table(obj),
            namnd_table(obj) if obj.per_nämnd else None,
            prose(t.årsarbeten, 2),
            fte_table(obj) if obj.årsarbeten else None,
        ),
    ]


def facts(obj: Forvaltningsobjekt) -> Facts:
    pairs = [
        ("Förvaltningsobjekt", obj.namn + (f" ({obj.förkortning})" if obj.förkortning else "")),
        ("Förvaltningsmodell", obj.förvaltningsmodell),
        ("Period", str(obj.år)),
        ("Dokumentägare", obj.dokumentägare or "ej angiven"),
        ("Fastställd av", obj.fastställd or "uppgift saknas i förvaltningsplanen"),
    ]
    return Facts(tuple(pairs))


def _bullets(titles: tuple[str, ...]) -> Bullets | None:
    return Bullets(tuple(ListItem(t) for t in titles)) if titles else None


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
        label = (
            f"{row.huvudaktivitet} – {row.delaktivitet}"
            if row.delaktivitet
            else (row.huvudaktivitet)
        )
        rows.append((label, *map(number, pm3.cells(row)), number(pm3.row_sum(row))))
    foot = ("Summa", *map(number, pm3.column_sums(obj.budget)), number(pm3.total(obj.budget)))
    return table(
        f"Budget {obj.år} för {obj.namn} (kronor)",
        _vm_vu_columns("Summa"),
        rows,
        [foot],
        ["VM = vidmakthållande, VU = vidareutveckling."],
    )


def namnd_table(obj: Forvaltningsobjekt) -> Table:
    """The budget per nämnd in kkr as the source prints it, sums included; every place
    where the printed figures disagree with the cells or the budget is stated in a note."""
    columns = [
        Column("Nämnd"),
        *(Column(NAMND_LABEL[c], numeric=True) for c in Namndkolumn),
        Column("Summa", numeric=True),
    ]
    rows = [
        (
            r.nämnd,
            *(number(getattr(r, c.value)) for c in Namndkolumn),
            number(r.summa if r.summa is not None else pm3.nämnd_sum(r)),
        )
        for r in obj.per_nämnd
    ]
    return table(
        f"Budget {obj.år} per nämnd (kkr)", columns, rows, [_namnd_foot(obj)], _namnd_notes(obj)
    )


def _namnd_foot(obj: Forvaltningsobjekt) -> tuple[str, ...]:
    computed = pm3.nämnd_column_kkr(obj.per_nämnd)
    printed = obj.per_nämnd_summa
    cells = [
        getattr(printed, c.value)
        if printed and getattr(printed, c.value) is not None
        else computed[c]
        for c in Namndkolumn
    ]
    total = printed.summa if printed and printed.summa is not None else sum(computed.values())
    return ("Summa", *map(number, cells), number(total))


def _namnd_notes(obj: Forvaltningsobjekt) -> list[str]:
    notes = []
    wrong_rows = [
        (r.nämnd, r.summa, pm3.nämnd_sum(r))
        for r in obj.per_nämnd
        if r.summa is not None and r.summa != pm3.nämnd_sum(r)
    ]
    if wrong_rows:
        notes.append(
            "Radsummorna står som i källan men stämmer inte med cellerna: "
            + "; ".join(
                f"{n} {number(printed)} (cellerna ger {number(cells)})"
                for n, printed, cells in wrong_rows
            )
            + "."
        )
    for column, printed, computed in pm3.printed_column_sums(obj):
        if printed != computed:
            what = "Totalsumman" if column == "summa" else f"Summan för {column}"
            notes.append(
                f"{what} står som i källan, {number(printed)}; cellerna ger {number(computed)}."
            )
    split = pm3.nämnd_column_kkr(obj.per_nämnd)
    for column, kr in pm3.per_column_kr(obj).items():
        if split[column] * 1000 != kr:
            notes.append(
                f"{NAMND_LABEL[column]}: tabellen fördelar {number(split[column])} kkr "
                f"men budgeten ovan har {format_kr(kr)}; källan anger inte var "
                f"skillnaden, {number(abs(kr // 1000 - split[column]))} kkr, hör hemma."
            )
    notes += [f"{r.nämnd}: {r.kommentar}" for r in obj.per_nämnd if r.kommentar]
    return notes


def fte_table(obj: Forvaltningsobjekt) -> Table:
    """R26: årsarbeten with the proposed increase in brackets, counted in the sums."""
    rows = [
        (r.huvudaktivitet, *_fte_cells(r), fte(pm3.fte_row_sum(r.verksamhetsnära, r.it_nära)))
        for r in obj.årsarbeten
    ]
    totals = pm3.fte_totals(obj)
    foot = ("Summa FTE", *map(fte, (*totals.verksamhetsnära, *totals.it_nära)), fte(totals.total))
    note = (
        f"Siffrorna inom parentes är den föreslagna utökningen jämfört med {obj.år - 1}; "
        f"den är medräknad i summorna. Utökningen är sammanlagt "
        f"{short_decimal(totals.ökning)} årsarbeten."
    )
    return table(
        f"Årsarbeten {obj.år} för {obj.namn} (FTE)",
        _vm_vu_columns("Summa tid"),
        rows,
        [foot],
        [note],
    )


def _fte_cells(row: Arsarbetsrad) -> list[str]:
    pairs: list[tuple[FteVmVu, FteVmVu]] = [
        (row.verksamhetsnära, row.ökning_verksamhetsnära),
        (row.it_nära, row.ökning_it_nära),
    ]
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
    """R24/R25: the strategic projects with a cost, as the source's table lists them
    (it has no sum row); what does not add up is stated beside it."""
    strategic = [p for p in projects if p.klass == Projektklass.STRATEGISK]
    listed = [p for p in strategic if p.budget_kkr]
    if not listed:
        return None
    columns = [
        Column("Projekt"),
        Column("Kostnad (kkr)", numeric=True),
        Column("Effekttyp"),
        Column("Effektomfattning"),
    ]
    rows = [
        (
            p.titel,
            number(p.budget_kkr),
            _effect_words(p),
            p.effektomfattning.label if p.effektomfattning else "",
        )
        for p in listed
    ]
    return table(
        f"Strategiska nyutvecklingsprojekt {obj.år}",
        columns,
        rows,
        notes=_strategic_notes(obj, listed, strategic),
    )


def _effect_words(project: Projekt) -> str:
    """The source's own words where the file keeps them; the normalised types otherwise."""
    if project.effekttyp_i_källan:
        return project.effekttyp_i_källan
    return capitalised(", ".join(e.value for e in project.effekttyp))


def _strategic_notes(
    obj: Forvaltningsobjekt, listed: list[Projekt], strategic: list[Projekt]
) -> list[str]:
    notes = []
    planned_kkr = sum(p.budget_kkr or 0 for p in listed)
    reserved = pm3.klass_kr(obj, Projektklass.STRATEGISK.value)
    if reserved and reserved != planned_kkr * 1000:
        notes.append(
            f"Projektens kostnader är sammanlagt {number(planned_kkr)} kkr, men "
            f"budgetraden för strategiska projekt är {format_kr(reserved)}; källan "
            "förklarar inte skillnaden."
        )
    unlisted = [p.titel for p in strategic if not p.budget_kkr]
    if unlisted:
        notes.append(
            f"{', '.join(unlisted)} beskrivs som strategiskt men står inte i "
            "tabellen och har ingen kostnad i källan."
        )
    return notes


def _titles(projects: list[Projekt], klass: Projektklass) -> tuple[str, ...]:
    return tuple(p.titel for p in projects if p.klass == klass)
