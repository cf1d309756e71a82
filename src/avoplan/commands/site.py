"""`avoplan render site --out MAPP`: the portfolio as a static site that works from
file:// and any static host. A page is written only when its bytes changed, so a second
render rewrites only what its inputs changed; pages of items that are gone are removed
(only files this command wrote, as its manifest lists them)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avoplan.core.errors import UsageError, UserError
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

if TYPE_CHECKING:
    from avoplan.behovsprocess.liknande import Likhet
    from avoplan.documents.base import Source

MANIFEST = ".avoplan-webbplats.json"
SIMILAR_SHOWN = 3  # similar needs computed per need page, beside those grovsållningen names
# Up to this many needs, each need page gets its strongest similar needs computed (about
# 60 ms a need at 10 000); above it, the pages show those grovsållningen names.
SIMILAR_MAX = 1000
# A repository's web address as CI gives it, or as a remote names it.
_GITHUB_REMOTE = re.compile(
    r"^(?:git@github\.com:|https://github\.com/)([\w.-]+/[\w.-]+?)(?:\.git)?$"
)


def run(portfolio: Path | None, out: Path | None) -> int:
    from avoplan.documents.site.bygge import rendered, webbplats
    from avoplan.documents.site.sida import state

    if out is None:
        raise UsageError("webbplatsen är många filer och behöver en mapp", "ange --out MAPP")
    workspace = Workspace.find(portfolio)
    source = _source(workspace)
    manifest = _manifest(out)
    repo_url = repository_url(workspace.root)
    site = webbplats(
        source,
        repo_url=repo_url,
        mapp=_folder_in_repository(workspace.root) if repo_url else None,
        liknande=_similar(workspace, source),
        tidigare=_previous(manifest, source),
    )
    files = dict(rendered(site))
    written = sum(_write_if_changed(out / name, text) for name, text in files.items())
    removed = _remove_gone(out, manifest, files)
    _write_manifest(out, manifest, files, state(site))
    console.line(
        f"Webbplatsen i {display(out)}: {len(files)} filer, {written} skrivna"
        + (f", {removed} borttagna" if removed else "")
        + ". Öppna index.html."
    )
    return 0


def _source(workspace: Workspace) -> Source:
    from avoplan.documents.base import Source
    from avoplan.git.repo import head_commit, revision

    loaded = workspace.checked_portfolio()
    commit = head_commit(workspace.root)
    unchanged = commit is not None and " " not in commit
    head = revision(workspace.root) if unchanged else None
    return Source(
        loaded, loaded.plan.giltighet.från.year, commit, head.day if head else date.today()
    )


def _similar(workspace: Workspace, source: Source) -> dict[str, Sequence[Likhet]] | None:
    """The needs most like each need (R5), strong matches only, from the home index;
    None above SIMILAR_MAX needs."""
    from avoplan.behovsprocess.liknande import STRONG, ranked_in
    from avoplan.store.cache.liknande import home_index

    needs = source.portfolio.behov
    if len(needs) > SIMILAR_MAX:
        return None
    index = home_index(workspace.root, workspace.items.federation_cache, lambda: needs)
    return {
        key: ranked_in(need, key, [index], top=SIMILAR_SHOWN, minimum=STRONG)
        for key, need in sorted(needs.items())
    }


def repository_url(root: Path) -> str | None:
    """The repository's address on GitHub, for links to commits: CI's, or the origin
    remote's when it is on GitHub; None otherwise."""
    server, name = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if server and name and re.fullmatch(r"[\w.-]+/[\w.-]+", name):
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


# --- the output folder ---------------------------------------------------------------


def _manifest(out: Path) -> dict[str, Any]:
    """What the last render wrote here ({} when none, or when the file is not ours)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _previous(manifest: Mapping[str, Any], source: Source) -> dict[str, tuple[str, str]] | None:
    """The needs as the last render with different needs showed them: what the start
    page compares with. Rendering the same needs again compares with the same render as
    before, so the start page does not change."""
    now = _digest(_state_of(source))
    if manifest.get("tillstånd_digest") == now:
        before = manifest.get("förra")
    else:
        before = manifest.get("tillstånd")
    return _parsed_state(before)


def _state_of(source: Source) -> dict[str, tuple[str, str]]:
    return {k: (n.titel, n.steg.value) for k, n in sorted(source.portfolio.behov.items())}


def _parsed_state(value: Any) -> dict[str, tuple[str, str]] | None:
    if not isinstance(value, dict):
        return None
    return {
        str(k): (str(v[0]), str(v[1]))
        for k, v in value.items()
        if isinstance(v, list) and len(v) == 2
    }


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_manifest(
    out: Path, manifest: Mapping[str, Any], files: Mapping[str, str], now: Any
) -> None:
    digest = _digest(now)
    same = manifest.get("tillstånd_digest") == digest
    data = {
        "filer": sorted(files),
        "tillstånd": now,
        "tillstånd_digest": digest,
        "förra": manifest.get("förra") if same else manifest.get("tillstånd"),
    }
    _write_if_changed(out / MANIFEST, json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")


def _write_if_changed(path: Path, text: str) -> bool:
    """Write `text` unless the file holds it already; via a temp file and a rename, so a
    reader never sees half a page (not fsynced: the site is made again from git)."""
    content = text.encode("utf-8")
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            Path(tmp).chmod(0o644)
            Path(tmp).replace(path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError as exc:
        raise UserError(
            f"kan inte skriva {display(path)}: {exc.strerror}",
            "kontrollera mappen som angavs med --out",
        ) from exc
    return True


def _remove_gone(out: Path, manifest: Mapping[str, Any], files: Mapping[str, str]) -> int:
    """Remove the pages the last render wrote that this one does not (a need that is gone)."""
    listed = manifest.get("filer")
    if not isinstance(listed, list):
        return 0
    removed = 0
    top = out.resolve()
    for name in listed:
        if not isinstance(name, str) or name in files:
            continue
        path = (out / name).resolve()
        if top not in path.parents or path.suffix not in {".html", ".js", ".css"}:
            continue  # never outside the folder, never anything but a page
        try:
            path.unlink()
            removed += 1
        except OSError:
            continue
    return removed
