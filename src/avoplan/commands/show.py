"""`avoplan show ID`: one behov or projekt, readable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from avoplan import console
from avoplan.documents.uppfoljning import value_text
from avoplan.files import display
from avoplan.models.behov import Behov
from avoplan.models.organisation import Organisation
from avoplan.models.projekt import Projekt
from avoplan.nyttorealisering import goals, latest
from avoplan.workspace import Item, Workspace


def run(portfolio: Path | None, item_id: str) -> int:
    workspace = Workspace.find(portfolio)
    org = workspace.organisation()
    item = workspace.item(item_id)
    rows = [*rows_of(item, org), ("Fil", display(workspace.item_file(item.id)))]
    console.table(f"{item.id} {item.titel}", [console.Column("Fält", style="bold"), "Värde"],
                  rows, show_header=False)
    return 0


def rows_of(item: Item, org: Organisation) -> list[tuple[str, str]]:
    def name(person_id: str | None) -> str:
        person = org.person(person_id or "")
        return f"{person.namn} ({person_id})" if person else (person_id or "–")

    common: list[tuple[str, Any]] = [
        ("Beskrivning", item.beskrivning), ("Nytta", item.nytta),
        ("Effekttyp", ", ".join(e.value for e in item.effekttyp)),
        ("Effektomfattning", item.effektomfattning.value if item.effektomfattning else None),
        ("Frigjord tid", f"{item.frigjord_tid_timmar_per_år} h/år"
         if item.frigjord_tid_timmar_per_år is not None else None),
        ("Prioriterade mål", ", ".join(map(str, item.mål))),
        ("System", ", ".join(item.system)),
        ("Beroenden", ", ".join(item.beroenden)),
    ]
    if isinstance(item, Behov):
        avdelning = org.avdelning(item.avdelning)
        specific: list[tuple[str, Any]] = [
            ("Steg", item.steg.value),
            ("Avdelning", avdelning.namn if avdelning else item.avdelning),
            ("Kontaktperson", name(item.kontaktperson)),
            ("Projekt", ", ".join(item.projekt)),
            ("Beslut", f"{len(item.beslut)} (se 'avoplan history {item.id}')"),
        ]
    else:
        specific = [
            ("Status", item.status.value), ("Typ", item.typ.value),
            ("Klass", item.klass.value if item.klass else None), ("Behov", item.behov),
            ("Projektägare", name(item.projektägare)), ("Effektägare", name(item.effektägare)),
            ("Projektledare", name(item.projektledare)),
            ("Styrgrupp", ", ".join(name(p) for p in item.styrgrupp)),
            *goal_rows(item),
            ("Uppföljningsansvar", _follow_up(item, name)),
        ]
    return [(label, str(value)) for label, value in specific + common if value]


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
