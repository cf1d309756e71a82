"""`avoplan prioritet`: the gemensam prioriterad väntelista, ranked and explained."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from avoplan.priority import Placering, Prioritetslista


def run(portfolio: Path | None, explain: bool, output_format: str) -> int:
    from avoplan.commands.kostnad import read_portfolio
    from avoplan.priority import prioritetslista

    ranked = prioritetslista(read_portfolio(portfolio, complete=True))
    if output_format == "json":
        sys.stdout.write(json.dumps(as_dict(ranked), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_text(ranked, explain)
    return 0


def as_dict(ranked: Prioritetslista) -> dict[str, Any]:
    from avoplan.priority import formula_text

    return {
        "formel": formula_text(),
        "placeringar": [_placing_dict(p) for p in ranked.placeringar],
        "utanför": [{"id": i, "titel": t, "skäl": r} for i, t, r in ranked.utanför],
        "ej_bedömda": [{"id": i, "titel": t, "saknas": r} for i, t, r in ranked.ej_bedömda],
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
        "förklaring": list(placing.förklaring),
        "manuell": None if decision is None else decision.model_dump(mode="json"),
    }


def _print_text(ranked: Prioritetslista, explain: bool) -> None:
    from avoplan.console import out

    if ranked.placeringar:
        out().print(_table(ranked))
    else:
        out().print("Inga behov eller projekt väntar på start.")
    _print_apart("Utanför prioriteringen (R19)", "Skäl", ranked.utanför)
    _print_apart("Kan inte bedömas ännu", "Saknas", ranked.ej_bedömda)
    if explain:
        _print_explanations(ranked)


def _table(ranked: Prioritetslista) -> Any:
    from rich.markup import escape
    from rich.table import Table

    from avoplan.priority import format_kvot
    from avoplan.text import format_kr

    manual = any(p.manuell for p in ranked.placeringar)
    table = Table(title="Prioriterad väntelista",
                  caption="* placerad genom prioritetsbeslut; se --explain" if manual else None)
    table.add_column("Plats", justify="right")
    table.add_column("Id")
    table.add_column("Titel")
    table.add_column("Nytta per år", justify="right")
    table.add_column("Kostnad", justify="right")
    table.add_column("Kvot", justify="right")
    for p in ranked.placeringar:
        table.add_row(f"{p.plats}{'*' if p.manuell else ''}", p.id, escape(p.titel),
                      format_kr(p.nytta_kr), format_kr(p.kostnad_kr), format_kvot(p.poäng))
    return table


def _print_apart(title: str, reason: str, rows: tuple[tuple[str, str, str], ...]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from avoplan.console import out

    if not rows:
        return
    table = Table(title=title)
    for heading in ("Id", "Titel", reason):
        table.add_column(heading)
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    out().print(table)


def _print_explanations(ranked: Prioritetslista) -> None:
    from rich.markup import escape

    from avoplan.console import out
    from avoplan.priority import formula_text

    for placing in ranked.placeringar:
        out().print(f"\n[bold]{placing.plats}. {placing.id} {escape(placing.titel)}[/]")
        for line in placing.förklaring:
            out().print(f"  – {escape(line)}")
    out().print("\n[bold]Så räknas kvoten[/]")
    out().print(escape(formula_text()))
