"""`avoplan rules`: every rule of the sources, its level and where it is enforced,
generated from the one declaration of each rule (`rulebook`) and the sites the code
declares with `rulebook.enforces`."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from avoplan.ui import console

if TYPE_CHECKING:
    from avoplan.core.rulebook import Rule


def run(output_format: str = "text") -> int:
    from avoplan.core.kallor import source_of

    if output_format == "json":
        console.json(
            {
                "regler": [
                    {
                        "regel": r,
                        "titel": t,
                        "nivå": n,
                        "kontrolleras_i": k,
                        "källa": source_of(r),
                    }
                    for r, t, n, k in rule_table()
                ]
            }
        )
        return 0
    console.table(
        "Regler från digitaliseringsplanen och förvaltningsplanen",
        ("Id", "Regel", "Nivå", "Kontrolleras i"),
        [(r, _with_source(t, source_of(r)), n, k) for r, t, n, k in rule_table()],
    )
    return 0


def _with_source(titel: str, source: str | None) -> str:
    """The rule, and under it the plan's words it comes from."""
    return f"{titel}\nPlanen: ”{source}”" if source else titel


def rule_table() -> list[tuple[str, str, str, str]]:
    """(id, regel, nivå, kontrolleras i) for every rule."""
    from avoplan.core.rulebook import ENFORCING_MODULES, RULES, sites

    for module in ENFORCING_MODULES:
        importlib.import_module(module)
    return [(rule.id, rule.titel, rule.nivå.value, _where(rule, sites(rule))) for rule in RULES]


def _where(rule: Rule, rule_sites: list[str]) -> str:
    if rule.planerad:
        return "planerad, kontrolleras ännu inte"
    return ", ".join(rule_sites) or "–"
