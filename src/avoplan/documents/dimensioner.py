"""The plan's four follow-up dimensions (registration in PIOS, complex or simple,
infrastructure or direct benefit, timing): the live initiatives counted by each, the timing
table, and the same in one row per initiative for the city's PIOS tool (`avoplan pios`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from avoplan.documents.base import (
    Column,
    Table,
    avdelning_name,
    number,
    person_name,
    table,
)
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt

Initiativ = Behov | Projekt


def initiatives(portfolio: Portfolio) -> list[Initiativ]:
    """What the portfolio follows up: needs still in the funnel and active projects."""
    needs = [
        n
        for _, n in sorted(portfolio.behov.items())
        if n.steg not in (Steg.BORTSORTERAD, Steg.PROJEKT)
    ]
    projects = [p for _, p in sorted(portfolio.projekt.items()) if p.status.active]
    return [*needs, *projects]


@dataclass(frozen=True)
class Dimension:
    caption: str
    label: str
    value: Callable[[Initiativ], str]


def _pios(item: Initiativ) -> str:
    if item.pios is None:
        return "Ej angivet"
    return "Registrerad" if item.pios else "Inte registrerad"


def _timing(item: Initiativ) -> str:
    if item.beroenden and item.omvärld:
        return "Beroenden och omvärldshändelser"
    if item.beroenden:
        return "Beroenden"
    return "Omvärldshändelser" if item.omvärld else "Inga angivna"


DIMENSIONS = (
    Dimension("PIOS", "Registrering i PIOS", _pios),
    Dimension(
        "Komplexa eller enkla",
        "Komplexitet",
        lambda i: i.komplexitet.label if i.komplexitet else "Ej angivet",
    ),
    Dimension(
        "Infrastruktur eller direkt nytta",
        "Nyttotyp",
        lambda i: i.nyttotyp.label if i.nyttotyp else "Ej angivet",
    ),
    Dimension("Tajming med hänsyn till beroenden och omvärld", "Tajming", _timing),
)


def dimension_tables(portfolio: Portfolio) -> list[Table]:
    items = initiatives(portfolio)
    return [_dimension_table(d, items) for d in DIMENSIONS]


def _dimension_table(dimension: Dimension, items: Sequence[Initiativ]) -> Table:
    counts: dict[str, list[int]] = {}
    for item in items:
        row = counts.setdefault(dimension.value(item), [0, 0])
        row[isinstance(item, Projekt)] += 1
    rows = [
        (value, number(n), number(p), number(n + p)) for value, (n, p) in sorted(counts.items())
    ]
    total_n = sum(n for n, _ in counts.values())
    total_p = sum(p for _, p in counts.values())
    columns: list[Column | str] = [
        dimension.label,
        Column("Behov", numeric=True),
        Column("Projekt", numeric=True),
        Column("Summa", numeric=True),
    ]
    return table(
        f"Portföljen per dimension: {dimension.caption}",
        columns,
        rows,
        [("Summa", number(total_n), number(total_p), number(total_n + total_p))],
    )


def timing_table(portfolio: Portfolio) -> Table:
    rows = [
        (
            f"{item.id} {item.titel}",
            ", ".join(item.beroenden) or "inga",
            "; ".join(f"{e.händelse} ({e.datum})" for e in item.omvärld) or "inga",
        )
        for item in initiatives(portfolio)
        if item.beroenden or item.omvärld
    ]
    return table(
        "Tajming: beroenden och händelser i omvärlden",
        ["Initiativ", "Beror på", "Händelser i omvärlden"],
        rows,
    )


# --- the export for PIOS ---------------------------------------------------------------------

PIOS_COLUMNS = (
    "Id",
    "Titel",
    "Typ",
    "Avdelning",
    "Läge",
    "Registrerad i PIOS",
    "Komplex eller enkel",
    "Infrastruktur eller direkt nytta",
    "Beroenden",
    "Händelser i omvärlden",
    "Start",
    "Slut",
    "Effektägare",
    "Effekttyp",
    "Frigjord tid (h/år)",
)


def pios_rows(portfolio: Portfolio) -> list[tuple[str, ...]]:
    """One row per planned or running initiative with the plan's four follow-up
    dimensions, in words a person can type into the city's PIOS tool."""
    org = portfolio.organisation
    return [
        (
            item.id,
            item.titel,
            "Projekt" if isinstance(item, Projekt) else "Behov",
            avdelning_name(org, item.avdelning),
            _where(item),
            _yes_no(item.pios),
            item.komplexitet.label if item.komplexitet else "",
            item.nyttotyp.label if item.nyttotyp else "",
            ", ".join(item.beroenden),
            "; ".join(f"{e.händelse} ({e.datum})" for e in item.omvärld),
            *_dates(item),
            person_name(org, _effektagare(item)),
            ", ".join(t.label for t in item.effekttyp),
            "" if item.frigjord_tid_timmar_per_år is None else str(item.frigjord_tid_timmar_per_år),
        )
        for item in initiatives(portfolio)
    ]


def _yes_no(value: bool | None) -> str:  # noqa: FBT001 (the value shown, not a flag)
    return "" if value is None else ("Ja" if value else "Nej")


def _where(item: Initiativ) -> str:
    return item.status.label if isinstance(item, Projekt) else item.steg.label


def _dates(item: Initiativ) -> tuple[str, str]:
    if isinstance(item, Projekt):
        return (
            item.start.isoformat() if item.start else "",
            item.slut.isoformat() if item.slut else "",
        )
    return "", ""


def _effektagare(item: Initiativ) -> str | None:
    if isinstance(item, Projekt):
        return item.effektägare
    team = item.klart_för_start.projektorganisation if item.klart_för_start else None
    return team.effektägare if team else None
