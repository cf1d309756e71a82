"""`avoplan list`: the needs, filtered by step and avdelning."""

from __future__ import annotations

from pathlib import Path

from avoplan import console
from avoplan.arguments import parse_step
from avoplan.errors import UserError
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.workspace import Workspace


def run(portfolio: Path | None, steg: str | None, avdelning: str | None) -> int:
    step = parse_step(steg) if steg else None
    loaded = Workspace.find(portfolio).portfolio()
    org = loaded.organisation
    if avdelning and org.avdelning(avdelning) is None:
        raise UserError(f"okänd avdelning '{avdelning}'", "avdelningarna finns i organisation.yaml")
    needs = [n for n in loaded.behov.values() if matches(n, step, avdelning)]
    rows = []
    for need in sorted(needs, key=lambda n: n.id):
        unit = org.avdelning(need.avdelning)
        last = need.beslut[-1].datum.isoformat() if need.beslut else "–"
        rows.append((need.id, need.titel, unit.namn if unit else need.avdelning,
                     need.steg.value, last))
    console.table(f"Behov ({len(needs)})", ("Id", "Titel", "Avdelning", "Steg", "Senaste beslut"),
                  rows)
    return 0


def matches(need: Behov, step: Steg | None, avdelning: str | None) -> bool:
    return (step is None or need.steg == step) and (avdelning is None or
                                                     need.avdelning == avdelning)
