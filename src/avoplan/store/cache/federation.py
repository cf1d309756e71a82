"""The federation's copies in the cache (`.avoplan-cache/federation/`): each member is
fetched with git into a bare repository of its own (`<kod>.git`, never pushed, nothing
checked out), and what avoplan derives from the synced commit lives beside it in `<kod>/`:
its files (written out on first use), their check cache and the similarity index. Every
federated command reads these, offline, as of the last sync.

Sync does nothing but fetch (all members at once), so it costs what git costs; the files
of a member are written out only when a command first needs them, once per commit.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from avoplan.behovsprocess.liknande import Index
from avoplan.core.text import fold
from avoplan.models.behov import Behov
from avoplan.models.portfolio import BEHOV, ORGANISATION, PROJEKT, Portfolio
from avoplan.store.cache.places import SYNC_STATE

STATE = SYNC_STATE
INDEX = "liknande.tsv"
_SUBFOLDER = "portfolio"  # a member's portfolio at the top of its repository or in here


@dataclass(frozen=True)
class Copies:
    """The synced copies under `folder` (the portfolio's `.avoplan-cache/federation`)."""

    folder: Path

    def mirror(self, code: str) -> Path:
        return self.folder / f"{fold(code)}.git"

    def derived(self, code: str) -> Path:
        return self.folder / fold(code)

    # --- sync -------------------------------------------------------------------------

    def sync(self, members: Sequence[tuple[str, str, str]]) -> dict[str, str]:
        """Fetch each (code, source, revision), all at once; records what was fetched and
        when (`synk.json`) and returns each code's full sha."""
        from avoplan.git.history import fetch_all
        from avoplan.store.files import atomic_write_text

        for code, _, _ in members:
            self._drop_checkout(code)
        shas = fetch_all([(source, revision, self.mirror(code))
                          for code, source, revision in members])
        state: dict[str, Any] = {
            "synkad": datetime.now(UTC).isoformat(),
            "medlemmar": {code: {"revision": revision, "sha": sha}
                          for (code, _, revision), sha in zip(members, shas, strict=True)}}
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
        return {code: str(m["sha"]) for code, m in members.items()
                if (self.mirror(code) / "HEAD").is_file()}

    # --- what is read from a synced commit -----------------------------------------------

    def ids(self, code: str, sha: str) -> frozenset[str]:
        """The member's behov and projekt ids at `sha`, from the file names git lists."""
        from avoplan.git.history import paths_at

        top = self._top(code, sha)
        folders = [f"{top}/{k.folder}".lstrip("/") for k in (BEHOV, PROJEKT)]
        return frozenset(Path(p).stem for p in paths_at(self.mirror(code), sha, folders)
                         if p.endswith(".yaml"))

    def units(self, code: str, sha: str) -> frozenset[str]:
        """The avdelningar of the member's organisation.yaml at `sha` (none when it
        cannot be read: check then names each reference as not found)."""
        from avoplan.git.history import blob_at
        from avoplan.models.organisation import Organisation
        from avoplan.store.loader import model_from_text

        name = f"{self._top(code, sha)}/{ORGANISATION.file}".lstrip("/")
        raw = blob_at(self.mirror(code), sha, name)
        if raw is None:
            return frozenset()
        org, _, _ = model_from_text(raw.decode("utf-8", "replace"), Path(name), Organisation)
        return frozenset(a.id for a in org.avdelningar) if org else frozenset()

    def history(self, code: str, sha: str, need_ids: Sequence[str]
                ) -> list[tuple[str, str, str, bytes]]:
        """(short sha, day, need id, bytes) of every committed version of these needs'
        files in the member's history up to the synced `sha`, oldest first."""
        from avoplan.git.history import versions_of

        top = self._top(code, sha)
        paths = [f"{top}/{BEHOV.folder}/{need}.yaml".lstrip("/") for need in need_ids]
        return [(short, day, Path(path).stem, raw)
                for short, day, path, raw in versions_of(self.mirror(code), sha, paths)]

    def _top(self, code: str, sha: str) -> str:
        """Where the member's portfolio is in its repository: the top or `portfolio/`."""
        from avoplan.git.history import has_path

        at_top = has_path(self.mirror(code), sha, str(ORGANISATION.file))
        return "" if at_top else _SUBFOLDER

    def files(self, code: str, sha: str) -> Path:
        """The member's portfolio files at `sha`, written out on first use (into a
        folder of their own, renamed into place when complete); older ones are removed."""
        target = self.derived(code) / f"filer-{sha[:16]}"
        if target.is_dir():
            return target
        from avoplan.git.history import export_at

        staging = self.derived(code) / f".filer-{os.getpid()}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        export_at(self.mirror(code), sha, self._top(code, sha), staging)
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
