"""R20 (schablon per year) and R26 (pm3 budget tables tie out)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from avoplan.core.findings import Finding
from avoplan.core.rulebook import R20, R26, R38, enforces
from avoplan.core.text import format_kr, join_sv
from avoplan.ekonomi import pm3
from avoplan.ekonomi.kapacitet import fte_text, kapacitet
from avoplan.models.forvaltningsobjekt import Forvaltningsobjekt
from avoplan.models.portfolio import OBJEKT, PLAN, SCHABLON, Portfolio
from avoplan.models.projekt import Projektklass


@enforces("check", R20)
def check_schablon(portfolio: Portfolio) -> Iterator[Finding]:
    """R20: every plan year and every priced estimate has the schablon of its year."""
    years = sorted(portfolio.schablon)
    # A schablon file that exists but is broken is reported on its own.
    present = set(portfolio.schablon) | portfolio.unreadable.get(str(SCHABLON.folder), frozenset())
    known = join_sv(years, "och") or "inga"
    period = portfolio.plan.giltighet
    for year in range(period.från.year, period.till.year + 1):
        if str(year) not in present:
            yield R20.error(
                f"schablon för {year} saknas; planen gäller {year}",
                portfolio.path(PLAN),
                ("giltighet",),
                hint=f"lägg till schablon/{year}.yaml (finns: {known})",
            )
    for item_id, item in [*portfolio.behov.items(), *portfolio.projekt.items()]:
        if item.kostnad and str(item.kostnad.år) not in present:
            yield R20.error(
                f"schablon för {item.kostnad.år} saknas, så kostnaden kan inte räknas",
                portfolio.item_path(item_id),
                ("kostnad", "år"),
                hint=f"schabloner finns för {known}",
            )


@enforces("check", R26)
def check_pm3(portfolio: Portfolio) -> Iterator[Finding]:
    for obj in portfolio.forvaltningsobjekt.values():
        yield from pm3_findings(obj, portfolio)


def pm3_findings(obj: Forvaltningsobjekt, portfolio: Portfolio) -> Iterator[Finding]:
    """R26: the per-nämnd split and the strategic projects agree with the matrix."""
    file = portfolio.path(OBJEKT, obj.id)
    for index, row in enumerate(obj.budget):
        if all(cell is None for cell in pm3.cells(row)):
            yield R26.error("budgetraden har inga belopp", file, ("budget", index))
    if obj.per_nämnd:
        yield from _split_per_namnd(obj, file)
        yield from _printed_sums(obj, file)
    yield from _strategic_projects(obj, portfolio)


def _split_per_namnd(obj: Forvaltningsobjekt, file: Path) -> Iterator[Finding]:
    """Each column of the per-nämnd table against the budget rows that feed it. A gap the
    source itself contains, recorded under `avvikelser`, is kept as printed: a warning,
    never an invented row."""
    split = pm3.nämnd_column_kkr(obj.per_nämnd)
    for column, kr in pm3.per_column_kr(obj).items():
        if split[column] * 1000 == kr:
            continue
        message = (
            f"fördelningen per nämnd ger {column.value} "
            f"{format_kr(split[column] * 1000)} men budgeten {format_kr(kr)}"
        )
        if obj.accepted(column):
            yield R26.warning(
                f"{message}; avvikelsen finns i källan och redovisas som den står",
                file,
                ("per_nämnd",),
            )
        else:
            yield R26.error(
                message,
                file,
                ("per_nämnd",),
                hint="rätta cellerna, eller redovisa en avvikelse som står i "
                f"källan under avvikelser (kolumn: {column.value})",
            )


def _printed_sums(obj: Forvaltningsobjekt, file: Path) -> Iterator[Finding]:
    """Sums printed in the source that its own cells do not give: reported, kept."""
    for index, row in enumerate(obj.per_nämnd):
        if row.summa is not None and row.summa != pm3.nämnd_sum(row):
            yield R26.warning(
                f"radsumman för {row.nämnd} är {row.summa} kkr i källan men "
                f"cellerna ger {pm3.nämnd_sum(row)} kkr",
                file,
                ("per_nämnd", index, "summa"),
            )
    for column, printed, computed in pm3.printed_column_sums(obj):
        if printed != computed:
            yield R26.warning(
                f"summaraden per nämnd anger {column} {printed} kkr men "
                f"cellerna ger {computed} kkr",
                file,
                ("per_nämnd_summa", column),
            )


def _strategic_projects(obj: Forvaltningsobjekt, portfolio: Portfolio) -> Iterator[Finding]:
    reserved = pm3.klass_kr(obj, Projektklass.STRATEGISK.value)
    projects = [
        p
        for p in portfolio.projekt.values()
        if p.förvaltningsobjekt == obj.id and p.klass == Projektklass.STRATEGISK
    ]
    if not reserved or not projects:
        return
    planned = 1000 * sum(p.budget_kkr or 0 for p in projects)
    if planned != reserved:
        yield R26.warning(
            f"de strategiska projektens kostnader ({format_kr(planned)}) stämmer inte med "
            f"budgetraderna för strategiska projekt ({format_kr(reserved)})",
            portfolio.path(OBJEKT, obj.id),
            ("budget",),
            hint="justera projektens budget_kkr eller budgetraden",
        )


@enforces("check", R38)
def check_kapacitet(portfolio: Portfolio) -> Iterator[Finding]:
    """R38: a year and role whose FTE demand exceeds the capacity the förvaltningsplan
    states is a warning, at the capacity it exceeds."""
    items = [*portfolio.behov.items(), *portfolio.projekt.items()]
    objects = portfolio.forvaltningsobjekt.values()
    for row in kapacitet(items, objects, portfolio.schablon):
        if not row.över:
            continue
        obj, index = next(
            (o, i)
            for o in objects
            for i, k in enumerate(o.kapacitet)
            if (k.år, k.roll) == (row.år, row.roll)
        )
        yield R38.warning(
            f"efterfrågan {row.år} på {row.roll.value} är {fte_text(row.efterfrågan)} "
            f"årsarbeten men kapaciteten {fte_text(row.kapacitet)} "
            f"({join_sv([p.id for p in row.poster], 'och')})",
            portfolio.path(OBJEKT, obj.id),
            ("kapacitet", index, "årsarbeten"),
            hint="prioritera om, skjut ett projekt till ett senare år eller utöka kapaciteten",
        )


CHECKS = (check_schablon, check_pm3, check_kapacitet)
