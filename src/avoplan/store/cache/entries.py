"""The warm-check cache: each file's validated model and findings, keyed by its bytes.

A second `check` of unchanged files skips YAML parsing and pydantic validation. Per
file the cache holds the model as JSON (`model_dump_json(exclude_unset=True)`) and the
findings of reading it; a hit rebuilds the model with `model_validate_json`, which
pydantic-core parses and builds in Rust: about 0.1 ms a file against about 0.6 ms for
parsing the YAML (measured on the demo portfolio). A pickle per entry is slower (10 000
entries: 0.5 s against 0.4 s) and would run code from a file planted in the portfolio
folder.

A cache may make `check` faster, never different. It is never trusted from the
repository: every entry checksum and the rules' digest are keyed with a secret that only
this machine's user cache directory holds (`$XDG_CACHE_HOME/avoplan/secret`), so a cache
committed to git, planted in a pull request or copied from another machine is ignored
and rewritten. An entry counts only when the file's
bytes hash to the entry's key, under the same fingerprint (avoplan's version and the
source of every module that shapes a file's model and findings, pydantic-core's and
PyYAML's versions), and when its own checksum holds; anything else in the cache, a
garbage file included, is ignored and rewritten.

Format (one line per file, tab-separated, so a hit finds five tabs, hashes the line's
own bytes and hands the model's bytes to `model_validate_json`, nothing decoded; JSON
never contains a raw tab or newline):
    avoplan-cache <format> <fingerprint>
    <relative path> <model> <file hash> <entry checksum> <findings JSON> <model JSON or ->
A later line of a path supersedes an earlier one: `save` appends the changed entries
(`entry_file`). The checksum covers the path and every other field.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from avoplan.core.findings import Finding
from avoplan.store.cache.code import code_digest, code_fingerprint
from avoplan.store.cache.cores import PARALLEL_MIN, spare_core
from avoplan.store.cache.entry_file import Entries, Loaded, read_entries, write_entries
from avoplan.store.cache.manifest import (
    MANIFEST_FILE,
    OVERVIEW_FILE,
    RACY_NS,
    Listing,
    cache_stat,
    finding_from_row,
    finding_row,
    known_result_in,
    overview_head,
    today,
    unchanged_manifest,
)
from avoplan.store.cache.places import FILE_NAME, FORMAT, RULES_FILE, cache_dir, make_folder
from avoplan.store.cache.prefill import Parsed, Prefill
from avoplan.store.cache.secret import mac, machine_secret

if TYPE_CHECKING:  # pydantic is imported where a model is built: a warm check needs none
    from collections.abc import Callable

    from pydantic import BaseModel


M = TypeVar("M", bound="BaseModel")


NO_MODEL = "-"
_NO_MODEL_BYTES = NO_MODEL.encode()


class Cache:
    """Entries of one portfolio; `read` stands in for `loader.read_model`."""

    def __init__(
        self,
        root: Path,
        file: Path,
        fingerprint: str,
        entries: Entries,
        *,
        read_only: bool = False,
    ) -> None:
        self.root, self.file, self.fingerprint = root, file, fingerprint
        self.prefix = str(root) + os.sep
        self.old = entries
        self.new: dict[str, list[str]] = {}
        self.changed = False
        self.read_only = read_only
        self._prefill: Prefill | None = None  # the second process, while it parses
        self._parsed: Parsed = {}  # what it parsed, until each file is read
        self._secret: bytes | None = None
        self.unchanged = False  # see `open`
        self.listing: str | None = None  # the manifest's listing while it holds
        self.on_disk = Loaded(
            Entries(b"", {}), 0, whole=False
        )  # the file as read (none: write it whole)

    @classmethod
    def memory(cls, root: Path) -> Cache:
        """A cache that starts empty and is never saved (`check --no-cache`): it only
        carries what the second process parsed."""
        return cls(root, Path(os.devnull), "", Entries(b"", {}), read_only=True)

    @classmethod
    def open(cls, root: Path, borrow: Path | None = None) -> Cache:
        """The cache of the portfolio at `root`; with `borrow`, read (never write) the
        cache of that portfolio instead: `diff` reads another version of the same files,
        whose unchanged files hit (entries are keyed by relative path and bytes)."""
        from avoplan.store.cache.policy import writes_wanted

        file = cache_dir(borrow or root) / FILE_NAME
        fingerprint = code_fingerprint()
        read_only = borrow is not None or not writes_wanted()  # not on a CI runner
        loaded = read_entries(file, fingerprint)
        cache = cls(root, file, fingerprint, loaded.entries, read_only=read_only)
        cache.on_disk = loaded  # what `save` appends to
        # No file changed since the last full check made these entries: each entry is
        # the file's, so a hit needs neither reading nor hashing the file (prioritet,
        # render and list over 10 000 files).
        manifest = None if borrow else unchanged_manifest(root, file.parent, fingerprint)
        cache.unchanged = manifest is not None
        cache.listing = manifest[0][4] if manifest else None
        return cache

    def read(self, path: Path, model: type[M]) -> tuple[M | None, Any, list[Finding]]:
        """Like `loader.read_model`, but from the cache when the file is unchanged.
        A hit has no raw data (None): callers that need it read the file themselves."""
        from avoplan.store.yaml_io import read_bytes
        from avoplan.store.yaml_problems import YamlFileError

        key = self._key(path)
        if self._prefill is not None and key in self._prefill.keys:
            self._parsed = self._prefill.take()
            self._prefill = None
        parsed = self._parsed.pop(key, None) if self._parsed else None
        if parsed is not None:
            return self._validated(key, path, model, *parsed)
        if self.read_only and key not in self.old:
            return _read_model(path, model)  # nothing to look up, nothing will be kept
        if self.unchanged:
            trusted = self._trusted(key, path, model)
            if trusted is not None:
                return trusted[0], None, trusted[1]
        try:
            raw = read_bytes(path)
        except YamlFileError:  # refused (special file, too large, unreadable): say why
            return _read_model(path, model)
        digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
        hit = self._hit(key, path, model, digest)
        if hit is not None:
            return hit[0], None, hit[1]
        from avoplan.store.loader import model_from_bytes  # a miss: the file parsed

        instance, data, findings = model_from_bytes(raw, path, model)  # no second read
        self._store(key, model, digest, instance, findings)
        return instance, data, findings

    def data(self, path: Path, model: type[BaseModel]) -> dict[str, Any] | None:
        """A valid file's content as plain JSON data (None for a broken file). A hit
        skips validation entirely (the stored model is only parsed): listing 10,000 items
        needs their fields, not their validation, which `read` would redo."""
        from avoplan.store.yaml_io import read_bytes
        from avoplan.store.yaml_problems import YamlFileError

        key = self._key(path)
        entry = self.old.get(key)
        if (
            self.unchanged
            and entry is not None
            and entry[0] == model.__name__
            and self._checksum(key, entry) == entry[2]
        ):
            self.new[key] = entry
            return _data_of(entry)
        try:
            raw = read_bytes(path)  # bounded: never a FIFO, a device or a huge file
        except (OSError, YamlFileError):
            return None
        digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
        if (
            entry is not None
            and entry[0] == model.__name__
            and entry[1] == digest
            and self._checksum(key, entry) == entry[2]
        ):
            self.new[key] = entry
            return _data_of(entry)
        instance, _, _ = self.read(path, model)
        return None if instance is None else instance.model_dump(mode="json")

    # --- two cores for a cold read ----------------------------------------------------------

    def prefill(self, listed: Callable[[], list[tuple[Path, type[BaseModel]]]]) -> None:
        """With nothing cached (a fresh clone, --no-cache, new code), parse the later
        files in a forked second process while this one reads the earlier ones
        (`prefill`). Anything that goes wrong there only means this process reads those
        files itself. The files are listed (`listed()`) only when a core is idle."""
        if self.old or not spare_core():
            return
        files = listed()
        if len(files) < PARALLEL_MIN:
            return
        if not hasattr(os, "fork"):  # Windows: every file read here
            return
        self._prefill = Prefill([path for path, _ in files], self._key, digests=not self.read_only)

    def _validated(
        self, key: str, path: Path, model: type[M], digest: str, data: Any
    ) -> tuple[M | None, Any, list[Finding]]:
        """A file the second process parsed, validated here as `read` validates its own."""
        from avoplan.store.validation import validate

        instance, findings = validate(model, data, path)
        if not self.read_only:
            self._store(key, model, digest, instance, findings)
        return instance, data, findings

    def close(self) -> None:
        """Stop a second process whose work was not needed (e.g. on Ctrl-C)."""
        if self._prefill is not None:
            self._prefill.close()
            self._prefill = None
        self._parsed = {}

    def save(self, *, partial: bool = False) -> None:
        """Write the entries of this run if anything changed; a cache that cannot be
        written is no error (the next check is just not faster). `partial`: this run
        read only some files (list), so the entries of the others are kept, and an
        unchanged cache is not rewritten."""
        self.close()
        if self.read_only:
            return
        if not self.changed and (partial or self.new.keys() == self.old.keys()):
            return
        entries = {**self.old, **self.new} if partial else self.new
        write_entries(self.file, self.fingerprint, self.on_disk, entries)

    def portfolio_digest(self, extra: str = "") -> str:
        """One hash over every file read this run (path and bytes), the code of the rules
        and `extra` (what else the rules read, such as earlier organisations): equal
        digests mean the rules must find the same. Keyed with this machine's secret, so a
        rules file from elsewhere never matches."""
        digest = hashlib.blake2b(digest_size=16, key=machine_secret())
        digest.update(self.fingerprint.encode() + code_digest().encode())
        digest.update(extra.encode())
        # The day too: whether a follow-up measurement is overdue changes with the date.
        digest.update(today().encode())
        for key in sorted(self.new):
            digest.update(f"{key}\0{self.new[key][1]}\n".encode())
        return digest.hexdigest()

    def rule_findings(self, digest: str) -> list[Finding] | None:
        """The findings of the rules of the last run over the very same files, if any."""
        try:
            text = (self.file.parent / RULES_FILE).read_text(encoding="utf-8")
            if not text.startswith(f'{{"digest": "{digest}"'):  # another portfolio's: unparsed
                return None
            stored = json.loads(text)
            if stored["digest"] != digest or stored["mac"] != _rules_mac(
                digest, stored["findings"]
            ):
                return None
            return [
                finding_from_row(row[1:], self.root / row[0] if row[0] else None)
                for row in stored["findings"]
            ]
        except Exception:  # noqa: BLE001 (missing or damaged: run the rules)
            return None

    def store_rule_findings(self, digest: str, findings: list[Finding]) -> None:
        if self.read_only:
            return
        rows = [[self._key(f.file) if f.file else "", *finding_row(f)] for f in findings]
        from avoplan.core.errors import UserError
        from avoplan.store.files import atomic_write_text

        with contextlib.suppress(OSError, UserError):
            make_folder(self.file.parent)
            body = json.dumps(
                {"digest": digest, "findings": rows, "mac": _rules_mac(digest, rows)},
                ensure_ascii=False,
            )
            atomic_write_text(self.file.parent / RULES_FILE, body)

    # --- the overview of every item (list), kept while the manifest holds -------------------

    def store_overview(self, data: Any) -> None:
        """Keep `data` (plain JSON) for `overview`, when the manifest holds."""
        if self.listing is None or self.read_only:
            return
        from avoplan.core.errors import UserError
        from avoplan.store.files import atomic_write_text

        with contextlib.suppress(OSError, UserError):
            body = json.dumps(data, ensure_ascii=False, default=str)
            head = overview_head(self.fingerprint, self.listing, body)
            atomic_write_text(self.file.parent / OVERVIEW_FILE, f"{head}\n{body}")

    # --- the whole result, trusted on file metadata alone (warm `check`) -------------------

    def known_result(self) -> tuple[list[Finding], int] | None:
        """See `known_result`: the last full check's answer, if nothing changed since."""
        return known_result_in(self.root, self.file.parent, self.fingerprint)

    def store_result(
        self, listing: Listing | None, started_ns: int, findings: list[Finding], count: int
    ) -> None:
        """Remember a full check's result against the listing taken before it read any
        file; not when a file was changed too recently to be told apart by its times."""
        if self.read_only or listing is None or listing.newest_ns >= started_ns - RACY_NS:
            return
        rows = [[self._key(f.file) if f.file else "", *finding_row(f)] for f in findings]
        head = " ".join(
            [
                "avoplan-manifest",
                FORMAT,
                self.fingerprint,
                code_digest(),
                listing.digest,
                cache_stat(self.root, self.file.parent),
                str(count),
                today(),
            ]
        )
        from avoplan.core.errors import UserError
        from avoplan.store.files import atomic_write_text

        with contextlib.suppress(OSError, UserError):
            make_folder(self.file.parent)
            folders = json.dumps(listing.folders, ensure_ascii=False)
            body = json.dumps(rows, ensure_ascii=False)
            head += " " + mac(head, folders, body)
            atomic_write_text(self.file.parent / MANIFEST_FILE, f"{head}\n{folders}\n{body}")

    def _trusted(
        self, key: str, path: Path, model: type[M]
    ) -> tuple[M | None, list[Finding]] | None:
        """The entry of a file unchanged since the last full check, without reading it."""
        return self._hit(key, path, model, None)

    def _hit(
        self, key: str, path: Path, model: type[M], digest: str | None
    ) -> tuple[M | None, list[Finding]] | None:
        """The cached (model, findings) of `key` when its entry is of `model`, of the
        file's bytes (`digest`; None: unread, trusted by the manifest) and its checksum
        holds; the model built from the entry's bytes as they stand in the file."""
        if self._secret is None:
            self._secret = machine_secret()
        parts = self.old.verified(key, self._secret)
        if parts is None or parts.head[0] != model.__name__:
            return None
        if digest is not None and parts.head[1] != digest:
            return None
        hit = _rebuild(parts.findings, parts.body, path, model)
        if hit is not None:
            self.new[key] = self.old.hit(key, parts.head)
        return hit

    def _checksum(self, key: str, fields: list[str]) -> str:
        """An entry's checksum under this machine's secret (asked once per cache: the
        environment lookups behind it cost more than the hash, 10 000 times over)."""
        if self._secret is None:
            self._secret = machine_secret()
        return _checksum(key, fields, self._secret)

    def _key(self, path: Path) -> str:
        # String slicing, not Path.relative_to: this runs once per file of the portfolio.
        text = str(path)
        return text[len(self.prefix) :] if text.startswith(self.prefix) else text

    def _store(
        self,
        key: str,
        model: type[BaseModel],
        digest: str,
        instance: BaseModel | None,
        findings: list[Finding],
    ) -> None:
        if "\t" in key or "\n" in key:
            return
        body = NO_MODEL if instance is None else instance.model_dump_json()
        found = json.dumps([finding_row(f) for f in findings], ensure_ascii=False)
        fields = [model.__name__, digest, "", found, body]
        fields[2] = self._checksum(key, fields)
        self.new[key] = fields
        self.changed = True


def _read_model(path: Path, model: type[M]) -> tuple[M | None, Any, list[Finding]]:
    from avoplan.store.loader import read_model

    return read_model(path, model)


def _checksum(key: str, fields: list[str], secret: bytes) -> str:
    """An entry's checksum: its path and every field but the checksum itself."""
    model, digest, _, found, body = fields
    payload = "\t".join((key, model, digest, found, body)).encode()
    return hashlib.blake2b(payload, digest_size=16, key=secret).hexdigest()


def _data_of(entry: list[str]) -> dict[str, Any] | None:
    from pydantic_core import from_json  # about 3x faster than json.loads here

    return None if entry[4] == NO_MODEL else dict(from_json(entry[4]))


def _rebuild(
    found: bytes, body: bytes, path: Path, model: type[M]
) -> tuple[M | None, list[Finding]] | None:
    """The cached (model, findings), or None when the entry is damaged (its checksum
    is checked by the caller)."""
    try:
        # Most files have no findings: "[]" needs no parser.
        rows = [] if found == b"[]" else json.loads(found)
        findings = [finding_from_row(row, path) for row in rows]
        if body == _NO_MODEL_BYTES:
            return None, findings
        return model.model_validate_json(body), findings
    except Exception:  # noqa: BLE001 (a damaged entry is a miss, whatever broke)
        return None


def _rules_mac(digest: str, rows: Any) -> str:
    return mac("avoplan-rules", digest, json.dumps(rows, ensure_ascii=False))
