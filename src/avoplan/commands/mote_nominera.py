"""`avoplan möte nominera ID --till FORUM`: nominate a need or project to a forum's next
dagordning, as the beredande månadsmöten do (R31)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from avoplan.core.errors import UserError
from avoplan.models import lookup
from avoplan.models.behov import Behov
from avoplan.models.portfolio import BEHOV, numbered_kind
from avoplan.models.projekt import Projekt
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(
    portfolio: Path | None,
    item_id: str,
    till: str,
    *,
    av: str | None = None,
    datum: date | None = None,
    kommentar: str | None = None,
) -> int:
    from avoplan.store.yaml_edit import append_item

    workspace = Workspace.find(portfolio, writing=True)
    org = workspace.organisation()
    forum = lookup.forum(org, till)
    person = workspace.decider(org, av)
    item = workspace.item(item_id)
    when = datum or date.today()
    if any(n.forum == forum.id and n.datum == when for n in item.nomineringar):
        raise UserError(
            f"{item_id.upper()} är redan nominerat till {forum.namn} {when}",
            "ingenting har ändrats",
        )
    row: dict[str, Any] = {"forum": forum.id, "datum": when, "av": person.id}
    if kommentar:
        row["kommentar"] = kommentar

    def mutate(document: Any) -> None:
        append_item(document, "nomineringar", row, before="beslut")

    path = workspace.item_file(item_id)
    model = Behov if numbered_kind(item_id) is BEHOV else Projekt
    workspace.edit_file(path, model, mutate)
    console.say(f"{item_id.upper()} nominerat till {forum.namn} av {person.namn}, {when}.")
    console.say(f"Skrev {display(path)}")
    return 0
