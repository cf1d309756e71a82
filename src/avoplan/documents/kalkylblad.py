"""The portfolio as spreadsheets: which columns a sheet of behov, projekt, the priority
list or the system register has (Swedish headers, a type per column, the field a column
fills when a sheet comes back: `kalkylimport`). No I/O: `sheets.py` writes the files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from avoplan.models.behov import Behov
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt

TEXT, DATUM, KR, HELTAL, TAL, LISTA = "text", "datum", "kr", "heltal", "tal", "lista"
JA_NEJ = "ja/nej"


@dataclass(frozen=True)
class Kolumn:
    rubrik: str
    typ: str = TEXT
    fält: str | None = None  # the field an imported column fills


@dataclass(frozen=True)
class Blad:
    namn: str
    kolumner: tuple[Kolumn, ...]
    rader: tuple[tuple[Any, ...], ...]


BEHOV_KOLUMNER = (
    Kolumn("Id", fält="id"),
    Kolumn("Titel", fält="titel"),
    Kolumn("Avdelning", fält="avdelning"),
    Kolumn("Steg"),
    Kolumn("Kontaktperson", fält="kontaktperson"),
    Kolumn("Registrerad", DATUM, "registrerad"),
    Kolumn("Beskrivning", fält="beskrivning"),
    Kolumn("Nytta", fält="nytta"),
    Kolumn("Effekttyp", LISTA, "effekttyp"),
    Kolumn("Effektomfattning", fält="effektomfattning"),
    Kolumn("Frigjord tid (h/år)", HELTAL, "frigjord_tid_timmar_per_år"),
    Kolumn("Prioriterade mål", LISTA, "mål"),
    Kolumn("System", LISTA, "system"),
    Kolumn("Kostnad (kr)", KR),
    Kolumn("Senaste beslut", DATUM),
)
PROJEKT_KOLUMNER = (
    Kolumn("Id", fält="id"),
    Kolumn("Titel", fält="titel"),
    Kolumn("Status"),
    Kolumn("Typ", fält="typ"),
    Kolumn("Klass", fält="klass"),
    Kolumn("Avdelning", fält="avdelning"),
    Kolumn("Behov"),
    Kolumn("Projektägare", fält="projektägare"),
    Kolumn("Projektledare", fält="projektledare"),
    Kolumn("Start", DATUM, "start"),
    Kolumn("Slut", DATUM, "slut"),
    Kolumn("Kostnad (kr)", KR),
    Kolumn("Budget (kr)", KR, "budget_kkr"),
)
SYSTEM_KOLUMNER = (
    Kolumn("Id", fält="id"),
    Kolumn("Namn", fält="namn"),
    Kolumn("Användare", HELTAL, "användare"),
    Kolumn("Drift", fält="drift"),
    Kolumn("Tjänsteförvaltning", JA_NEJ, "tjänsteförvaltning"),
    Kolumn("Leverantör", fält="leverantör"),
    Kolumn("Avtalsansvar", fält="avtalsansvar"),
)
EXPORTS = ("behov", "projekt", "prioritet", "system")


def blad(portfolio: Portfolio, what: str) -> Blad:
    makers: dict[str, Callable[[Portfolio], Blad]] = {
        "behov": _behov,
        "projekt": _projekt,
        "prioritet": _prioritet,
        "system": _system,
    }
    return makers[what](portfolio)


def _behov(portfolio: Portfolio) -> Blad:
    org = portfolio.organisation

    def row(need: Behov) -> tuple[Any, ...]:
        unit = org.avdelning(need.avdelning)
        contact = org.person(need.kontaktperson or "")
        return (
            need.id,
            need.titel,
            unit.namn if unit else need.avdelning,
            need.steg.value,
            contact.namn if contact else need.kontaktperson,
            need.registrerad,
            need.beskrivning,
            need.nytta,
            [e.value for e in need.effekttyp],
            need.effektomfattning.value if need.effektomfattning else None,
            need.frigjord_tid_timmar_per_år,
            need.mål,
            need.system,
            _cost(portfolio, need),
            need.beslut[-1].datum if need.beslut else None,
        )

    return Blad("Behov", BEHOV_KOLUMNER, tuple(row(n) for _, n in sorted(portfolio.behov.items())))


def _projekt(portfolio: Portfolio) -> Blad:
    org = portfolio.organisation

    def name(person_id: str | None) -> str | None:
        person = org.person(person_id or "")
        return person.namn if person else person_id

    def row(p: Projekt) -> tuple[Any, ...]:
        unit = org.avdelning(p.avdelning or "")
        return (
            p.id,
            p.titel,
            p.status.value,
            p.typ.value,
            p.klass.value if p.klass else None,
            unit.namn if unit else p.avdelning,
            p.behov,
            name(p.projektägare),
            name(p.projektledare),
            p.start,
            p.slut,
            _cost(portfolio, p),
            p.budget_kkr * 1000 if p.budget_kkr is not None else None,
        )

    return Blad(
        "Projekt", PROJEKT_KOLUMNER, tuple(row(p) for _, p in sorted(portfolio.projekt.items()))
    )


def _prioritet(portfolio: Portfolio) -> Blad:
    from avoplan.prioritet.ranking import prioritetslista

    ranked = prioritetslista(portfolio)
    columns = (
        Kolumn("Plats", HELTAL),
        Kolumn("Id"),
        Kolumn("Titel"),
        Kolumn("Nytta per år (kr)", KR),
        Kolumn("Kostnad (kr)", KR),
        Kolumn("Kvot", TAL),
        Kolumn("Placerad genom beslut"),
    )
    return Blad(
        "Prioritet",
        columns,
        tuple(
            (
                p.plats,
                p.id,
                p.titel,
                p.nytta_kr,
                p.kostnad_kr,
                round(p.poäng, 4),
                "ja" if p.manuell else "nej",
            )
            for p in ranked.placeringar
        ),
    )


def _system(portfolio: Portfolio) -> Blad:
    return Blad(
        "System",
        SYSTEM_KOLUMNER,
        tuple(
            (
                s.id,
                s.namn,
                s.användare,
                s.drift.value,
                "ja" if s.tjänsteförvaltning else "nej",
                s.leverantör,
                s.avtalsansvar,
            )
            for _, s in sorted(portfolio.system.items())
        ),
    )


def pios(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Blad:
    """The PIOS follow-up rows (`documents.dimensioner.pios_rows`, text for the CSV) as a
    typed sheet: dates as dates and hours as numbers, as Excel should hold them."""
    types = {"Start": DATUM, "Slut": DATUM, "Frigjord tid (h/år)": HELTAL}
    columns = tuple(Kolumn(h, types.get(h, TEXT)) for h in headers)

    def typed(text: str, column: Kolumn) -> Any:
        if not text or column.typ == TEXT:
            return text or None
        return date.fromisoformat(text) if column.typ == DATUM else int(text)

    return Blad(
        "Initiativ",
        columns,
        tuple(tuple(typed(t, k) for t, k in zip(row, columns, strict=True)) for row in rows),
    )


def _cost(portfolio: Portfolio, item: Behov | Projekt) -> int | None:
    from avoplan.ekonomi.kostnad import priced

    cost = priced(item, portfolio.schablon)
    return cost.total if cost else None
