"""`avoplan kapacitet`: FTE demand of the work still to do against the förvaltningsplan's
capacity, by year and role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avoplan.ekonomi.kapacitet import Kapacitetsrad, fte_text, kapacitet
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, output_format: str) -> int:
    loaded = Workspace.find(portfolio).portfolio()
    items = [*loaded.behov.items(), *loaded.projekt.items()]
    rows = kapacitet(items, loaded.forvaltningsobjekt.values(), loaded.schablon)
    if output_format == "json":
        console.json({"kapacitet": [_as_dict(row) for row in rows]})
        return 0
    if not rows:
        console.line("Ingen kostnadsskattning eller kapacitet att jämföra.")
        return 0
    _print(rows)
    return 0


def _number(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def _as_dict(row: Kapacitetsrad) -> dict[str, Any]:
    return {
        "år": row.år,
        "roll": row.roll.value,
        "kapacitet_årsarbeten": _number(row.kapacitet),
        "efterfrågan_årsarbeten": _number(row.efterfrågan),
        "efterfrågan_timmar": row.timmar,
        "över": row.över,
        "poster": [
            {"id": p.id, "titel": p.titel, "timmar": p.timmar, "årsarbeten": _number(p.årsarbeten)}
            for p in row.poster
        ],
    }


def _verdict(row: Kapacitetsrad) -> str:
    if row.kapacitet is None:
        return "ingen kapacitet angiven"
    if row.efterfrågan is None:
        return "schablonen saknar timmar_per_årsarbete"
    return "över kapaciteten" if row.över else "ryms"


def _print(rows: list[Kapacitetsrad]) -> None:
    right = "right"
    console.table(
        "Efterfrågan mot kapacitet (årsarbeten, FTE)",
        [
            console.Column("År", right),
            "Roll",
            console.Column("Kapacitet", right),
            console.Column("Efterfrågan", right),
            console.Column("Timmar", right),
            "Bedömning",
            "Poster",
        ],
        [
            (
                str(row.år),
                row.roll.value,
                fte_text(row.kapacitet),
                fte_text(row.efterfrågan),
                str(row.timmar),
                _verdict(row),
                ", ".join(f"{p.id} {fte_text(p.årsarbeten)}" for p in row.poster),
            )
            for row in rows
        ],
        caption="Kapacitet: förvaltningsplanernas kapacitet (forvaltningsobjekt/). "
        "Efterfrågan: kostnadsskattningarnas timmar för behov klara för start och projekt "
        "som inte är avslutade, delat med schablonens timmar per årsarbete.",
    )
