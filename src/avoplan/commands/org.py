"""`avoplan org`: who is who, with the ids other commands ask for: people and their roles,
forums and avdelningar (text or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avoplan.models.organisation import Organisation
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, output_format: str) -> int:
    org = Workspace.find(portfolio).organisation()
    if output_format == "json":
        console.json(as_dict(org))
    else:
        _print_text(org)
    return 0


def as_dict(org: Organisation) -> dict[str, Any]:
    return {
        "avdelningar": [
            {
                "id": a.id,
                "namn": a.namn,
                "avdelningschef": a.avdelningschef,
                "utförande": a.utförande,
            }
            for a in org.avdelningar
        ],
        "forum": [
            {
                "id": f.id,
                "namn": f.namn,
                "typ": f.typ.value,
                "ordförande": f.ordförande,
                "ledamöter": f.ledamöter,
            }
            for f in org.forum
        ],
        "personer": [
            {
                "id": p.id,
                "namn": p.namn,
                "epost": p.epost,
                "avdelning": p.avdelning,
                "titel": p.titel,
                "roller": p.roller,
            }
            for p in org.personer
        ],
        "roller": roles(org),
    }


def roles(org: Organisation) -> dict[str, list[str]]:
    """Each role named in organisation.yaml and the ids of the people who hold it."""
    found: dict[str, list[str]] = {}
    for person in org.personer:
        for role in person.roller:
            found.setdefault(role, []).append(person.id)
    return dict(sorted(found.items()))


def _print_text(org: Organisation) -> None:
    def name(person_id: str | None) -> str:
        person = org.person(person_id or "")
        return person.namn if person else (person_id or "–")

    console.table(
        "Avdelningar",
        (console.Column("Id", wrap=False), "Namn", "Avdelningschef"),
        [(a.id, a.namn, name(a.avdelningschef)) for a in org.avdelningar],
    )
    console.table(
        "Forum",
        (console.Column("Id", wrap=False), "Namn", "Ordförande", "Ledamöter"),
        [(f.id, f.namn, name(f.ordförande), str(len(f.members()))) for f in org.forum],
    )
    key = console.Column("Id", wrap=False)

    def unit(unit_id: str | None) -> str:
        found = org.avdelning(unit_id or "")
        return found.namn if found else (unit_id or "–")

    # The e-post under the name: side by side, the two leave too little room at 80 columns.
    console.table(
        "Personer",
        (key, console.Column("Namn, e-post", wrap=False), "Avdelning, roller"),
        [
            (
                p.id,
                f"{p.namn}\n{p.epost}",
                unit(p.avdelning) + ("\n" + ", ".join(p.roller) if p.roller else ""),
            )
            for p in org.personer
        ],
    )
    console.line(
        "Ange en person, avdelning eller ett forum med id, e-post, hela namnet "
        "eller en entydig början av det.",
        "dim",
    )
