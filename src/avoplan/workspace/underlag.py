"""What the priority list is computed from (`prioritet.poster.Underlag`), read for
`prioritet` without holding the portfolio's models.

While no file changed since the last full check (the manifest holds), the cache is read
one entry at a time (`store.cache.trusted`): each behov and projekt is rebuilt from its
entry, made into its row (`poster.post_of`) and dropped, so 50 000 items cost their rows,
not their models. Anything this path cannot answer exactly as the full read would (a file
that could not be read, an entry missing or damaged, a file named for another id) returns
None, and the caller reads the portfolio in full, which also says what is wrong.
"""

from __future__ import annotations

import gc
import os
from datetime import date
from pathlib import Path
from typing import Any

from avoplan.models.portfolio import (
    BEHOV,
    KINDS,
    PROJEKT,
    SCHABLON,
    SINGLETON_KINDS,
    FileKind,
    Portfolio,
)
from avoplan.prioritet.poster import Post, Underlag, post_of, underlag_of


def streamed(root: Path) -> Underlag | None:
    """The list's input from the cache, one file at a time; None when only a full read
    can answer (see the module)."""
    from avoplan.store.cache.trusted import trusted_entries
    from avoplan.store.loader import portfolio_files

    if any(
        kind.required and not os.path.lexists(root / str(kind.file)) for kind in SINGLETON_KINDS
    ):
        return None
    entries = trusted_entries(root)
    if entries is None:
        return None
    kinds = {kind.model: kind for kind in KINDS}
    start = len(str(root)) + 1
    expected = {str(path)[start:]: kinds[model] for path, model in portfolio_files(root)}
    collecting = gc.isenabled()
    gc.disable()  # the rows live to the end; the collector would only walk them again
    try:
        return _read(root, entries, expected)
    except Exception:  # noqa: BLE001 (a damaged entry: read in full)
        return None
    finally:
        if collecting:
            gc.enable()


def _read(root: Path, entries: Any, expected: dict[str, FileKind]) -> Underlag | None:
    from avoplan.store.cache.trusted import readable

    items: dict[str, dict[str, Post]] = {BEHOV.name: {}, PROJEKT.name: {}}
    files: dict[str, Any] = {}
    schablon: dict[str, Any] = {}
    for entry in entries:
        kind = expected.pop(entry.key, None)
        if kind is None:
            continue  # an entry of a file that is gone
        if entry.model != kind.model.__name__ or not readable(entry):
            return None
        if kind.is_item and kind not in (BEHOV, PROJEKT, SCHABLON):
            continue  # nothing the list reads; its entry says it was read without error
        loaded = kind.model.model_validate_json(entry.body)
        if not kind.is_item:
            files[kind.name] = loaded
            continue
        key = str(getattr(loaded, kind.key_field))
        if key != Path(entry.key).stem:
            return None  # the full read names the file
        if kind is SCHABLON:
            schablon[key] = loaded
        else:
            items[kind.name][key] = post_of(loaded)  # type: ignore[arg-type]
    if expected:
        return None  # a file without a trusted entry
    skeleton = Portfolio(root=root, schablon=schablon, today=date.today(), **files)
    return underlag_of(skeleton, items[BEHOV.name], items[PROJEKT.name])
