"""`avoplan möte närvaro MÖTE --närvarande A,B`: who attended, after the meeting (R31)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avoplan.core.errors import UsageError, UserError
from avoplan.models.mote import Mote
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, möte_id: str, närvarande: list[str]) -> int:
    if not närvarande:
        raise UsageError("närvarande saknas", "ange --närvarande PERSON,PERSON")
    workspace = Workspace.find(portfolio, writing=True)
    org = workspace.organisation()
    people = [workspace.person(org, who).id for who in närvarande]
    path = workspace.meeting_file(möte_id)
    möte = workspace.load(path, Mote)
    if möte.justering is not None:
        raise UserError(
            f"protokollet för mötet {möte.id} justerades {möte.justering.datum} och ändras inte",
            "ingenting har ändrats",
        )

    def mutate(document: Any) -> None:
        document["närvarande"] = people

    workspace.edit_file(path, Mote, mutate)
    console.say(f"Närvarande på mötet {möte.id}: {len(people)} personer.")
    console.say(f"Skrev {display(path)}")
    return 0
