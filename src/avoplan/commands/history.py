"""`avoplan history ID`: a need's decisions with the commit that recorded each (R2)."""

from __future__ import annotations

from pathlib import Path

from avoplan.git import Version
from avoplan.items import item_file, load_need, load_organisation
from avoplan.loader import find_portfolio
from avoplan.process import STEP_LABEL


def run(portfolio: Path | None, item_id: str) -> int:
    from rich.markup import escape
    from rich.table import Table

    from avoplan.console import out
    from avoplan.git import file_history

    root = find_portfolio(portfolio)
    need = load_need(root, item_id)
    org = load_organisation(root)
    recorded = recording_commits(file_history(item_file(root, need.id)))
    table = Table(title=f"{need.id} {escape(need.titel)}: beslut", title_justify="left")
    for heading in ("#", "BP", "Datum", "Flytt", "Beslutad av", "Roll och forum", "Commit"):
        table.add_column(heading)
    for index, beslut in enumerate(need.beslut):
        person = org.person(beslut.beslutad_av)
        forum = f" i {beslut.forum}" if beslut.forum else ""
        version = recorded[index] if index < len(recorded) else None
        commit = f"{version.sha[:10]} {version.author_name}" if version else "ej incheckad"
        table.add_row(str(index + 1), str(beslut.beslutspunkt or "–"), beslut.datum.isoformat(),
                      f"{STEP_LABEL[beslut.från]} → {STEP_LABEL[beslut.till]}",
                      escape(person.namn if person else beslut.beslutad_av),
                      escape(beslut.roll + forum), commit)
    out().print(table)
    if not need.beslut:
        out().print("Inga beslut ännu.")
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
