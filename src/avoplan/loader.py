"""Finding and loading a portfolio: YAML files in, pydantic models and findings out.

Every file is read and validated even when others fail, so one run reports all
broken files. An item's file name is its id, so its path is known from its id.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from avoplan.errors import UserError
from avoplan.findings import Finding, error, warning
from avoplan.models.behov import Behov
from avoplan.models.delegation import Delegationsordning
from avoplan.models.forvaltningsobjekt import Forvaltningsobjekt
from avoplan.models.organisation import Organisation
from avoplan.models.plan import Plan
from avoplan.models.projekt import Projekt
from avoplan.models.schablon import Schablon
from avoplan.models.system import System
from avoplan.models.utvecklingsomrade import Utvecklingsomraden
from avoplan.validation import validate
from avoplan.yaml_io import YamlFileError, parse, read_text

M = TypeVar("M", bound=BaseModel)
Reader = Callable[[Path, type[BaseModel]], tuple[Any, Any, list[Finding]]]

SINGLETONS: dict[str, type[BaseModel]] = {
    "organisation.yaml": Organisation,
    "delegationsordning.yaml": Delegationsordning,
    "plan.yaml": Plan,
    "utvecklingsomraden.yaml": Utvecklingsomraden,
}


@dataclass(frozen=True)
class Kind:
    """One folder of item files; each file is named after its key field."""

    folder: str
    model: type[BaseModel]
    key_field: str
    label: str


BEHOV = Kind("behov", Behov, "id", "behov")
PROJEKT = Kind("projekt", Projekt, "id", "projekt")
SYSTEM = Kind("system", System, "id", "system")
SCHABLON = Kind("schablon", Schablon, "år", "schablon")
OBJEKT = Kind("forvaltningsobjekt", Forvaltningsobjekt, "id", "förvaltningsobjekt")
KINDS = (BEHOV, PROJEKT, SYSTEM, SCHABLON, OBJEKT)


@dataclass
class Portfolio:
    root: Path
    organisation: Organisation
    delegationsordning: Delegationsordning
    plan: Plan
    utvecklingsomraden: Utvecklingsomraden
    behov: dict[str, Behov] = field(default_factory=dict)
    projekt: dict[str, Projekt] = field(default_factory=dict)
    system: dict[str, System] = field(default_factory=dict)
    schablon: dict[str, Schablon] = field(default_factory=dict)
    forvaltningsobjekt: dict[str, Forvaltningsobjekt] = field(default_factory=dict)
    # Per folder, the names of files that exist but could not be loaded: references to
    # them are not "unknown" (the file's own finding says what is wrong).
    unreadable: dict[str, frozenset[str]] = field(default_factory=dict)

    def path(self, kind: Kind, key: object) -> Path:
        return item_path(self.root, kind, str(key))

    def singleton_path(self, name: str) -> Path:
        return self.root / name

    def item(self, item_id: str) -> Behov | Projekt | None:
        return self.behov.get(item_id) or self.projekt.get(item_id)

    def item_path(self, item_id: str) -> Path:
        return self.path(BEHOV if item_id.startswith("BEH-") else PROJEKT, item_id)

    def exists(self, kind: Kind, key: str) -> bool:
        """Whether a file for `key` is in the portfolio, loadable or not."""
        return key in getattr(self, kind.folder) or key in self.unreadable.get(kind.folder, ())


@dataclass
class LoadResult:
    portfolio: Portfolio | None
    findings: list[Finding]
    file_count: int


def item_path(root: Path, kind: Kind, key: str) -> Path:
    return root / kind.folder / f"{key}.yaml"


def find_portfolio(explicit: Path | None = None) -> Path:
    """The portfolio to work on: --portfolio, $AVOPLAN_PORTFOLIO, the nearest one, or
    the embedded ÄVO portfolio."""
    given = explicit or (Path(os.environ["AVOPLAN_PORTFOLIO"]) if os.environ.get(
        "AVOPLAN_PORTFOLIO") else None)
    if given is not None:
        if not (given / "organisation.yaml").is_file():
            raise UserError(
                f"{given} är ingen portfölj (organisation.yaml saknas)",
                "ange mappen som innehåller organisation.yaml",
            )
        return given
    for folder in (Path.cwd(), *Path.cwd().parents):
        for candidate in (folder, folder / "portfolio"):
            if (candidate / "organisation.yaml").is_file():
                return candidate
    return embedded_portfolio()


def embedded_portfolio() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_embedded" / "portfolio", here.parents[1] / "portfolio"):
        if (candidate / "organisation.yaml").is_file():
            return candidate
    raise UserError("hittar ingen portfölj", "ange --portfolio eller kör i en portföljs mapp")


def read_model(path: Path, model: type[M]) -> tuple[M | None, Any, list[Finding]]:
    """(model or None, raw data, findings) for one file."""
    try:
        data = parse(read_text(path))
    except YamlFileError as exc:
        return None, None, [error(exc.message, path, hint=exc.hint).at_line(exc.line)]
    instance, findings = validate(model, data, path)
    return instance, data, findings


def load_one(path: Path, model: type[M]) -> M:
    """One file as a model, or a UserError naming file, line and field."""
    if not path.is_file():
        raise UserError(f"{display(path)} finns inte")
    instance, _, findings = read_model(path, model)
    if instance is None:
        from avoplan.report import first_line

        raise UserError(first_line(findings), "kör 'avoplan check' för alla fel")
    return instance


def load_portfolio(root: Path, read: Reader = read_model) -> LoadResult:
    """Every file of the portfolio at `root`; `read` may be a cache's reader."""
    findings: list[Finding] = []
    singletons: dict[str, Any] = {}
    count = 0
    for name, model in SINGLETONS.items():
        path = root / name
        if not path.is_file():
            findings.append(error("filen saknas", path).at_line(1))
            continue
        count += 1
        singletons[name], _, found = read(path, model)
        findings += found
    items: dict[str, dict[str, Any]] = {}
    unreadable: dict[str, frozenset[str]] = {}
    for kind in KINDS:
        items[kind.folder], found, stems = _load_kind(root, kind, read)
        unreadable[kind.folder] = frozenset(stems - set(items[kind.folder]))
        findings += found
        count += len(stems)
    findings += _stray_files(root)
    if any(value is None for value in singletons.values()) or len(singletons) < len(SINGLETONS):
        return LoadResult(None, findings, count)
    portfolio = Portfolio(
        root=root,
        organisation=singletons["organisation.yaml"],
        delegationsordning=singletons["delegationsordning.yaml"],
        plan=singletons["plan.yaml"],
        utvecklingsomraden=singletons["utvecklingsomraden.yaml"],
        behov=items["behov"],
        projekt=items["projekt"],
        system=items["system"],
        schablon=items["schablon"],
        forvaltningsobjekt=items["forvaltningsobjekt"],
        unreadable=unreadable,
    )
    return LoadResult(portfolio, findings, count)


def _load_kind(root: Path, kind: Kind,
               read: Reader = read_model) -> tuple[dict[str, Any], list[Finding], set[str]]:
    """(loaded items by key, findings, names of every file in the folder)."""
    loaded: dict[str, Any] = {}
    findings: list[Finding] = []
    paths = sorted((root / kind.folder).glob("*.yaml"), key=str)  # str compare: 10x cheaper
    for path in paths:
        instance, data, found = read(path, kind.model)
        findings += found
        if instance is None:
            continue
        key = str(getattr(instance, kind.key_field))
        if key != path.stem:
            findings.append(_name_mismatch(kind, key, path, data))
            continue
        loaded[key] = instance
    return loaded, findings, {path.stem for path in paths}


def _name_mismatch(kind: Kind, key: str, path: Path, data: Any) -> Finding:
    return error(
        f"{kind.key_field} '{key}' stämmer inte med filnamnet {path.name}",
        path,
        (kind.key_field,),
        hint=f"döp om filen till {key}.yaml eller ändra {kind.key_field} till '{path.stem}'",
    )


def _stray_files(root: Path) -> list[Finding]:
    known = set(SINGLETONS)
    strays = [p for p in root.glob("*.y*ml") if p.name not in known]
    for kind in KINDS:
        strays += (root / kind.folder).glob("*.yml")
    return [
        warning("filen ingår inte i portföljen och kontrolleras inte", path,
                hint="portföljfiler heter *.yaml och ligger i "
                + ", ".join(k.folder for k in KINDS))
        for path in sorted(strays)
    ]


def display(path: Path) -> str:
    """A path as the user best recognises it: relative to the working directory."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
