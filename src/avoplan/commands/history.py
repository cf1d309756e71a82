"""`avoplan history ID`: a need's decisions with the commit that recorded each (R2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avoplan.git.repo import Version
from avoplan.models.initiativ import Beslut
from avoplan.models.organisation import Organisation
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, item_id: str, output_format: str = "text") -> int:
    from avoplan.git.repo import file_history

    workspace = Workspace.find(portfolio)
    need = workspace.need(item_id)
    org = workspace.organisation()
    recorded = recording_commits(file_history(workspace.item_file(item_id)))
    entries = [_entry(index, beslut, org, recorded) for index, beslut in enumerate(need.beslut)]
    if output_format == "json":
        console.json(
            {"id": need.id, "titel": need.titel, "steg": need.steg.value, "beslut": entries}
        )
        return 0
    rows = [
        (
            str(e["beslutspunkt"] or "–"),
            f"{e['datum']}\n{_protocol(e)}".strip(),
            f"{e['från']} → {e['till']}",
            f"{e['beslutad_av_namn'] or e['beslutad_av']}\n{e['roll']}",
            e["forum_namn"] or "–",
            e["commit"][:10] if e["commit"] else "ej incheckad",
        )
        for e in entries
    ]
    # Six columns, so 80 characters hold every date, step and commit whole.
    console.table(
        f"{need.id} {need.titel}: beslut",
        (
            console.Column("BP", wrap=False),
            console.Column("Datum,\nprotokoll", wrap=False),
            "Flytt",
            "Beslutad av, roll",
            "Forum",
            "Commit",
        ),
        rows,
    )
    if not need.beslut:
        console.line("Inga beslut ännu.")
    return 0


def _entry(
    index: int, beslut: Beslut, org: Organisation, recorded: list[Version]
) -> dict[str, Any]:
    person = org.person(beslut.beslutad_av)
    forum = org.forum_by_id(beslut.forum) if beslut.forum else None
    version = recorded[index] if index < len(recorded) else None
    return {
        "nummer": index + 1,
        "beslutspunkt": beslut.beslutspunkt,
        "datum": beslut.datum.isoformat(),
        "från": beslut.från.value,
        "till": beslut.till.value,
        "beslutad_av": beslut.beslutad_av,
        "beslutad_av_namn": person.namn if person else None,
        "roll": beslut.roll,
        "forum": beslut.forum,
        "forum_namn": forum.namn if forum else beslut.forum,
        "protokoll": beslut.protokoll,
        "motivering": beslut.motivering,
        "möte": beslut.möte,
        "paragraf": beslut.paragraf,
        # R31: a body's decision from before meetings were files stays valid, marked.
        "utan_mötesfil": beslut.möte is None and bool(beslut.deltagare),
        "commit": version.sha if version else None,
        "commit_av": version.author_name if version else None,
    }


def _protocol(entry: dict[str, Any]) -> str:
    if entry["möte"]:
        return f"{entry['möte']} § {entry['paragraf']}"
    text = entry["protokoll"] or "–"
    return f"{text} (utan mötesfil)" if entry["utan_mötesfil"] else text


def recording_commits(versions: list[Version]) -> list[Version]:
    """For decision i, the first version whose history has more than i decisions."""
    from avoplan.store.yaml_io import parse
    from avoplan.store.yaml_problems import YamlFileError

    found: list[Version] = []
    for version in versions:
        try:
            data = parse(version.text)
        except YamlFileError:
            continue
        count = len(data.get("beslut") or []) if isinstance(data, dict) else 0
        while len(found) < count:
            found.append(version)
    return found
