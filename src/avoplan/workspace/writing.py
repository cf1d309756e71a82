"""A Workspace's decisions and edits: what judging a decision may consult, and recording
an outcome, a measurement, an edit or a new need (minimal edit, atomic write, under the
portfolio lock, optionally committed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avoplan.core.errors import UserError
from avoplan.models.behov import Behov
from avoplan.models.effekt import Matning
from avoplan.models.organisation import Organisation
from avoplan.models.portfolio import BEHOV, PROJEKT, FileKind, next_id
from avoplan.models.projekt import Projekt
from avoplan.store import edits
from avoplan.store.files import atomic_write_text, display, exclusive_write_text
from avoplan.workspace.core import Core, numbered

if TYPE_CHECKING:  # imported when deciding: listing and showing never load the judge
    from avoplan.behovsprocess.beslut import Facts, Outcome


class Writing(Core):
    """Deciding and recording."""

    def facts(self, need: Behov, org: Organisation, when: date | None = None) -> Facts:
        """What judging the next decision on `need` (dated `when`) may consult: the
        organisation in force on that date."""
        paths = [self.root / str(PROJEKT.folder) / f"{p}.yaml" for p in need.projekt]
        projects = tuple(self.load(p, Projekt) for p in paths if p.is_file())
        previous = need.beslut[-1].datum if need.beslut else None
        if when is not None and org.gäller_från and when < org.gäller_från:
            org = self._organisation_on(org, when)
        from avoplan.behovsprocess.beslut import Facts
        from avoplan.behovsprocess.mandat import Context

        return Facts(Context(need, org, projects), self.delegationsordning(), need.steg, previous,
                     today=date.today())

    def record(self, need: Behov, outcome: Outcome, *, commit_message: str | None = None,
               project_header: str = "") -> tuple[list[Path], str | None]:
        """Write the decision (and BP4's new project) under the portfolio lock, refusing
        if the need changed since it was read; with a commit message, commit exactly those
        files, putting every file back if the commit fails."""
        need_file = self.item_file(need.id)
        with self.writing():
            self._refuse_if_changed(need_file)
            if commit_message is not None:
                self._refuse_unrelated_changes(need_file)
            writes = self._decision_writes(need, outcome, need_file, project_header)
            before: dict[Path, str | None] = dict.fromkeys(writes)
            before[need_file] = self._read[need_file]
            edits.write_all(self.root, writes)
            files = list(writes)
            if commit_message is None:
                return files, None
            with edits.restoring(before):
                from avoplan.git.repo import commit_files

                return files, commit_files(files, commit_message)

    def _decision_writes(self, need: Behov, outcome: Outcome, need_file: Path,
                         project_header: str) -> dict[Path, str]:
        """The new text of every file a decision writes: the need, and at BP4 the project
        (which goes first, so the need never names a project that does not exist)."""
        from avoplan.behovsprocess.overlamning import project_from_need
        from avoplan.models.common import Steg

        writes: dict[Path, str] = {}
        project_id = None
        if outcome.beslut.till == Steg.PROJEKT:
            from avoplan.store.yaml_edit import dump_new

            project_id = self.new_id(PROJEKT)
            project_file = self.root / str(PROJEKT.folder) / f"{project_id}.yaml"
            data = project_from_need(need, project_id, outcome.beslut.datum)
            writes[project_file] = edits.checked_text(
                project_file, dump_new(data, project_header.format(need=need.id)), Projekt)
        writes[need_file] = edits.decision_text(need_file, self._read[need_file], outcome.beslut,
                                              project_id)
        return dict(sorted(writes.items(), key=lambda kv: kv[0] == need_file))

    def record_measurement(self, project: Projekt, number: int, matning: Matning, *,
                           commit_message: str | None = None) -> tuple[Path, str | None]:
        """Append a measurement to effektmål `number` (from 1) of `project`, changing only
        those lines; with a commit message, commit exactly that file (put back if the
        commit fails). Measurements go on after the project has closed."""
        file = self.item_file(project.id)
        with self.writing():
            if commit_message is not None:
                self._refuse_unrelated_changes(file)
            before: dict[Path, str | None] = {file: file.read_text(encoding="utf-8")}
            edits.record_measurement(file, number, matning)
            if commit_message is None:
                return file, None
            with edits.restoring(before):
                from avoplan.git.repo import commit_files

                return file, commit_files([file], commit_message)

    def edit_item(self, item_id: str, changes: dict[tuple[str, ...], Any]) -> tuple[Path, str]:
        """Set (or with None remove) fields of a behov or projekt under the portfolio lock,
        changing only the lines they are on; refused before writing when the file would
        not read back valid. Returns the file and its text before the edit."""
        from avoplan.store.yaml_edit import edit_text
        from avoplan.store.yaml_io import read_text

        path = self.item_file(item_id)
        model = BEHOV.model if numbered(item_id) is BEHOV else PROJEKT.model
        with self.writing():
            before = read_text(path)

            def mutate(document: Any) -> None:
                for field_path, value in changes.items():
                    edits.assign(document, field_path, value)

            after = edit_text(before, mutate)
            edits.refuse_invalid(path, after, model)
            if after != before:
                atomic_write_text(path, after)
        return path, before

    def new_id(self, kind: FileKind, reserved: frozenset[str] = frozenset()) -> str:
        """The next free id: above every id in the folder, on other local branches and
        in `reserved` (ids handed out earlier in the same run)."""
        from avoplan.git.repo import ids_on_branches

        folder = self.root / str(kind.folder)
        taken = {p.stem for p in folder.glob("*.yaml")} | ids_on_branches(self.root, folder)
        return next_id(kind, taken | reserved)

    def create_need_from(self, data: dict[str, Any], header: str) -> Path:
        """Write a new need's file from its fields (never over an existing file)."""
        from avoplan.store.yaml_edit import dump_new

        path = self.root / str(BEHOV.folder) / f"{data['id']}.yaml"
        with self.writing():
            text = edits.checked_text(path, dump_new(data, header), Behov)
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                exclusive_write_text(path, text)
            except FileExistsError:
                raise UserError(f"{display(path)} finns redan",
                                "avoplan skriver aldrig över en fil") from None
        return path

    def create_need(self, text_for: Callable[[str], str]) -> tuple[str, Path]:
        """Register a new need: `text_for(id)` is its file. Under the portfolio lock the
        next free id is taken by creating its file exclusively (never over another's)."""
        with self.writing():
            for _ in range(100):
                need_id = self.new_id(BEHOV)
                path = self.root / str(BEHOV.folder) / f"{need_id}.yaml"
                text = edits.checked_text(path, text_for(need_id), Behov,
                                     "mallen gav ett ogiltigt behov")
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    exclusive_write_text(path, text)
                except FileExistsError:
                    continue  # made meanwhile by something that does not take the lock
                return need_id, path
        raise UserError("hittar inget ledigt id för behovet", "kör kommandot igen")
