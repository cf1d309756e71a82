"""`avoplan möte ny FORUM --datum D`: a meeting's file with its dagordning drafted from
what awaits the forum (R31)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from avoplan.models import lookup
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

HEADER = (
    "Möte i {forum}. Dagordningen är ett utkast från 'avoplan möte ny': ändra,\n"
    "lägg till eller stryk punkter före mötet. Fyll i närvarande med 'avoplan möte "
    "närvaro'\noch justera protokollet med 'avoplan möte justera'; därefter ändras "
    "filen inte."
)


def run(
    portfolio: Path | None,
    forum_word: str,
    datum: date,
    *,
    tid: str | None = None,
    plats: str | None = None,
) -> int:
    from avoplan.documents.dagordning import draft

    workspace = Workspace.find(portfolio, writing=True)
    loaded = workspace.checked_portfolio()
    forum = lookup.forum(loaded.organisation, forum_word)
    data = draft(loaded, forum, datum, tid=tid, plats=plats)
    path = workspace.create_meeting(data, HEADER.format(forum=forum.namn))
    decisions = sum(1 for p in data["dagordning"] if p.get("typ") == "beslut")
    console.say(
        f"Möte {data['id']} i {forum.namn} {datum}: {len(data['dagordning'])} "
        f"punkter, varav {decisions} beslutsärenden."
    )
    console.say(f"Skrev {display(path)}")
    return 0
