"""`avoplan show ID`: one behov or projekt, readable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avoplan.items import item_file, kind_of, load_organisation
from avoplan.loader import BEHOV, display, find_portfolio, load_one
from avoplan.models.behov import Behov
from avoplan.models.organisation import Organisation
from avoplan.models.projekt import Projekt
from avoplan.process import STEP_LABEL


def run(portfolio: Path | None, item_id: str) -> int:
    from rich.markup import escape
    from rich.table import Table

    from avoplan.console import out

    root = find_portfolio(portfolio)
    path = item_file(root, item_id)
    org = load_organisation(root)
    item: Behov | Projekt = (load_one(path, Behov) if kind_of(item_id) is BEHOV
                             else load_one(path, Projekt))
    table = Table(title=f"{item.id} {escape(item.titel)}", show_header=False, title_justify="left")
    table.add_column("Fält", style="bold")
    table.add_column("Värde")
    for label, value in rows(item, org):
        table.add_row(label, escape(value))
    table.add_row("Fil", display(path))
    out().print(table)
    return 0


def rows(item: Behov | Projekt, org: Organisation) -> list[tuple[str, str]]:
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
            ("Steg", STEP_LABEL[item.steg]),
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
