"""`avoplan show ID`: one behov or projekt, readable: names instead of ids, hours and
kronor grouped, the cost and the item's current place on the priority list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from avoplan.core.errors import UserError
from avoplan.core.text import format_kr, value_text
from avoplan.ekonomi.kostnad import format_hours, priced
from avoplan.ekonomi.nyttorealisering import goals, latest
from avoplan.models.behov import Behov
from avoplan.models.organisation import Organisation
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt
from avoplan.models.projektstyrning import Riskstatus
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace
from avoplan.workspace.items import Item


def run(portfolio: Path | None, item_id: str, output_format: str = "text") -> int:
    workspace = Workspace.find(portfolio)
    item = workspace.item(item_id)  # names the file, line and field if it is broken
    path = display(workspace.item_file(item_id))
    try:
        loaded = workspace.portfolio()
    except UserError as exc:  # another file is broken: the item itself can still be shown
        console.warning(f"kostnad, mål och plats visas inte: {exc.message}")
        loaded = None
    if output_format == "json":
        console.json(as_dict(item, loaded, path))
        return 0
    rows = [*rows_of(item, workspace.organisation(), loaded), ("Fil", path)]
    console.table(
        f"{item.id} {item.titel}",
        [console.Column("Fält", style="bold"), "Värde"],
        rows,
        show_header=False,
    )
    return 0


def as_dict(item: Item, loaded: Portfolio | None, path: str) -> dict[str, Any]:
    cost = priced(item, loaded.schablon) if loaded else None
    return {
        "id": item.id,
        "typ": "behov" if isinstance(item, Behov) else "projekt",
        "titel": item.titel,
        "fil": path,
        "kostnad_kr": cost.total if cost else None,
        "prioritet": place(item.id, loaded) if loaded else None,
        "fält": item.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
    }


def place(item_id: str, loaded: Portfolio) -> dict[str, Any] | None:
    """Where the item stands on the priority list now: a place, or why it has none."""
    from avoplan.prioritet.ranking import prioritetslista

    try:
        ranked = prioritetslista(loaded)
    except UserError:
        return None
    for placing in ranked.placeringar:
        if placing.id == item_id:
            return {"plats": placing.plats, "av": len(ranked.placeringar)}
    for key, rows in (("utanför", ranked.utanför), ("ej_bedömd", ranked.ej_bedömda)):
        for row_id, _, reason in rows:
            if row_id == item_id:
                return {key: reason}
    return None


def rows_of(item: Item, org: Organisation, loaded: Portfolio | None) -> list[tuple[str, str]]:
    def name(person_id: str | None) -> str:
        person = org.person(person_id or "")
        return f"{person.namn} ({person_id})" if person else (person_id or "–")

    goals = {m.nummer: m.namn for m in loaded.plan.prioriterade_mål} if loaded else {}
    systems = loaded.system if loaded else {}
    hours = item.frigjord_tid_timmar_per_år
    common: list[tuple[str, Any]] = [
        ("Beskrivning", item.beskrivning),
        ("Nytta", item.nytta),
        ("Effekttyp", ", ".join(e.value for e in item.effekttyp)),
        ("Effektomfattning", item.effektomfattning.value if item.effektomfattning else None),
        ("Frigjord tid", f"{format_hours(hours)} per år" if hours is not None else None),
        (
            "Prioriterade mål",
            "; ".join(f"{n}. {goals[n]}" if n in goals else str(n) for n in item.mål),
        ),
        ("System", ", ".join(s.namn if (s := systems.get(i)) else i for i in item.system)),
        ("TID-beroende", _tid_text(item) if isinstance(item, Behov) else None),
        (
            "Befintliga lösningar",
            ", ".join(item.grovsållning.befintliga_lösningar)
            if isinstance(item, Behov) and item.grovsållning
            else None,
        ),
        ("Koppling", _koppling_text(item) if isinstance(item, Behov) else None),
        ("Beroenden", ", ".join(item.beroenden)),
        ("Kostnad", _cost(item, loaded) if loaded else None),
        ("Prioritetslistan", _place_text(place(item.id, loaded)) if loaded else None),
    ]
    return [(label, str(value)) for label, value in _specific(item, org, name) + common if value]


def _tid_text(need: Behov) -> str | None:
    """R33: whether the need depends on TID, and the grovsållning's reason when not."""
    section = need.grovsållning
    if section is None or section.tid_beroende is None:
        return None
    if section.tid_beroende and section.tid_förändring:
        return (
            "ja, en förändring inom TID:s förvaltande uppdrag (beslutas i operativa "
            "styr- och samordningsgruppen)"
        )
    if section.tid_beroende:
        return "ja (beslutas i ID:s organ)"
    return f"nej: {section.tid_undantag}" if section.tid_undantag else "nej"


def _koppling_text(need: Behov) -> str | None:
    """R38: the need's koppling to Digitala hjälpmedel i samverkan och Millenium."""
    if need.kopplingar is None:
        return None
    if not need.kopplingar:
        return "berör inte Digitala hjälpmedel i samverkan eller Millenium"
    return "; ".join(
        f"{k.till.value}: {k.beskrivning}" if k.beskrivning else k.till.value
        for k in need.kopplingar
    )


def _specific(item: Item, org: Organisation, name: Any) -> list[tuple[str, Any]]:
    if isinstance(item, Behov):
        avdelning = org.avdelning(item.avdelning)
        return [
            ("Steg", item.steg.value),
            ("Avdelning", avdelning.namn if avdelning else item.avdelning),
            ("Kontaktperson", name(item.kontaktperson)),
            ("Registrerad", item.registrerad.isoformat() if item.registrerad else None),
            ("Projekt", ", ".join(item.projekt)),
            ("Beslut", f"{len(item.beslut)} (se 'avoplan history {item.id}')"),
        ]
    return [
        ("Status", item.status.value),
        ("Fas", item.fas),
        ("Senaste lägesrapport", _report_text(item)),
        ("Öppna risker", _open_risks(item)),
        ("Typ", item.typ.value),
        ("Klass", item.klass.value if item.klass else None),
        ("Behov", item.behov),
        ("Projektägare", name(item.projektägare)),
        ("Effektägare", name(item.effektägare)),
        ("Projektledare", name(item.projektledare)),
        ("Styrgrupp", ", ".join(name(p) for p in item.styrgrupp)),
        *goal_rows(item),
        ("Uppföljningsansvar", _follow_up(item, name)),
    ]


def _open_risks(project: Projekt) -> str | None:
    count = sum(r.status == Riskstatus.OPPEN for r in project.risker)
    return f"{count} (se 'avoplan render portföljrapport')" if count else None


def _report_text(project: Projekt) -> str | None:
    """R37: the latest lägesrapport, as grön/gul/röd for tid, kostnad and omfattning."""
    if not project.lägesrapporter:
        return None
    last = max(reversed(project.lägesrapporter), key=lambda r: r.datum)
    return (
        f"{last.datum}: tid {last.tid.value}, kostnad {last.kostnad.value}, "
        f"omfattning {last.omfattning.value}"
    )


def _cost(item: Item, loaded: Portfolio) -> str | None:
    cost = priced(item, loaded.schablon)
    if cost is None:
        return None
    return f"{format_kr(cost.total)} (schablon {cost.år}; se 'avoplan kostnad {item.id}')"


def _place_text(found: dict[str, Any] | None) -> str | None:
    if found is None:
        return None
    if "plats" in found:
        return f"plats {found['plats']} av {found['av']} (se 'avoplan prioritet')"
    if "utanför" in found:
        return f"utanför prioriteringen: {found['utanför']}"
    return f"kan inte bedömas ännu: {found['ej_bedömd']}"


def goal_rows(project: Projekt) -> list[tuple[str, Any]]:
    """Each effektmål with its target and latest measurement (issue 16)."""
    rows: list[tuple[str, Any]] = []
    for number, goal in enumerate(goals(project), start=1):
        parts = [goal.beskrivning.rstrip(".")]
        unit = f" {goal.enhet}" if goal.enhet else ""
        if goal.målvärde:
            parts.append(f"mål {value_text(goal.målvärde.värde)}{unit} till {goal.målvärde.datum}")
        last = latest(goal)
        if last:
            parts.append(f"senast mätt {value_text(last.värde)}{unit} ({last.datum})")
        rows.append((f"Effektmål {number}", "; ".join(parts)))
    return rows


def _follow_up(project: Projekt, name: Callable[[str | None], str]) -> str | None:
    owner = project.uppföljningsansvar
    if owner is None or not owner.named:
        return None
    who = name(owner.person) if owner.person else f"förvaltningsobjekt {owner.förvaltningsobjekt}"
    return f"{who} från {owner.från}" if owner.från else who
