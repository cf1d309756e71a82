"""`avoplan kostnad ID`: the cost of a behov or projekt with the schablon of its year (R20)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avoplan.errors import UserError

if TYPE_CHECKING:
    from avoplan.findings import Finding
    from avoplan.kostnad import Kostnad
    from avoplan.loader import Portfolio
    from avoplan.models.behov import Behov
    from avoplan.models.projekt import Projekt
    from avoplan.models.schablon import Schablon


def read_portfolio(explicit: Path | None, *, complete: bool = False) -> Portfolio:
    """The portfolio, or a UserError naming the first broken file. With `complete`, any
    file that cannot be read refuses, since the answer would silently leave it out."""
    from avoplan.findings import has_errors
    from avoplan.loader import find_portfolio, load_portfolio
    from avoplan.report import first_line

    result = load_portfolio(find_portfolio(explicit))
    if result.portfolio is None or (complete and has_errors(result.findings)):
        raise UserError(f"portföljen kan inte läsas: {first_line(result.findings)}",
                        "rätta felet; 'avoplan check' visar alla fel")
    return result.portfolio


def find_item(portfolio: Portfolio, item_id: str) -> Behov | Projekt:
    """The behov or projekt with `item_id`, or a UserError that suggests the nearest id."""
    from avoplan.loader import BEHOV, PROJEKT, load_one
    from avoplan.models.behov import Behov
    from avoplan.models.projekt import Projekt
    from avoplan.text import did_you_mean

    wanted = item_id.strip().upper()
    item = portfolio.item(wanted)
    if item is not None:
        return item
    path = portfolio.item_path(wanted)
    if path.is_file():  # the file is there but broken: say where
        load_one(path, Behov if wanted.startswith("BEH-") else Projekt)
    known = [*portfolio.behov, *portfolio.projekt]
    suggestion = did_you_mean(wanted, known)
    hint = (f"menade du {suggestion}?" if suggestion
            else f"behov ligger i {BEHOV.folder}/, projekt i {PROJEKT.folder}/")
    raise UserError(f"det finns inget behov eller projekt med id '{item_id}'", hint)


def costed(portfolio: Portfolio, item: Behov | Projekt) -> tuple[Kostnad, Schablon]:
    """The item's estimate priced with the schablon of its year (R20)."""
    from avoplan.kostnad import price
    from avoplan.text import join_sv

    estimate = item.kostnad
    if estimate is None:
        raise UserError(f"{item.id} har ingen kostnadsskattning",
                        "lägg till 'kostnad:' med år, timmar för projektledare, projektgrupp "
                        "och styrgrupp samt leverantörs- och konsultkostnad (R20)")
    rates = portfolio.schablon.get(str(estimate.år))
    if rates is None:
        known = join_sv(sorted(portfolio.schablon), "och") or "inga år"
        raise UserError(f"schablon för {estimate.år} saknas, så kostnaden för {item.id} kan "
                        "inte räknas (R20)", f"lägg till schablon/{estimate.år}.yaml "
                        f"(schabloner finns för {known})")
    return price(estimate, rates), rates


def role_findings(portfolio: Portfolio, item: Behov | Projekt) -> list[Finding] | None:
    """R14–R18 for a project that `check` holds to them; None when they do not apply."""
    from avoplan.models.projekt import Ledning, Projekt
    from avoplan.rules.projekt import project_role_findings

    if not isinstance(item, Projekt):
        return None
    if not item.status.active or item.ledning != Ledning.FORVALTNINGEN:
        return None
    return list(project_role_findings(item, portfolio.organisation))


def run(portfolio: Path | None, item_id: str, output_format: str) -> int:
    loaded = read_portfolio(portfolio)
    item = find_item(loaded, item_id)
    cost, rates = costed(loaded, item)
    roles = role_findings(loaded, item)
    if output_format == "json":
        sys.stdout.write(json.dumps(_as_dict(item, cost, rates, roles), ensure_ascii=False,
                                    indent=2) + "\n")
    else:
        _print_text(item, cost, rates, roles)
    return 0


def _as_dict(item: Behov | Projekt, cost: Kostnad, rates: Schablon,
             roles: list[Finding] | None) -> dict[str, Any]:
    from avoplan.kostnad import freed_value

    hours = item.frigjord_tid_timmar_per_år
    return {
        "id": item.id,
        "titel": item.titel,
        "år": cost.år,
        "rader": [{"post": r.post, "underlag": r.underlag, "kr": r.kr} for r in cost.rader],
        "summa_kr": cost.total,
        "frigjord_tid": None if hours is None else {
            "timmar_per_år": hours,
            "kr_per_timme": rates.frigjord_tid_kr_per_timme,
            "kr_per_år": freed_value(hours, rates),
        },
        "projektroller": None if roles is None else [
            {"nivå": f.severity.value, "regel": f.rule, "fält": f.field or None,
             "meddelande": f.message} for f in roles
        ],
    }


def _print_text(item: Behov | Projekt, cost: Kostnad, rates: Schablon,
                roles: list[Finding] | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    from avoplan.console import out
    from avoplan.kostnad import format_hours, freed_value
    from avoplan.models.projekt import Projekt
    from avoplan.text import format_kr

    table = Table(title=escape(f"Kostnad för {item.id} {item.titel} (schablon {cost.år})"),
                  show_footer=True)
    table.add_column("Post", footer="Summa")
    table.add_column("Underlag")
    table.add_column("Belopp", justify="right", footer=format_kr(cost.total))
    for row in cost.rader:
        table.add_row(escape(row.post), escape(row.underlag), format_kr(row.kr))
    out().print(table)
    hours = item.frigjord_tid_timmar_per_år
    if hours is not None:
        rate = rates.frigjord_tid_kr_per_timme
        out().print(f"Nytta: {format_hours(hours)} frigjord tid per år × {format_kr(rate)}/h = "
                    f"{format_kr(freed_value(hours, rates))} per år.")
    if roles is not None:
        _print_roles(roles)
    elif isinstance(item, Projekt):
        out().print("[dim]Projektrollerna (R14–R18) kontrolleras för aktiva projekt som "
                    "förvaltningen leder.[/]")


def _print_roles(roles: list[Finding]) -> None:
    from rich.markup import escape

    from avoplan.console import out

    if not roles:
        out().print("[green]Projektroller (R14–R18): inga anmärkningar.[/]")
        return
    out().print("Projektroller (R14–R18):")
    colour = {"fel": "red", "varning": "yellow"}
    for finding in roles:
        field = f" {finding.field}:" if finding.field else ""
        label = finding.severity.value
        out().print(f"  [{colour[label]}]{label}[/] {finding.rule}{escape(field)} "
                    f"{escape(finding.message)}")
