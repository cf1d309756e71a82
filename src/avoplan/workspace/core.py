"""The core of a Workspace: finding a portfolio, reading it, its organisation over time,
its federation and the portfolio lock. History (`history`) and decisions (`writing`)
build on it; `avoplan.workspace.folder.Workspace` is all of them together.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar

from pydantic import BaseModel

from avoplan.core.errors import UsageError, UserError
from avoplan.core.findings import Finding, Severity, errors_only, has_errors
from avoplan.core.text import did_you_mean, fold
from avoplan.models.behov import Behov
from avoplan.models.delegation import Delegationsordning
from avoplan.models.federation import Federation
from avoplan.models.mote import Mote
from avoplan.models.organisation import Organisation, Person
from avoplan.models.plan import Plan
from avoplan.models.portfolio import (
    BEHOV,
    DELEGATIONSORDNING,
    FEDERATION,
    ITEM_KINDS,
    KINDS,
    MOTE,
    ORGANISATION,
    PLAN,
    PROJEKT,
    SYSTEM,
    FileKind,
    Portfolio,
    numbered_kind,
)
from avoplan.models.projekt import Projekt
from avoplan.models.system import System
from avoplan.store.files import (
    display,
    is_embedded,
    is_installed_copy,
)
from avoplan.store.loader import LoadResult, load_portfolio, model_from_text
from avoplan.ui.findings_output import first_line, resolve_lines

if TYPE_CHECKING:  # imported when deciding: listing and showing never load the judge
    from avoplan.store.cache.entries import Cache
    from avoplan.store.cache.federation import Copies

KEYS = "nycklar"  # public SSH keys, nycklar/<person-id>.pub, for signed decisions
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Item = Behov | Projekt


@dataclass
class Checked:
    """A whole portfolio read and checked: every finding, lines resolved, in file order."""

    portfolio: Portfolio | None
    findings: list[Finding]
    file_count: int


class Core:
    """One portfolio folder: finding it, reading it (whole or one item at a time), its
    organisation over time, its federation, and the lock every writer takes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._read: dict[Path, str] = {}  # text of each file as loaded: compared before a write
        self._writing = False  # a writing command: another member's items are not its own
        self._copies: Copies | None = None

    # --- finding ---------------------------------------------------------------------

    @classmethod
    def find(cls, explicit: Path | None = None, *, writing: bool = False) -> Self:
        """--portfolio, $AVOPLAN_PORTFOLIO, or the nearest portfolio from the working
        directory up; see `finding.locate`."""
        from avoplan.workspace.finding import locate

        return cls(locate(explicit, writing=writing)).writable(writing)

    def writable(self, writing: bool) -> Self:
        """This workspace for a writing command, refused for the installed portfolio."""
        self._writing = writing
        if writing and is_installed_copy(self.root):
            raise UsageError(
                f"{self.root} är den inbyggda ÄVO-portföljen i avoplans "
                "installation och ändras aldrig",
                "skapa en egen portfölj med 'avoplan init MAPP'",
            )
        return self

    @property
    def embedded(self) -> bool:
        return is_embedded(self.root)

    # --- the whole portfolio ---------------------------------------------------------------

    def check(
        self, use_cache: bool = True, borrow: Core | None = None, *, models: bool = False
    ) -> Checked:
        """Every file and every rule (what `avoplan check` reports). With the cache and
        without `models`, an unchanged portfolio is answered from file metadata alone.
        With `borrow`, read through that portfolio's cache without writing it (another
        version of it)."""
        self.recover()
        from avoplan.store.cache.entries import Cache

        if not use_cache:
            result = self._load(Cache.memory(self.root))
            return self._checked(result, [*_rules(result), *self._key_findings(result)])
        import time

        from avoplan.store.cache.manifest import known_result, listing_digest

        known = None if models or borrow else known_result(self.root)
        if known is not None:
            return Checked(None, *known)
        cache = Cache.open(self.root, borrow.root if borrow else None)
        folders = [*(str(kind.folder) for kind in ITEM_KINDS), KEYS]
        started, listing = time.time_ns(), listing_digest(self.root, folders)
        result = self._load(cache)
        found: list[Finding] = []
        if result.portfolio is not None:
            history = "".join(o.model_dump_json() for o in result.portfolio.organisation_history)
            history += json.dumps(self.sync_state())  # a new sync may resolve references
            digest = cache.portfolio_digest(history)
            cached = cache.rule_findings(digest)
            found = cached if cached is not None else _rules(result)
            if cached is None:
                cache.store_rule_findings(digest, found)
        cache.save()
        checked = self._checked(result, [*found, *self._key_findings(result)])
        cache.store_result(listing, started, checked.findings, checked.file_count)
        return checked

    def key_files(self) -> tuple[dict[str, str], list[Finding]]:
        """The public keys in nycklar/<person-id>.pub (person id → text), read as any
        portfolio file is (a regular file, bounded); a file that cannot be read is a
        finding."""
        from avoplan.store.yaml_io import YamlFileError, read_bytes

        keys: dict[str, str] = {}
        unreadable: list[Finding] = []
        for path in sorted((self.root / KEYS).glob("*.pub")):
            try:
                keys[path.stem] = read_bytes(path).decode("utf-8", "replace")
            except YamlFileError as exc:
                unreadable.append(Finding(Severity.FEL, exc.message, path, ("nyckel",), line=1))
        return keys, unreadable

    def _key_findings(self, result: LoadResult) -> list[Finding]:
        if result.portfolio is None:
            return []
        return self.key_findings(result.portfolio.organisation)

    def key_findings(self, organisation: Organisation) -> list[Finding]:
        """What check says of nycklar/: every line that is not one allowed public key
        (allowed-signers leaves it out), named by person, file and line."""
        from avoplan.granskning.verification import key_problems

        if not (self.root / KEYS).is_dir():
            return []
        keys, findings = self.key_files()
        for problem in key_problems(organisation, keys):
            findings.append(
                Finding(
                    Severity.FEL,
                    problem.message,
                    self.root / KEYS / f"{problem.person}.pub",
                    ("nyckel",),
                    line=problem.line,
                    hint="en rad: typ och nyckel, t.ex. 'ssh-ed25519 AAAA… "
                    "namn', som i ~/.ssh/id_ed25519.pub",
                )
            )
        return findings

    def with_history(self, result: LoadResult) -> LoadResult:
        """Attach the earlier organisations when a decision predates the current one, so
        each decision is judged against the organisation of its date."""
        portfolio = result.portfolio
        valid_from = portfolio.organisation.gäller_från if portfolio else None
        if portfolio is None or valid_from is None:
            return result
        if any(b.datum < valid_from for need in portfolio.behov.values() for b in need.beslut):
            portfolio.organisation_history = self.organisation_history()
        return result

    def render_inputs(self) -> list[str] | None:
        """What a document rendered from the work tree reads besides avoplan's code and
        the render's options: every file (by a stat of each), the git commit and the
        uncommitted changes, the day and the last federation sync. None when that cannot
        be told for certain (outside git, an unlistable folder, a file changed this very
        moment): the document is then rendered, never reused."""
        import time

        from avoplan.git.repo import work_tree_state
        from avoplan.store.cache.documents import federation_sync_stat
        from avoplan.store.cache.manifest import RACY_NS, listing_digest

        started = time.time_ns()
        listing = listing_digest(self.root, [str(kind.folder) for kind in ITEM_KINDS])
        if listing is None or listing.newest_ns >= started - RACY_NS:
            return None
        state = work_tree_state(self.root)
        if state is None:
            return None
        return [
            str(self.root.resolve()),
            listing.digest,
            state,
            date.today().isoformat(),
            federation_sync_stat(self.root),
        ]

    def _load(self, cache: Cache) -> LoadResult:
        """The whole portfolio through `cache`, with the earlier organisations and the
        federation's ids where it needs them."""
        return self.with_federation(self.with_history(self._read_all(cache)))

    def _read_all(self, cache: Cache) -> LoadResult:
        """Every file through `cache`, on two cores when nothing is cached."""
        from avoplan.store.loader import portfolio_files

        try:
            cache.prefill(portfolio_files(self.root))
            return self._load_with_progress(cache.read)
        finally:
            cache.close()

    def _load_with_progress(self, read: Any) -> LoadResult:
        """Load every file, with a progress bar on a terminal when there are many."""
        from avoplan.ui import console

        total = sum(1 for kind in KINDS for _ in self.root.glob(kind.glob))
        with console.progress("Läser portföljen", total) as step:

            def counting(path: Path, model: Any) -> Any:
                step()
                return read(path, model)

            return load_portfolio(self.root, counting)

    def with_federation(self, result: LoadResult) -> LoadResult:
        """Attach the synced members' ids when the portfolio refers into the federation."""
        portfolio = result.portfolio
        if portfolio is not None and portfolio.federation.medlemmar:
            portfolio.federation_ids = self.federation_ids()
            portfolio.federation_units = self.federation_units()
        return result

    @staticmethod
    def _checked(result: LoadResult, rule_findings: list[Finding]) -> Checked:
        findings = resolve_lines([*result.findings, *rule_findings])
        return Checked(result.portfolio, findings, result.file_count)

    def portfolio(self, *, complete: bool = False) -> Portfolio:
        """The portfolio (read through the cache), or a UserError naming the first broken
        file. With `complete`, any file that cannot be read refuses, since the answer
        would silently leave it out."""
        from avoplan.store.cache.entries import Cache

        cache = Cache.open(self.root)
        result = self._read_all(cache)
        cache.save()
        if result.portfolio is None or (complete and has_errors(result.findings)):
            raise UserError(
                f"portföljen kan inte läsas: {first_line(result.findings)}",
                "rätta felet; 'avoplan check' visar alla fel",
            )
        if has_errors(result.findings):  # never a silently shorter answer
            from avoplan.ui import console

            broken = len({f.file for f in errors_only(result.findings)})
            files = "1 fil" if broken == 1 else f"{broken} filer"
            console.warning(
                f"{files} kan inte läsas och saknas i svaret; första: "
                f"{first_line(errors_only(result.findings))}"
            )
        return result.portfolio

    def item_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Path]]:
        """What the overview shows of every valid behov and projekt, as plain data (fast:
        no validation of unchanged files; kept whole in one file while no file changed
        since the last check), and the files that could not be read."""
        from avoplan.documents.oversikt import essentials
        from avoplan.store.cache.entries import Cache
        from avoplan.store.cache.manifest import kept_overview

        kept = kept_overview(self.root)
        if kept is not None:
            behov, projekt, broken_names = kept
            return behov, projekt, [self.root / name for name in broken_names]
        cache = Cache.open(self.root)
        found: list[list[dict[str, Any]]] = []
        broken: list[Path] = []
        for kind in (BEHOV, PROJEKT):
            _listable(self.root / str(kind.folder))
            paths = sorted(self.root.glob(kind.glob), key=str)  # str compare: 10x cheaper
            rows = [cache.data(path, kind.model) for path in paths]
            found.append([essentials(r) for r in rows if r is not None])
            broken += [path for path, row in zip(paths, rows, strict=True) if row is None]
        cache.save(partial=True)
        cache.store_overview(
            [found[0], found[1], [str(path.relative_to(self.root)) for path in broken]]
        )
        return found[0], found[1], broken

    def checked_portfolio(self) -> Portfolio:
        """The portfolio, refused while `avoplan check` finds errors: a published document
        must rest on a portfolio that holds together."""
        checked = self.check(models=True)
        errors = errors_only(checked.findings)
        if checked.portfolio is None or errors:
            raise UserError(
                f"portföljen har {len(errors)} fel, så inga dokument tas fram; "
                f"första: {first_line(errors)}",
                f"kör 'avoplan check -p {display(self.root)}' och rätta felen",
            )
        return checked.portfolio

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

    def item_path(self, item_id: str) -> Path:
        """Where a behov's or projekt's file is (whether or not it exists)."""
        kind = numbered(item_id)
        return self.root / str(kind.folder) / f"{item_id.strip().upper()}.yaml"

    # --- one item at a time (fast paths: advance, show, history, new) --------------------

    def load(self, path: Path, model: type[M]) -> M:
        """One file as a model, or a UserError naming file, line and field."""
        from avoplan.store.yaml_io import YamlFileError, read_text

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

    def item_file(self, item_id: str) -> Path:
        """The file of a behov or projekt, or a UserError with the closest existing id. A
        global id (ÄVO:BEH-042) is this portfolio's own item when ÄVO is its code, else
        the synced member's (read only)."""
        root, wanted = self._home_of(item_id)
        kind = numbered(wanted)
        path = root / str(kind.folder) / f"{wanted}.yaml"
        if not _exists(path):
            existing = [p.stem for p in (root / str(kind.folder)).glob("*.yaml")]
            close = did_you_mean(wanted, existing)
            shown = item_id.strip() if root != self.root else wanted
            raise UserError(
                f"{shown} finns inte i {display(root / str(kind.folder))}",
                f"menade du {close}?" if close else "lista behov med 'avoplan list'",
            )
        return path

    def _home_of(self, item_id: str) -> tuple[Path, str]:
        """(the portfolio folder, the local id) of an id as typed, global or local."""
        from avoplan.models.federation import split_global

        parts = split_global(item_id)
        if parts is None:
            return self.root, item_id.strip().upper()
        code, local = parts[0], parts[1].strip().upper()
        federation = self.federation()
        member = federation.member(code)
        if member is None:
            known = ", ".join(m.kod for m in federation.medlemmar) or "inga"
            raise UserError(
                f"'{item_id.strip()}': {code} är ingen medlem i federationen",
                f"medlemmarna i federation.yaml: {known}",
            )
        if federation.hem is not None and fold(member.kod) == fold(federation.hem):
            return self.root, local
        if self._writing:
            raise UserError(
                f"{item_id.strip()} hör till {member.namn} ({member.kod}); avoplan "
                "ändrar bara den egna portföljen",
                f"ändringen görs i {member.namn}s portfölj",
            )
        sha = self.federation_copies().synced().get(member.kod)
        if sha is None:
            raise UserError(
                f"{item_id.strip()} kan inte visas: {member.namn} ({member.kod}) är inte synkad",
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

    def item(self, item_id: str) -> Item:
        path = self.item_file(item_id)
        if numbered(path.stem) is BEHOV:
            return self.load(path, Behov)
        return self.load(path, Projekt)

    def need(self, item_id: str) -> Behov:
        path = self.item_file(item_id) if ":" in item_id else None
        local = path.stem if path else item_id.strip().upper()
        if numbered(local) is not BEHOV:
            raise UserError(
                f"{local} är ett projekt; bara behov går genom Behovsprocessen",
                "ange behovets id (BEH-…)",
            )
        return self.load(path or self.item_file(item_id), Behov)

    def project(self, item_id: str) -> Projekt:
        path = self.item_file(item_id) if ":" in item_id else None
        local = path.stem if path else item_id.strip().upper()
        if numbered(local) is not PROJEKT:
            raise UserError(f"{local} är inget projekt", "ange projektets id (PRJ-…)")
        return self.load(path or self.item_file(item_id), Projekt)

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

    def _organisation_on(self, current: Organisation, when: date) -> Organisation:
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

    # --- the portfolio lock and interrupted writes ----------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The portfolio lock every writing command holds (see `lock.PortfolioLock`)."""
        from avoplan.workspace.lock import PortfolioLock

        with PortfolioLock(self.root).held():
            yield

    def recover(self) -> None:
        """Complete a decision that was interrupted between its files (see `edits.write_all`)."""
        from avoplan.workspace.lock import PortfolioLock

        PortfolioLock(self.root).recover()

    def _refuse_if_changed(self, file: Path) -> None:
        """Compare before write: a file changed since this command read it (another
        avoplan, an editor, a git checkout) is never overwritten with a stale edit."""
        from avoplan.store.yaml_io import YamlFileError, read_text

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

    def _refuse_unrelated_changes(self, file: Path) -> None:
        from avoplan.git.repo import has_uncommitted_changes

        if has_uncommitted_changes(file):
            raise UserError(
                f"{display(file)} har ändringar som inte är incheckade",
                "checka in eller ångra dem först, eller utelämna --commit",
            )


def _rules(result: LoadResult) -> list[Finding]:
    """Every rule over a loaded portfolio, with a spinner on a terminal for a large one."""
    from avoplan.rules.alla import run_rules
    from avoplan.ui import console

    if result.portfolio is None:
        return []
    with console.busy("Kontrollerar reglerna", result.file_count):
        return run_rules(result.portfolio)


def _listable(folder: Path) -> None:
    """A folder that exists but cannot be listed is an error of its own (exit 1), never a
    silently shorter answer."""
    from avoplan.store.files import os_error

    try:
        next(folder.iterdir(), None)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise os_error(exc, "läsa") from None


def _parsed(text: str, model: type[M]) -> M | None:
    from avoplan.store.validation import validate
    from avoplan.store.yaml_io import YamlFileError, parse

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
