"""The warm manifest and the `list` overview: what the last full check found, trusted
while a stat of every portfolio file, the code, the day and this machine are unchanged.
Reading it imports neither pydantic nor the models (the fast path of a warm `check`)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from avoplan.core.findings import Finding, Severity
from avoplan.store.cache.code import code_digest, code_fingerprint
from avoplan.store.cache.places import (
    FEDERATION_FOLDER,
    FILE_NAME,
    FORMAT,
    RULES_FILE,
    SYNC_STATE,
    cache_dir,
)
from avoplan.store.cache.secret import mac

MANIFEST_FILE = "manifest.tsv"


OVERVIEW_FILE = "oversikt.json"


# A file changed this close to the moment its folder was listed may change again within
# the same timestamp tick; such a listing is never trusted later (git's "racy clean").
RACY_NS = 200_000_000


def known_result(root: Path) -> tuple[list[Finding], int] | None:
    """The findings and file count of the last full check of the portfolio at `root`,
    when no file it read has changed since: same names, sizes, times and inodes (a stat
    of each, no reading), the same code, the same day, this machine, and the per-file
    cache it was made from untouched. Imports neither pydantic nor the models: this is
    what a warm `check` of an unchanged portfolio costs (see `fast_path`)."""
    return known_result_in(root, cache_dir(root), code_fingerprint())


def known_result_in(root: Path, folder: Path, fingerprint: str) -> tuple[list[Finding], int] | None:
    manifest = unchanged_manifest(root, folder, fingerprint)
    if manifest is None:
        return None
    head, body = manifest
    rules, count, day = head[3], head[6], head[7]
    if day != today() or rules != code_digest():  # rules read the date
        return None
    try:
        return [
            finding_from_row(row[1:], root / row[0] if row[0] else None) for row in json.loads(body)
        ], int(count)
    except Exception:  # noqa: BLE001 (a damaged manifest: check in full)
        return None


def kept_overview(root: Path) -> Any:
    """The overview data `Cache.store_overview` kept, when it was kept under the manifest
    of the last full check and that manifest still holds (no portfolio file changed), by
    this code on this machine; None otherwise. Reads neither the per-file cache nor any
    portfolio file: `list` over 10 000 items is then one stat of each and one parse."""
    folder, fingerprint = cache_dir(root), code_fingerprint()
    manifest = unchanged_manifest(root, folder, fingerprint)
    if manifest is None:
        return None
    try:
        head, body = (folder / OVERVIEW_FILE).read_text("utf-8").split("\n", 1)
    except (OSError, ValueError):
        return None
    if head != overview_head(fingerprint, manifest[0][4], body):
        return None
    from pydantic_core import from_json

    try:
        return from_json(body)
    except ValueError:
        return None


def overview_head(fingerprint: str, listing: str | None, body: str) -> str:
    """The overview's first line; its last field is keyed over the data too, so an edited
    overview is never handed back."""
    head = " ".join(["avoplan-oversikt", FORMAT, fingerprint, str(listing)])
    return f"{head} {mac(head, body)}"


def unchanged_manifest(root: Path, folder: Path, fingerprint: str) -> tuple[list[str], str] | None:
    """(head fields, findings JSON) of the manifest of the last full check when it was
    made here, by this code, from the per-file cache as it is now, and no portfolio
    file has changed since (a stat of each); None otherwise."""
    try:
        head, folders, body = (folder / MANIFEST_FILE).read_text("utf-8").split("\n", 2)
        fields = head.split(" ")
        magic, fmt, made_by, _, listing, stored_stat, _, _, tag = fields
    except (OSError, ValueError):
        return None
    if (magic, fmt, made_by) != ("avoplan-manifest", FORMAT, fingerprint):
        return None
    signed = head.rsplit(" ", 1)[0]  # the keyed mac covers the head, folders and findings
    if tag != mac(signed, folders, body) or stored_stat != cache_stat(root, folder):
        return None  # planted or edited: never
    try:
        current = listing_digest(root, [str(name) for name in json.loads(folders)])
    except Exception:  # noqa: BLE001 (a damaged manifest)
        return None
    return (fields, body) if current is not None and current.digest == listing else None


def cache_stat(root: Path, folder: Path) -> str:
    """The per-file cache, the rule findings and the last federation sync as they are now
    (a changed or damaged cache file voids the manifest made from it; a new sync may
    resolve references)."""
    parts = []
    for file in (folder / FILE_NAME, folder / RULES_FILE, folder / FEDERATION_FOLDER / SYNC_STATE):
        try:
            info = file.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        except OSError:
            return "?"
        parts.append(f"{info.st_size}.{info.st_mtime_ns}.{info.st_ino}")
    return ":".join(parts)


@dataclass(frozen=True)
class Listing:
    """What a stat of every portfolio file gave: the folders listed, one digest over
    name, size, times, inode and mode of each file, and the newest change in ns."""

    folders: list[str]
    digest: str
    newest_ns: int


def listing_digest(root: Path, folders: list[str]) -> Listing | None:
    """The listing of the portfolio's top folder and its item `folders`; None when a
    folder cannot be listed or a file is no regular file (the full check then says why).
    One stat per file and one hash: this is all a warm check of an unchanged portfolio
    costs."""
    seen: list[tuple[str, int, int, int, int, int]] = []
    for name in ("", *folders):  # relative names: `-p .` and `-p /abs/path` are one listing
        try:
            entries = list(os.scandir(root / name))
        except FileNotFoundError:
            seen.append((f"{name}/-", 0, 0, 0, 0, 0))
            continue
        except OSError:
            return None
        for entry in entries:
            # .pub: the signing keys in nycklar/, which check reads too
            if not entry.name.endswith((".yaml", ".yml", ".pub")) or entry.name.startswith("."):
                continue
            try:
                info = entry.stat()  # follows a link: the file read is the one that counts
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode):
                return None
            seen.append(
                (
                    f"{name}/{entry.name}",
                    info.st_size,
                    info.st_mtime_ns,
                    info.st_ctime_ns,
                    info.st_ino,
                    info.st_mode,
                )
            )
    seen.sort()
    newest = max((max(row[2], row[3]) for row in seen), default=0)
    digest = hashlib.blake2b(repr(seen).encode(), digest_size=16).hexdigest()
    return Listing(folders, digest, newest)


def today() -> str:
    return date.today().isoformat()


def finding_row(finding: Finding) -> list[Any]:
    return [
        finding.severity.value,
        finding.message,
        list(finding.loc),
        finding.rule,
        finding.line,
        finding.hint,
    ]


def finding_from_row(row: list[Any], path: Path | None) -> Finding:
    severity, message, loc, rule, line, hint = row
    return Finding(Severity(severity), message, path, tuple(loc), rule, line, hint)
