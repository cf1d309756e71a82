"""`avoplan möte justera MÖTE --justerare A`: the protokoll justerat; from then on the
meeting's file is never edited (R31; `verify` reports an edit)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from avoplan.core.errors import UserError
from avoplan.models.mote import Mote, Punkttyp
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(
    portfolio: Path | None, möte_id: str, justerare: list[str], *, datum: date | None = None
) -> int:
    workspace = Workspace.find(portfolio, writing=True)
    org = workspace.organisation()
    path = workspace.meeting_file(möte_id)
    möte = workspace.load(path, Mote)
    if möte.justering is not None:
        raise UserError(
            f"protokollet för mötet {möte.id} justerades redan "
            f"{möte.justering.datum} och ändras inte",
            "ingenting har ändrats",
        )
    if not möte.närvarande:
        raise UserError(
            f"närvaron på mötet {möte.id} är inte registrerad",
            "registrera den först med 'avoplan möte närvaro'",
        )
    people = [workspace.person(org, who).id for who in justerare] or [
        p for p in (möte.ordförande,) if p
    ]
    when = datum or date.today()
    if when < möte.datum:
        raise UserError(
            f"justeringen ({when}) kan inte ske före mötet ({möte.datum})", "ange --datum"
        )

    def mutate(document: Any) -> None:
        document["justering"] = {"datum": when, "justerare": people}

    workspace.edit_file(path, Mote, mutate)
    for punkt in möte.dagordning:
        if punkt.typ == Punkttyp.BESLUT and not punkt.utfall:
            console.warning(
                f"R31 § {punkt.nummer} ({punkt.rubrik}) har inget utfall i "
                "protokollet; beslut kan inte längre registreras på den"
            )
    console.say(f"Protokollet för mötet {möte.id} är justerat {when} av {', '.join(people)}.")
    console.say(f"Skrev {display(path)}")
    return 0
