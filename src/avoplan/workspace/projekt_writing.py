"""A Workspace's project records: the projektmodell, a phase decision (R36) and a
lägesrapport (R37), each appended with a minimal edit under the portfolio lock, judged as
`check` would judge the portfolio after it, and optionally committed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avoplan.models.portfolio import PROJEKTMODELL
from avoplan.models.projekt import Projekt
from avoplan.models.projektmodell import Projektmodell
from avoplan.models.projektstyrning import Fasbeslut, Lagesrapport
from avoplan.store import edits
from avoplan.store.files import atomic_write_text
from avoplan.workspace.items import Items
from avoplan.workspace.writing import Writer

if TYPE_CHECKING:
    from avoplan.store.yaml_lines import Change


class ProjectRecords:
    """Recording what happens in a project after beslutspunkt 4: reads through `items`,
    writes under `writer`'s lock, each write judged as check would."""

    def __init__(self, items: Items, writer: Writer) -> None:
        self.items, self.writer = items, writer
        self.root = items.root

    def projektmodell(self) -> Projektmodell:
        """projektmodell.yaml, or an empty model (no phases) when the file is missing."""
        path = self.root / str(PROJEKTMODELL.file)
        return self.items.load(path, Projektmodell) if path.is_file() else Projektmodell()

    def record_phase(
        self,
        project: Projekt,
        beslut: Fasbeslut,
        status: str,
        follow_up: dict[str, Any] | None,
        *,
        commit_message: str | None = None,
    ) -> tuple[Path, str | None]:
        """Move `project` to the decision's phase: `fas` and `status` set, the decision
        appended, and at closing the effektmål handed to `follow_up` (uppföljningsansvar)."""
        row = _plain(beslut.model_dump(mode="python", exclude_none=True, exclude_defaults=True))

        def mutate(document: Any) -> None:
            from avoplan.store.yaml_edit import append_item

            if document.get("status") != status:
                document["status"] = status
            if "fas" in document:
                document["fas"] = beslut.till
            else:
                _insert_after(document, "status", "fas", beslut.till)
            if follow_up is not None:
                document["uppföljningsansvar"] = follow_up
            append_item(document, "fasbeslut", row)

        return self._append_to_project(project, mutate, commit_message)

    def record_report(
        self, project: Projekt, rapport: Lagesrapport, *, commit_message: str | None = None
    ) -> tuple[Path, str | None]:
        """Append a lägesrapport to `project`, changing only the lines it adds."""
        row = _plain(rapport.model_dump(mode="python", exclude_none=True))
        if isinstance(row.get("arbetad_tid_timmar"), float):
            row["arbetad_tid_timmar"] = edits.plain(row["arbetad_tid_timmar"])

        from avoplan.store.yaml_lines import AppendItem

        return self._append_to_project(
            project, [AppendItem(("lägesrapporter",), row)], commit_message
        )

    def _append_to_project(
        self,
        project: Projekt,
        mutate: Callable[[Any], None] | list[Change],
        commit_message: str | None,
    ) -> tuple[Path, str | None]:
        """`mutate` (a change of the round-trip document, or changes that may be made on
        the lines) made to the project's file."""
        from avoplan.store.yaml_edit import edit_text
        from avoplan.store.yaml_lines import edit

        file = self.items.item_file(project.id)
        with self.writer.writing():
            self.items.refuse_if_changed(file)
            before = self.items.as_read(file)
            text = edit(before, mutate) if isinstance(mutate, list) else edit_text(before, mutate)
            after = edits.checked_text(file, text, Projekt)
            self.writer.judge_writes({file: after})
            atomic_write_text(file, after)
            if commit_message is None:
                return file, None
            with edits.restoring({file: before}):
                from avoplan.git.repo import commit_files

                return file, commit_files([file], commit_message)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Enum members as their words, dates as dates: what ruamel writes plainly."""
    return {k: (v.value if hasattr(v, "value") else v) for k, v in row.items()}


def _insert_after(document: Any, key: str, new_key: str, value: object) -> None:
    keys = list(document)
    position = keys.index(key) + 1 if key in keys else len(keys)
    document.insert(position, new_key, value)
