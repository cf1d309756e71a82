"""What the priority list is computed from (`prioritet.poster.Underlag`) and what the
overview of `list` shows, read without holding the portfolio's models or its cache.

While no file changed since the last full check (the manifest holds), the cache is read
one entry at a time (`store.cache.trusted`): each behov and projekt is rebuilt from its
entry, made into its row (`poster.post_of`, `oversikt.essentials`) and dropped, so 50 000
items cost their rows, not their models. Anything this path cannot answer exactly as the
full read would (a file that could not be read, an entry missing or damaged, a file named
for another id) returns None, and the caller reads the portfolio in full, which also says
what is wrong.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
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
from avoplan.prioritet.poster import Post, Underlag, post_of, underlag_of, unlisted_post


def streamed(root: Path) -> Underlag | None:
    """The list's input from the cache, one file at a time; None when only a full read
    can answer (see the module)."""
    from avoplan.store.cache.trusted import trusted_entries
    from avoplan.store.loader import portfolio_files

    if any(
        kind.required and not os.path.lexists(root / str(kind.file)) for kind in SINGLETON_KINDS
    ):
        return None
    trusted = trusted_entries(root)
    if trusted is None:
        return None
    kinds = {kind.model: kind for kind in KINDS}
    start = len(str(root)) + 1
    expected = {str(path)[start:]: kinds[model] for path, model in portfolio_files(root)}
    try:
        with _without_gc():
            return _read(root, trusted[1], expected)
    except Exception:  # noqa: BLE001 (a damaged entry: read in full)
        return None


@contextmanager
def _without_gc() -> Iterator[None]:
    """The rows live to the end: the cyclic collector would only walk them again and
    again (as `loader` does for a whole load)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _stem(key: str) -> str:
    """BEH-001 of behov/BEH-001.yaml (string slicing: this runs once per file)."""
    return key[key.rfind("/") + 1 : key.rfind(".")]


def _read(root: Path, entries: Any, expected: dict[str, FileKind]) -> Underlag | None:
    from pydantic_core import from_json

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
        if kind in (BEHOV, PROJEKT):
            post = unlisted_post(from_json(entry.body), projekt=kind is PROJEKT)
            if post is not None:  # most items: no model needed
                if post.id != _stem(entry.key):
                    return None  # the full read names the file
                items[kind.name][post.id] = post
                continue
        loaded = kind.model.model_validate_json(entry.body)
        if not kind.is_item:
            files[kind.name] = loaded
            continue
        key = str(getattr(loaded, kind.key_field))
        if key != _stem(entry.key):
            return None  # the full read names the file
        if kind is SCHABLON:
            schablon[key] = loaded
        else:
            items[kind.name][key] = post_of(loaded)  # type: ignore[arg-type]
    if expected:
        return None  # a file without a trusted entry
    skeleton = Portfolio(root=root, schablon=schablon, today=date.today(), **files)
    return underlag_of(skeleton, items[BEHOV.name], items[PROJEKT.name])


Overview = tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]


def overview(root: Path) -> Overview | None:
    """What `list` shows of every behov and projekt (`oversikt.essentials` of each valid
    one) and the files that could not be read, from the cache one entry at a time, and
    kept for the next `list`; None when the manifest does not hold or an entry is
    missing (the caller then reads through the whole cache)."""
    from pydantic_core import from_json

    from avoplan.documents.oversikt import essentials
    from avoplan.store.cache.entries import NO_MODEL
    from avoplan.store.cache.trusted import keep_overview, trusted_entries

    trusted = trusted_entries(root)
    if trusted is None:
        return None
    listing, entries = trusted
    wanted = {
        f"{kind.folder}/{path.name}": kind
        for kind in (BEHOV, PROJEKT)
        for path in root.glob(kind.glob)
    }
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {BEHOV.name: [], PROJEKT.name: []}
    broken: list[str] = []
    try:
        with _without_gc():
            for entry in entries:
                kind = wanted.pop(entry.key, None)
                if kind is None:
                    continue
                if entry.model != kind.model.__name__:
                    return None
                if entry.body == NO_MODEL:
                    broken.append(entry.key)
                    continue
                row = essentials(dict(from_json(entry.body)))
                found[kind.name].append((entry.key, row))
    except (ValueError, TypeError, KeyError):  # a damaged entry: read through the cache
        return None
    if wanted:
        return None
    data: Overview = (
        [row for _, row in sorted(found[BEHOV.name], key=lambda kv: kv[0])],
        [row for _, row in sorted(found[PROJEKT.name], key=lambda kv: kv[0])],
        sorted(broken),
    )
    keep_overview(root, listing, list(data))
    return data
