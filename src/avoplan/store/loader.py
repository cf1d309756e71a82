"""Loading a portfolio: YAML files in, pydantic models and findings out.

Every file is read and validated even when others fail, so one run reports all broken
files. An item's file name is its key, so its path is known from its id. What a
portfolio holds (folders, files, models) is the table in `models.portfolio`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

import avoplan
from avoplan.core.findings import Finding, error, warning
from avoplan.models.portfolio import ITEM_KINDS, SINGLETON_KINDS, FileKind, Portfolio
from avoplan.store.files import reason
from avoplan.store.validation import validate
from avoplan.store.yaml_io import decode, parse, read_text
from avoplan.store.yaml_problems import YamlFileError

M = TypeVar("M", bound=BaseModel)
Reader = Callable[[Path, type[BaseModel]], tuple[Any, Any, list[Finding]]]


@dataclass
class LoadResult:
    portfolio: Portfolio | None
    findings: list[Finding]
    file_count: int
    _kinds: dict[str, str] | None = field(default=None, init=False, repr=False)

    def unwritten(self, file: Path, key: str) -> bool:
        """Whether the item file `file` leaves out the top-level `key`, told by the model
        this load built from it without reading it again: a key the model was not given
        (`model_fields_set`; the models have no aliases and no validators that add or
        drop keys). A rule that asks for a missing field does so for thousands of items."""
        portfolio = self.portfolio
        if portfolio is None:
            return False
        if self._kinds is None:
            self._kinds = {str(portfolio.root / str(k.folder)): k.name for k in ITEM_KINDS}
        folder, name = os.path.split(str(file))
        kind = self._kinds.get(folder)
        # An item's model is kept under its file's stem only when built from that file.
        model = getattr(portfolio, kind).get(name[:-5]) if kind and name.endswith(".yaml") else None
        return (
            model is not None
            and key in type(model).model_fields
            and key not in model.model_fields_set
        )


def read_model(path: Path, model: type[M]) -> tuple[M | None, Any, list[Finding]]:
    """(model or None, raw data, findings) for one file."""
    try:
        text = read_text(path)
    except YamlFileError as exc:
        return None, None, [error(exc.message, path, hint=exc.hint).at_line(exc.line)]
    return model_from_text(text, path, model)


def model_from_bytes(raw: bytes, path: Path, model: type[M]) -> tuple[M | None, Any, list[Finding]]:
    """As `read_model`, for bytes of `path` already read (the cache hashes them first)."""
    try:
        text = decode(raw)
    except YamlFileError as exc:
        return None, None, [error(exc.message, path, hint=exc.hint).at_line(exc.line)]
    return model_from_text(text, path, model)


def model_from_text(text: str, path: Path, model: type[M]) -> tuple[M | None, Any, list[Finding]]:
    """(model or None, raw data, findings) for the text of `path`."""
    try:
        data = parse(text)
    except YamlFileError as exc:
        return None, None, [error(exc.message, path, hint=exc.hint).at_line(exc.line)]
    instance, findings = validate(model, data, path)
    return instance, data, findings


def load_portfolio(root: Path, read: Reader = read_model) -> LoadResult:
    """Every file of the portfolio at `root`; `read` may be a cache's reader."""
    _LAST.clear()  # a command that reads several portfolios never holds more than before
    with _without_gc():
        result = _load_portfolio(root, read)
    if avoplan.SHORT_LIVED:
        # Freed by the process's end, at once, not model by model as the command returns
        # (0.05 s of a cold check of 10 000 files).
        _LAST.append(result)
    return result


_LAST: list[LoadResult] = []


@contextmanager
def _without_gc() -> Iterator[None]:
    """Loading allocates millions of objects and frees none of them as cycles: the cyclic
    garbage collector only walks them again and again (17% of a cold check of 10 000
    files). Reference counting still frees everything at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if avoplan.SHORT_LIVED:
                # What was loaded lives until the process ends: moved out of the collector's
                # sight, the first collection after loading does not walk it all (0.3 s of
                # a cold check of 10 000 files). A long-lived process (tests) leaves it.
                gc.freeze()
            gc.enable()


def _load_portfolio(root: Path, read: Reader) -> LoadResult:
    findings: list[Finding] = []
    loaded: dict[str, Any] = {}
    count = 0
    for kind in SINGLETON_KINDS:
        path = root / str(kind.file)
        if not os.path.lexists(path):  # a FIFO or a broken link is read, and refused, below
            if kind.required:
                findings.append(error("filen saknas", path).at_line(1))
            continue
        count += 1
        loaded[kind.name], _, found = read(path, kind.model)
        findings += found
    unreadable: dict[str, frozenset[str]] = {}
    files: dict[tuple[str, object], Path] = {}
    listed: dict[Path, list[str]] = {}  # each item folder's names, listed once
    folders_read = True
    for kind in ITEM_KINDS:
        try:
            loaded[kind.name], found, stems = _load_kind(root, kind, read, files, listed)
        except OSError as exc:  # a folder that cannot be listed: its items are unknown
            findings.append(_unlistable(root / str(kind.folder), exc))
            folders_read = False
            continue
        unreadable[str(kind.folder)] = frozenset(stems - set(loaded[kind.name]))
        findings += found
        count += len(stems)
    findings += _stray_files(root, listed)
    if not folders_read or any(
        loaded.get(kind.name) is None for kind in SINGLETON_KINDS if kind.required
    ):
        # Rules over a portfolio with a whole folder missing would only report a cascade
        # of unknown ids; the finding above names the cause.
        return LoadResult(None, findings, count)
    loaded = {name: value for name, value in loaded.items() if value is not None}
    portfolio = Portfolio(root=root, unreadable=unreadable, today=date.today(), **loaded)
    portfolio.remember_paths(files)
    return LoadResult(portfolio, findings, count)


def _load_kind(
    root: Path,
    kind: FileKind,
    read: Reader,
    files: dict[tuple[str, object], Path],
    listed: dict[Path, list[str]],
) -> tuple[dict[str, Any], list[Finding], set[str]]:
    """(loaded items by key, findings, names of every file in the folder); each loaded
    item's file put in `files` as `Portfolio.path` finds it, the folder's names in
    `listed`."""
    loaded: dict[str, Any] = {}
    findings: list[Finding] = []
    folder = root / str(kind.folder)
    names = listed[folder] = _names(folder)
    stems: list[str] = []
    for name in names:
        if not name.endswith(".yaml"):
            continue
        stem = name[:-5]
        stems.append(stem)
        path = folder / name
        instance, _, found = read(path, kind.model)
        findings += found
        if instance is None:
            continue
        key = str(getattr(instance, kind.key_field))
        if key != stem:
            findings.append(_name_mismatch(kind, key, path))
            continue
        loaded[key] = instance
        files[(kind.name, key)] = path
    return loaded, findings, set(stems)


def portfolio_files(
    root: Path, leave_out: tuple[str, ...] = ()
) -> list[tuple[Path, type[BaseModel]]]:
    """(file, model) for every file `load_portfolio` reads, in the order it reads them;
    none of the item folders named in `leave_out` (not listed at all)."""
    files: list[tuple[Path, type[BaseModel]]] = [
        (root / str(kind.file), kind.model)
        for kind in SINGLETON_KINDS
        if os.path.lexists(root / str(kind.file))
    ]
    for kind in ITEM_KINDS:
        if str(kind.folder) in leave_out:
            continue
        try:
            files += [(path, kind.model) for path in _listing(root / str(kind.folder), ".yaml")]
        except OSError:
            continue  # load_portfolio reports it
    return files


def _listing(folder: Path, suffix: str) -> list[Path]:
    """The folder's `*suffix` files, sorted by name; none when it does not exist. Any other
    failure to list it (permission, a loop) is raised: an unreadable folder is no empty one."""
    return [folder / name for name in _names(folder) if name.endswith(suffix)]


def _names(folder: Path) -> list[str]:
    """The names in `folder` but hidden ones, sorted; as `_listing` lists them."""
    try:
        names = [e.name for e in os.scandir(folder) if not e.name.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(names)


def _unlistable(folder: Path, exc: OSError) -> Finding:
    return error(
        f"kan inte läsa mappen {folder.name}: {reason(exc)}",
        folder,
        hint="ge läsrättighet till mappen (chmod) och kör igen",
    ).at_line(1)


def _name_mismatch(kind: FileKind, key: str, path: Path) -> Finding:
    return error(
        f"{kind.key_field} '{key}' stämmer inte med filnamnet {path.name}",
        path,
        (kind.key_field,),
        hint=f"döp om filen till {key}.yaml eller ändra {kind.key_field} till '{path.stem}'",
    )


def _stray_files(root: Path, listed: dict[Path, list[str]]) -> list[Finding]:
    """`listed`: the names in each item folder that could be listed."""
    known = {kind.file for kind in SINGLETON_KINDS}
    strays = [p for p in root.glob("*.y*ml") if p.name not in known]
    for kind in ITEM_KINDS:
        folder = root / str(kind.folder)
        if folder in listed:  # else not listable: reported by the load
            strays += [folder / name for name in listed[folder] if name.endswith(".yml")]
    return [
        warning(
            "filen ingår inte i portföljen och kontrolleras inte",
            path,
            hint="portföljfiler heter *.yaml och ligger i "
            + ", ".join(str(k.folder) for k in ITEM_KINDS),
        )
        for path in sorted(strays)
    ]
