"""`avoplan show ID`: one behov or projekt, readable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avoplan import console
from avoplan.files import display
from avoplan.models.behov import Behov
from avoplan.models.organisation import Organisation
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
        ]
    return [(label, str(value)) for label, value in specific + common if value]
