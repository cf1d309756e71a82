"""`avoplan history ID`: a need's decisions with the commit that recorded each (R2)."""

from __future__ import annotations

from pathlib import Path

from avoplan import console
from avoplan.git import Version
from avoplan.workspace import Workspace


def run(portfolio: Path | None, item_id: str) -> int:
    from avoplan.git import file_history

    workspace = Workspace.find(portfolio)
    need = workspace.need(item_id)
    org = workspace.organisation()
    recorded = recording_commits(file_history(workspace.item_file(need.id)))
    rows = []
    for index, beslut in enumerate(need.beslut):
        person = org.person(beslut.beslutad_av)
        forum = f" i {beslut.forum}" if beslut.forum else ""
        version = recorded[index] if index < len(recorded) else None
        commit = f"{version.sha[:10]} {version.author_name}" if version else "ej incheckad"
        rows.append((str(index + 1), str(beslut.beslutspunkt or "–"), beslut.datum.isoformat(),
                     f"{beslut.från.value} → {beslut.till.value}",
                     person.namn if person else beslut.beslutad_av, beslut.roll + forum, commit))
    console.table(f"{need.id} {need.titel}: beslut",
                  ("#", "BP", "Datum", "Flytt", "Beslutad av", "Roll och forum", "Commit"), rows)
    if not need.beslut:
        console.line("Inga beslut ännu.")
    return 0


def recording_commits(versions: list[Version]) -> list[Version]:
    """For decision i, the first version whose history has more than i decisions."""
    from avoplan.yaml_io import YamlFileError, parse

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
