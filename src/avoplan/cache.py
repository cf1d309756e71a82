"""The warm-check cache: each file's validated model and findings, keyed by its bytes.

A second `check` of unchanged files skips YAML parsing and pydantic validation. Per
file the cache holds the model as JSON (`model_dump_json(exclude_unset=True)`) and the
findings of reading it; a hit rebuilds the model with `model_validate_json`, which
pydantic-core parses and builds in Rust: about 0.1 ms a file against about 0.6 ms for
parsing the YAML (measured on the demo portfolio). pickle is no faster and would run
code from a file planted in the portfolio folder.

A cache may make `check` faster, never different. An entry counts only when the file's
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
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from avoplan.findings import Finding, Severity

M = TypeVar("M", bound=BaseModel)

FORMAT = "1"
FOLDER = ".avoplan-cache"
FILE_NAME = "check.tsv"
RULES_FILE = "rules.json"
NO_MODEL = "-"

# Modules whose code decides what a file reads as; an edit to any of them empties the cache.
_SOURCES = ("models", "validation.py", "yaml_io.py", "findings.py", "text.py", "loader.py",
            "cache.py", "rulebook.py")
# ... and what the rules find in a whole portfolio.
_RULE_SOURCES = ("rules", "behovsprocess", "kostnad.py", "pm3.py", "beroenden.py",
                 "nyttorealisering.py")


class Cache:
    """Entries of one portfolio; `read` stands in for `loader.read_model`."""

    def __init__(self, root: Path, file: Path, fingerprint: str,
                 entries: dict[str, list[str]]) -> None:
        self.root, self.file, self.fingerprint = root, file, fingerprint
        self.prefix = str(root) + os.sep
        self.old = entries
        self.new: dict[str, list[str]] = {}
        self.changed = False

    @classmethod
    def open(cls, root: Path) -> Cache:
        file = cache_dir(root) / FILE_NAME
        fingerprint = code_fingerprint()
        return cls(root, file, fingerprint, _read_entries(file, fingerprint))

    def read(self, path: Path, model: type[M]) -> tuple[M | None, Any, list[Finding]]:
        """Like `loader.read_model`, but from the cache when the file is unchanged.
        A hit has no raw data (None): callers that need it read the file themselves."""
        from avoplan.loader import read_model

        key = self._key(path)
        try:
            raw = path.read_bytes()
        except OSError:
            return read_model(path, model)
        digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
        entry = self.old.get(key)
        if entry is not None and entry[0] == model.__name__ and entry[1] == digest:
            hit = _rebuild(entry, path, model)
            if hit is not None:
                self.new[key] = entry
                return hit[0], None, hit[1]
        instance, data, findings = read_model(path, model)
        self._store(key, model, digest, instance, findings)
        return instance, data, findings

    def save(self) -> None:
        """Write the entries of this run if anything changed; a cache that cannot be
        written is no error (the next check is just not faster)."""
        if not self.changed and self.new.keys() == self.old.keys():
            return
        lines = [f"avoplan-cache {FORMAT} {self.fingerprint}"]
        lines += ["\t".join([key, *entry]) for key, entry in self.new.items()]
        from avoplan.files import atomic_write_text

        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.file.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# avoplans cache; skapas av 'avoplan check'\n*\n",
                                  encoding="utf-8")
            atomic_write_text(self.file, "\n".join(lines) + "\n")

    def portfolio_digest(self) -> str:
        """One hash over every file read this run (path and bytes) and the code of the
        rules: equal digests mean the rules must find the same. The day is in it too:
        whether a follow-up measurement is overdue changes with the date."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update(self.fingerprint.encode() + _sources_digest(_RULE_SOURCES).encode())
        digest.update(date.today().isoformat().encode())
        for key in sorted(self.new):
            digest.update(f"{key}\0{self.new[key][1]}\n".encode())
        return digest.hexdigest()

    def rule_findings(self, digest: str) -> list[Finding] | None:
        """The findings of the rules of the last run over the very same files, if any."""
        try:
            stored = json.loads((self.file.parent / RULES_FILE).read_text(encoding="utf-8"))
            if stored["digest"] != digest:
                return None
            return [_finding(row[1:], self.root / row[0] if row[0] else None)
                    for row in stored["findings"]]
        except Exception:  # missing or damaged: run the rules
            return None

    def store_rule_findings(self, digest: str, findings: list[Finding]) -> None:
        rows = [[self._key(f.file) if f.file else "", *_finding_row(f)] for f in findings]
        from avoplan.files import atomic_write_text

        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            body = json.dumps({"digest": digest, "findings": rows}, ensure_ascii=False)
            atomic_write_text(self.file.parent / RULES_FILE, body)

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
        fields[2] = _checksum(fields)
        self.new[key] = fields
        self.changed = True


def cache_dir(root: Path) -> Path:
    """`<portfolio>/.avoplan-cache`, or under $XDG_CACHE_HOME/avoplan when the portfolio
    folder is read-only or is the embedded one inside the installed package."""
    if _writable(root) and not _installed(root):
        return root / FOLDER
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    where = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
    return Path(home) / "avoplan" / where


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def _installed(folder: Path) -> bool:
    import avoplan

    return folder.resolve().is_relative_to(Path(avoplan.__file__).resolve().parent)


def code_fingerprint() -> str:
    from importlib.metadata import PackageNotFoundError, version

    import pydantic_core

    import avoplan

    digest = hashlib.blake2b(digest_size=16)
    for part in (avoplan.__version__, pydantic_core.__version__):
        digest.update(part.encode() + b"\0")
    with contextlib.suppress(PackageNotFoundError):
        digest.update(version("PyYAML").encode())
    digest.update(_sources_digest(_SOURCES).encode())
    return digest.hexdigest()


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


def _checksum(fields: list[str]) -> str:
    model, digest, _, found, body = fields
    payload = "\t".join((model, digest, found, body)).encode()
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def _rebuild(entry: list[str], path: Path,
             model: type[M]) -> tuple[M | None, list[Finding]] | None:
    """The cached (model, findings), or None when the entry is damaged."""
    if _checksum(entry) != entry[2]:
        return None
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
