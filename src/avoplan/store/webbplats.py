"""The static site's folder (`render site --out MAPP`): the record of the last render
there (each page's input digest and size, what the start page compares with), the pages
of it still on disk, pages written only when their bytes changed, and the pages of items
that are gone removed (only files the record lists: never anything else in the folder)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from avoplan.core.errors import UserError
from avoplan.store.files import display

RECORD = ".avoplan-webbplats.json"
State = dict[str, tuple[str, str]]  # what a render shows of each need: (titel, steg) by id
# Per file of the site: its inputs' digest (None: not a page), size, and input key.
Files = Mapping[str, tuple[str | None, int | None, str | None]]


def record(out: Path) -> dict[str, Any]:
    """What the last render wrote here ({} when none, or when the file is not ours)."""
    try:
        data = json.loads((out / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def previous(kept: Mapping[str, Any], now: str) -> State | None:
    """The needs as the last render with different needs showed them: what the start
    page compares with (`now`: the `state_digest` of this render's). Rendering the same
    needs again compares with the same render as before, so the start page does not
    change."""
    same = kept.get("tillstånd_digest") == now
    return _parsed_state(kept.get("förra") if same else kept.get("tillstånd"))


def _parsed_state(value: Any) -> State | None:
    if not isinstance(value, dict):
        return None
    return {
        str(k): (str(v[0]), str(v[1]))
        for k, v in value.items()
        if isinstance(v, list) and len(v) == 2
    }


def state_digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class OnDisk:
    """The pages the last render laid out (their inputs' digest, size and, for an item's
    page, the key of its inputs) that are still on disk at that size: those need not be
    laid out again while their digest holds. Each page is looked up when asked for (one
    stat): the whole portfolio's pages in the child that lays them out."""

    def __init__(self, out: Path, kept: Mapping[str, Any]) -> None:
        pages = kept.get("sidor")
        self.pages = pages if isinstance(pages, dict) else {}
        # A string: a Path per page costs more than its stat, 10 000 times over.
        self.top = os.path.join(out, "")  # noqa: PTH118
        self.found: dict[str, tuple[str, int, str | None] | None] = {}

    def laid(self, name: str) -> tuple[str, str | None] | None:
        """(digest, input key) of the page as last laid out, when it is still on disk."""
        found = self.page(name)
        return None if found is None else (found[0], found[2])

    def size(self, name: str) -> int:
        """The size the record gives a page `laid` found (here or in the child, which may
        have seen it on disk a moment before this process would)."""
        size: int = self.pages[name][1]
        return size

    def page(self, name: str) -> tuple[str, int, str | None] | None:
        if name in self.found:
            return self.found[name]
        entry = self.pages.get(name)
        found = None
        if isinstance(entry, list) and len(entry) in (2, 3) and isinstance(entry[0], str):
            inputs = entry[2] if len(entry) == 3 and isinstance(entry[2], str) else None
            try:
                if os.stat(self.top + name).st_size == entry[1]:  # noqa: PTH116
                    found = (entry[0], entry[1], inputs)
            except (OSError, ValueError):
                pass
        self.found[name] = found
        return found


def write_record(out: Path, kept: Mapping[str, Any], files: Files, now: State, digest: str) -> None:
    """The record of this render, beside the pages (`kept`: the last render's; `digest`:
    the `state_digest` of `now`)."""
    same = kept.get("tillstånd_digest") == digest
    data = {
        "filer": sorted(files),
        "sidor": {
            name: list(entry if entry[2] else entry[:2])
            for name, entry in sorted(files.items())
            if entry[0]
        },
        "tillstånd": now,
        "tillstånd_digest": digest,
        "förra": kept.get("förra") if same else kept.get("tillstånd"),
    }
    write_if_changed(out / RECORD, json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")


def write_if_changed(path: Path, text: str) -> bool:
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


def remove_gone(out: Path, kept: Mapping[str, Any], files: Files) -> int:
    """Remove the pages the last render wrote that this one does not (a need that is gone)."""
    listed = kept.get("filer")
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
