"""The federation's copies in the cache (`.avoplan-cache/federation/`): each member is
fetched with git into a bare repository of its own (`<kod>.git`, never pushed, nothing
checked out), and what avoplan derives from the synced commit lives beside it in `<kod>/`:
its files (written out on first use), their check cache and the similarity index. Every
federated command reads these, offline, as of the last sync.

Sync does nothing but fetch (all members at once), so it costs what git costs; the files
of a member are written out only when a command first needs them, once per commit.

A member is untrusted input: its files are read from git's objects alone. A link (to a
file or a folder), a submodule, a path that would leave its folder, a file over
MAX_FILE_BYTES, or more than MAX_FILES files or MAX_TOTAL_BYTES in all, is not read;
each is reported through `warn`, naming the member.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avoplan.behovsprocess.liknande import Index
from avoplan.core.text import fold
from avoplan.models.behov import Behov
from avoplan.models.portfolio import BEHOV, ORGANISATION, PROJEKT, Portfolio
from avoplan.store.cache.places import FOLDER as CACHE
from avoplan.store.cache.places import SYNC_STATE

STATE = SYNC_STATE
INDEX = "liknande.tsv"
_SUBFOLDER = "portfolio"  # a member's portfolio at the top of its repository or in here
MAX_FILE_BYTES = 1_000_000  # as for a portfolio's own files (yaml_io.MAX_BYTES)
MAX_FILES = 200_000
MAX_TOTAL_BYTES = 1_000_000_000
_FILES = "filer-v2-"  # v2: written from git's objects (earlier: a checkout, links and all)

if TYPE_CHECKING:
    from avoplan.git.mirrors import Entry


def _ignore(_: str) -> None:
    return None


@dataclass(frozen=True)
class Copies:
    """The synced copies under `folder` (the portfolio's `.avoplan-cache/federation`);
    `name` says who a code is (asked only for a warning given to `warn`)."""

    folder: Path
    warn: Callable[[str], None] = _ignore
    name: Callable[[str], str] = str
    _listings: dict[tuple[str, str], list[tuple[Entry, str]]] = field(default_factory=dict)

    def mirror(self, code: str) -> Path:
        return self.folder / f"{fold(code)}.git"

    def derived(self, code: str) -> Path:
        return self.folder / fold(code)

    # --- sync -------------------------------------------------------------------------

    def sync(self, members: Sequence[tuple[str, str, str]]) -> dict[str, str]:
        """Fetch each (code, source, revision), all at once; records what was fetched and
        when (`synk.json`) and returns each code's full sha."""
        from avoplan.git.mirrors import fetch_all
        from avoplan.store.files import atomic_write_text

        for code, _, _ in members:
            self._drop_checkout(code)
        shas = fetch_all(
            [(source, revision, self.mirror(code)) for code, source, revision in members]
        )
        state: dict[str, Any] = {
            "synkad": datetime.now(UTC).isoformat(),
            "medlemmar": {
                code: {"revision": revision, "sha": sha}
                for (code, _, revision), sha in zip(members, shas, strict=True)
            },
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.folder / STATE, json.dumps(state, ensure_ascii=False, indent=2))
        return {code: sha for (code, _, _), sha in zip(members, shas, strict=True)}

    def _drop_checkout(self, code: str) -> None:
        """avoplan before 0.x kept a checked-out clone where the derived files now go."""
        if (self.derived(code) / ".git").exists():
            shutil.rmtree(self.derived(code), ignore_errors=True)

    def state(self) -> dict[str, Any] | None:
        path = self.folder / STATE
        if not path.is_file():
            return None
        found = json.loads(path.read_text(encoding="utf-8"))
        return found if isinstance(found, dict) else None

    def synced(self) -> dict[str, str]:
        """Each member's code → the sha of its last sync, for members whose copy is there."""
        members = (self.state() or {}).get("medlemmar", {})
        return {
            code: str(m["sha"])
            for code, m in members.items()
            if (self.mirror(code) / "HEAD").is_file()
        }

    # --- what is read from a synced commit -----------------------------------------------

    def ids(self, code: str, sha: str) -> frozenset[str]:
        """The member's behov and projekt ids at `sha`, from the file names git lists."""
        folders = tuple(f"{k.folder}/" for k in (BEHOV, PROJEKT))
        return frozenset(
            Path(rel).stem
            for _, rel in self.listing(code, sha)
            if rel.startswith(folders) and rel.endswith(".yaml")
        )

    def units(self, code: str, sha: str) -> frozenset[str]:
        """The avdelningar of the member's organisation.yaml at `sha` (none when it
        cannot be read: check then names each reference as not found)."""
        from avoplan.git.history import Repository
        from avoplan.models.organisation import Organisation
        from avoplan.store.loader import model_from_text

        entry = next(
            (e for e, rel in self.listing(code, sha) if rel == str(ORGANISATION.file)), None
        )
        found = Repository(self.mirror(code)).blobs([entry.sha]) if entry else {}
        raw = found.get(entry.sha) if entry else None
        if raw is None:
            return frozenset()
        name = Path(entry.path if entry else "")
        org, _, _ = model_from_text(raw[1].decode("utf-8", "replace"), name, Organisation)
        return frozenset(a.id for a in org.avdelningar) if org else frozenset()

    def listing(self, code: str, sha: str) -> list[tuple[Entry, str]]:
        """The member's portfolio files at `sha` that may be read, each with its path
        below the portfolio; what may not is reported through `warn`."""
        key = (code, sha)
        if key not in self._listings:
            top = self._top(code, sha)
            self._listings[key] = self._readable(code, top, sha)
        return self._listings[key]

    def _readable(self, code: str, top: str, sha: str) -> list[tuple[Entry, str]]:
        from avoplan.git.mirrors import safe_relative, tree_at

        who = f"medlemmen {self.name(code)} ({code})"
        entries = tree_at(self.mirror(code), sha, top)
        if len(entries) > MAX_FILES:
            self.warn(
                f"{who} har {len(entries)} filer; högst {MAX_FILES} läses, så "
                "medlemmens portfölj läses inte"
            )
            return []
        readable: list[tuple[Entry, str]] = []
        for entry in entries:
            relative = entry.path.removeprefix(f"{top}/") if top else entry.path
            problem = _refused(entry, relative, top, safe=safe_relative(relative))
            if problem:
                self.warn(f"{who}: {entry.path} {problem} och läses inte")
            else:
                readable.append((entry, relative))
        total = sum(entry.size or 0 for entry, _ in readable)
        if total > MAX_TOTAL_BYTES:
            self.warn(
                f"{who}: filerna är {total} byte; högst {MAX_TOTAL_BYTES} läses, så "
                "medlemmens portfölj läses inte"
            )
            return []
        return readable

    def history(
        self, code: str, sha: str, need_ids: Sequence[str]
    ) -> list[tuple[str, str, str, bytes]]:
        """(short sha, day, need id, bytes) of every committed version of these needs'
        files in the member's history up to the synced `sha`, oldest first."""
        from avoplan.git.mirrors import versions_of

        top = self._top(code, sha)
        paths = [f"{top}/{BEHOV.folder}/{need}.yaml".lstrip("/") for need in need_ids]
        return [
            (short, day, Path(path).stem, raw)
            for short, day, path, raw in versions_of(self.mirror(code), sha, paths, MAX_FILE_BYTES)
        ]

    def _top(self, code: str, sha: str) -> str:
        """Where the member's portfolio is in its repository: the top or `portfolio/`."""
        from avoplan.git.mirrors import has_path

        at_top = has_path(self.mirror(code), sha, str(ORGANISATION.file))
        return "" if at_top else _SUBFOLDER

    def files(self, code: str, sha: str) -> Path:
        """The member's portfolio files at `sha`, written out from git's objects on first
        use (into a folder of their own, renamed into place when complete); older ones
        are removed."""
        target = self.derived(code) / f"{_FILES}{sha[:16]}"
        listing = self.listing(code, sha)  # warns of what is refused on every use
        if target.is_dir():
            return target
        from avoplan.git.mirrors import write_blobs

        staging = self.derived(code) / f".filer-{os.getpid()}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        write_blobs(self.mirror(code), listing, staging)
        for old in self.derived(code).glob("filer-*"):
            if old != target:  # an earlier commit's files
                shutil.rmtree(old, ignore_errors=True)
        try:
            staging.rename(target)
        except OSError:  # another avoplan wrote them out meanwhile: use those
            shutil.rmtree(staging, ignore_errors=True)
        return target

    def portfolio(self, code: str, sha: str) -> Portfolio | None:
        """The member's portfolio at `sha`, read through a check cache of its own (so each
        file is parsed once per commit)."""
        from avoplan.store.cache.entries import Cache
        from avoplan.store.loader import load_portfolio

        root = self.files(code, sha)
        cache = Cache.open(root)
        result = load_portfolio(root, cache.read)
        cache.save()
        return result.portfolio

    def index(self, code: str, sha: str) -> Index:
        """The member's similarity index at `sha` (keys `KOD:BEH-…`), kept beside it."""
        from avoplan.store.cache.liknande import cached

        def needs() -> Mapping[str, Behov]:
            loaded = self.portfolio(code, sha)
            return {f"{code}:{key}": need for key, need in (loaded.behov if loaded else {}).items()}

        return cached(self.derived(code) / INDEX, sha, needs)


def _refused(entry: Entry, relative: str, top: str, *, safe: bool) -> str | None:
    """Why a member's tree entry is not read (None: it is)."""
    if entry.link:
        return "är en länk"
    if not entry.regular:
        return "är ingen vanlig fil (en undermodul)"
    if top and not entry.path.startswith(f"{top}/"):
        return "ligger utanför portföljens mapp"
    if not safe:
        return "har ett otillåtet namn"
    if CACHE in relative.split("/"):
        return "ligger i en avoplan-cache, som aldrig läses från en medlem"
    if (entry.size or 0) > MAX_FILE_BYTES:
        return f"är för stor ({entry.size} byte, högst {MAX_FILE_BYTES})"
    return None
