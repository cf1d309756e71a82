"""`avoplan rules`: every rule of the sources, its level and where it is enforced."""

from __future__ import annotations


def run() -> int:
    from rich.table import Table

    from avoplan.console import out
    from avoplan.rules import RULES

    table = Table(title="Regler från digitaliseringsplanen och förvaltningsplanen")
    for heading in ("Id", "Regel", "Nivå", "Kontrolleras i"):
        table.add_column(heading)
    for rule in RULES:
        table.add_row(rule.id, rule.titel, rule.nivå, rule.var)
    out().print(table)
    return 0
