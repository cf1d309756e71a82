"""A Workspace's decisions and edits: what judging a decision may consult, and recording
an outcome, a measurement, an edit or a new need (minimal edit, atomic write, under the
portfolio lock, optionally committed)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avoplan.core.errors import UserError
from avoplan.models.behov import Behov
from avoplan.models.common import Model
from avoplan.models.effekt import Matning
from avoplan.models.mote import Mote
from avoplan.models.organisation import Organisation
from avoplan.models.portfolio import (
    BEHOV,
    DELEGATIONSORDNING,
    MOTE,
    ORGANISATION,
    PROJEKT,
    FileKind,
    next_id,
    numbered_kind,
)
from avoplan.models.projekt import Projekt
from avoplan.store import edits
from avoplan.store.files import atomic_write_text, display, exclusive_write_text
from avoplan.workspace.checking import Checker
from avoplan.workspace.items import Items, numbered

if TYPE_CHECKING:  # imported when deciding: listing and showing never load the judge
    from avoplan.behovsprocess.fakta import Facts
    from avoplan.behovsprocess.nytt_beslut import Outcome


class Writer:
    """Deciding and recording in one portfolio: reads through `items`, judges each write
    as `checker` would judge the portfolio after it."""

    def __init__(self, items: Items, checker: Checker) -> None:
        self.items, self.checker = items, checker
        self.root = items.root
        self._listed: dict[Path, list[str]] = {}  # see `judge_writes`

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The portfolio lock every writing command holds (see `lock.PortfolioLock`)."""
        from avoplan.workspace.lock import PortfolioLock

        lock = PortfolioLock(self.root)
        with lock.held():
            self._listed = lock.listed
            try:
                yield
            finally:
                self._listed = {}

    def facts(
        self, need: Behov, org: Organisation, when: date | None = None, meeting: Mote | None = None
    ) -> Facts:
        """What judging the next decision on `need` (dated `when`) may consult: the
        organisation in force on that date, and the meeting it names."""
        paths = [self.root / str(PROJEKT.folder) / f"{p}.yaml" for p in need.projekt]
        projects = tuple(self.items.load(p, Projekt) for p in paths if p.is_file())
        previous = need.beslut[-1].datum if need.beslut else None
        if when is not None and org.gäller_från and when < org.gäller_från:
            org = self.items.organisation_on(org, when)
        from avoplan.behovsprocess.fakta import Facts
        from avoplan.behovsprocess.mandat import Context

        return Facts(
            Context(need, org, projects),
            self.items.delegationsordning(),
            need.steg,
            previous,
            today=date.today(),
            meetings={meeting.id: meeting} if meeting else {},
            starts=self._dependency_starts(need),
            tjänstesystem=self._tjanstesystem(need),
        )

    def _tjanstesystem(self, need: Behov) -> dict[str, str]:
        """R33: which of the systems `need` names are under tjänsteförvaltning."""
        from avoplan.models.system import System

        found: dict[str, str] = {}
        for system_id in need.system:
            path = self.root / "system" / f"{system_id}.yaml"
            if path.is_file():
                system = self.items.load(path, System)
                if system.tjänsteförvaltning:
                    found[system.id] = system.namn
        return found

    def _dependency_starts(self, need: Behov) -> dict[str, date | None]:
        """R35: when each need or project `need` depends on started, read file by file."""
        from avoplan.behovsprocess.steg import started_on

        found: dict[str, date | None] = {}
        for dependency in need.beroenden:
            kind = numbered_kind(dependency)
            path = self.root / str(kind.folder) / f"{dependency}.yaml" if kind else None
            if kind is not None and path is not None and path.is_file():
                found[dependency] = started_on(self.items.load(path, kind.model))  # type: ignore[arg-type]
        return found

    def record(
        self,
        need: Behov,
        outcome: Outcome,
        *,
        commit_message: str | None = None,
        project_header: str = "",
    ) -> tuple[list[Path], str | None]:
        """Write the decision (and BP4's new project) under the portfolio lock, refusing
        if the need changed since it was read; with a commit message, commit exactly those
        files, putting every file back if the commit fails."""
        need_file = self.items.item_file(need.id)
        meeting_file = self.items.meeting_file(outcome.beslut.möte) if outcome.beslut.möte else None
        with self.writing():
            for file in (need_file, meeting_file):
                if file is not None:
                    self.items.refuse_if_changed(file)
            if commit_message is not None:
                self._refuse_uncommitted_basis(need)
            writes = self._decision_writes(need, outcome, need_file, project_header)
            if meeting_file is not None:
                writes.update(self._outcome_writes(meeting_file, outcome))
            self.judge_writes(writes)
            before: dict[Path, str | None] = dict.fromkeys(writes)
            before[need_file] = self.items.as_read(need_file)
            if meeting_file is not None:
                before[meeting_file] = self.items.as_read(meeting_file)
            edits.write_all(self.root, writes)
            files = list(writes)
            if commit_message is None:
                return files, None
            with edits.restoring(before):
                from avoplan.git.repo import commit_files

                return files, commit_files(files, commit_message)

    def pending(self, item_id: str) -> bool:
        """Whether the item's file has changes not yet committed (from `set`, say): a
        `--commit` takes them along with the decision or measurement."""
        from avoplan.git.repo import has_uncommitted_changes

        return has_uncommitted_changes(self.items.item_file(item_id))

    def _refuse_uncommitted_basis(self, need: Behov) -> None:
        """The files a decision on `need` is judged against besides its own must be
        committed: otherwise the commit records a decision resting on what it does not
        hold. Other changed files are simply left out of the commit."""
        from avoplan.git.repo import has_uncommitted_changes

        files = [self.root / str(kind.file) for kind in (ORGANISATION, DELEGATIONSORDNING)]
        files += [self.root / str(PROJEKT.folder) / f"{p}.yaml" for p in need.projekt]
        for file in files:
            if file.is_file() and has_uncommitted_changes(file):
                raise UserError(
                    f"{display(file)} har ändringar som inte är incheckade, och "
                    f"beslutet om {need.id} prövas mot den",
                    "checka in eller ångra ändringarna först, eller utelämna --commit",
                )

    def _decision_writes(
        self, need: Behov, outcome: Outcome, need_file: Path, project_header: str
    ) -> dict[Path, str]:
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
                project_file, dump_new(data, project_header.format(need=need.id)), Projekt
            )
        writes[need_file] = edits.decision_text(
            need_file, self.items.as_read(need_file), outcome.beslut, project_id
        )
        return dict(sorted(writes.items(), key=lambda kv: kv[0] == need_file))

    def _outcome_writes(self, meeting_file: Path, outcome: Outcome) -> dict[Path, str]:
        """R31: the protokoll's outcome of the decision's paragraph, when the registrator
        has not written one (the judge refuses a justerat protokoll without one)."""
        from avoplan.store.yaml_edit import edit_text

        beslut = outcome.beslut
        text = self.items.as_read(meeting_file)
        möte = self.items.load(meeting_file, Mote)
        punkt = möte.paragraf(beslut.paragraf or 0)
        if punkt is None or punkt.utfall or möte.justering is not None:
            return {}
        index = möte.dagordning.index(punkt)
        utfall = f"Beslut: {beslut.till.value} (från {beslut.från.value}). {beslut.motivering}"

        def mutate(document: Any) -> None:
            document["dagordning"][index]["utfall"] = utfall

        return {meeting_file: edits.checked_text(meeting_file, edit_text(text, mutate), Mote)}

    def record_measurement(
        self, project: Projekt, number: int, matning: Matning, *, commit_message: str | None = None
    ) -> tuple[Path, str | None]:
        """Append a measurement to effektmål `number` (from 1) of `project`, changing only
        those lines; with a commit message, commit exactly that file (put back if the
        commit fails). Measurements go on after the project has closed."""
        file = self.items.item_file(project.id)
        with self.writing():
            text = file.read_text(encoding="utf-8")
            before: dict[Path, str | None] = {file: text}
            after = edits.measurement_text(file, text, number, matning)
            self.judge_writes({file: after})
            atomic_write_text(file, after)
            if commit_message is None:
                return file, None
            with edits.restoring(before):
                from avoplan.git.repo import commit_files

                return file, commit_files([file], commit_message)

    def edit_item(
        self, item_id: str, changes: dict[edits.FieldPath, Any] | list[tuple[edits.FieldPath, Any]]
    ) -> tuple[Path, str]:
        """Set (or with None remove) fields of a behov or projekt under the portfolio lock,
        changing only the lines they are on; refused before writing when the file would
        not read back valid. Returns the file and its text before the edit."""
        from avoplan.store.yaml_edit import edit_text
        from avoplan.store.yaml_io import read_text

        path = self.items.item_file(item_id)
        model = BEHOV.model if numbered(item_id) is BEHOV else PROJEKT.model
        with self.writing():
            before = read_text(path)

            pairs = list(changes.items()) if isinstance(changes, dict) else changes

            def mutate(document: Any) -> None:
                for field_path, value in pairs:
                    edits.assign(document, field_path, value)

            after = _on_the_lines(before, pairs) or edit_text(before, mutate)
            edits.refuse_invalid(path, after, model)
            if after != before:
                self.judge_writes({path: after})
                atomic_write_text(path, after)
        return path, before

    # --- every write judged as `check` would judge the portfolio after it ---------------

    def judge_writes(self, writes: dict[Path, str]) -> None:
        """Refuse, with the findings `avoplan check` would print, a write (file → its new
        text) after which the portfolio would have an error it does not have now (see
        `judging.WriteJudge`)."""
        from avoplan.workspace.judging import WriteJudge

        # The folders as listed on taking the lock hold until this process writes a file:
        # for the first judge of a lock only.
        listed, self._listed = self._listed, {}
        WriteJudge(self.checker, listed).judge(writes)

    def new_id(self, kind: FileKind, reserved: frozenset[str] = frozenset()) -> str:
        """The next free id: above every id in the folder, on other local branches and
        in `reserved` (ids handed out earlier in the same run)."""
        from avoplan.git.repo import ids_on_branches

        folder = self.root / str(kind.folder)
        taken = {p.stem for p in folder.glob("*.yaml")} | ids_on_branches(self.root, folder)
        return next_id(kind, taken | reserved)

    def create_meeting(self, data: dict[str, Any], header: str) -> Path:
        """Write a new meeting's file (never over an existing one)."""
        from avoplan.store.yaml_edit import dump_new

        path = self.root / str(MOTE.folder) / f"{data['id']}.yaml"
        with self.writing():
            text = edits.checked_text(path, dump_new(data, header), Mote)
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                exclusive_write_text(path, text)
            except FileExistsError:
                raise UserError(
                    f"{display(path)} finns redan", "avoplan skriver aldrig över en fil"
                ) from None
        return path

    def edit_file(
        self, path: Path, model: type[Model], mutate: Callable[[Any], None]
    ) -> tuple[str, str]:
        """Change only the lines `mutate` touches in `path` under the portfolio lock,
        refused before writing when the file would not read back valid, or when it changed
        since this command read it. Returns the text before and after."""
        from avoplan.store.yaml_edit import edit_text

        with self.writing():
            self.items.refuse_if_changed(path)
            before = self.items.as_read(path)
            after = edits.checked_text(path, edit_text(before, mutate), model)
            if after != before:
                atomic_write_text(path, after)
        return before, after

    def create_need_from(self, data: dict[str, Any], header: str) -> Path:
        """Write a new need's file from its fields (never over an existing file)."""
        from avoplan.store.yaml_edit import dump_new

        path = self.root / str(BEHOV.folder) / f"{data['id']}.yaml"
        with self.writing():
            text = edits.checked_text(path, dump_new(data, header), Behov)
            self.judge_writes({path: text})
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                exclusive_write_text(path, text)
            except FileExistsError:
                raise UserError(
                    f"{display(path)} finns redan", "avoplan skriver aldrig över en fil"
                ) from None
        return path

    def create_need(self, text_for: Callable[[str], str]) -> tuple[str, Path]:
        """Register a new need: `text_for(id)` is its file. Under the portfolio lock the
        next free id is taken by creating its file exclusively (never over another's)."""
        with self.writing():
            for _ in range(100):
                need_id = self.new_id(BEHOV)
                path = self.root / str(BEHOV.folder) / f"{need_id}.yaml"
                text = edits.checked_text(
                    path, text_for(need_id), Behov, "mallen gav ett ogiltigt behov"
                )
                self.judge_writes({path: text})
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    exclusive_write_text(path, text)
                except FileExistsError:
                    continue  # made meanwhile by something that does not take the lock
                return need_id, path
        raise UserError("hittar inget ledigt id för behovet", "kör kommandot igen")

    def write_files(self, writes: dict[Path, str], read: dict[Path, str | None]) -> None:
        """Write several files at once under the portfolio lock (journalled, new files
        created exclusively), refusing before writing any if one changed since it was
        read (`read`: each file's text then, None for a file that did not exist)."""
        from avoplan.store.yaml_io import read_text
        from avoplan.store.yaml_problems import YamlFileError

        with self.writing():
            for file, text in read.items():
                try:
                    now = read_text(file) if os.path.lexists(file) else None
                except YamlFileError:
                    now = ""
                if now != text:
                    raise UserError(
                        f"{display(file)} ändrades medan avoplan arbetade; inget har skrivits",
                        "kör kommandot igen",
                    )
            edits.write_all(self.root, writes)


def _on_the_lines(text: str, pairs: list[tuple[edits.FieldPath, Any]]) -> str | None:
    """`set`'s top-level values replaced on the lines (None: ruamel's round trip edits)."""
    from datetime import date as day

    from avoplan.store.yaml_lines import Change, SetValue, edited

    changes: list[Change] = []
    for field_path, value in pairs:
        if len(field_path) != 1 or not isinstance(field_path[0], str):
            return None
        if type(value) not in (str, int, bool, day):  # None removes; lists, Append, Remove
            return None
        changes.append(SetValue(field_path[0], value))
    return edited(text, changes)
