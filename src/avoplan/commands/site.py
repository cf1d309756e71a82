"""`avoplan render site --out MAPP`: the portfolio as a static site that works from
file:// and any static host. The site's record (store/webbplats) keeps each page's input
digest (documents/site/inputs), so a second render lays out only pages whose inputs
changed, and a page is written only when its bytes changed; pages of items that are gone
are removed (only files this command wrote, as its record lists them)."""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import avoplan
from avoplan.core.errors import UsageError
from avoplan.store.files import display, templates_dir
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

if TYPE_CHECKING:
    from avoplan.behovsprocess.liknande import Likhet
    from avoplan.documents.base import Source
    from avoplan.models.portfolio import Portfolio
    from avoplan.workspace.checked import Later

PENDING_MAX = 200  # pages laid out and held until the rules are known to find no error
SIMILAR_SHOWN = 3  # similar needs computed per need page, beside those grovsållningen names
# Each need page gets its strongest similar needs computed for all needs at once
# (behovsprocess/liknande_alla), which costs with the square of the needs that differ in
# their words, title, systems or goals: up to this many such needs (about 3 s of CPU);
# above it, the pages show those grovsållningen names.
SIMILAR_MAX = 2000
# A repository's web address as CI gives it, or as a remote names it: only https, and
# only characters that need no escaping in a link.
_GITHUB_REMOTE = re.compile(
    r"^(?:git@github\.com:|ssh://git@github\.com/|https://github\.com/)"
    r"([\w-][\w.-]*/[\w.-]+?)(?:\.git)?/?$"
)
_HTTPS_SERVER = re.compile(r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?/?")
_REPOSITORY = re.compile(r"[\w-][\w.-]*/[\w.-]+")


def run(portfolio: Path | None, out: Path | None) -> int:
    if out is None:
        raise UsageError("webbplatsen är många filer och behöver en mapp", "ange --out MAPP")
    # The site holds every item and every page's facts at once: the cyclic collector
    # would walk those 10 000 models again and again for nothing (a third of the CPU
    # time at 10 000); the process ends when the site is written.
    gc.disable()
    try:
        return _render(portfolio, out)
    finally:
        gc.enable()


def _render(portfolio: Path | None, out: Path) -> int:
    from avoplan.workspace.lock import PortfolioLock
    from avoplan.workspace.rules_apart import beside

    workspace = Workspace.find(portfolio)
    root = workspace.root
    PortfolioLock(root).recover()  # an interrupted decision completed before git is asked
    # What git says (gitpython loaded, git started three times) in a child, where a core
    # is idle, while this process reads the portfolio.
    git = beside(lambda: _repository(root))
    try:
        loaded, later = workspace.portfolio_apart()
    except BaseException:
        git.cancel()
        raise
    vetting = _Vetting(later)
    try:
        repository = git()
        source = _source(loaded, repository)
        files, laid_out, written, removed = _written(workspace, source, out, vetting, repository)
    except Exception:
        vetting.failed()
        raise
    except BaseException:
        vetting.cancel()
        raise
    console.line(
        f"Webbplatsen i {display(out)}: {len(files)} filer, {laid_out} utlagda, {written} skrivna"
        + (f", {removed} borttagna" if removed else "")
        + ". Öppna index.html."
    )
    if avoplan.SHORT_LIVED:
        _end_process()  # before the models and pages above are freed
    return 0


class _Vetting:
    """The check of the portfolio behind the site, perhaps still running in a child
    (`Workspace.portfolio_apart`): asked before the first write, so a portfolio with
    errors is refused as before, nothing written; and asked when laying out fails, so
    such a portfolio is refused then too, whatever the layout made of it."""

    def __init__(self, later: Later) -> None:
        self.later, self.done = later, False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            self.later()  # UserError while check finds errors

    def failed(self) -> None:
        self()

    def cancel(self) -> None:
        if not self.done:
            self.done = True
            self.later.cancel()


def _written(
    workspace: Workspace, source: Source, out: Path, vetting: _Vetting, repository: _Repository
) -> tuple[dict[str, tuple[str | None, int | None, str | None]], int, int, int]:
    """The site laid out and written: (every file, pages laid out, written, removed)."""
    from avoplan.documents.site.bygge import item_pages, parts, webbplats
    from avoplan.store import webbplats as folder
    from avoplan.workspace.rules_apart import shared

    kept = folder.record(out)
    now = {k: (n.titel, n.steg.value) for k, n in sorted(source.portfolio.behov.items())}
    now_digest = folder.state_digest(now)
    repo_url = repository.url
    site = webbplats(
        source,
        repo_url=repo_url,
        commits=_item_commits(workspace, source) if repo_url else None,
        mapp=repository.mapp if repo_url else None,
        tidigare=folder.previous(kept, now_digest),
        filer=_files(workspace, source),
    )
    on_disk = folder.OnDisk(out, kept)
    files: dict[str, tuple[str | None, int | None, str | None]] = {}
    laid_out = written = 0
    version = _version()
    # The pages of the whole portfolio and the files (start, lists, board, forums, the
    # search index …) laid out by a child, where a core is idle, while this process ranks
    # the similar needs (which only the needs' pages show) and lays out the items' pages;
    # then by both, whichever is free taking the next part.
    others = shared(parts(site, version, on_disk.laid))

    # Pages laid out but not yet written: the first write waits for the rules (perhaps
    # still running in a child), so a few pages wait for it instead of this process.
    pending: list[tuple[str, str]] = []

    def write() -> None:
        nonlocal written
        vetting()
        for name, text in pending:
            written += folder.write_if_changed(out / name, text)
        pending.clear()

    def take(name: str, digest: str | None, inputs: str | None, text: str | None) -> None:
        nonlocal laid_out
        if text is None:  # laid out from the same inputs before, and still on disk
            files[name] = (digest, on_disk.size(name), inputs)
            return
        laid_out += 1
        pending.append((name, text))
        files[name] = (digest, len(text.encode("utf-8")), inputs)
        if len(pending) >= PENDING_MAX:
            write()

    try:
        shown = replace(site, liknande=_similar(workspace, source))
        for laid in item_pages(shown, version, on_disk.laid):
            take(*laid)
        for part in others():
            for laid in part:
                take(*laid)
    except BaseException:
        others.cancel()
        raise
    write()
    removed = folder.remove_gone(out, kept, files)
    folder.write_record(out, kept, files, now, now_digest)
    return files, laid_out, written, removed


def _end_process() -> None:
    """End the console script's process here, with exit 0. Returning would free every
    model and page fact one object at a time (about 0.3 s at 10 000 items) in a process
    that ends anyway; nothing else is left to do (every file is written and closed, and
    no exit handler has work: avoplan logs nothing). The output is flushed first."""
    import contextlib
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(0)


class _Repository(NamedTuple):
    """What git says of the portfolio's repository."""

    commit: str | None  # HEAD's short sha, marked when the work tree differs from it
    day: date | None  # the day of HEAD, when the work tree does not differ from it
    url: str | None  # `repository_url`
    mapp: str | None  # the portfolio's folder in the repository, when `url` is known


def _repository(root: Path) -> _Repository:
    from avoplan.git.repo import head_commit, revision

    commit = head_commit(root)
    unchanged = commit is not None and " " not in commit
    head = revision(root) if unchanged else None
    url = repository_url(root)
    return _Repository(
        commit,
        head.day if head else None,
        url,
        _folder_in_repository(root) if url else None,
    )


def _source(loaded: Portfolio, repository: _Repository) -> Source:
    from avoplan.documents.base import Source

    return Source(
        loaded,
        loaded.plan.giltighet.från.year,
        repository.commit,
        repository.day or date.today(),
    )


def _similar(workspace: Workspace, source: Source) -> dict[str, Sequence[Likhet]] | None:
    """The needs most like each need (R5), strong matches only, from the home index (for
    each need what `avoplan liknande` ranks first); None above SIMILAR_MAX needs that
    differ. The last ranking is kept in the cache, and only what a change can move is
    ranked again (`store/cache/liknande_alla`)."""
    from avoplan.behovsprocess.liknande import STRONG
    from avoplan.store.cache.liknande_alla import similar_all

    folder, needs = workspace.items.federation_cache, source.portfolio.behov
    return similar_all(folder, needs, top=SIMILAR_SHOWN, minimum=STRONG, most=SIMILAR_MAX)


def _files(workspace: Workspace, source: Source) -> dict[str, str]:
    """Per behov and projekt, the digest of the file its model was read from (where
    the read kept one, and the file is named for the item's id)."""
    from avoplan.models.portfolio import BEHOV, PROJEKT

    portfolio = source.portfolio
    found: dict[str, str] = {}
    file_digest, path = workspace.file_digest, portfolio.path  # looked up once, not per item
    for kind in (BEHOV, PROJEKT):
        for key, item in getattr(portfolio, kind.name).items():
            digest = file_digest(path(kind, key))
            if digest is not None and key == item.id:
                found[key] = digest
    return found


def _item_commits(
    workspace: Workspace, source: Source
) -> dict[str, tuple[str | None, list[str | None]]]:
    """Per behov and projekt, the last commit of its file and the commit that recorded
    each of its decisions (from git)."""
    portfolio = source.portfolio
    items = [*portfolio.behov.items(), *portfolio.projekt.items()]
    return workspace.item_commits(
        {key: [(b.datum.isoformat(), b.till.value) for b in item.beslut] for key, item in items}
    )


def repository_url(root: Path) -> str | None:
    """The repository's https address on GitHub (or GitHub Enterprise, as CI gives it),
    for links to commits: CI's, or the origin remote's when it is on GitHub; None
    otherwise, and for anything but a plain https address."""
    server, name = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if server and name and _HTTPS_SERVER.fullmatch(server) and _REPOSITORY.fullmatch(name):
        return f"{server.rstrip('/')}/{name}"
    from avoplan.git.history import CannotCompare, Repository

    try:
        repo = Repository.at(root)
    except CannotCompare:
        return None
    remote = repo.remote()
    if remote is None:
        return None
    found = _GITHUB_REMOTE.match(repo.run("remote", "get-url", remote, check=False).strip())
    return f"https://github.com/{found[1]}" if found else None


def _folder_in_repository(root: Path) -> str | None:
    """The portfolio's folder relative to its repository's top ('portfolio')."""
    from avoplan.git.history import CannotCompare, Repository

    try:
        return Repository.at(root).relative(root) or "."
    except (CannotCompare, ValueError):
        return None


def _version() -> str:
    """What lays the pages out: avoplan's code and version, Jinja's, every template;
    keyed with this machine's secret as the caches are, so a manifest made elsewhere or
    planted beside pages that are not avoplan's never matches (every page is laid out)."""
    from avoplan.store.cache.code import code_fingerprint, library_versions
    from avoplan.store.cache.secret import machine_secret

    digest = hashlib.blake2b(digest_size=16, key=machine_secret())
    # Jinja's and MarkupSafe's versions as their dist-info folders name them, found
    # without importlib.metadata (10 ms of its own imports).
    for part in (code_fingerprint(), library_versions(("jinja2", "markupsafe"))):
        digest.update(part.encode() + b"\0")
    top = templates_dir()
    for template in sorted(top.rglob("*.j2")):
        digest.update(template.relative_to(top).as_posix().encode() + b"\0")
        digest.update(template.read_bytes() + b"\0")
    return digest.hexdigest()
