"""`avoplan list`: the needs, filtered by step and avdelning."""

from __future__ import annotations

from pathlib import Path

from avoplan.errors import UserError
from avoplan.loader import find_portfolio, load_portfolio
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.process import STEP_LABEL


def run(portfolio: Path | None, steg: str | None, avdelning: str | None) -> int:
    from rich.markup import escape
    from rich.table import Table

    from avoplan.commands.advance import parse_step
    from avoplan.console import out

    step = parse_step(steg) if steg else None
    result = load_portfolio(find_portfolio(portfolio))
    if result.portfolio is None:
        raise UserError("portföljen kan inte läsas", "kör 'avoplan check' för att se felen")
    org = result.portfolio.organisation
    if avdelning and org.avdelning(avdelning) is None:
        raise UserError(f"okänd avdelning '{avdelning}'", "avdelningarna finns i organisation.yaml")
    needs = [n for n in result.portfolio.behov.values() if matches(n, step, avdelning)]
    table = Table(title=f"Behov ({len(needs)})", title_justify="left")
    for heading in ("Id", "Titel", "Avdelning", "Steg", "Senaste beslut"):
        table.add_column(heading)
    for need in sorted(needs, key=lambda n: n.id):
        unit = org.avdelning(need.avdelning)
        last = need.beslut[-1].datum.isoformat() if need.beslut else "–"
        table.add_row(need.id, escape(need.titel), unit.namn if unit else need.avdelning,
                      STEP_LABEL[need.steg], last)
    out().print(table)
    return 0


def matches(need: Behov, step: Steg | None, avdelning: str | None) -> bool:
    return (step is None or need.steg == step) and (avdelning is None or
                                                     need.avdelning == avdelning)
