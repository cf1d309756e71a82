"""Where avoplan keeps its caches and the portfolio lock: `<portfolio>/.avoplan-cache`,
or the user's cache directory when the portfolio folder is read-only or installed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from avoplan.store.cache.secret import user_cache

FORMAT = "5"
FILE_NAME = "check.tsv"
RULES_FILE = "rules.json"

FOLDER = ".avoplan-cache"


FEDERATION_FOLDER = "federation"  # synced members' copies (see federation_cache)


SYNC_STATE = "synk.json"  # when the members were last synced, and at which commits


def cache_dir(root: Path) -> Path:
    """`<portfolio>/.avoplan-cache`, or under $XDG_CACHE_HOME/avoplan when the portfolio
    folder is read-only or is the embedded one inside the installed package."""
    if _writable(root) and not _installed(root):
        return root / FOLDER
    where = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
    return user_cache() / where


def lock_file(root: Path) -> Path:
    """Where the portfolio lock of writing commands lives: beside the cache, which git
    ignores, so the lock never shows up as a change."""
    folder = cache_dir(root)
    make_folder(folder)
    return folder / "skriv.lock"


def make_folder(folder: Path) -> None:
    from avoplan.store.files import sweep_temp_files

    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# avoplans cache; skapas av 'avoplan check'\n*\n", encoding="utf-8")
    sweep_temp_files(folder, older_than=60)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def _installed(folder: Path) -> bool:
    import avoplan

    return folder.resolve().is_relative_to(Path(avoplan.__file__).resolve().parent)
