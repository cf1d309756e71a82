"""Loading a portfolio: YAML files in, pydantic models and findings out.

Every file is read and validated even when others fail, so one run reports all broken
files. An item's file name is its key, so its path is known from its id. What a
portfolio holds (folders, files, models) is the table in `models.portfolio`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from avoplan.findings import Finding, error, warning
from avoplan.models.portfolio import ITEM_KINDS, SINGLETON_KINDS, FileKind, Portfolio
from avoplan.validation import validate
from avoplan.yaml_io import YamlFileError, parse, read_text

M = TypeVar("M", bound=BaseModel)
Reader = Callable[[Path, type[BaseModel]], tuple[Any, Any, list[Finding]]]


@dataclass
class LoadResult:
    portfolio: Portfolio | None
    findings: list[Finding]
    file_count: int


def read_model(path: Path, model: type[M]) -> tuple[M | None, Any, list[Finding]]:
    """(model or None, raw data, findings) for one file."""
    try:
        data = parse(read_text(path))
    except YamlFileError as exc:
        return None, None, [error(exc.message, path, hint=exc.hint).at_line(exc.line)]
    instance, findings = validate(model, data, path)
    return instance, data, findings


def load_portfolio(root: Path, read: Reader = read_model) -> LoadResult:
    """Every file of the portfolio at `root`; `read` may be a cache's reader."""
    findings: list[Finding] = []
    loaded: dict[str, Any] = {}
    count = 0
    for kind in SINGLETON_KINDS:
        path = root / str(kind.file)
        if not path.is_file():
            if kind.required:
                findings.append(error("filen saknas", path).at_line(1))
            continue
        count += 1
        loaded[kind.name], _, found = read(path, kind.model)
        findings += found
    unreadable: dict[str, frozenset[str]] = {}
    for kind in ITEM_KINDS:
        loaded[kind.name], found, stems = _load_kind(root, kind, read)
        unreadable[str(kind.folder)] = frozenset(stems - set(loaded[kind.name]))
        findings += found
        count += len(stems)
    findings += _stray_files(root)
    if any(loaded.get(kind.name) is None for kind in SINGLETON_KINDS if kind.required):
        return LoadResult(None, findings, count)
    loaded = {name: value for name, value in loaded.items() if value is not None}
    return LoadResult(Portfolio(root=root, unreadable=unreadable, **loaded), findings, count)


def _load_kind(root: Path, kind: FileKind,
               read: Reader) -> tuple[dict[str, Any], list[Finding], set[str]]:
    """(loaded items by key, findings, names of every file in the folder)."""
    loaded: dict[str, Any] = {}
    findings: list[Finding] = []
    paths = sorted((root / str(kind.folder)).glob("*.yaml"), key=str)  # str compare: 10x cheaper
    for path in paths:
        instance, _, found = read(path, kind.model)
        findings += found
        if instance is None:
            continue
        key = str(getattr(instance, kind.key_field))
        if key != path.stem:
            findings.append(_name_mismatch(kind, key, path))
            continue
        loaded[key] = instance
    return loaded, findings, {path.stem for path in paths}


def _name_mismatch(kind: FileKind, key: str, path: Path) -> Finding:
    return error(
        f"{kind.key_field} '{key}' stämmer inte med filnamnet {path.name}",
        path,
        (kind.key_field,),
        hint=f"döp om filen till {key}.yaml eller ändra {kind.key_field} till '{path.stem}'",
    )


def _stray_files(root: Path) -> list[Finding]:
    known = {kind.file for kind in SINGLETON_KINDS}
    strays = [p for p in root.glob("*.y*ml") if p.name not in known]
    for kind in ITEM_KINDS:
        strays += (root / str(kind.folder)).glob("*.yml")
    return [
        warning("filen ingår inte i portföljen och kontrolleras inte", path,
                hint="portföljfiler heter *.yaml och ligger i "
                + ", ".join(str(k.folder) for k in ITEM_KINDS))
        for path in sorted(strays)
    ]
