"""Every need's similar needs for the site (R5), kept in the cache from one render to the
next, so a render after a change makes again only what the change can move: the index
rows of the needs whose fields changed (`liknande_rader.since`, each need kept by the
digest of the fields similarity reads) and the lists those rows can change
(`liknande_alla.ranked_after`). The answer is what a build from nothing gives.

The file is avoplan's own (marshal, as Python's compiled modules are: read in one call,
without a parser in Python): the index's columns and postings, each need's digest and
words before the split, the vocabulary's counts, and the last ranking per list length and
threshold. Its head names the format, the code's fingerprint and the Python that wrote it,
and a checksum keyed by this machine's secret: a file planted or changed in the portfolio
folder, or one from another avoplan, is not read, and everything is built again."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avoplan.behovsprocess.liknande import COLUMNS, Index, Likhet
from avoplan.behovsprocess.liknande_alla import (
    Kept,
    compact,
    distinct,
    ranked_after,
    ranked_all,
)
from avoplan.behovsprocess.liknande_rader import Rader, built, digest, since
from avoplan.models.behov import Behov
from avoplan.store.cache.liknande import fingerprint
from avoplan.store.cache.secret import machine_secret

FILE = "liknande-rader.bin"
FORMAT = "1"
_PYTHON = f"{marshal.version}.{sys.version_info[0]}.{sys.version_info[1]}"


@dataclass
class _Kept:
    rader: Rader
    lists: dict[str, dict[str, tuple[Kept, ...]]]  # per `_asked`


def similar_all(
    folder: Path, needs: Mapping[str, Behov], *, top: int, minimum: float, most: int
) -> dict[str, Sequence[Likhet]] | None:
    """For every need of `needs` (keyed by id) the needs most like it, best first, at
    most `top`, scoring `minimum` or more (what `liknande_alla.ranked_all` gives); None
    when more than `most` needs differ in their words, title, systems or goals. What
    is kept in `folder` is used and brought up to date."""
    digests = [digest(need) for need in needs.values()]
    kept = _read(folder / FILE)
    step = None if kept is None else since(kept.rader, needs, digests)
    rader, changes = step or (built(needs, digests), None)
    asked = _asked(top, minimum)
    lists = {} if kept is None or step is None else kept.lists
    found: dict[str, list[Likhet]] | None = None
    if distinct(rader.index) <= most:
        before = lists.get(asked)
        if before is None or changes is None:
            found = ranked_all(rader.index, top=top, minimum=minimum)
        else:
            found = ranked_after(rader.index, before, changes, top=top, minimum=minimum)
    if step is None or changes or (found is None) != (asked not in lists):
        _write(folder / FILE, rader, {asked: compact(found)} if found is not None else {})
    return None if found is None else dict(found)


def _asked(top: int, minimum: float) -> str:
    return f"{top}:{minimum!r}"


def _read(file: Path) -> _Kept | None:
    """What `file` keeps, when this code wrote it on this machine."""
    try:
        raw = file.read_bytes()
        head, body = raw.split(b"\n", 1)
        magic, fmt, made_by, python, checksum = head.decode("ascii").split(" ")
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if (magic, fmt, made_by, python) != ("avoplan-liknande-rader", FORMAT, fingerprint(), _PYTHON):
        return None
    if _checksum(body) != checksum:
        return None
    try:
        return _parsed(marshal.loads(body))  # noqa: S302 (read once its keyed checksum holds)
    except (ValueError, EOFError, TypeError, KeyError, AttributeError):
        return None


def _parsed(data: dict[str, Any]) -> _Kept | None:
    columns = data["columns"]
    sizes = {len(c) for c in (*columns, data["digests"], data["title"], data["text"])}
    if len(columns) != COLUMNS or len(sizes) != 1:
        return None
    rader = Rader(
        Index(columns, data["postings"]),
        data["digests"],
        data["title"],
        data["text"],
        data["counts"],
    )
    return _Kept(rader, data["lists"])


def _write(file: Path, rader: Rader, lists: Mapping[str, Mapping[str, Sequence[Kept]]]) -> None:
    """Keep `rader` and `lists`; nothing on a run that writes no cache, and a file that
    cannot be written is no error (the next render builds it again)."""
    from avoplan.store.cache.policy import writes_wanted

    if not writes_wanted():
        return
    data = {
        "columns": [list(column) for column in rader.index.columns],
        "postings": dict(rader.index.postings),
        "digests": rader.digests,
        "title": rader.title_words,
        "text": rader.text_words,
        "counts": rader.counts,
        "lists": {asked: dict(found) for asked, found in lists.items()},
    }
    body = marshal.dumps(data, 4)
    head = f"avoplan-liknande-rader {FORMAT} {fingerprint()} {_PYTHON} {_checksum(body)}\n"
    from avoplan.core.errors import UserError
    from avoplan.store.files import atomic_write_bytes

    with contextlib.suppress(OSError, UserError):
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(file, head.encode("ascii") + body)


def _checksum(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16, key=machine_secret()).hexdigest()
