"""The overview of behov and projekt that `list`, `board` and `export` show: one row per
item with names instead of ids and the days it has spent in its current step, plus
search, filters and sorting. Works on plain data (the cache's JSON), so listing 10,000
items needs no validation of unchanged files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from avoplan.models.organisation import Organisation

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})

SORT_KEYS = ("id", "titel", "steg", "avdelning", "dagar", "senaste")


@dataclass(frozen=True, slots=True)
class Rad:
    id: str
    typ: str  # "behov" or "projekt"
    titel: str
    steg: str  # a behov's steg, a projekt's status
    avdelning_id: str
    avdelning: str
    kontakt: str  # kontaktperson (behov) or projektledare (projekt), by name
    registrerad: date | None
    senaste_beslut: date | None
    sedan: date | None  # since when the item is in its current step
    dagar_i_steg: int | None
    beskrivning: str
    frigjord_tid: int | None
    kostnad_år: int | None


def essentials(data: Mapping[str, Any]) -> dict[str, Any]:
    """What `rad` reads of an item's data, and no more: the last decision's date of all
    decisions, the year of the cost estimate. Listing 10,000 items keeps just this."""
    kept = {key: data[key] for key in _READ if key in data}
    if data.get("beslut"):
        kept["beslut"] = [{"datum": data["beslut"][-1]["datum"]}]
    if isinstance(data.get("kostnad"), Mapping):
        kept["kostnad"] = {"år": data["kostnad"].get("år")}
    return kept


_READ = (
    "id",
    "titel",
    "steg",
    "status",
    "avdelning",
    "kontaktperson",
    "projektledare",
    "registrerad",
    "start",
    "beskrivning",
    "frigjord_tid_timmar_per_år",
)


def rader(
    behov: Iterable[Mapping[str, Any]],
    projekt: Iterable[Mapping[str, Any]],
    org: Organisation,
    today: date,
) -> list[Rad]:
    return [
        *(rad(d, "behov", org, today) for d in behov),
        *(rad(d, "projekt", org, today) for d in projekt),
    ]


def rad(data: Mapping[str, Any], typ: str, org: Organisation, today: date) -> Rad:
    decisions = data.get("beslut") or []
    last = _date(decisions[-1]["datum"]) if decisions else None
    registered = _date(data.get("registrerad"))
    since = last or (_date(data.get("start")) if typ == "projekt" else None) or registered
    unit_id = data.get("avdelning") or ""
    unit = org.avdelning(unit_id)
    contact = data.get("kontaktperson") if typ == "behov" else data.get("projektledare")
    person = org.person(contact or "")
    return Rad(
        id=data["id"],
        typ=typ,
        titel=data["titel"],
        steg=data.get("steg", "insamling") if typ == "behov" else data.get("status", "planerad"),
        avdelning_id=unit_id,
        avdelning=unit.namn if unit else unit_id,
        kontakt=person.namn if person else (contact or ""),
        registrerad=registered,
        senaste_beslut=last,
        sedan=since,
        dagar_i_steg=(today - since).days if since else None,
        beskrivning=data.get("beskrivning") or "",
        frigjord_tid=data.get("frigjord_tid_timmar_per_år"),
        kostnad_år=(data.get("kostnad") or {}).get("år"),
    )


def searchable(text: str) -> str:
    """Lower case with å ä ö as a a o, so 'hemtjanst' finds 'Hemtjänst'."""
    return text.casefold().translate(_FOLD)


def matches(
    row: Rad,
    *,
    steg: str | None = None,
    avdelning: str | None = None,
    search: str | None = None,
    stale: int | None = None,
) -> bool:
    if steg is not None and row.steg != steg:
        return False
    if avdelning is not None and row.avdelning_id != avdelning:
        return False
    if stale is not None and (
        not waiting(row) or row.dagar_i_steg is None or row.dagar_i_steg < stale
    ):
        return False
    return search is None or searchable(search) in searchable(f"{row.titel}\n{row.beskrivning}")


# Where an item waits for a decision: a need in one of Behovsprocessen's four steps, a
# project not yet started or paused. Sorted out, handed over, running or closed items have
# left the queue, however long ago that was.
WAITING = {
    "behov": {"insamling", "grovsållning", "beredning", "klart för start"},
    "projekt": {"planerad", "pausad"},
}


def waiting(row: Rad) -> bool:
    return row.steg in WAITING[row.typ]


def sort(rows: list[Rad], key: str) -> list[Rad]:
    """Rows by `key` (one of SORT_KEYS); id breaks ties. Days and latest decision put the
    oldest first: what has waited longest is what a reader looks for."""
    by_id = sorted(rows, key=lambda r: (r.typ, r.id))
    if key == "id":
        return by_id
    if key == "dagar":
        return sorted(by_id, key=lambda r: -(r.dagar_i_steg or -1))
    if key == "senaste":
        return sorted(by_id, key=lambda r: r.senaste_beslut or date.min)
    return sorted(by_id, key=lambda r: searchable(str(getattr(r, key))))


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
