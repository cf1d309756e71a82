"""`avoplan board`: the funnel at a glance in the terminal: a column per step, the days
each need has spent in its step, those standing still marked, and per forum what awaits
its decision."""

from __future__ import annotations

from datetime import date
from itertools import zip_longest
from pathlib import Path

from avoplan.documents.tavla import STALE_DAYS, Kort, Tavla, tavla
from avoplan.models import lookup
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

SHOWN = 12  # cards per column; the rest are counted


def run(
    portfolio: Path | None,
    stale: int | None = None,
    forum: str | None = None,
    output_format: str = "text",
) -> int:
    loaded = Workspace.find(portfolio).portfolio()
    board = tavla(loaded, date.today(), STALE_DAYS if stale is None else stale)
    wanted = lookup.forum(loaded.organisation, forum).namn if forum else None
    if output_format == "json":
        console.json(_as_json(board, wanted))
        return 0
    if wanted is None:
        _columns(board)
    _agenda(board, wanted)
    return 0


def _as_json(board: Tavla, only: str | None) -> dict[str, object]:
    """The board with Swedish keys: every card of every step, and what awaits each forum."""
    steps = (
        []
        if only
        else [
            {
                "steg": column.steg,
                "behov": [
                    {
                        "id": k.id,
                        "titel": k.titel,
                        "avdelning": k.avdelning,
                        "dagar_i_steg": k.dagar,
                        "står_still": k.stilla,
                    }
                    for k in column.kort
                ],
            }
            for column in board.kolumner
        ]
    )
    agenda = [
        {
            "forum": name,
            "behov": [
                {"id": need_id, "titel": titel, "steg": steg, "beslutspunkt": point}
                for need_id, titel, steg, point in rows
            ],
        }
        for name, rows in board.att_besluta
        if only is None or name == only
    ]
    return {"stilla_efter_dagar": board.stale_days, "steg": steps, "att_besluta": agenda}


def _columns(board: Tavla) -> None:
    cells = [[_card(k) for k in column.kort[:SHOWN]] for column in board.kolumner]
    for column, shown in zip(board.kolumner, cells, strict=True):
        if len(column.kort) > SHOWN:
            shown.append(f"… och {len(column.kort) - SHOWN} till")
    rows = list(zip_longest(*cells, fillvalue=""))
    console.table(
        "Behov per steg",
        [f"{c.steg} ({len(c.kort)})" for c in board.kolumner],
        rows,
        caption=f"⚠ = minst {board.stale_days} dagar i steget (--stale)",
    )


def _card(card: Kort) -> str:
    days = f"{card.dagar} d" if card.dagar is not None else "–"
    return f"{card.id} {card.titel}\n{days}{' ⚠' if card.stilla else ''} · {card.avdelning}"


def _agenda(board: Tavla, only: str | None) -> None:
    console.line("")
    console.line("Att besluta per forum (nästa beslutspunkt enligt delegationsordningen)", "bold")
    for name, rows in board.att_besluta:
        if only is not None and name != only:
            continue
        console.line(f"{name}: {len(rows)} behov" if rows else f"{name}: inget väntar")
        for need_id, titel, steg, point in rows[: None if only else 5]:
            console.line(f"  {point} {need_id} {titel} ({steg.lower()})")
        if only is None and len(rows) > 5:
            console.line(f"  … och {len(rows) - 5} till (se --forum)", "dim")
