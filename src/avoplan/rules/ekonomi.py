"""R20 (schablon per year) and R26 (pm3 budget tables tie out)."""

from __future__ import annotations

from collections.abc import Iterator

from avoplan import pm3
from avoplan.findings import Finding
from avoplan.models.forvaltningsobjekt import Forvaltningsobjekt
from avoplan.models.portfolio import OBJEKT, PLAN, SCHABLON, Portfolio
from avoplan.models.projekt import Projektklass
from avoplan.rulebook import R20, R26, enforces
from avoplan.text import format_kr, join_sv


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
            yield R20.error(f"schablon för {year} saknas; planen gäller {year}",
                        portfolio.path(PLAN), ("giltighet",),
                        hint=f"lägg till schablon/{year}.yaml (finns: {known})")
    for item_id, item in [*portfolio.behov.items(), *portfolio.projekt.items()]:
        if item.kostnad and str(item.kostnad.år) not in present:
            yield R20.error(f"schablon för {item.kostnad.år} saknas, så kostnaden kan inte räknas",
                        portfolio.item_path(item_id), ("kostnad", "år"),
                        hint=f"schabloner finns för {known}")


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
        split = pm3.nämnd_column_kkr(obj.per_nämnd)
        for column, kr in pm3.per_column_kr(obj).items():
            if split[column] * 1000 != kr:
                yield R26.error(
                    f"fördelningen per nämnd ger {column.value} {format_kr(split[column] * 1000)}"
                    f" men budgeten {format_kr(kr)}", file, ("per_nämnd",),
                    hint="summorna ska stämma på kronan; lägg en rad för det som inte är fördelat")
    yield from _strategic_projects(obj, portfolio)


def _strategic_projects(obj: Forvaltningsobjekt, portfolio: Portfolio) -> Iterator[Finding]:
    reserved = pm3.klass_kr(obj, Projektklass.STRATEGISK.value)
    projects = [p for p in portfolio.projekt.values()
                if p.förvaltningsobjekt == obj.id and p.klass == Projektklass.STRATEGISK]
    if not reserved or not projects:
        return
    planned = 1000 * sum(p.budget_kkr or 0 for p in projects)
    if planned != reserved:
        yield R26.warning(
            f"de strategiska projektens kostnader ({format_kr(planned)}) stämmer inte med "
            f"budgetraderna för strategiska projekt ({format_kr(reserved)})",
            portfolio.path(OBJEKT, obj.id), ("budget",),
            hint="justera projektens budget_kkr eller budgetraden")


CHECKS = (check_schablon, check_pm3)
