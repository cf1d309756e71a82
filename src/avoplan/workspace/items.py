"""One portfolio folder read one item at a time: finding the folder, a file as a model
(behov, projekt, möte, the organisation and its earlier versions), an id as typed (local or
another member's), and the federation as far as reading needs it. The fast paths (advance,
show, history, new) read through this, and it remembers the text of every file it read,
so a write can refuse a file changed since (`refuse_if_changed`). One part of a Workspace
(`folder.Workspace`); the others are given this reader.
"""

from __future__ import annotations

import contextlib
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from avoplan.core.errors import UsageError, UserError
from avoplan.core.text import did_you_mean, fold
from avoplan.models.behov import Behov
from avoplan.models.delegation import Delegationsordning
from avoplan.models.federation import Federation
from avoplan.models.ids import ItemId
from avoplan.models.mote import Mote
from avoplan.models.organisation import Organisation, Person
from avoplan.models.plan import Plan
from avoplan.models.portfolio import (
    BEHOV,
    DELEGATIONSORDNING,
    FEDERATION,
    MOTE,
    ORGANISATION,
    PLAN,
    PROJEKT,
    SYSTEM,
    FileKind,
    numbered_kind,
)
from avoplan.models.projekt import Projekt
from avoplan.models.system import System
from avoplan.store.files import (
    display,
    is_embedded,
    is_installed_copy,
)
from avoplan.store.loader import model_from_text
from avoplan.ui.findings_output import first_line

if TYPE_CHECKING:  # imported when deciding: listing and showing never load the judge
    from avoplan.store.cache.federation import Copies

KEYS = "nycklar"  # public SSH keys, nycklar/<person-id>.pub, for signed decisions
M = TypeVar("M", bound=BaseModel)
Item = Behov | Projekt


class Items:
    """One portfolio folder, read one file or item at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._read: dict[Path, str] = {}  # text of each file as loaded: compared before a write
        # Each file's model as last loaded, with its text: the same text is not validated
        # again (a write's judge reads the organisation the command has just read).
        self._models: dict[tuple[Path, type], tuple[str, Any]] = {}
        self._writing = False  # a writing command: another member's items are not its own
        self._copies: Copies | None = None

    def for_writing(self) -> None:
        """Read for a writing command: refused for the installed portfolio, and another
        member's items are not this command's to change."""
        self._writing = True
        if is_installed_copy(self.root):
            raise UsageError(
                f"{self.root} är den inbyggda ÄVO-portföljen i avoplans "
                "installation och ändras aldrig",
                "skapa en egen portfölj med 'avoplan init MAPP'",
            )

    @property
    def embedded(self) -> bool:
        return is_embedded(self.root)

    # --- the federation, as check reads it ---------------------------------------------

    def federation(self) -> Federation:
        """federation.yaml, or an empty federation when the portfolio has none."""
        path = self.root / str(FEDERATION.file)
        return self.load(path, Federation) if path.is_file() else Federation()

    def home_code(self) -> str | None:
        """This portfolio's short code in its federation (ÄVO), None outside one."""
        return self.federation().hem

    @property
    def federation_cache(self) -> Path:
        from avoplan.store.cache.places import FEDERATION_FOLDER, cache_dir

        return cache_dir(self.root) / FEDERATION_FOLDER

    def federation_copies(self) -> Copies:
        """The members' synced copies; what a member holds that is not read (a link, a
        file too large) is said once, as a warning naming the member."""
        copies = self._copies
        if copies is None:
            from avoplan.store.cache.federation import Copies
            from avoplan.ui import console

            said: set[str] = set()

            def warn(message: str) -> None:
                if message not in said:
                    said.add(message)
                    console.warning(message)

            def name(code: str) -> str:
                member = self.federation().member(code)
                return member.namn if member else code

            # absolute: git runs in the copies' folders, whatever --portfolio was relative to
            copies = Copies(self.federation_cache.absolute(), warn, name)
            self._copies = copies
        return copies

    def sync_state(self) -> dict[str, Any] | None:
        from avoplan.store.cache.places import SYNC_STATE

        if not (self.federation_cache / SYNC_STATE).is_file():  # never synced: nothing to load
            return None
        return self.federation_copies().state()

    def federation_ids(self) -> dict[str, frozenset[str]] | None:
        """Every synced member's behov and projekt ids, None before the first sync."""
        if self.sync_state() is None:
            return None
        copies = self.federation_copies()
        return {code: copies.ids(code, sha) for code, sha in copies.synced().items()}

    def federation_units(self) -> dict[str, frozenset[str]] | None:
        """Every synced member's avdelningar, None before the first sync."""
        if self.sync_state() is None:
            return None
        copies = self.federation_copies()
        return {code: copies.units(code, sha) for code, sha in copies.synced().items()}

    def item_path(self, item_id: str | ItemId) -> Path:
        """Where a behov's or projekt's file is (whether or not it exists)."""
        wanted = ItemId.parse(item_id)
        kind = numbered(wanted.typed)
        return self.root / str(kind.folder) / f"{wanted.local}.yaml"

    # --- one item at a time (fast paths: advance, show, history, new) --------------------

    def load(self, path: Path, model: type[M]) -> M:
        """One file as a model, or a UserError naming file, line and field."""
        from avoplan.store.yaml_io import read_text
        from avoplan.store.yaml_problems import YamlFileError

        if not os.path.lexists(path):
            raise UserError(f"{display(path)} finns inte")
        try:
            text = read_text(path)
        except YamlFileError as exc:
            raise UserError(f"{display(path)}:{exc.line}: {exc.message}", exc.hint) from None
        self._read[path] = text
        remembered = self._models.get((path, model))
        if remembered is not None and remembered[0] == text:
            return remembered[1]  # type: ignore[no-any-return]
        instance, _, findings = model_from_text(text, path, model)
        if instance is None:
            raise UserError(first_line(findings), "kör 'avoplan check' för alla fel")
        self._models[(path, model)] = (text, instance)
        return instance

    def as_read(self, path: Path) -> str:
        """The text of `path` as this command read it (`load`, `refuse_if_changed`)."""
        return self._read[path]

    def refuse_if_changed(self, file: Path) -> None:
        """Compare before write: a file changed since this command read it (another
        avoplan, an editor, a git checkout) is never overwritten with a stale edit."""
        from avoplan.store.yaml_io import read_text
        from avoplan.store.yaml_problems import YamlFileError

        try:
            now = read_text(file)
        except YamlFileError:
            now = None
        if file not in self._read and now is not None:
            self._read[file] = now  # not read before: what is there now is what is edited
        if now != self._read.get(file):
            raise UserError(
                f"{display(file)} ändrades medan avoplan arbetade; inget har skrivits",
                "kör kommandot igen",
            )

    def organisation(self) -> Organisation:
        return self.load(self.root / str(ORGANISATION.file), Organisation)

    def plan(self) -> Plan:
        return self.load(self.root / str(PLAN.file), Plan)

    def systems(self) -> list[tuple[str, str]]:
        """(id, namn) of every readable system, for choosing from."""
        found = []
        for path in sorted(self.root.glob(SYSTEM.glob)):
            with contextlib.suppress(UserError):
                system = self.load(path, System)
                found.append((system.id, system.namn))
        return found

    def delegationsordning(self) -> Delegationsordning:
        return self.load(self.root / str(DELEGATIONSORDNING.file), Delegationsordning)

    def item_file(self, item_id: str | ItemId) -> Path:
        """The file of a behov or projekt, or a UserError with the closest existing id. A
        global id (ÄVO:BEH-042) is this portfolio's own item when ÄVO is its code, else
        the synced member's (read only)."""
        typed = ItemId.parse(item_id)
        root, wanted = self._home_of(typed)
        kind = numbered(wanted)
        path = root / str(kind.folder) / f"{wanted}.yaml"
        if not _exists(path):
            existing = [p.stem for p in (root / str(kind.folder)).glob("*.yaml")]
            close = did_you_mean(wanted, existing)
            shown = typed.typed if root != self.root else wanted
            raise UserError(
                f"{shown} finns inte i {display(root / str(kind.folder))}",
                f"menade du {close}?" if close else "lista behov med 'avoplan list'",
            )
        return path

    def _home_of(self, item_id: ItemId) -> tuple[Path, str]:
        """(the portfolio folder, the local id) of an id as typed, global or local."""
        code, local = item_id.member, item_id.local
        if code is None:
            return self.root, local
        federation = self.federation()
        member = federation.member(code)
        if member is None:
            known = ", ".join(m.kod for m in federation.medlemmar) or "inga"
            raise UserError(
                f"'{item_id.typed}': {code} är ingen medlem i federationen",
                f"medlemmarna i federation.yaml: {known}",
            )
        if federation.hem is not None and fold(member.kod) == fold(federation.hem):
            return self.root, local
        if self._writing:
            raise UserError(
                f"{item_id.typed} hör till {member.namn} ({member.kod}); avoplan "
                "ändrar bara den egna portföljen",
                f"ändringen görs i {member.namn}s portfölj",
            )
        sha = self.federation_copies().synced().get(member.kod)
        if sha is None:
            raise UserError(
                f"{item_id.typed} kan inte visas: {member.namn} ({member.kod}) är inte synkad",
                "kör 'avoplan federation sync'",
            )
        return self.federation_copies().files(member.kod, sha), local

    def meeting_file(self, möte_id: str) -> Path:
        """The file of a meeting in möten/, or a UserError with the closest existing id."""
        folder = self.root / str(MOTE.folder)
        wanted = möte_id.strip()
        path = folder / f"{wanted}.yaml"
        if not _exists(path):
            close = did_you_mean(wanted, [p.stem for p in folder.glob("*.yaml")])
            raise UserError(
                f"mötet {wanted} finns inte i {display(folder)}",
                f"menade du {close}?"
                if close
                else "skapa mötet med 'avoplan möte ny FORUM --datum ÅÅÅÅ-MM-DD'",
            )
        return path

    def meeting(self, möte_id: str) -> Mote:
        return self.load(self.meeting_file(möte_id), Mote)

    def item(self, item_id: str | ItemId) -> Item:
        path = self.item_file(item_id)
        if numbered(path.stem) is BEHOV:
            return self.load(path, Behov)
        return self.load(path, Projekt)

    def need(self, item_id: str | ItemId) -> Behov:
        wanted = ItemId.parse(item_id)
        path = self.item_file(wanted) if ":" in wanted.typed else None
        local = path.stem if path else wanted.local
        if numbered(local) is not BEHOV:
            raise UserError(
                f"{local} är ett projekt; bara behov går genom Behovsprocessen",
                "ange behovets id (BEH-…)",
            )
        return self.load(path or self.item_file(wanted), Behov)

    def project(self, item_id: str | ItemId) -> Projekt:
        wanted = ItemId.parse(item_id)
        path = self.item_file(wanted) if ":" in wanted.typed else None
        local = path.stem if path else wanted.local
        if numbered(local) is not PROJEKT:
            raise UserError(f"{local} är inget projekt", "ange projektets id (PRJ-…)")
        return self.load(path or self.item_file(wanted), Projekt)

    def person(self, org: Organisation, who: str) -> Person:
        """A person by id, e-post, name or unique prefix, or a UserError with candidates."""
        from avoplan.models import lookup

        return lookup.person(org, who)

    def decider(self, org: Organisation, given: str | None) -> Person:
        """--beslutad-av, or whoever's git e-mail runs the command."""
        if given:
            return self.person(org, given)
        from avoplan.git.repo import user_email

        email = user_email(self.root)
        person = org.person_by_email(email) if email else None
        if person is None:
            raise UserError(
                f"vet inte vem som beslutar: git-e-posten {email or '(saknas)'} "
                "finns inte i organisation.yaml",
                "ange --beslutad-av PERSON",
            )
        return person

    # --- the organisation over time ---------------------------------------------------

    def organisation_on(self, current: Organisation, when: date) -> Organisation:
        """The organisation in force on `when` (`current` when no earlier one applies)."""
        versions = self.organisation_history()
        earlier = [o for o in versions if o.gäller_från and o.gäller_från <= when]
        return max(earlier, key=lambda o: o.gäller_från or date.min) if earlier else current

    def organisation_history(self) -> tuple[Organisation, ...]:
        """Committed versions of organisation.yaml that read as an organisation, each to be
        applied from its gäller_från (git history; none outside git)."""
        from avoplan.git.repo import file_history

        path = self.root / str(ORGANISATION.file)
        found: list[Organisation] = []
        for version in file_history(path):
            instance = _parsed(version.text, Organisation)
            if instance is not None:
                found.append(instance)
        return tuple(found)


def _parsed(text: str, model: type[M]) -> M | None:
    from avoplan.store.validation import validate
    from avoplan.store.yaml_io import parse
    from avoplan.store.yaml_problems import YamlFileError

    try:
        instance, _ = validate(model, parse(text), Path("organisation.yaml"))
    except YamlFileError:
        return None
    return instance  # type: ignore[no-any-return]


def _exists(path: Path) -> bool:
    """Whether `path` is there (a link or special file too, to be refused when read); a
    folder that cannot be searched is an error of its own, not a missing file."""
    from avoplan.store.files import os_error

    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise os_error(exc, "läsa") from None
    return True


def numbered(item_id: str) -> FileKind:
    """The kind an id names (BEH- or PRJ-), or a usage error for anything else."""
    kind = numbered_kind(item_id)
    if kind is None:
        raise UserError(f"'{item_id}' är inget id", "ett id ser ut som BEH-042 eller PRJ-012")
    return kind
