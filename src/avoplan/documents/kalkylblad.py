"""The portfolio as spreadsheets and back: which columns a sheet of behov, projekt, the
priority list or the system register has (Swedish headers, a type per column), and how a
row of an imported behovslista becomes a need's data. No I/O: `sheets.py` reads and
writes the files."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from avoplan.core.errors import UserError
from avoplan.core.text import fold
from avoplan.models.behov import Behov
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt

TEXT, DATUM, KR, HELTAL, TAL, LISTA = "text", "datum", "kr", "heltal", "tal", "lista"


@dataclass(frozen=True)
class Kolumn:
    rubrik: str
    typ: str = TEXT
    fält: str | None = None  # the behov field an imported column fills


@dataclass(frozen=True)
class Blad:
    namn: str
    kolumner: tuple[Kolumn, ...]
    rader: tuple[tuple[Any, ...], ...]


BEHOV_KOLUMNER = (
    Kolumn("Id", fält="id"), Kolumn("Titel", fält="titel"),
    Kolumn("Avdelning", fält="avdelning"), Kolumn("Steg"),
    Kolumn("Kontaktperson", fält="kontaktperson"),
    Kolumn("Registrerad", DATUM, "registrerad"), Kolumn("Beskrivning", fält="beskrivning"),
    Kolumn("Nytta", fält="nytta"), Kolumn("Effekttyp", LISTA, "effekttyp"),
    Kolumn("Effektomfattning", fält="effektomfattning"),
    Kolumn("Frigjord tid (h/år)", HELTAL, "frigjord_tid_timmar_per_år"),
    Kolumn("Prioriterade mål", LISTA, "mål"), Kolumn("System", LISTA, "system"),
    Kolumn("Kostnad (kr)", KR), Kolumn("Senaste beslut", DATUM),
)
EXPORTS = ("behov", "projekt", "prioritet", "system")


def blad(portfolio: Portfolio, what: str) -> Blad:
    makers: dict[str, Callable[[Portfolio], Blad]] = {
        "behov": _behov, "projekt": _projekt, "prioritet": _prioritet, "system": _system}
    return makers[what](portfolio)


def _behov(portfolio: Portfolio) -> Blad:
    org = portfolio.organisation

    def row(need: Behov) -> tuple[Any, ...]:
        unit = org.avdelning(need.avdelning)
        contact = org.person(need.kontaktperson or "")
        return (need.id, need.titel, unit.namn if unit else need.avdelning, need.steg.value,
                contact.namn if contact else need.kontaktperson, need.registrerad,
                need.beskrivning, need.nytta, [e.value for e in need.effekttyp],
                need.effektomfattning.value if need.effektomfattning else None,
                need.frigjord_tid_timmar_per_år, need.mål, need.system,
                _cost(portfolio, need), need.beslut[-1].datum if need.beslut else None)

    return Blad("Behov", BEHOV_KOLUMNER,
                tuple(row(n) for _, n in sorted(portfolio.behov.items())))


def _projekt(portfolio: Portfolio) -> Blad:
    org = portfolio.organisation

    def name(person_id: str | None) -> str | None:
        person = org.person(person_id or "")
        return person.namn if person else person_id

    def row(p: Projekt) -> tuple[Any, ...]:
        unit = org.avdelning(p.avdelning or "")
        return (p.id, p.titel, p.status.value, p.typ.value, p.klass.value if p.klass else None,
                unit.namn if unit else p.avdelning, p.behov, name(p.projektägare),
                name(p.projektledare), p.start, p.slut, _cost(portfolio, p),
                p.budget_kkr * 1000 if p.budget_kkr is not None else None)

    columns = (Kolumn("Id"), Kolumn("Titel"), Kolumn("Status"), Kolumn("Typ"), Kolumn("Klass"),
               Kolumn("Avdelning"), Kolumn("Behov"), Kolumn("Projektägare"),
               Kolumn("Projektledare"), Kolumn("Start", DATUM), Kolumn("Slut", DATUM),
               Kolumn("Kostnad (kr)", KR), Kolumn("Budget (kr)", KR))
    return Blad("Projekt", columns, tuple(row(p) for _, p in sorted(portfolio.projekt.items())))


def _prioritet(portfolio: Portfolio) -> Blad:
    from avoplan.prioritet.ranking import prioritetslista

    ranked = prioritetslista(portfolio)
    columns = (Kolumn("Plats", HELTAL), Kolumn("Id"), Kolumn("Titel"),
               Kolumn("Nytta per år (kr)", KR), Kolumn("Kostnad (kr)", KR),
               Kolumn("Kvot", TAL), Kolumn("Placerad genom beslut"))
    return Blad("Prioritet", columns, tuple(
        (p.plats, p.id, p.titel, p.nytta_kr, p.kostnad_kr, round(p.poäng, 4),
         "ja" if p.manuell else "nej") for p in ranked.placeringar))


def _system(portfolio: Portfolio) -> Blad:
    columns = (Kolumn("Id"), Kolumn("Namn"), Kolumn("Användare", HELTAL), Kolumn("Drift"),
               Kolumn("Tjänsteförvaltning"), Kolumn("Leverantör"), Kolumn("Avtalsansvar"))
    return Blad("System", columns, tuple(
        (s.id, s.namn, s.användare, s.drift.value, "ja" if s.tjänsteförvaltning else "nej",
         s.leverantör, s.avtalsansvar) for _, s in sorted(portfolio.system.items())))


def _cost(portfolio: Portfolio, item: Behov | Projekt) -> int | None:
    from avoplan.ekonomi.kostnad import priced

    cost = priced(item, portfolio.schablon)
    return cost.total if cost else None


# --- import ------------------------------------------------------------------------------

def mapping(headers: Sequence[str], given: Mapping[str, str]) -> dict[int, Kolumn]:
    """Column number -> the behov column it fills: `given` maps a sheet header to a field
    (or to one of our headers); without it, our own export headers are recognised."""
    ours = {fold(k.rubrik): k for k in BEHOV_KOLUMNER if k.fält}
    by_field = {fold(str(k.fält)): k for k in BEHOV_KOLUMNER if k.fält}
    wanted = {fold(h): fold(f) for h, f in given.items()}
    found: dict[int, Kolumn] = {}
    for number, header in enumerate(headers):
        key = fold(str(header or ""))
        target = wanted.get(key, key)
        column = by_field.get(target) or ours.get(target)
        if column is not None:
            found[number] = column
    unknown = [h for h in given if fold(h) not in {fold(str(x or "")) for x in headers}]
    if unknown:
        raise UserError(f"kolumnen {', '.join(unknown)} i --mapping finns inte i bladet",
                        f"bladets rubriker är {', '.join(str(h) for h in headers if h)}")
    if not any(k.fält == "titel" for k in found.values()):
        raise UserError("ingen kolumn för titel", "ange t.ex. --mapping \"Rubrik=titel\"")
    return found


def need_data(cells: Sequence[Any], columns: Mapping[int, Kolumn]) -> dict[str, Any]:
    """One sheet row as a behov's fields (empty cells left out), values in file form."""
    data: dict[str, Any] = {}
    for number, column in columns.items():
        value = cells[number] if number < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        data[str(column.fält)] = _typed(value, column)
    return data


def _typed(value: Any, column: Kolumn) -> Any:
    if column.typ == LISTA:
        parts = value if isinstance(value, list) else str(value).split(",")
        items = [str(p).strip() for p in parts if str(p).strip()]
        return [int(i) if i.isdigit() else i for i in items] if column.fält == "mål" else items
    if column.typ == DATUM and not isinstance(value, date):
        return str(value).strip()
    if column.typ == DATUM and hasattr(value, "date"):
        return value.date()  # Excel stores dates as datetimes
    if column.typ == HELTAL and isinstance(value, float) and value.is_integer():
        return int(value)
    if column.typ == HELTAL and isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value.strip() if isinstance(value, str) else value
