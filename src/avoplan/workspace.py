"""The one way into a portfolio: find it, open it (whole, with the cache, or one item at a
time), gather what a decision needs, and record an outcome (minimal edit, atomic write,
optional commit). Every command gets what it needs from a Workspace; no command reads
portfolio files, or imports another command, on its own.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from avoplan.errors import UsageError, UserError
from avoplan.files import (
    atomic_write_text,
    display,
    embedded_portfolio,
    is_embedded,
    is_installed_copy,
    restore,
)
from avoplan.findings import Finding, errors_only, has_errors
from avoplan.loader import LoadResult, load_portfolio, read_model
from avoplan.models.behov import Behov
from avoplan.models.delegation import Delegationsordning
from avoplan.models.organisation import Organisation, Person
from avoplan.models.plan import Plan
from avoplan.models.portfolio import (
    BEHOV,
    DELEGATIONSORDNING,
    KINDS,
    ORGANISATION,
    PLAN,
    PROJEKT,
    SYSTEM,
    FileKind,
    Portfolio,
    next_id,
    numbered_kind,
)
from avoplan.models.projekt import Projekt
from avoplan.models.system import System
from avoplan.report import first_line, resolve_lines
from avoplan.text import did_you_mean
from avoplan.verification import FileChange

if TYPE_CHECKING:  # imported when deciding: listing and showing never load the judge
    from avoplan.behovsprocess.beslut import Facts, Outcome

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
    def find(cls, explicit: Path | None = None, *, writing: bool = False) -> Workspace:
        """--portfolio, $AVOPLAN_PORTFOLIO, or the nearest portfolio from the working
        directory up (a folder with organisation.yaml, or its portfolio/ subfolder).

        With none found, a reading command outside git falls back to the embedded ÄVO
        portfolio and says so on stderr; a writing command, or any command inside a git
        repository, refuses (exit 2) and says where it looked: silently checking or writing
        the built-in portfolio instead of the user's own is worse than stopping."""
        env = os.environ.get("AVOPLAN_PORTFOLIO")
        given = explicit or (Path(env) if env else None)
        if given is not None:
            if not (given / str(ORGANISATION.file)).is_file():
                source = "--portfolio" if explicit else "AVOPLAN_PORTFOLIO"
                raise UserError(f"{given} ({source}) är ingen portfölj "
                                "(organisation.yaml saknas)",
                                "ange mappen som innehåller organisation.yaml")
            return cls(given)._writable(writing)
        start = Path.cwd()
        found = _nearest_portfolio(start)
        if found is not None:
            return cls(found)._writable(writing)
        return cls._fallback(start, writing)

    @classmethod
    def _fallback(cls, start: Path, writing: bool) -> Workspace:
        looked = f"letade efter organisation.yaml i {start} och uppåt (även i portfolio/)"
        hint = ("ange --portfolio MAPP, sätt AVOPLAN_PORTFOLIO, gå till portföljens mapp "
                "eller skapa en ny med 'avoplan init'")
        repository = _git_root(start)
        if repository is not None:
            nearby = _portfolios_below(repository)
            if nearby:
                hint = f"portföljen ligger kanske i {nearby[0]}: ange --portfolio {nearby[0]}"
            raise UsageError(f"ingen portfölj i git-förrådet {repository}; {looked}", hint)
        if writing:
            raise UsageError(f"ingen portfölj att skriva i; {looked}. Den inbyggda "
                             "ÄVO-portföljen ändras aldrig", hint)
        from avoplan import console

        console.warning(f"ingen portfölj hittades ({looked}); visar den inbyggda "
                        "ÄVO-portföljen")
        return cls(embedded_portfolio())

    def _writable(self, writing: bool) -> Workspace:
        if writing and is_installed_copy(self.root):
            raise UsageError(f"{self.root} är den inbyggda ÄVO-portföljen i avoplans "
                             "installation och ändras aldrig",
                             "skapa en egen portfölj med 'avoplan init MAPP'")
        return self

    @property
    def embedded(self) -> bool:
        return is_embedded(self.root)

    # --- the whole portfolio ---------------------------------------------------------------

    def check(self, use_cache: bool = True) -> Checked:
        """Every file and every rule (what `avoplan check` reports)."""
        if not use_cache:
            result = self._load_with_progress(read_model)
            return self._checked(result, _rules(result))
        from avoplan.cache import Cache

        cache = Cache.open(self.root)
        result = self._load_with_progress(cache.read)
        found: list[Finding] = []
        if result.portfolio is not None:
            digest = cache.portfolio_digest()
            cached = cache.rule_findings(digest)
            found = cached if cached is not None else _rules(result)
            if cached is None:
                cache.store_rule_findings(digest, found)
        cache.save()
        return self._checked(result, found)

    def _load_with_progress(self, read: Any) -> LoadResult:
        """Load every file, with a progress bar on a terminal when there are many."""
        from avoplan import console

        total = sum(1 for kind in KINDS for _ in self.root.glob(kind.glob))
        with console.progress("Läser portföljen", total) as step:
            def counting(path: Path, model: Any) -> Any:
                step()
                return read(path, model)

            return load_portfolio(self.root, counting)

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
        result = self._load_with_progress(cache.read)
        cache.save()
        if result.portfolio is None or (complete and has_errors(result.findings)):
            raise UserError(f"portföljen kan inte läsas: {first_line(result.findings)}",
                            "rätta felet; 'avoplan check' visar alla fel")
        return result.portfolio

    def item_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
        """Every valid behov and projekt as plain data (fast: no validation of unchanged
        files), and how many files could not be read."""
        from avoplan.cache import Cache

        cache = Cache.open(self.root)
        found: list[list[dict[str, Any]]] = []
        broken = 0
        for kind in (BEHOV, PROJEKT):
            paths = sorted(self.root.glob(kind.glob), key=str)  # str compare: 10x cheaper
            rows = [cache.data(path, kind.model) for path in paths]
            found.append([r for r in rows if r is not None])
            broken += sum(r is None for r in rows)
        cache.save(partial=True)
        return found[0], found[1], broken

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
        """A person by id, e-post, name or unique prefix, or a UserError with candidates."""
        from avoplan import lookup

        return lookup.person(org, who)

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
        from avoplan.behovsprocess.beslut import Facts
        from avoplan.behovsprocess.mandat import Context

        return Facts(Context(need, org, projects), self.delegationsordning(), need.steg, previous)

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
            _create_file(project_file, data, project_header.format(need=need.id), Projekt)
            files.append(project_file)
        _record_decision(need_file, outcome, project_id)
        if commit_message is None:
            return files, None
        with _restoring(before):
            from avoplan.git import commit_files

            return files, commit_files(files, commit_message)

    def edit_item(self, item_id: str, changes: dict[tuple[str, ...], Any]) -> tuple[Path, str]:
        """Set (or with None remove) fields of a behov or projekt, changing only the lines
        they are on; refused before writing when the file would not read back valid.
        Returns the file and its text before the edit."""
        from avoplan.yaml_io import edit_text, read_text

        path = self.item_file(item_id)
        model = BEHOV.model if _numbered(item_id) is BEHOV else PROJEKT.model
        before = read_text(path)

        def mutate(document: Any) -> None:
            for field_path, value in changes.items():
                _assign(document, field_path, value)

        after = edit_text(before, mutate)
        _refuse_invalid(path, after, model)
        if after != before:
            atomic_write_text(path, after)
        return path, before

    def new_id(self, kind: FileKind, reserved: frozenset[str] = frozenset()) -> str:
        """The next free id: above every id in the folder, on other local branches and
        in `reserved` (ids handed out earlier in the same run)."""
        from avoplan.git import ids_on_branches

        folder = self.root / str(kind.folder)
        taken = {p.stem for p in folder.glob("*.yaml")} | ids_on_branches(self.root, folder)
        return next_id(kind, taken | reserved)

    def create_need_from(self, data: dict[str, Any], header: str) -> Path:
        """Write a new need's file from its fields (never over an existing file)."""
        path = self.root / str(BEHOV.folder) / f"{data['id']}.yaml"
        _create_file(path, data, header, Behov)
        return path

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


def _rules(result: LoadResult) -> list[Finding]:
    """Every rule over a loaded portfolio, with a spinner on a terminal for a large one."""
    from avoplan import console
    from avoplan.rules import run_rules

    if result.portfolio is None:
        return []
    with console.busy("Kontrollerar reglerna R1–R30", result.file_count):
        return run_rules(result.portfolio)


def _nearest_portfolio(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for candidate in (folder, folder / "portfolio"):
            if (candidate / str(ORGANISATION.file)).is_file():
                return candidate
    return None


def _git_root(start: Path) -> Path | None:
    return next((f for f in (start, *start.parents) if (f / ".git").exists()), None)


def _portfolios_below(root: Path) -> list[str]:
    """Portfolios one or two folders down from a repository's top, as display paths."""
    found = [*root.glob(f"*/{ORGANISATION.file}"), *root.glob(f"*/*/{ORGANISATION.file}")]
    return sorted(display(p.parent) for p in found if ".git" not in p.parts)


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


def _assign(document: Any, field_path: tuple[str, ...], value: Any) -> None:
    *parents, key = field_path
    target = document
    for part in parents:
        if not isinstance(target.get(part), dict):
            target[part] = {}
        target = target[part]
    if value is None:
        target.pop(key, None)
    elif key not in target and "beslut" in target and hasattr(target, "insert"):
        target.insert(list(target).index("beslut"), key, value)  # decisions stay last
    else:
        target[key] = value


def _refuse_invalid(file: Path, text: str, model: type[BaseModel]) -> None:
    """A UserError naming the field when `text` would not be a valid `model`."""
    from avoplan.validation import validate
    from avoplan.yaml_io import parse

    instance, findings = validate(model, parse(text), file)
    if instance is None or findings:
        first = findings[0] if findings else None
        field = f"{first.field}: " if first and first.field else ""
        raise UserError(f"{display(file)}: {field}{first.message if first else 'ogiltigt'}",
                        (first.hint + "; " if first and first.hint else "")
                        + "filen har inte ändrats")


def _create_file(file: Path, data: dict[str, Any], header: str,
                 model: type[BaseModel]) -> None:
    from avoplan.yaml_io import dump_new

    if file.exists():
        raise UserError(f"{display(file)} finns redan", "avoplan skriver aldrig över en fil")
    _write_checked(file, dump_new(data, header), model)


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


