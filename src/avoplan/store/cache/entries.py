"""The warm-check cache: each file's validated model and findings, keyed by its bytes.

A second `check` of unchanged files skips YAML parsing and pydantic validation. Per
file the cache holds the model as JSON (`model_dump_json(exclude_unset=True)`) and the
findings of reading it; a hit rebuilds the model with `model_validate_json`, which
pydantic-core parses and builds in Rust: about 0.1 ms a file against about 0.6 ms for
parsing the YAML (measured on the demo portfolio). pickle is no faster and would run
code from a file planted in the portfolio folder.

A cache may make `check` faster, never different. It is never trusted from the
repository: every entry checksum and the rules' digest are keyed with a secret that only
this machine's user cache directory holds (`$XDG_CACHE_HOME/avoplan/secret`), so a cache
committed to git, planted in a pull request or copied from another machine is ignored
and rewritten. An entry counts only when the file's
bytes hash to the entry's key, under the same fingerprint (avoplan's version and the
source of every module that shapes a file's model and findings, pydantic-core's and
PyYAML's versions), and when its own checksum holds; anything else in the cache, a
garbage file included, is ignored and rewritten.

Format (one line per file, tab-separated, so a hit costs one split and one
`model_validate_json`; JSON never contains a raw tab or newline):
    avoplan-cache <format> <fingerprint>
    <relative path> <model> <file hash> <entry checksum> <findings JSON> <model JSON or ->
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from avoplan.core.findings import Finding, Severity

if TYPE_CHECKING:  # pydantic is imported where a model is built: a warm check needs none
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

FORMAT = "4"
FOLDER = ".avoplan-cache"
FILE_NAME = "check.tsv"
RULES_FILE = "rules.json"
MANIFEST_FILE = "manifest.tsv"
OVERVIEW_FILE = "oversikt.json"
FEDERATION_FOLDER = "federation"  # synced members' copies (see federation_cache)
SYNC_STATE = "synk.json"  # when the members were last synced, and at which commits
NO_MODEL = "-"
# A file changed this close to the moment its folder was listed may change again within
# the same timestamp tick; such a listing is never trusted later (git's "racy clean").
RACY_NS = 200_000_000

# Modules whose code decides what a file reads as; an edit to any of them empties the cache.
_SOURCES = ("models", "validation.py", "yaml_io.py", "findings.py", "text.py", "loader.py",
            "cache.py", "rulebook.py")
# ... and what the rules find in a whole portfolio.
_RULE_SOURCES = ("rules", "behovsprocess", "kostnad.py", "pm3.py", "beroenden.py",
                 "nyttorealisering.py")


class Cache:
    """Entries of one portfolio; `read` stands in for `loader.read_model`."""

    def __init__(self, root: Path, file: Path, fingerprint: str,
                 entries: dict[str, list[str]], read_only: bool = False) -> None:
        self.root, self.file, self.fingerprint = root, file, fingerprint
        self.prefix = str(root) + os.sep
        self.old = entries
        self.new: dict[str, list[str]] = {}
        self.changed = False
        self.read_only = read_only
        self._pending: Any = None  # the second process's entries, while it works
        self._pending_keys: frozenset[str] = frozenset()
        self._pool: Any = None
        self._secret: bytes | None = None
        self.unchanged = False  # see `open`
        self.listing: str | None = None  # the manifest's listing while it holds

    @classmethod
    def memory(cls, root: Path) -> Cache:
        """A cache that starts empty and is never saved (`check --no-cache`): it only
        carries what the second process parsed."""
        return cls(root, Path(os.devnull), "", {}, read_only=True)

    @classmethod
    def open(cls, root: Path, borrow: Path | None = None) -> Cache:
        """The cache of the portfolio at `root`; with `borrow`, read (never write) the
        cache of that portfolio instead: `diff` reads another version of the same files,
        whose unchanged files hit (entries are keyed by relative path and bytes)."""
        file = cache_dir(borrow or root) / FILE_NAME
        fingerprint = code_fingerprint()
        cache = cls(root, file, fingerprint, _read_entries(file, fingerprint), borrow is not None)
        # No file changed since the last full check made these entries: each entry is
        # the file's, so a hit needs neither reading nor hashing the file (prioritet,
        # render and list over 10 000 files).
        manifest = None if borrow else _unchanged_manifest(root, file.parent, fingerprint)
        cache.unchanged = manifest is not None
        cache.listing = manifest[0][4] if manifest else None
        return cache

    def read(self, path: Path, model: type[M]) -> tuple[M | None, Any, list[Finding]]:
        """Like `loader.read_model`, but from the cache when the file is unchanged.
        A hit has no raw data (None): callers that need it read the file themselves."""
        from avoplan.store.loader import model_from_bytes, read_model
        from avoplan.store.yaml_io import YamlFileError, read_bytes

        key = self._key(path)
        if self._pending is not None and key in self._pending_keys:
            self._collect()
        if self.read_only and key not in self.old:
            return read_model(path, model)  # nothing to look up, nothing will be kept
        if self.unchanged:
            trusted = self._trusted(key, path, model)
            if trusted is not None:
                return trusted[0], None, trusted[1]
        try:
            raw = read_bytes(path)
        except YamlFileError:  # refused (special file, too large, unreadable): say why
            return read_model(path, model)
        digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
        entry = self.old.get(key)
        if entry is not None and entry[0] == model.__name__ and entry[1] == digest:
            hit = _rebuild(entry, path, model) if self._checksum(entry) == entry[2] else None
            if hit is not None:
                self.new[key] = entry
                return hit[0], None, hit[1]
        instance, data, findings = model_from_bytes(raw, path, model)  # no second read
        self._store(key, model, digest, instance, findings)
        return instance, data, findings

    def data(self, path: Path, model: type[BaseModel]) -> dict[str, Any] | None:
        """A valid file's content as plain JSON data (None for a broken file). A hit
        skips validation entirely (the stored model is only parsed): listing 10,000 items
        needs their fields, not their validation, which `read` would redo."""
        from avoplan.store.yaml_io import YamlFileError, read_bytes

        key = self._key(path)
        entry = self.old.get(key)
        if self.unchanged and entry is not None and entry[0] == model.__name__ \
                and self._checksum(entry) == entry[2]:
            self.new[key] = entry
            return _data_of(entry)
        try:
            raw = read_bytes(path)  # bounded: never a FIFO, a device or a huge file
        except (OSError, YamlFileError):
            return None
        digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
        if entry is not None and entry[0] == model.__name__ and entry[1] == digest \
                and self._checksum(entry) == entry[2]:
            self.new[key] = entry
            return _data_of(entry)
        instance, _, _ = self.read(path, model)
        return None if instance is None else instance.model_dump(mode="json")

    # --- two cores for a cold read ----------------------------------------------------------

    def prefill(self, files: list[tuple[Path, type[BaseModel]]]) -> None:
        """With nothing cached (a fresh clone, --no-cache, new code), parse and validate the
        second half of `files` in a forked second process while this one does the first
        half; its entries arrive as cache entries, rebuilt here in pydantic-core (about a
        sixth of the cost of parsing). Anything that goes wrong there only means this
        process reads those files itself."""
        if self.old or len(files) < PARALLEL_MIN or not spare_core():
            return
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return
        later = files[len(files) // 2:]
        self._pool = multiprocessing.get_context("fork").Pool(1, initializer=_quiet_worker)
        self._pending = self._pool.apply_async(_entries_of, (self.root, later))
        self._pending_keys = frozenset(self._key(path) for path, _ in later)

    def _collect(self) -> None:
        pending, self._pending = self._pending, None
        try:
            entries = pending.get(timeout=600)
            self.old.update(entries)
            self.changed = True
        except Exception:  # the files are then simply read here
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Stop a second process whose work was not needed (e.g. on Ctrl-C)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool = self._pending = None

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
        lines = [f"avoplan-cache {FORMAT} {self.fingerprint}"]
        lines += ["\t".join([key, *entry]) for key, entry in entries.items()]
        from avoplan.core.errors import UserError
        from avoplan.store.files import atomic_write_text

        with contextlib.suppress(OSError, UserError):
            _make_folder(self.file.parent)
            atomic_write_text(self.file, "\n".join(lines) + "\n")

    def portfolio_digest(self, extra: str = "") -> str:
        """One hash over every file read this run (path and bytes), the code of the rules
        and `extra` (what else the rules read, such as earlier organisations): equal
        digests mean the rules must find the same. Keyed with this machine's secret, so a
        rules file from elsewhere never matches."""
        digest = hashlib.blake2b(digest_size=16, key=machine_secret())
        digest.update(self.fingerprint.encode() + _sources_digest(_RULE_SOURCES).encode())
        digest.update(extra.encode())
        # The day too: whether a follow-up measurement is overdue changes with the date.
        digest.update(date.today().isoformat().encode())
        for key in sorted(self.new):
            digest.update(f"{key}\0{self.new[key][1]}\n".encode())
        return digest.hexdigest()

    def rule_findings(self, digest: str) -> list[Finding] | None:
        """The findings of the rules of the last run over the very same files, if any."""
        try:
            stored = json.loads((self.file.parent / RULES_FILE).read_text(encoding="utf-8"))
            if stored["digest"] != digest or stored["mac"] != _rules_mac(digest,
                                                                         stored["findings"]):
                return None
            return [_finding(row[1:], self.root / row[0] if row[0] else None)
                    for row in stored["findings"]]
        except Exception:  # missing or damaged: run the rules
            return None

    def store_rule_findings(self, digest: str, findings: list[Finding]) -> None:
        if self.read_only:
            return
        rows = [[self._key(f.file) if f.file else "", *_finding_row(f)] for f in findings]
        from avoplan.core.errors import UserError
        from avoplan.store.files import atomic_write_text

        with contextlib.suppress(OSError, UserError):
            _make_folder(self.file.parent)
            body = json.dumps({"digest": digest, "findings": rows,
                               "mac": _rules_mac(digest, rows)}, ensure_ascii=False)
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
            head = _overview_head(self.fingerprint, self.listing, body)
            atomic_write_text(self.file.parent / OVERVIEW_FILE, f"{head}\n{body}")


    # --- the whole result, trusted on file metadata alone (warm `check`) -------------------

    def known_result(self) -> tuple[list[Finding], int] | None:
        """See `known_result`: the last full check's answer, if nothing changed since."""
        return _known_result(self.root, self.file.parent, self.fingerprint)

    def store_result(self, listing: Listing | None, started_ns: int,
                     findings: list[Finding], count: int) -> None:
        """Remember a full check's result against the listing taken before it read any
        file; not when a file was changed too recently to be told apart by its times."""
        if self.read_only or listing is None or listing.newest_ns >= started_ns - RACY_NS:
            return
        rows = [[self._key(f.file) if f.file else "", *_finding_row(f)] for f in findings]
        head = " ".join(["avoplan-manifest", FORMAT, self.fingerprint,
                         _sources_digest(_RULE_SOURCES), listing.digest,
                         _cache_stat(self.root, self.file.parent), str(count), _today()])
        from avoplan.core.errors import UserError
        from avoplan.store.files import atomic_write_text

        with contextlib.suppress(OSError, UserError):
            _make_folder(self.file.parent)
            folders = json.dumps(listing.folders, ensure_ascii=False)
            body = json.dumps(rows, ensure_ascii=False)
            head += " " + _mac(head, folders, body)
            atomic_write_text(self.file.parent / MANIFEST_FILE, f"{head}\n{folders}\n{body}")

    def _trusted(self, key: str, path: Path,
                 model: type[M]) -> tuple[M | None, list[Finding]] | None:
        """The entry of a file unchanged since the last full check, without reading it."""
        entry = self.old.get(key)
        if entry is None or entry[0] != model.__name__ or self._checksum(entry) != entry[2]:
            return None
        hit = _rebuild(entry, path, model)
        if hit is not None:
            self.new[key] = entry
        return hit

    def _checksum(self, fields: list[str]) -> str:
        """An entry's checksum under this machine's secret (asked once per cache: the
        environment lookups behind it cost more than the hash, 10 000 times over)."""
        if self._secret is None:
            self._secret = machine_secret()
        return _checksum(fields, self._secret)

    def _key(self, path: Path) -> str:
        # String slicing, not Path.relative_to: this runs once per file of the portfolio.
        text = str(path)
        return text[len(self.prefix):] if text.startswith(self.prefix) else text

    def _store(self, key: str, model: type[BaseModel], digest: str, instance: BaseModel | None,
               findings: list[Finding]) -> None:
        if "\t" in key or "\n" in key:
            return
        body = NO_MODEL if instance is None else instance.model_dump_json()
        found = json.dumps([_finding_row(f) for f in findings], ensure_ascii=False)
        fields = [model.__name__, digest, "", found, body]
        fields[2] = self._checksum(fields)
        self.new[key] = fields
        self.changed = True


def cache_dir(root: Path) -> Path:
    """`<portfolio>/.avoplan-cache`, or under $XDG_CACHE_HOME/avoplan when the portfolio
    folder is read-only or is the embedded one inside the installed package."""
    if _writable(root) and not _installed(root):
        return root / FOLDER
    where = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
    return _user_cache() / where


def known_result(root: Path) -> tuple[list[Finding], int] | None:
    """The findings and file count of the last full check of the portfolio at `root`,
    when no file it read has changed since: same names, sizes, times and inodes (a stat
    of each, no reading), the same code, the same day, this machine, and the per-file
    cache it was made from untouched. Imports neither pydantic nor the models: this is
    what a warm `check` of an unchanged portfolio costs (see `fast_path`)."""
    return _known_result(root, cache_dir(root), code_fingerprint())


def _known_result(root: Path, folder: Path,
                  fingerprint: str) -> tuple[list[Finding], int] | None:
    manifest = _unchanged_manifest(root, folder, fingerprint)
    if manifest is None:
        return None
    head, body = manifest
    rules, count, day = head[3], head[6], head[7]
    if day != _today() or rules != _sources_digest(_RULE_SOURCES):  # rules read the date
        return None
    try:
        return [_finding(row[1:], root / row[0] if row[0] else None)
                for row in json.loads(body)], int(count)
    except Exception:  # a damaged manifest: check in full
        return None


def kept_overview(root: Path) -> Any:
    """The overview data `Cache.store_overview` kept, when it was kept under the manifest
    of the last full check and that manifest still holds (no portfolio file changed), by
    this code on this machine; None otherwise. Reads neither the per-file cache nor any
    portfolio file: `list` over 10 000 items is then one stat of each and one parse."""
    folder, fingerprint = cache_dir(root), code_fingerprint()
    manifest = _unchanged_manifest(root, folder, fingerprint)
    if manifest is None:
        return None
    try:
        head, body = (folder / OVERVIEW_FILE).read_text("utf-8").split("\n", 1)
    except (OSError, ValueError):
        return None
    if head != _overview_head(fingerprint, manifest[0][4], body):
        return None
    from pydantic_core import from_json

    try:
        return from_json(body)
    except ValueError:
        return None


def _overview_head(fingerprint: str, listing: str | None, body: str) -> str:
    """The overview's first line; its last field is keyed over the data too, so an edited
    overview is never handed back."""
    head = " ".join(["avoplan-oversikt", FORMAT, fingerprint, str(listing)])
    return f"{head} {_mac(head, body)}"


def _unchanged_manifest(root: Path, folder: Path,
                        fingerprint: str) -> tuple[list[str], str] | None:
    """(head fields, findings JSON) of the manifest of the last full check when it was
    made here, by this code, from the per-file cache as it is now, and no portfolio
    file has changed since (a stat of each); None otherwise."""
    try:
        head, folders, body = (folder / MANIFEST_FILE).read_text("utf-8").split("\n", 2)
        fields = head.split(" ")
        magic, fmt, made_by, _, listing, cache_stat, _, _, tag = fields
    except (OSError, ValueError):
        return None
    if (magic, fmt, made_by) != ("avoplan-manifest", FORMAT, fingerprint):
        return None
    signed = head.rsplit(" ", 1)[0]  # the keyed mac covers the head, folders and findings
    if tag != _mac(signed, folders, body) or cache_stat != _cache_stat(root, folder):
        return None  # planted or edited: never
    try:
        current = listing_digest(root, [str(name) for name in json.loads(folders)])
    except Exception:  # a damaged manifest
        return None
    return (fields, body) if current is not None and current.digest == listing else None


def _cache_stat(root: Path, folder: Path) -> str:
    """The per-file cache, the rule findings and the last federation sync as they are now
    (a changed or damaged cache file voids the manifest made from it; a new sync may
    resolve references)."""
    parts = []
    for file in (folder / FILE_NAME, folder / RULES_FILE,
                 folder / FEDERATION_FOLDER / SYNC_STATE):
        try:
            info = file.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        except OSError:
            return "?"
        parts.append(f"{info.st_size}.{info.st_mtime_ns}.{info.st_ino}")
    return ":".join(parts)


# Below this many files a second process costs more than it saves.
PARALLEL_MIN = 400


def spare_core() -> bool:
    """Whether a second core is idle. On a busy machine the second process only competes
    with this one and costs the rebuilding of its models (measured: render plan of 10 000
    files 11 s alone, 15 s split, at a load of 2 on 2 cores; 7.8 s alone, 5.8 s split on
    an idle machine). Either sign of an idle core will do: the processes running at this
    moment (the kernel's count in /proc/loadavg, this one included; kernel threads
    writing back a fresh clone count too), or a one-minute load average below the cores
    less three quarters (it also holds avoplan's own previous commands)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)
    if cores < 2:
        return False
    running = _running_now()
    if running is not None and running <= cores - 1:
        return True
    try:
        return os.getloadavg()[0] <= cores - 0.75
    except OSError:
        return running is None


def _running_now() -> int | None:
    try:
        text = Path("/proc/loadavg").read_text(encoding="ascii")
        return int(text.split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def _quiet_worker() -> None:
    """Ctrl-C reaches the whole process group; the main process answers it, alone."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # as in the main process's load: nothing read here forms cycles


def _entries_of(root: Path, files: list[tuple[Path, type[BaseModel]]]) -> dict[str, list[str]]:
    """Cache entries for `files` (run in the second process)."""
    cache = Cache(root, Path(os.devnull), "", {})
    for path, model in files:
        cache.read(path, model)
    return cache.new


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
            if not entry.name.endswith((".yaml", ".yml")) or entry.name.startswith("."):
                continue
            try:
                info = entry.stat()  # follows a link: the file read is the one that counts
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode):
                return None
            seen.append((f"{name}/{entry.name}", info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                         info.st_ino, info.st_mode))
    seen.sort()
    newest = max((max(row[2], row[3]) for row in seen), default=0)
    digest = hashlib.blake2b(repr(seen).encode(), digest_size=16).hexdigest()
    return Listing(folders, digest, newest)


def lock_file(root: Path) -> Path:
    """Where the portfolio lock of writing commands lives: beside the cache, which git
    ignores, so the lock never shows up as a change."""
    folder = cache_dir(root)
    _make_folder(folder)
    return folder / "skriv.lock"


def _make_folder(folder: Path) -> None:
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


def code_fingerprint() -> str:
    """avoplan's version and the source of every module that shapes a file's model and
    findings, and the installed pydantic-core and PyYAML."""
    import avoplan

    digest = hashlib.blake2b(digest_size=16)
    for part in (avoplan.__version__, library_versions()):
        digest.update(part.encode() + b"\0")
    digest.update(_sources_digest(_SOURCES).encode())
    return digest.hexdigest()


def library_versions(modules: tuple[str, ...] = ("pydantic_core", "yaml")) -> str:
    """The dist-info folder names (name and version) of the distributions that install
    `modules`, found beside them without importing them: importing pydantic-core alone
    costs more than the rest of a warm check."""
    from importlib.util import find_spec

    names: list[str] = []
    for module in modules:
        spec = find_spec(module)
        if spec is None or spec.origin is None:
            continue
        site = Path(spec.origin).parent.parent
        wanted = {module.lower(), {"yaml": "pyyaml"}.get(module, module)}
        with contextlib.suppress(OSError):
            names += sorted(entry.name for entry in os.scandir(site)
                            if entry.name.endswith(".dist-info")
                            and entry.name.lower().split("-")[0] in wanted)
    return ",".join(names)


def _sources_digest(names: tuple[str, ...]) -> str:
    import avoplan

    here = Path(avoplan.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for name in names:
        target = here / name
        files = sorted(target.glob("*.py")) if target.is_dir() else [target]
        for file in files:
            with contextlib.suppress(OSError):
                digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _read_entries(file: Path, fingerprint: str) -> dict[str, list[str]]:
    try:
        text = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    lines = text.split("\n")
    if lines[0] != f"avoplan-cache {FORMAT} {fingerprint}":
        return {}
    entries: dict[str, list[str]] = {}
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) == 6:
            entries[fields[0]] = fields[1:]
    return entries


def _checksum(fields: list[str], secret: bytes) -> str:
    model, digest, _, found, body = fields
    payload = "\t".join((model, digest, found, body)).encode()
    return hashlib.blake2b(payload, digest_size=16, key=secret).hexdigest()


_SECRET: dict[tuple[str | None, str | None], bytes] = {}


def _mac(*parts: str) -> str:
    """A checksum over `parts` under this machine's secret: what the cache hands back
    (rule findings, the manifest's findings, the overview) counts only when it holds."""
    digest = hashlib.blake2b(digest_size=16, key=machine_secret())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _rules_mac(digest: str, rows: Any) -> str:
    return _mac("avoplan-rules", digest, json.dumps(rows, ensure_ascii=False))


def _today() -> str:
    return date.today().isoformat()


def machine_secret() -> bytes:
    """32 random bytes kept in the user's cache directory (created on first use, private
    to the user); when it cannot be kept, a new one per run (the cache then never hits).
    Asked once per entry, so it is remembered per cache directory."""
    where = (os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
    if where not in _SECRET:
        file = _user_cache() / "secret"
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


def _user_cache() -> Path:
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "avoplan"


def _data_of(entry: list[str]) -> dict[str, Any] | None:
    from pydantic_core import from_json  # about 3x faster than json.loads here

    return None if entry[4] == NO_MODEL else dict(from_json(entry[4]))


def _rebuild(entry: list[str], path: Path,
             model: type[M]) -> tuple[M | None, list[Finding]] | None:
    """The cached (model, findings), or None when the entry is damaged (its checksum
    is checked by the caller)."""
    try:
        findings = [_finding(row, path) for row in json.loads(entry[3])]
        if entry[4] == NO_MODEL:
            return None, findings
        return model.model_validate_json(entry[4]), findings
    except Exception:  # a damaged entry is a miss, whatever broke
        return None


def _finding_row(finding: Finding) -> list[Any]:
    return [finding.severity.value, finding.message, list(finding.loc), finding.rule,
            finding.line, finding.hint]


def _finding(row: list[Any], path: Path | None) -> Finding:
    severity, message, loc, rule, line, hint = row
    return Finding(Severity(severity), message, path, tuple(loc), rule, line, hint)
