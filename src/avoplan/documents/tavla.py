"""The board (`avoplan board`, `render board`): the needs of the funnel in one column per
step with the days each has spent in its step, those standing still marked, and per
forum what awaits its decision at the next beslutspunkt (delegationsordningen)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from avoplan.documents.base import Source, Table, avdelning_name, capitalised, meta, table
from avoplan.documents.dagordning import awaiting_each, priority_places
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.portfolio import Portfolio

STEPS = (Steg.INSAMLING, Steg.GROVSALLNING, Steg.BEREDNING, Steg.KLART_FOR_START)
STALE_DAYS = 90  # a quarter without a decision: worth asking why
AVDELNINGSCHEF = "Avdelningschefen (BP1, avstämning i forum)"


@dataclass(frozen=True)
class Kort:
    id: str
    titel: str
    avdelning: str
    dagar: int | None
    stilla: bool

    @property
    def etikett(self) -> str:
        """'Hemtjänst, 12 dagar' and, when it stands still, ' (står still)'."""
        days = f", {self.dagar} dagar" if self.dagar is not None else ""
        return f"{self.avdelning}{days}{' (står still)' if self.stilla else ''}"


@dataclass(frozen=True)
class Kolumn:
    steg: str
    kort: tuple[Kort, ...]


@dataclass(frozen=True)
class Tavla:
    kolumner: tuple[Kolumn, ...]
    att_besluta: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...]
    stale_days: int


def tavla(
    portfolio: Portfolio,
    today: date,
    stale_days: int = STALE_DAYS,
    places: Mapping[str, int] | None = None,
) -> Tavla:
    """`places`: each item's place on the priority list, when the caller has it (the
    site), so the list is not made again for every forum."""
    if places is None:
        places = priority_places(portfolio)
    org = portfolio.organisation
    cards: dict[Steg, list[Kort]] = {step: [] for step in STEPS}
    for _, need in sorted(portfolio.behov.items()):
        if need.steg in cards:
            days = days_in_step(need, today)
            cards[need.steg].append(
                Kort(
                    need.id,
                    need.titel,
                    avdelning_name(org, need.avdelning),
                    days,
                    days is not None and days >= stale_days,
                )
            )
    columns = tuple(
        Kolumn(capitalised(step.value), tuple(sorted(cards[step], key=lambda k: -(k.dagar or 0))))
        for step in STEPS
    )
    # R4: "Avdelningschef beslutar ... Avstämning sker i lokalt utvecklingsteam alternativt
    # i operativa styr och samordningsgruppen": BP1 is listed under the chef, not a forum.
    bp1 = tuple(
        (need.id, need.titel, capitalised(need.steg.value), "BP1")
        for _, need in sorted(portfolio.behov.items())
        if need.steg == Steg.INSAMLING
    )
    agenda = [(AVDELNINGSCHEF, bp1)]
    each = awaiting_each(portfolio, org.forum, places)
    for forum in org.forum:
        rows = tuple(
            (
                need.id,
                need.titel,
                capitalised(need.steg.value),
                f"BP{move.beslutspunkt}" if move.beslutspunkt else "återinträde",
            )
            for need, move, _ in each[forum.id]
        )
        agenda.append((forum.namn, rows))
    return Tavla(columns, tuple(agenda), stale_days)


def days_in_step(need: Behov, today: date) -> int | None:
    """Days since the decision that brought the need to its step, or since it was
    registered when it has none."""
    since = need.beslut[-1].datum if need.beslut else need.registrerad
    return (today - since).days if since else None


def build(source: Source) -> dict[str, Any]:
    board = tavla(source.portfolio, source.portfolio.today)
    return {
        "titel": "Tavla: behov per steg i Behovsprocessen",
        "meta": meta(source),
        "tavla": board,
        "forum": [(name, forum_table(name, rows)) for name, rows in board.att_besluta],
    }


def forum_table(name: str, rows: tuple[tuple[str, str, str, str], ...]) -> Table:
    caption = (
        "Att besluta av avdelningschefen (BP1; avstämning i lokalt utvecklingsteam "
        "eller operativa styr- och samordningsgruppen)"
        if name == AVDELNINGSCHEF
        else f"Att besluta i {name}"
    )
    return table(
        caption, ["Behov", "Steg", "Beslutspunkt"], [(f"{i} {t}", s, p) for i, t, s, p in rows]
    )
