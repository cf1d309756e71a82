"""The whole portfolio read and checked, through the cache (what `check`, `list` and the
documents need), and what check says of nycklar/. One part of a Workspace
(`folder.Workspace`); it reads single files through the Workspace's `items.Items`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avoplan.core.errors import UserError
from avoplan.core.findings import Finding, Severity, errors_only, has_errors
from avoplan.models.organisation import Organisation
from avoplan.models.portfolio import (
    BEHOV,
    ITEM_KINDS,
    KINDS,
    PROJEKT,
    Portfolio,
)
from avoplan.store.files import (
    display,
)
from avoplan.store.loader import LoadResult, load_portfolio
from avoplan.ui.findings_output import first_line, resolve_lines

if TYPE_CHECKING:  # imported when deciding: listing and showing never load the judge
    from avoplan.prioritet.poster import Underlag
    from avoplan.rules.alla import Apart
    from avoplan.rules.behovsprocess import Replay
    from avoplan.rules.per_item import ItemMemo
    from avoplan.store.cache.entries import Cache

from avoplan.workspace.checked import Checked, Later
from avoplan.workspace.items import KEYS, Items
from avoplan.workspace.rules_apart import later_rules, portfolio_apart, spare_rules_core


class Checker:
    """The whole portfolio of one folder, read (through the cache) and checked."""

    def __init__(self, items: Items) -> None:
        self.items = items
        self.root = items.root
        # The cache's entries of the files the last whole read read: path -> fields.
        self._read: dict[str, list[str]] = {}
        self._prefix = str(self.root) + os.sep

    # --- the whole portfolio ---------------------------------------------------------------

    def check(
        self,
        *,
        use_cache: bool = True,
        borrow: Path | None = None,
        models: bool = False,
        lines: bool = True,
        apart: bool = False,
    ) -> Checked:
        """Every file and every rule (what `avoplan check` reports). With the cache and
        without `models`, an unchanged portfolio is answered from file metadata alone.
        With `borrow` (another version's folder), read through that portfolio's cache
        without writing it. Without `lines`, a portfolio without errors comes back with
        its warnings unlocated and unsorted (a document only asks whether there are
        errors: locating 4 000 warnings reads 4 000 files again). With `apart` (and
        without `lines`), the rules may still run in a forked child: see `Checked.later`."""
        from avoplan.workspace.lock import PortfolioLock

        PortfolioLock(self.root).recover()  # complete a decision interrupted between its files
        from avoplan.store.cache.entries import Cache

        if not use_cache:
            result = self._load(Cache.memory(self.root))
            return self._checked(
                result, [*_rules(result), *self._key_findings(result), *self._form(result)]
            )
        import time

        from avoplan.store.cache.manifest import known_result, listing_digest

        known = None if borrow else known_result(self.root)
        if known is not None and not models:
            return Checked(None, *known)
        cache = Cache.open(self.root, borrow)
        if known is not None and cache.unchanged:
            # Nothing the last full check read has changed: its findings (lines resolved)
            # still hold, so only the models are read (`möte ny`, a warm `render`).
            result = self._load(cache)
            cache.save()
            return Checked(result.portfolio, *known)
        # The issue form beside the portfolio too: check warns when it is stale.
        folders = [*(str(kind.folder) for kind in ITEM_KINDS), KEYS, _FORM_FOLDER]
        # The listing only serves the manifest, which a run that writes no cache (CI) skips,
        # and so does a run without lines (a document): it keeps no manifest (10 000 stats).
        started = time.time_ns()
        keeps = not cache.read_only and lines
        listing = listing_digest(self.root, folders) if keeps else None
        result = self._load(cache)
        found: list[Finding] = []
        if result.portfolio is not None:
            import json  # here: a writing command's judge loads this module, never json

            history = "".join(o.model_dump_json() for o in result.portfolio.organisation_history)
            history += json.dumps(self.items.sync_state())  # a new sync may resolve references
            digest = cache.portfolio_digest(history)
            cached = cache.rule_findings(digest)
            if cached is None and apart and not lines and spare_rules_core(result, cache):
                rest = [*self._key_findings(result), *self._form(result)]
                later = later_rules(
                    lambda: stored_rules(result, cache, history, digest),
                    lambda found: self._done(result, [*found, *rest]),
                )
                cache.save()
                return Checked(result.portfolio, [], result.file_count, later)
            found = cached if cached is not None else stored_rules(result, cache, history, digest)
        cache.save()
        every = [*found, *self._key_findings(result), *self._form(result)]
        if not lines:
            return self._done(result, every)
        checked = self._checked(result, every)
        cache.store_result(listing, started, checked.findings, checked.file_count)
        return checked

    def _done(self, result: LoadResult, found: list[Finding]) -> Checked:
        """A check without lines: its warnings unlocated while there are no errors."""
        every = [*result.findings, *found]
        if not has_errors(every):
            return Checked(result.portfolio, every, result.file_count)
        return self._checked(result, found)

    def key_files(self) -> tuple[dict[str, str], list[Finding]]:
        """The public keys in nycklar/<person-id>.pub (person id → text), read as any
        portfolio file is (a regular file, bounded); a file that cannot be read is a
        finding."""
        from avoplan.store.yaml_io import read_bytes
        from avoplan.store.yaml_problems import YamlFileError

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

    def _form(self, result: LoadResult) -> list[Finding]:
        """A warning when the issue form for new needs (.github/ISSUE_TEMPLATE/behov.yml
        beside the portfolio) no longer lists the organisation's avdelningar and the
        register's systems as `avoplan intake-formulär` would write them."""
        from avoplan.behovsprocess.arende import FORM, issue_form
        from avoplan.core.findings import Severity
        from avoplan.store.files import display

        portfolio = result.portfolio
        form = self.root.resolve().parent / FORM
        if portfolio is None or not form.is_file():
            return []
        systems = [(key, system.namn) for key, system in portfolio.system.items()]
        try:
            current = form.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current == issue_form(portfolio.organisation, systems):
            return []
        return [
            Finding(
                Severity.VARNING,
                f"{display(form)}: formuläret för nya behov stämmer inte med "
                "organisation.yaml och systemregistret",
                hint=f"kör 'avoplan intake-formulär -p {display(self.root)}'",
            )
        ]

    def key_findings(self, organisation: Organisation) -> list[Finding]:
        """What check says of nycklar/: every line that is not one allowed public key
        (allowed-signers leaves it out), named by person, file and line."""
        from avoplan.granskning.nycklar import key_problems

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
            portfolio.organisation_history = self.items.organisation_history()
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
            cache.prefill(lambda: portfolio_files(self.root))
            return self._load_with_progress(cache.read)
        finally:
            cache.close()
            self._read = cache.new

    def file_digest(self, path: Path) -> str | None:
        """The digest of the bytes the last whole read built `path`'s model from (its
        model's name with it); None when that read kept none (a run that writes no
        cache, a file it could not read)."""
        text = str(path)
        name = text[len(self._prefix) :] if text.startswith(self._prefix) else text
        entry = self._read.get(name)
        return None if entry is None else f"{entry[0]}:{entry[1]}"

    def _load_with_progress(self, read: Any) -> LoadResult:
        """Load every file, with a progress bar on a terminal when there are many."""
        from avoplan.ui import console

        shown = console.terminal_on_stderr()  # else no bar: the files are not counted
        total = sum(1 for kind in KINDS for _ in self.root.glob(kind.glob)) if shown else 0
        with console.progress("Läser portföljen", total) as step:

            def counting(path: Path, model: Any) -> Any:
                step()
                return read(path, model)

            return load_portfolio(self.root, counting)

    def with_federation(self, result: LoadResult) -> LoadResult:
        """Attach the synced members' ids when the portfolio refers into the federation."""
        portfolio = result.portfolio
        if portfolio is not None and portfolio.federation.medlemmar:
            portfolio.federation_ids = self.items.federation_ids()
            portfolio.federation_units = self.items.federation_units()
        return result

    @staticmethod
    def _checked(result: LoadResult, rule_findings: list[Finding]) -> Checked:
        findings = resolve_lines([*result.findings, *rule_findings], result.unwritten)
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

    def underlag(self) -> Underlag:
        """What the priority list is computed from, as `portfolio(complete=True)` gives
        it; while no file changed since the last full check, read one file at a time
        without holding the models (workspace.underlag)."""
        from avoplan.prioritet.poster import underlag_of
        from avoplan.workspace.underlag import streamed

        return streamed(self.root) or underlag_of(self.portfolio(complete=True))

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
        from avoplan.workspace.underlag import overview

        streamed = overview(self.root)  # after a check: the cache one entry at a time
        if streamed is not None:
            behov, projekt, broken_names = streamed
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
        return self.vetted(self.check(models=True, lines=False))

    def portfolio_apart(self) -> tuple[Portfolio, Later]:
        """As `checked_portfolio`, the rules perhaps still running in a child: call what
        comes back before writing anything (it refuses as `checked_portfolio` would)."""
        return portfolio_apart(self.vetted, self.check(models=True, lines=False, apart=True))

    def vetted(self, checked: Checked) -> Portfolio:
        """The portfolio of `checked`, refused while it has errors."""
        errors = errors_only(checked.findings)
        if checked.portfolio is None or errors:
            raise UserError(
                f"portföljen har {len(errors)} fel, så inga dokument tas fram; "
                f"första: {first_line(errors)}",
                f"kör 'avoplan check -p {display(self.root)}' och rätta felen",
            )
        return checked.portfolio


_FORM_FOLDER = "../.github/ISSUE_TEMPLATE"


def _rules(
    result: LoadResult, replay: Replay | None = None, items: ItemMemo | None = None
) -> list[Finding]:
    """Every rule over a loaded portfolio, with a spinner on a terminal for a large one."""
    from avoplan.rules.alla import run_rules
    from avoplan.store.cache.cores import PARALLEL_MIN, spare_core
    from avoplan.ui import console

    if result.portfolio is None:
        return []
    apart: Apart | None = None
    if replay is None and result.file_count >= PARALLEL_MIN and spare_core():
        from avoplan.store.cache.forked import apart as forked

        apart = forked
    with console.busy("Kontrollerar reglerna", result.file_count):
        return run_rules(result.portfolio, replay, apart, items)


def stored_rules(result: LoadResult, cache: Cache, extra: str, digest: str) -> list[Finding]:
    """`_replayed_rules`, kept in the cache under the portfolio's `digest`."""
    found = _replayed_rules(result, cache, extra)
    cache.store_rule_findings(digest, found)
    return found


def _replayed_rules(result: LoadResult, cache: Cache, extra: str) -> list[Finding]:
    """Every rule, the recorded decisions replayed only for the items whose inputs
    changed since the last run (`store.cache.replay`), and the checks of one item at a
    time run only over the items whose findings are not known (`store.cache.item_rules`)."""
    from avoplan.store.cache.item_rules import item_findings
    from avoplan.store.cache.replay import replay_memo

    if result.portfolio is None:
        return []
    memo = replay_memo(cache, result.portfolio, extra)
    items = None if memo is None else item_findings(memo, result.portfolio)
    found = _rules(result, memo, items)
    if memo is not None and items is not None:
        memo.save()
        items.save()
    return found


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
