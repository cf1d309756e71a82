"""`avoplan prioritet`: the gemensam prioriterad väntelista, ranked and explained."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from avoplan.prioritet.budget import Budgetlinje
from avoplan.prioritet.ranking import Placering, Prioritetslista, ranked
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(
    portfolio: Path | None, *, explain: bool, output_format: str, budget: int | None = None
) -> int:
    lista = ranked(Workspace.find(portfolio).underlag(), budget)
    if output_format == "json":
        console.json(as_dict(lista))
    else:
        _print_text(lista, explain=explain)
    return 0


def as_dict(ranked: Prioritetslista) -> dict[str, Any]:
    from avoplan.prioritet.kvot import formula_text

    return {
        "formel": formula_text(ranked.modell),
        "värderingsår": ranked.värderingsår,
        "placeringar": [_placing_dict(p) for p in ranked.placeringar],
        "utanför": [{"id": i, "titel": t, "skäl": r} for i, t, r in ranked.utanför],
        "ej_bedömda": [{"id": i, "titel": t, "saknas": r} for i, t, r in ranked.ej_bedömda],
        "budget": None if ranked.budget is None else _budget_dict(ranked.budget),
    }


def _budget_dict(line: Budgetlinje) -> dict[str, Any]:
    return {
        "år": line.år,
        "tak_kr": line.tak_kr,
        "hypotetisk": line.hypotetisk,
        "ryms": [row.id for row in line.ryms],
        "summa_kr": line.summa_kr,
        "rader": [
            {"id": r.id, "plats": r.plats, "årskostnad_kr": r.årskostnad_kr, "summa_kr": r.summa_kr}
            for r in line.rader
        ],
        "text": line.text(),
    }


def _placing_dict(placing: Placering) -> dict[str, Any]:
    decision = placing.manuell
    return {
        "plats": placing.plats,
        "id": placing.id,
        "titel": placing.titel,
        "poäng": round(placing.poäng, 4),
        "nytta_kr": placing.nytta_kr,
        "kostnad_kr": placing.kostnad_kr,
        "engångskostnad_kr": placing.engångskostnad_kr,
        "löpande_kr_per_år": placing.löpande_kr_per_år,
        "buren_nytta_kr": placing.buren_nytta_kr,
        "vikt": placing.vikt,
        "tillägg": placing.tillägg,
        "viktad_nytta_kr": placing.viktad_nytta_kr,
        "flyttad": placing.flyttad,
        "förklaring": list(placing.förklaring),
        "manuell": None if decision is None else decision.model_dump(mode="json"),
    }


def _print_text(ranked: Prioritetslista, *, explain: bool) -> None:
    if ranked.placeringar:
        _table(ranked)
    else:
        console.line("Inga behov eller projekt väntar på start.")
    _print_apart("Utanför prioriteringen (R19)", "Skäl", ranked.utanför)
    _print_apart("Kan inte bedömas ännu", "Saknas", ranked.ej_bedömda)
    if explain:
        _print_explanations(ranked)


def _table(ranked: Prioritetslista) -> None:
    from avoplan.core.text import format_kr
    from avoplan.prioritet.kvot import MARK, format_decimal, format_kvot

    right = "right"
    years = ranked.modell.horisont_år
    columns: list[console.Column | str] = [
        console.Column("Plats", right),
        console.Column("Id", wrap=False),
        "Titel",
        console.Column("Nytta per år", right, optional=True),
        console.Column("Vikt", right, optional=True),
        console.Column("Tillägg", right, optional=True),
        console.Column(f"Viktad nytta ({years} år)", right),
        console.Column(f"Kostnad ({years} år)", right),
        console.Column("Kvot", right),
    ]
    rows = [
        (
            f"{p.plats}{MARK.get(p.flyttad or '', '')}",
            p.id,
            p.titel,
            format_kr(p.nytta_kr),
            format_decimal(p.vikt),
            f"{round(p.tillägg * 100)} %",
            format_kr(p.viktad_nytta_kr),
            format_kr(p.kostnad_kr),
            format_kvot(p.poäng),
        )
        for p in ranked.placeringar
    ]
    if ranked.budget is not None:
        fits = len(ranked.budget.ryms)
        line = f"─── {ranked.budget.rubrik} ovanför ───"
        rows.insert(fits, ("", "", line, "", "", "", "", "", ""))
    caption = (
        "Kvot = viktad nytta / kostnad. * placerad genom prioritetsbeslut, † flyttad "
        "före det som beror på den; se --explain"
    )
    _print_table("Prioriterad väntelista", columns, rows, caption)
    if ranked.budget is not None:
        console.line(ranked.budget.text())


def _print_table(
    title: str,
    columns: list[console.Column | str],
    rows: Sequence[Sequence[object]],
    caption: str | None = None,
) -> None:
    """A table; beyond a screenful plain aligned text, as `list` prints (rich would take
    seconds over thousands of rows)."""
    if len(rows) <= console.screenful():
        console.table(title, columns, rows, caption=caption)
        return
    console.plain_table(title, columns, rows)
    if caption:
        console.line(caption)


def _print_apart(title: str, reason: str, rows: tuple[tuple[str, str, str], ...]) -> None:
    if rows:
        _print_table(title, ["Id", "Titel", reason], rows)


def _print_explanations(ranked: Prioritetslista) -> None:
    from avoplan.prioritet.kvot import formula_text

    for placing in ranked.placeringar:
        console.line("")
        console.line(f"{placing.plats}. {placing.id} {placing.titel}", "bold")
        for line in placing.förklaring:
            console.line(f"  – {line}")
    console.line("")
    console.line("Så räknas kvoten", "bold")
    console.line(formula_text(ranked.modell))
