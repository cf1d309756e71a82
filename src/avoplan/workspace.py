"""The one way into a portfolio: find it, open it (whole, with the cache, or one item at a
time), gather what a decision needs, and record an outcome (minimal edit, atomic write,
optional commit). Every command gets what it needs from a Workspace; no command reads
portfolio files, or imports another command, on its own.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from avoplan.behovsprocess.beslut import Facts, Outcome
from avoplan.behovsprocess.mandat import Context
from avoplan.errors import UserError
from avoplan.files import atomic_write_text, display, embedded_portfolio, is_embedded, restore
from avoplan.findings import Finding, errors_only, has_errors
from avoplan.loader import LoadResult, load_portfolio, read_model
from avoplan.models.behov import Behov
from avoplan.models.delegation import Delegationsordning
from avoplan.models.federation import Federation, Medlem
from avoplan.models.organisation import Organisation, Person
from avoplan.models.portfolio import (
    BEHOV,
    DELEGATIONSORDNING,
    FEDERATION,
    ORGANISATION,
    PROJEKT,
    FileKind,
    Portfolio,
    next_id,
    numbered_kind,
)
from avoplan.models.projekt import Projekt
from avoplan.report import first_line, resolve_lines
from avoplan.text import age_sv, did_you_mean, fold
from avoplan.verification import FileChange

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

    def check(self, use_cache: bool = True) -> Checked:
        """Every file and every rule (what `avoplan check` reports)."""
        from avoplan.rules import run_rules

        if not use_cache:
            result = self._with_federation(self._with_history(load_portfolio(self.root)))
            return self._checked(result, run_rules(result.portfolio) if result.portfolio else [])
        from avoplan.cache import Cache

        cache = Cache.open(self.root)
        result = self._with_federation(self._with_history(load_portfolio(self.root, cache.read)))
        found: list[Finding] = []
        if result.portfolio is not None:
            history = "".join(o.model_dump_json() for o in result.portfolio.organisation_history)
            history += json.dumps(self.sync_state())  # a new sync may resolve references
            digest = cache.portfolio_digest(history)
            cached = cache.rule_findings(digest)
            found = cached if cached is not None else run_rules(result.portfolio)
            if cached is None:
                cache.store_rule_findings(digest, found)
        cache.save()
        return self._checked(result, found)

    def _with_history(self, result: LoadResult) -> LoadResult:
        """Attach the earlier organisations when a decision predates the current one, so
        each decision is judged against the organisation of its date."""
        portfolio = result.portfolio
        valid_from = portfolio.organisation.gäller_från if portfolio else None
        if portfolio is None or valid_from is None:
            return result
        if any(b.datum < valid_from for need in portfolio.behov.values() for b in need.beslut):
            portfolio.organisation_history = self.organisation_history()
        return result

    def _with_federation(self, result: LoadResult) -> LoadResult:
        """Attach the synced members' ids when the portfolio refers into the federation."""
        portfolio = result.portfolio
        if portfolio is not None and portfolio.federation.medlemmar:
            portfolio.federation_ids = self.federation_ids()
        return result

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
        result = load_portfolio(self.root, cache.read)
        cache.save()
        if result.portfolio is None or (complete and has_errors(result.findings)):
            raise UserError(f"portföljen kan inte läsas: {first_line(result.findings)}",
                            "rätta felet; 'avoplan check' visar alla fel")
        return result.portfolio

    def checked_portfolio(self) -> Portfolio:
        """The portfolio, refused while `avoplan check` finds errors: a published document
        must rest on a portfolio that holds together."""
        checked = self.check()
        errors = errors_only(checked.findings)
        if checked.portfolio is None or errors:
            raise UserError(f"portföljen har {len(errors)} fel, så inga dokument tas fram; "
                            f"första: {first_line(errors)}",
                            f"kör 'avoplan check -p {display(self.root)}' och rätta felen")
        return checked.portfolio

    # --- similar needs and the federation ----------------------------------------------

    def comparable_needs(self) -> tuple[dict[str, Behov], str | None]:
        """Every need `avoplan liknande` compares with, keyed by the id to show (local at
        home, KOD:BEH-… in other members), and a line saying how old the members' copies
        are (None when there is no synced federation)."""
        needs: dict[str, Behov] = dict(self.portfolio().behov)
        members = self.federation_members()
        for code, member in members.items():
            needs |= {f"{code}:{key}": need for key, need in member.behov.items()}
        return needs, self.sync_age() if members else None

    def federation(self) -> Federation:
        """federation.yaml, or an empty federation when the portfolio has none."""
        path = self.root / str(FEDERATION.file)
        return self.load(path, Federation) if path.is_file() else Federation()

    def home_code(self) -> str | None:
        """This portfolio's short code in its federation (ÄVO), None outside one."""
        return self.federation().hem

    @property
    def federation_cache(self) -> Path:
        from avoplan.cache import FOLDER

        return self.root / FOLDER / "federation"

    def sync_federation(self) -> list[tuple[Medlem, str | None]]:
        """Fetch every other member with a repository, read-only, into the cache; records
        what was fetched and when. Returns each member with its sha (None: no repository)."""
        from avoplan.git import mirror

        federation = self.federation()
        done: list[tuple[Medlem, str | None]] = []
        state: dict[str, Any] = {"synkad": datetime.now(UTC).isoformat(), "medlemmar": {}}
        for member in federation.medlemmar:
            if not member.förråd or _same_code(member.kod, federation.hem):
                done.append((member, None))
                continue
            sha = mirror(self._source(member.förråd), member.revision,
                         self.federation_cache / fold(member.kod))
            state["medlemmar"][member.kod] = {"revision": member.revision, "sha": sha}
            done.append((member, sha))
        self.federation_cache.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.federation_cache / "synk.json",
                          json.dumps(state, ensure_ascii=False, indent=2))
        return done

    def _source(self, given: str) -> str:
        """A relative path in federation.yaml is relative to the portfolio."""
        if "://" in given or given.startswith("git@") or Path(given).is_absolute():
            return given
        return str((self.root / given).resolve())

    def sync_state(self) -> dict[str, Any] | None:
        path = self.federation_cache / "synk.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def sync_age(self) -> str:
        """'Federationen synkades 2026-11-23 17:50 UTC (för 2 timmar sedan).'"""
        state = self.sync_state()
        if state is None:
            return "Federationen är inte synkad; kör 'avoplan federation sync'."
        when = datetime.fromisoformat(state["synkad"])
        return (f"Medlemmarnas portföljer enligt senaste synkningen {when:%Y-%m-%d %H:%M} UTC "
                f"({age_sv(datetime.now(UTC) - when)}).")

    def federation_members(self) -> dict[str, Portfolio]:
        """Each synced member's portfolio as of the last sync (offline), by short code."""
        state = self.sync_state()
        found: dict[str, Portfolio] = {}
        for code in (state or {}).get("medlemmar", {}):
            checkout = self.federation_cache / fold(code)
            root = next((c for c in (checkout, checkout / "portfolio")
                         if (c / str(ORGANISATION.file)).is_file()), None)
            loaded = _cached_load(root) if root else None
            if loaded is not None:
                found[code] = loaded
        return found

    def federation_ids(self) -> dict[str, frozenset[str]] | None:
        """Every synced member's behov and projekt ids, None before the first sync."""
        if self.sync_state() is None:
            return None
        return {code: frozenset(p.behov) | frozenset(p.projekt)
                for code, p in self.federation_members().items()}

    def unmentioned_similar(self, need: Behov) -> list[str]:
        """R5 at BP2: strong matches that need's grovsållning does not name (warnings)."""
        from avoplan.liknande import STRONG, ranked, unmentioned

        needs, _ = self.comparable_needs()
        needs[need.id] = need
        return unmentioned(need, ranked(need.id, needs, minimum=STRONG), self.home_code())

    # --- one item at a time (fast paths: advance, show, history, new) --------------------

    def load(self, path: Path, model: type[M]) -> M:
        """One file as a model, or a UserError naming file, line and field."""
        if not path.is_file():
            raise UserError(f"{display(path)} finns inte")
        instance, _, findings = read_model(path, model)
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
        if not path.is_file():
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

    def facts(self, need: Behov, org: Organisation, when: date | None = None) -> Facts:
        """What judging the next decision on `need` (dated `when`) may consult: the
        organisation in force on that date."""
        paths = [self.root / str(PROJEKT.folder) / f"{p}.yaml" for p in need.projekt]
        projects = tuple(self.load(p, Projekt) for p in paths if p.is_file())
        previous = need.beslut[-1].datum if need.beslut else None
        if when is not None and org.gäller_från and when < org.gäller_från:
            org = self._organisation_on(org, when)
        return Facts(Context(need, org, projects), self.delegationsordning(), need.steg, previous)

    def _organisation_on(self, current: Organisation, when: date) -> Organisation:
        versions = self.organisation_history()
        earlier = [o for o in versions if o.gäller_från and o.gäller_från <= when]
        return max(earlier, key=lambda o: o.gäller_från or date.min) if earlier else current

    def organisation_history(self) -> tuple[Organisation, ...]:
        """Committed versions of organisation.yaml that read as an organisation, each to be
        applied from its gäller_från (git history; none outside git)."""
        from avoplan.git import file_history

        path = self.root / str(ORGANISATION.file)
        found: list[Organisation] = []
        for version in file_history(path):
            instance = _parsed(version.text, Organisation)
            if instance is not None:
                found.append(instance)
        return tuple(found)

    def record(self, need: Behov, outcome: Outcome, *, commit_message: str | None = None,
               project_header: str = "") -> tuple[list[Path], str | None]:
        """Write the decision (and BP4's new project); with a commit message, commit exactly
        those files, putting every file back if the commit fails."""
        from avoplan.behovsprocess.overlamning import project_from_need
        from avoplan.models.common import Steg

        need_file = self.item_file(need.id)
        if commit_message is not None:
            self._refuse_unrelated_changes(need_file)
        before: dict[Path, str | None] = {need_file: need_file.read_text(encoding="utf-8")}
        files = [need_file]
        project_id = None
        if outcome.beslut.till == Steg.PROJEKT:
            project_id = self.new_id(PROJEKT)
            project_file = self.root / str(PROJEKT.folder) / f"{project_id}.yaml"
            before[project_file] = None
            data = project_from_need(need, project_id, outcome.beslut.datum)
            _create_file(project_file, data, project_header.format(need=need.id))
            files.append(project_file)
        _record_decision(need_file, outcome, project_id)
        if commit_message is None:
            return files, None
        with _restoring(before):
            from avoplan.git import commit_files

            return files, commit_files(files, commit_message)

    def new_id(self, kind: FileKind) -> str:
        """The next free id: above every id in the folder and on other local branches."""
        from avoplan.git import ids_on_branches

        folder = self.root / str(kind.folder)
        taken = {p.stem for p in folder.glob("*.yaml")} | ids_on_branches(self.root, folder)
        return next_id(kind, taken)

    def create_need(self, text: str, need_id: str) -> Path:
        """Write a new need's file after checking that it reads back as a valid need."""
        path = self.root / str(BEHOV.folder) / f"{need_id}.yaml"
        _write_checked(path, text, Behov, "mallen gav ett ogiltigt behov")
        return path

    def _refuse_unrelated_changes(self, file: Path) -> None:
        from avoplan.git import has_uncommitted_changes

        if has_uncommitted_changes(file):
            raise UserError(f"{display(file)} har ändringar som inte är incheckade",
                            "checka in eller ångra dem först, eller utelämna --commit")


def _cached_load(root: Path) -> Portfolio | None:
    """A member's synced portfolio, read through a check cache of its own inside the
    checkout (each file re-read only when it changes, so after a sync only what the
    member changed is parsed again)."""
    from avoplan.cache import Cache

    cache = Cache.open(root)
    result = load_portfolio(root, cache.read)
    cache.save()
    return result.portfolio


def _same_code(code: str, home: str | None) -> bool:
    return home is not None and fold(code) == fold(home)


def _parsed(text: str, model: type[M]) -> M | None:
    from avoplan.validation import validate
    from avoplan.yaml_io import YamlFileError, parse

    try:
        instance, _ = validate(model, parse(text), Path("organisation.yaml"))
    except YamlFileError:
        return None
    return instance  # type: ignore[no-any-return]


def _data(text: str | None) -> Any:
    """YAML text as data; a version that cannot be read holds no decisions ({})."""
    from avoplan.yaml_io import YamlFileError, parse

    if text is None:
        return None
    try:
        return parse(text)
    except YamlFileError:
        return {}


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


def _record_decision(file: Path, outcome: Outcome, project_id: str | None) -> None:
    """R2: set the need's step and append the decision (and the new project's id)."""
    from avoplan.yaml_io import append_item, edit_text, read_text

    beslut = outcome.beslut
    decision = beslut.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    decision = {k: (v.value if hasattr(v, "value") else v) for k, v in decision.items()}

    def mutate(document: Any) -> None:
        document["steg"] = beslut.till.value
        if project_id:
            append_item(document, "projekt", project_id, before="beslut", flow=True)
        append_item(document, "beslut", decision)

    _write_checked(file, edit_text(read_text(file), mutate), Behov)


def _create_file(file: Path, data: dict[str, Any], header: str) -> None:
    from avoplan.yaml_io import dump_new

    if file.exists():
        raise UserError(f"{display(file)} finns redan", "avoplan skriver aldrig över en fil")
    _write_checked(file, dump_new(data, header), Projekt)


def _write_checked(file: Path, text: str, model: type[BaseModel],
                   failure: str | None = None) -> None:
    """Write only text that reads back as a valid `model`: never a broken file."""
    from avoplan.validation import validate
    from avoplan.yaml_io import parse

    instance, findings = validate(model, parse(text), file)
    if instance is None or findings:
        detail = findings[0].message if findings else "okänt fel"
        raise UserError(f"{failure}: {detail}" if failure else
                        f"avoplan skulle ha skrivit en ogiltig {display(file)}: {detail}",
                        "rapportera felet; filen har inte ändrats")
    file.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(file, text)


