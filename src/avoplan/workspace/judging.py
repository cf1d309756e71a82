"""Every write judged as `check` would judge the portfolio after it: the rules run over
the written behov and projekt and what they point at (their projects or need, and
transitively what they depend on), the systems and meetings, with every other item known
by its file name, so a write costs the same in a portfolio of 50 000 items."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avoplan.core.errors import UserError
from avoplan.models.behov import Behov
from avoplan.models.mote import Mote
from avoplan.models.portfolio import (
    BEHOV,
    ITEM_KINDS,
    MOTE,
    OBJEKT,
    PROJEKT,
    SCHABLON,
    SINGLETON_KINDS,
    SYSTEM,
    FileKind,
    Portfolio,
    numbered_kind,
)
from avoplan.models.projekt import Projekt
from avoplan.workspace.items import numbered

if TYPE_CHECKING:
    from avoplan.core.findings import Finding
    from avoplan.workspace.checking import Checker


class WriteJudge:
    """Judges writes in one portfolio (the workspace it reads through)."""

    def __init__(self, checker: Checker, listed: Mapping[Path, list[str]] | None = None) -> None:
        self.checker, self.items = checker, checker.items
        self.listed = listed or {}  # folders already listed under the lock
        self._on_disk: dict[str, Behov | Projekt | None] = {}  # read once, before and after

    def judge(self, writes: dict[Path, str]) -> None:
        """Refuse, with the findings `avoplan check` would print, a write (file → its new
        text) after which the portfolio would have an error it does not have now. The
        rules run over the written behov and projekt and what they point at (their
        projects or need, transitively what they depend on), with every other item known
        by its file name, so a write costs the same in a portfolio of 50 000 items."""
        from avoplan.rules.alla import new_errors

        before, after = self._around(writes)
        found = new_errors(before, after)
        if found:
            raise _refusal(found, writes)

    def _around(self, writes: dict[Path, str]) -> tuple[Portfolio, Portfolio]:
        """The portfolio narrowed to what `writes` touch, before and after them."""
        shared: dict[str, Any] = {}
        for kind in SINGLETON_KINDS:
            path = self.items.root / str(kind.file)
            if path.is_file():
                shared[kind.name] = self.items.load(path, kind.model)
        # The few files every decision may consult whole: the systems (R33) and the
        # meetings (R31), besides the schabloner and förvaltningsobjekt.
        shared |= {kind.name: self._all_of(kind) for kind in (SCHABLON, OBJEKT, SYSTEM, MOTE)}
        stems = {
            str(kind.folder): self._stems(self.items.root / str(kind.folder)) for kind in ITEM_KINDS
        }
        new = {path: _model_of(path, text) for path, text in writes.items()}
        ids = _touched({p: m for p, m in new.items() if m is not None}, self._item_on_disk)
        before = self._narrowed(ids, {}, stems, shared)
        meetings = {**shared[MOTE.name], **_meetings_of(writes)}
        after = self._narrowed(ids, new, stems, {**shared, MOTE.name: meetings})
        return before, after

    def _narrowed(
        self,
        ids: list[str],
        new: dict[Path, Behov | Projekt | None],
        stems: dict[str, frozenset[str]],
        shared: dict[str, Any],
    ) -> Portfolio:
        """The portfolio of the shared files and the items `ids` (as `new` has them, else
        as on disk); every other item is known by its file name only."""
        from avoplan.store.loader import LoadResult

        behov: dict[str, Behov] = {}
        projekt: dict[str, Projekt] = {}
        for item_id in ids:
            path = self.items.item_path(item_id)
            item = new[path] if path in new else self._item_on_disk(item_id)
            if isinstance(item, Behov):
                behov[item_id] = item
            elif isinstance(item, Projekt):
                projekt[item_id] = item
        known = {folder: _with_new(names, folder, new) for folder, names in stems.items()}
        portfolio = Portfolio(
            root=self.items.root,
            unreadable=known,
            behov=behov,
            projekt=projekt,
            today=date.today(),
            **shared,
        )
        result = self.checker.with_federation(
            self.checker.with_history(LoadResult(portfolio, [], 0))
        )
        assert result.portfolio is not None
        return result.portfolio

    def _stems(self, folder: Path) -> frozenset[str]:
        names = self.listed.get(folder)
        return _stems(folder) if names is None else _yaml_stems(names)

    def _all_of(self, kind: FileKind) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for path in sorted((self.items.root / str(kind.folder)).glob("*.yaml")):
            with contextlib.suppress(UserError):
                found[path.stem] = self.items.load(path, kind.model)
        return found

    def _item_on_disk(self, item_id: str) -> Behov | Projekt | None:
        """A behov or projekt as its file holds it; None when it is missing or broken (a
        broken file is check's finding, not the write's)."""
        if item_id not in self._on_disk:
            model = BEHOV.model if numbered(item_id) is BEHOV else PROJEKT.model
            try:  # through the workspace: an item the command has read is not read again
                found = self.items.load(self.items.item_path(item_id), model)
            except UserError:
                found = None
            self._on_disk[item_id] = found  # type: ignore[assignment]
        return self._on_disk[item_id]


def _stems(folder: Path) -> frozenset[str]:
    """The names of a folder's YAML files without `.yaml` (a listing, no stat per file:
    10 000 files cost a few milliseconds)."""
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries]
    except OSError:  # as glob: a missing or unreadable folder lists nothing
        return frozenset()
    return _yaml_stems(names)


def _with_new(names: frozenset[str], folder: str, new: Iterable[Path]) -> frozenset[str]:
    """`names` and the new files written to `folder` (the same set, not a copy of 10 000
    names, when there are none)."""
    added = {p.stem for p in new if p.parent.name == folder} - names
    return names | added if added else names


def _yaml_stems(names: Iterable[str]) -> frozenset[str]:
    return frozenset(name[:-5] for name in names if name.endswith(".yaml") and len(name) > 5)


def _meetings_of(writes: dict[Path, str]) -> dict[str, Mote]:
    """The meetings a write changes (advance --möte records the paragraph's outcome)."""
    from avoplan.store.loader import model_from_text

    found: dict[str, Mote] = {}
    for path, text in writes.items():
        if path.parent.name == str(MOTE.folder):
            instance, _, _ = model_from_text(text, path, Mote)
            if isinstance(instance, Mote):
                found[path.stem] = instance
    return found


def _model_of(path: Path, text: str) -> Behov | Projekt | None:
    """The behov or projekt a written text holds (None for any other file)."""
    from avoplan.store.loader import model_from_text

    kind = numbered_kind(path.stem)
    if kind is None or path.parent.name != kind.folder:
        return None
    instance, _, _ = model_from_text(text, path, BEHOV.model if kind is BEHOV else PROJEKT.model)
    return instance  # type: ignore[return-value]


def _neighbours(item: Behov | Projekt) -> Iterable[str]:
    """The local ids a behov's or projekt's rules look at besides its own file."""
    links = item.projekt if isinstance(item, Behov) else [item.behov or ""]
    return [i for i in (*links, *item.beroenden) if i and numbered_kind(i) is not None]


def _touched(
    written: dict[Path, Behov | Projekt], on_disk: Callable[[str], Behov | Projekt | None]
) -> list[str]:
    """The written items, what they (before or after) point at, and transitively what
    those depend on (a cycle of beroenden is found only when all of it is loaded)."""
    ids = [item.id for item in written.values()]
    queue = [i for item in written.values() for i in _neighbours(item)]
    queue += [
        i
        for item_id in list(ids)
        if (old := on_disk(item_id)) is not None
        for i in _neighbours(old)
    ]
    seen = set(ids)
    while queue:
        item_id = queue.pop()
        if item_id in seen:
            continue
        seen.add(item_id)
        ids.append(item_id)
        item = on_disk(item_id)
        if item is not None:
            queue += [i for i in _neighbours(item) if i not in seen]
    return ids


def _refusal(found: list[Finding], writes: dict[Path, str]) -> UserError:
    """The findings as `check` prints them, lines counted in the text not written."""
    from avoplan.store.yaml_io import locate
    from avoplan.ui.findings_output import plain_line, resolve_lines

    placed = [f.at_line(locate(writes[f.file], f.loc)) if f.file in writes else f for f in found]
    lines = [
        plain_line(f) + (f" (tips: {f.hint})" if f.hint else "") for f in resolve_lines(placed)
    ]
    count = f"{len(found)} fel" if len(found) > 1 else "ett fel"
    return UserError(
        f"ändringen skulle ge {count} som 'avoplan check' rapporterar; inget har skrivits",
        "rätta värdena och kör kommandot igen",
        tuple(lines),
    )
