"""`avoplan kostnad ID`: the cost of a behov or projekt with the schablon of its year (R20)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avoplan.core.errors import UserError
from avoplan.core.findings import Finding
from avoplan.ekonomi.kostnad import Kostnad, costed, freed_value, price_running
from avoplan.models.portfolio import Portfolio
from avoplan.models.schablon import Schablon
from avoplan.rules.projekt import role_findings
from avoplan.ui import console
from avoplan.workspace.folder import Workspace
from avoplan.workspace.items import Item


def run(portfolio: Path | None, item_id: str, output_format: str) -> int:
    workspace = Workspace.find(portfolio)
    if ":" in item_id:  # a global id: this portfolio's own (ÄVO:BEH-042), or refused
        path = workspace.item_file(item_id)
        if not path.is_relative_to(workspace.root):
            raise UserError(
                f"{item_id.strip()} hör till en annan förvaltning; kostnaden räknas "
                "med dess egna schabloner",
                "kör kommandot i dess portfölj",
            )
        item_id = path.stem
    loaded = workspace.portfolio()
    item = find_item(loaded, item_id)
    cost, rates = costed(loaded.schablon, item)
    running = _running(item, rates)
    roles = role_findings(item, loaded.organisation)
    if output_format == "json":
        data = _as_dict(item, cost, rates, roles)
        data["löpande"] = None if running is None else _rows(running)
        console.json(data)
    else:
        _print_text(item, cost, rates, roles)
        if running is not None:
            _print_running(running)
    return 0


def _running(item: Item, rates: Schablon) -> Kostnad | None:
    """The running cost per year (R38); `costed` has refused one that cannot be priced."""
    running = price_running(item.kostnad, rates) if item.kostnad else None
    return running if isinstance(running, Kostnad) else None


def _rows(cost: Kostnad) -> dict[str, Any]:
    rows = [{"post": r.post, "underlag": r.underlag, "kr": r.kr} for r in cost.rader]
    return {"rader": rows, "summa_kr_per_år": cost.total}


def _print_running(cost: Kostnad) -> None:
    from avoplan.core.text import format_kr

    console.table(
        "Löpande kostnad per år efter driftstart (R38)",
        [
            console.Column("Post", footer="Summa per år"),
            "Underlag",
            console.Column("Belopp", justify="right", footer=format_kr(cost.total)),
        ],
        [(row.post, row.underlag, format_kr(row.kr)) for row in cost.rader],
    )


def find_item(portfolio: Portfolio, item_id: str) -> Item:
    """The behov or projekt with `item_id`, or a UserError that suggests the nearest id."""
    from avoplan.core.errors import UserError
    from avoplan.core.text import did_you_mean
    from avoplan.models.ids import ItemId

    wanted = str(ItemId.parse(item_id))
    item = portfolio.item(wanted)
    if item is not None:
        return item
    path = portfolio.item_path(wanted)
    if path.is_file():  # the file is there but broken: say where
        Workspace(portfolio.root).item(wanted)
    suggestion = did_you_mean(wanted, [*portfolio.behov, *portfolio.projekt])
    hint = f"menade du {suggestion}?" if suggestion else "behov ligger i behov/, projekt i projekt/"
    raise UserError(f"det finns inget behov eller projekt med id '{item_id}'", hint)


def _as_dict(
    item: Item, cost: Kostnad, rates: Schablon, roles: list[Finding] | None
) -> dict[str, Any]:
    hours = item.frigjord_tid_timmar_per_år
    return {
        "id": item.id,
        "titel": item.titel,
        "år": cost.år,
        "rader": [{"post": r.post, "underlag": r.underlag, "kr": r.kr} for r in cost.rader],
        "summa_kr": cost.total,
        "frigjord_tid": None
        if hours is None
        else {
            "timmar_per_år": hours,
            "kr_per_timme": rates.frigjord_tid_kr_per_timme,
            "kr_per_år": freed_value(hours, rates),
        },
        "projektroller": None
        if roles is None
        else [
            {
                "nivå": f.severity.value,
                "regel": f.rule,
                "fält": f.field or None,
                "meddelande": f.message,
            }
            for f in roles
        ],
    }


def _print_text(item: Item, cost: Kostnad, rates: Schablon, roles: list[Finding] | None) -> None:
    from avoplan.core.text import format_kr
    from avoplan.ekonomi.kostnad import format_hours
    from avoplan.models.projekt import Projekt

    console.table(
        f"Kostnad för {item.id} {item.titel} (schablon {cost.år})",
        [
            console.Column("Post", footer="Summa"),
            "Underlag",
            console.Column("Belopp", justify="right", footer=format_kr(cost.total)),
        ],
        [(row.post, row.underlag, format_kr(row.kr)) for row in cost.rader],
    )
    hours = item.frigjord_tid_timmar_per_år
    if hours is not None:
        rate = rates.frigjord_tid_kr_per_timme
        console.line(
            f"Nytta: {format_hours(hours)} frigjord tid per år × {format_kr(rate)}/h = "
            f"{format_kr(freed_value(hours, rates))} per år."
        )
    if roles is not None:
        _print_roles(roles)
    elif isinstance(item, Projekt):
        console.line(
            "Projektrollerna (R14–R18) kontrolleras för aktiva projekt som förvaltningen leder.",
            "dim",
        )


def _print_roles(roles: list[Finding]) -> None:
    if not roles:
        console.line("Projektroller (R14–R18): inga anmärkningar.", "green")
        return
    console.line("Projektroller (R14–R18):")
    colour = {"fel": "red", "varning": "yellow"}
    for finding in roles:
        field = f" {finding.field}:" if finding.field else ""
        label = finding.severity.value
        console.styled(
            ("  ", None),
            (label, colour[label]),
            (f" {finding.rule}{field} {finding.message}", None),
        )
