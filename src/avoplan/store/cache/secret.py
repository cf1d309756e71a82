"""This machine's secret: 32 random bytes in the user's cache directory that key every
checksum of the caches, so a cache planted in a repository or copied from another
machine is never trusted."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

_SECRET: dict[tuple[str | None, str | None], bytes] = {}


def mac(*parts: str) -> str:
    """A checksum over `parts` under this machine's secret: what the cache hands back
    (rule findings, the manifest's findings, the overview) counts only when it holds."""
    digest = hashlib.blake2b(digest_size=16, key=machine_secret())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def machine_secret() -> bytes:
    """32 random bytes kept in the user's cache directory (created on first use, private
    to the user); when it cannot be kept, a new one per run (the cache then never hits).
    Asked once per entry, so it is remembered per cache directory."""
    where = (os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
    if where not in _SECRET:
        file = user_cache() / "secret"
        _SECRET[where] = _read_secret(file) or _new_secret(file)
    return _SECRET[where]


def _read_secret(file: Path) -> bytes | None:
    try:
        raw = file.read_bytes()
    except OSError:
        return None
    return raw if len(raw) == 32 else None


def _new_secret(file: Path) -> bytes:
    secret = os.urandom(32)
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(secret)
    return _read_secret(file) or secret  # another run may have won the race


def user_cache() -> Path:
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "avoplan"
