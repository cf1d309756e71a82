"""The one way into a portfolio: find it, open it (whole, with the cache, or one item at a
time), gather what a decision needs, and record an outcome (minimal edit, atomic write,
optional commit). Every command gets what it needs from a Workspace; no command reads
portfolio files, or imports another command, on its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from avoplan.behovsprocess.beslut import Facts, Outcome
from avoplan.behovsprocess.mandat import Context
from avoplan.errors import UserError
from avoplan.files import (
    atomic_write_text,
    display,
    embedded_portfolio,
    exclusive_write_text,
    is_embedded,
    restore,
    sweep_temp_files,
)
from avoplan.findings import Finding, errors_only, has_errors
from avoplan.loader import LoadResult, load_portfolio, model_from_text
from avoplan.models.behov import Behov
from avoplan.models.delegation import Delegationsordning
from avoplan.models.organisation import Organisation, Person
from avoplan.models.portfolio import (
    BEHOV,
    DELEGATIONSORDNING,
    ORGANISATION,
    PROJEKT,
    FileKind,
    Portfolio,
    next_id,
    numbered_kind,
)
from avoplan.models.projekt import Projekt
from avoplan.report import first_line, resolve_lines
from avoplan.text import did_you_mean
from avoplan.verification import FileChange

if TYPE_CHECKING:
    from avoplan.cache import Cache

M = TypeVar("M", bound=BaseModel)
Item = Behov | Projekt


@dataclass
class Checked:
    """A whole portfolio read and checked: every finding, lines resolved, in file order."""

    portfolio: Portfolio | None
    findings: list[Finding]
    file_count: int


class Workspace:
    """One portfolio folder and everything avoplan does with it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._read: dict[Path, str] = {}  # text of each file as loaded: compared before a write

    # --- finding ---------------------------------------------------------------------

    @classmethod
    def find(cls, explicit: Path | None = None) -> Workspace:
        """--portfolio, $AVOPLAN_PORTFOLIO, the nearest portfolio from the working
        directory up, or the embedded ÄVO portfolio."""
        env = os.environ.get("AVOPLAN_PORTFOLIO")
        given = explicit or (Path(env) if env else None)
        if given is not None:
            if not (given / str(ORGANISATION.file)).is_file():
                raise UserError(f"{given} är ingen portfölj (organisation.yaml saknas)",
                                "ange mappen som innehåller organisation.yaml")
            return cls(given)
        for folder in (Path.cwd(), *Path.cwd().parents):
            for candidate in (folder, folder / "portfolio"):
                if (candidate / str(ORGANISATION.file)).is_file():
                    return cls(candidate)
        return cls(embedded_portfolio())

    @property
    def embedded(self) -> bool:
        return is_embedded(self.root)

    # --- the whole portfolio ---------------------------------------------------------------

    def check(self, use_cache: bool = True, *, models: bool = False) -> Checked:
        """Every file and every rule (what `avoplan check` reports). With the cache and
        without `models`, an unchanged portfolio is answered from file metadata alone."""
        from avoplan.rules import run_rules

        self.recover()
        from avoplan.cache import Cache

        if not use_cache:
            result = self._load(Cache.memory(self.root))
            return self._checked(result, run_rules(result.portfolio) if result.portfolio else [])
        import time

        from avoplan.cache import listing_digest

        cache = Cache.open(self.root)
        known = None if models else cache.known_result()
        if known is not None:
            return Checked(None, *known)
        started, listing = time.time_ns(), listing_digest(self.root)
        result = self._load(cache)
        found: list[Finding] = []
        if result.portfolio is not None:
            digest = cache.portfolio_digest()
            cached = cache.rule_findings(digest)
            found = cached if cached is not None else run_rules(result.portfolio)
            if cached is None:
                cache.store_rule_findings(digest, found)
        cache.save()
        checked = self._checked(result, found)
        cache.store_result(listing, started, checked.findings, checked.file_count)
        return checked

    def _load(self, cache: Cache) -> LoadResult:
        """The whole portfolio through `cache`, on two cores when nothing is cached."""
        from avoplan.loader import portfolio_files

        try:
            cache.prefill(portfolio_files(self.root))
            return load_portfolio(self.root, cache.read)
        finally:
            cache.close()

    @staticmethod
    def _checked(result: LoadResult, rule_findings: list[Finding]) -> Checked:
        findings = resolve_lines([*result.findings, *rule_findings])
        return Checked(result.portfolio, findings, result.file_count)

    def portfolio(self, *, complete: bool = False) -> Portfolio:
        """The portfolio (read through the cache), or a UserError naming the first broken
        file. With `complete`, any file that cannot be read refuses, since the answer
        would silently leave it out."""
        from avoplan.cache import Cache

        cache = Cache.open(self.root)
        result = self._load(cache)
        cache.save()
        if result.portfolio is None or (complete and has_errors(result.findings)):
            raise UserError(f"portföljen kan inte läsas: {first_line(result.findings)}",
                            "rätta felet; 'avoplan check' visar alla fel")
        if has_errors(result.findings):  # never a silently shorter answer
            from avoplan import console

            broken = len({f.file for f in errors_only(result.findings)})
            files = "1 fil" if broken == 1 else f"{broken} filer"
            console.warning(f"{files} kan inte läsas och saknas i svaret; första: "
                            f"{first_line(errors_only(result.findings))}")
        return result.portfolio

    def checked_portfolio(self) -> Portfolio:
        """The portfolio, refused while `avoplan check` finds errors: a published document
        must rest on a portfolio that holds together."""
        checked = self.check(models=True)
        errors = errors_only(checked.findings)
        if checked.portfolio is None or errors:
            raise UserError(f"portföljen har {len(errors)} fel, så inga dokument tas fram; "
                            f"första: {first_line(errors)}",
                            f"kör 'avoplan check -p {display(self.root)}' och rätta felen")
        return checked.portfolio

    # --- one item at a time (fast paths: advance, show, history, new) --------------------

    def load(self, path: Path, model: type[M]) -> M:
        """One file as a model, or a UserError naming file, line and field."""
        from avoplan.yaml_io import YamlFileError, read_text

        if not os.path.lexists(path):
            raise UserError(f"{display(path)} finns inte")
        try:
            text = read_text(path)
        except YamlFileError as exc:
            raise UserError(f"{display(path)}:{exc.line}: {exc.message}", exc.hint) from None
        self._read[path] = text
        instance, _, findings = model_from_text(text, path, model)
        if instance is None:
            raise UserError(first_line(findings), "kör 'avoplan check' för alla fel")
        return instance

    def organisation(self) -> Organisation:
        return self.load(self.root / str(ORGANISATION.file), Organisation)

    def delegationsordning(self) -> Delegationsordning:
        return self.load(self.root / str(DELEGATIONSORDNING.file), Delegationsordning)

    def item_file(self, item_id: str) -> Path:
        """The file of a behov or projekt, or a UserError with the closest existing id."""
        kind = _numbered(item_id)
        wanted = item_id.strip().upper()
        path = self.root / str(kind.folder) / f"{wanted}.yaml"
        if not _exists(path):
            existing = [p.stem for p in (self.root / str(kind.folder)).glob("*.yaml")]
            close = did_you_mean(wanted, existing)
            raise UserError(f"{wanted} finns inte i {display(self.root / str(kind.folder))}",
                            f"menade du {close}?" if close else "lista behov med 'avoplan list'")
        return path

    def item(self, item_id: str) -> Item:
        path = self.item_file(item_id)
        if _numbered(item_id) is BEHOV:
            return self.load(path, Behov)
        return self.load(path, Projekt)

    def need(self, item_id: str) -> Behov:
        if _numbered(item_id) is not BEHOV:
            raise UserError(f"{item_id.strip().upper()} är ett projekt; bara behov går genom "
                            "Behovsprocessen", "ange behovets id (BEH-…)")
        return self.load(self.item_file(item_id), Behov)

    def person(self, org: Organisation, who: str) -> Person:
        """A person by id or e-post, or a UserError suggesting the closest id."""
        person = org.person(who) or org.person_by_email(who)
        if person is None:
            close = did_you_mean(who, [p.id for p in org.personer])
            raise UserError(f"okänd person '{who}' i organisation.yaml",
                            f"menade du {close}?" if close else "ange personens id eller e-post")
        return person

    def decider(self, org: Organisation, given: str | None) -> Person:
        """--beslutad-av, or whoever's git e-mail runs the command."""
        if given:
            return self.person(org, given)
        from avoplan.git import user_email

        email = user_email(self.root)
        person = org.person_by_email(email) if email else None
        if person is None:
            raise UserError(f"vet inte vem som beslutar: git-e-posten {email or '(saknas)'} "
                            "finns inte i organisation.yaml", "ange --beslutad-av PERSON")
        return person

    # --- history ---------------------------------------------------------------------

    def decision_changes(self, since: str | None) -> list[FileChange]:
        """Every committed change to behov and projekt files, oldest first, as data."""
        from avoplan.git import changes

        folders = [self.root / str(BEHOV.folder), self.root / str(PROJEKT.folder)]
        return [FileChange(c.sha, c.author_name, c.author_email, c.when, c.path,
                           _data(c.before), _data(c.after))
                for c in changes(self.root, folders, since)]

    # --- deciding and recording ---------------------------------------------------------

    def facts(self, need: Behov, org: Organisation) -> Facts:
        """What judging the next decision on `need` may consult."""
        paths = [self.root / str(PROJEKT.folder) / f"{p}.yaml" for p in need.projekt]
        projects = tuple(self.load(p, Projekt) for p in paths if p.is_file())
        previous = need.beslut[-1].datum if need.beslut else None
        return Facts(Context(need, org, projects), self.delegationsordning(), need.steg, previous)

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
            _write_all(self.root, writes)
            files = list(writes)
            if commit_message is None:
                return files, None
            with _restoring(before):
                from avoplan.git import commit_files

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
            from avoplan.yaml_io import dump_new

            project_id = self.new_id(PROJEKT)
            project_file = self.root / str(PROJEKT.folder) / f"{project_id}.yaml"
            data = project_from_need(need, project_id, outcome.beslut.datum)
            writes[project_file] = _checked_text(
                project_file, dump_new(data, project_header.format(need=need.id)), Projekt)
        writes[need_file] = _decision_text(need_file, self._read[need_file], outcome, project_id)
        return dict(sorted(writes.items(), key=lambda kv: kv[0] == need_file))

    def new_id(self, kind: FileKind) -> str:
        """The next free id: above every id in the folder and on other local branches."""
        from avoplan.git import ids_on_branches

        folder = self.root / str(kind.folder)
        taken = {p.stem for p in folder.glob("*.yaml")} | ids_on_branches(self.root, folder)
        return next_id(kind, taken)

    def create_need(self, text_for: Callable[[str], str]) -> tuple[str, Path]:
        """Register a new need: `text_for(id)` is its file. Under the portfolio lock the
        next free id is taken by creating its file exclusively (never over another's)."""
        with self.writing():
            for _ in range(100):
                need_id = self.new_id(BEHOV)
                path = self.root / str(BEHOV.folder) / f"{need_id}.yaml"
                text = _checked_text(path, text_for(need_id), Behov,
                                     "mallen gav ett ogiltigt behov")
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    exclusive_write_text(path, text)
                except FileExistsError:
                    continue  # made meanwhile by something that does not take the lock
                return need_id, path
        raise UserError("hittar inget ledigt id för behovet", "kör kommandot igen")

    # --- the portfolio lock and interrupted writes ----------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The portfolio lock every writing command holds: one writer at a time. It is a
        lock file the OS releases when a process dies, even by kill -9; on taking it, an
        interrupted decision is completed and temp files of killed writers are removed."""
        from filelock import FileLock, Timeout

        from avoplan.cache import lock_file

        lock = FileLock(str(lock_file(self.root)), timeout=LOCK_WAIT_SECONDS)
        try:
            lock.acquire()
        except Timeout:
            raise UserError("portföljen är låst: ett annat avoplan-kommando skriver i den",
                            "vänta tills det är klart och kör igen") from None
        try:
            self._finish_journal()
            for folder in (self.root, *(self.root / str(k.folder) for k in (BEHOV, PROJEKT))):
                sweep_temp_files(folder)
            yield
        finally:
            lock.release()

    def recover(self) -> None:
        """Complete a decision that was interrupted between its files (see `_write_all`)."""
        if (self.root / JOURNAL).exists():
            with self.writing():
                pass

    def _finish_journal(self) -> None:
        journal = self.root / JOURNAL
        if not journal.exists():
            return
        from avoplan import console

        files = _replay(self.root, journal)
        journal.unlink()
        console.warning("avoplan slutförde ett beslut som avbröts mitt i skrivningen: "
                        + ", ".join(display(f) for f in files))

    def _refuse_if_changed(self, file: Path) -> None:
        """Compare before write: a file changed since this command read it (another
        avoplan, an editor, a git checkout) is never overwritten with a stale edit."""
        from avoplan.yaml_io import YamlFileError, read_text

        try:
            now = read_text(file)
        except YamlFileError:
            now = None
        if file not in self._read and now is not None:
            self._read[file] = now  # not read before: what is there now is what is edited
        if now != self._read.get(file):
            raise UserError(f"{display(file)} ändrades medan avoplan arbetade; inget har "
                            "skrivits", "kör kommandot igen")

    def _refuse_unrelated_changes(self, file: Path) -> None:
        from avoplan.git import has_uncommitted_changes

        if has_uncommitted_changes(file):
            raise UserError(f"{display(file)} har ändringar som inte är incheckade",
                            "checka in eller ångra dem först, eller utelämna --commit")


def _data(text: str | None) -> Any:
    """YAML text as data; a version that cannot be read holds no decisions ({})."""
    from avoplan.yaml_io import YamlFileError, parse

    if text is None:
        return None
    try:
        return parse(text)
    except YamlFileError:
        return {}


def _exists(path: Path) -> bool:
    """Whether `path` is there (a link or special file too, to be refused when read); a
    folder that cannot be searched is an error of its own, not a missing file."""
    from avoplan.files import os_error

    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise os_error(exc, "läsa") from None
    return True


def _numbered(item_id: str) -> FileKind:
    kind = numbered_kind(item_id)
    if kind is None:
        raise UserError(f"'{item_id}' är inget id", "ett id ser ut som BEH-042 eller PRJ-012")
    return kind


@contextmanager
def _restoring(before: dict[Path, str | None]) -> Iterator[None]:
    try:
        yield
    except BaseException:
        for file, text in before.items():
            restore(file, text)
        raise


def _decision_text(file: Path, text: str, outcome: Outcome, project_id: str | None) -> str:
    """R2: the need's text with its step set and the decision (and the new project's id)
    appended, checked to read back as a valid need."""
    from avoplan.yaml_io import append_item, edit_text

    beslut = outcome.beslut
    decision = beslut.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    decision = {k: (v.value if hasattr(v, "value") else v) for k, v in decision.items()}

    def mutate(document: Any) -> None:
        document["steg"] = beslut.till.value
        if project_id:
            append_item(document, "projekt", project_id, before="beslut", flow=True)
        append_item(document, "beslut", decision)

    return _checked_text(file, edit_text(text, mutate), Behov)


# The files of a decision that writes more than one, written before any of them: a
# process killed between them leaves this journal, and the next writing command (or
# `avoplan check`) completes the decision from it.
JOURNAL = ".avoplan-journal.json"
LOCK_WAIT_SECONDS = 60


def _write_all(root: Path, writes: dict[Path, str]) -> None:
    """Write `writes` in order; more than one file goes through the journal. A new file
    is created exclusively, so it never replaces another's."""
    import json

    journal = root / JOURNAL
    if len(writes) > 1:
        entries = [{"fil": str(file.relative_to(root)), "före": _digest(file), "text": text}
                   for file, text in writes.items()]
        atomic_write_text(journal, json.dumps(entries, ensure_ascii=False))
    written = 0
    try:
        for file, text in writes.items():
            _write_one(file, text)
            written += 1
    except BaseException:
        if written == 0:  # nothing on disk changed: the decision simply did not happen
            journal.unlink(missing_ok=True)
        raise
    journal.unlink(missing_ok=True)


def _write_one(file: Path, text: str) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    if file.exists():
        atomic_write_text(file, text)
        return
    try:
        exclusive_write_text(file, text)
    except FileExistsError:
        raise UserError(f"{display(file)} skapades samtidigt av någon annan; inget beslut har "
                        "skrivits", "kör kommandot igen") from None


def _digest(file: Path) -> str | None:
    import hashlib

    try:
        return hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
    except FileNotFoundError:
        return None


def _replay(root: Path, journal: Path) -> list[Path]:
    """Write each journalled file whose content is still the one from before the
    interrupted decision; refuse if any was changed otherwise since."""
    import json

    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
        planned = [(root / entry["fil"], entry["före"], entry["text"]) for entry in entries]
    except (ValueError, KeyError, TypeError):
        planned = None
    if planned is None or any(not f.resolve().is_relative_to(root.resolve())
                              for f, _, _ in planned):
        raise UserError(f"{display(journal)} är skadad och kan inte slutföras",
                        "kontrollera behovet och projektet med 'avoplan check' och ta "
                        "sedan bort filen")
    for file, before, text in planned:
        current = _digest(file)
        if current not in (before, _text_digest(text)):
            raise UserError(f"ett avbrutet beslut kan inte slutföras: {display(file)} har "
                            "ändrats sedan", f"kontrollera filerna och ta bort {display(journal)}")
    for file, _, text in planned:
        if _digest(file) != _text_digest(text):
            file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(file, text)
    return [file for file, _, _ in planned]


def _text_digest(text: str) -> str:
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _checked_text(file: Path, text: str, model: type[BaseModel],
                  failure: str | None = None) -> str:
    """`text` if it reads back as a valid `model`: never write a broken file."""
    from avoplan.validation import validate
    from avoplan.yaml_io import parse

    instance, findings = validate(model, parse(text), file)
    if instance is None or findings:
        detail = findings[0].message if findings else "okänt fel"
        raise UserError(f"{failure}: {detail}" if failure else
                        f"avoplan skulle ha skrivit en ogiltig {display(file)}: {detail}",
                        "rapportera felet; filen har inte ändrats")
    return text
