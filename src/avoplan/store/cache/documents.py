"""Rendered documents kept for the next identical render.

A document depends on the portfolio's files, the git commit it stands at (its sha and
day, the organisation's history), today's date, the last federation sync, avoplan's
code and templates, and the render's options. When all of these are what they were at
the last render, the bytes it produced are the answer: a warm `render plan` of 10 000
items then costs a stat of each file and one `git status`, not loading and validating
every file again. The key is a hash of all of them keyed with this machine's secret
(see `cache.machine_secret`), so an entry planted in the folder never matches; an entry
is one file per document and format, replaced by the next render.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from avoplan.core.errors import UserError
from avoplan.store.cache.code import library_versions
from avoplan.store.cache.places import FEDERATION_FOLDER, SYNC_STATE, cache_dir
from avoplan.store.cache.secret import machine_secret
from avoplan.store.files import atomic_write_bytes, installed_package, templates_dir

SUBFOLDER = "dokument"


def render_key(parts: list[str]) -> str:
    """One key over `parts` (what the caller knows the output depends on), avoplan's
    code and its templates."""
    digest = hashlib.blake2b(digest_size=16, key=machine_secret())
    for part in [*parts, _code_digest()]:
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def stored(root: Path, key: str, name: str) -> bytes | None:
    """The bytes rendered under `key` for the output `name` (e.g. plan.html), if any."""
    path = _entry(root, name)
    try:
        with path.open("rb") as entry:
            if entry.readline().rstrip(b"\n") != key.encode():
                return None
            return entry.read()
    except OSError:
        return None


def store(root: Path, key: str, name: str, content: bytes) -> None:
    """Keep `content` as the output `name` rendered under `key` (no error if it cannot;
    nothing on a CI runner or with --no-cache-write)."""
    from avoplan.store.cache.policy import writes_wanted

    if not writes_wanted():
        return
    path = _entry(root, name)
    with contextlib.suppress(OSError, UserError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, key.encode() + b"\n" + content)


def federation_sync_stat(root: Path) -> str:
    """When the last federation sync was written (the backlog reads the synced members)."""
    try:
        info = (cache_dir(root) / FEDERATION_FOLDER / SYNC_STATE).stat()
    except OSError:
        return "-"
    return f"{info.st_size}.{info.st_mtime_ns}"


def _entry(root: Path, name: str) -> Path:
    return cache_dir(root) / SUBFOLDER / name


def _code_digest() -> str:
    """Every source file of avoplan and every template, by content."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(library_versions(("jinja2", "weasyprint", "pydantic_core")).encode())
    for folder, pattern in ((installed_package(), "*.py"), (templates_dir(), "*")):
        for file in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            with contextlib.suppress(OSError):
                digest.update(str(file.relative_to(folder)).encode() + b"\0")
                digest.update(file.read_bytes())
    return digest.hexdigest()
