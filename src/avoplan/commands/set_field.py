"""`avoplan set ID fält=värde …`: change fields of a behov or projekt without opening the
YAML. Names are accepted for people and avdelningar; the file is checked before it is
written and only the changed lines change. Steg and beslut move only with `advance`."""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from avoplan.cli import console
from avoplan.core.errors import UsageError
from avoplan.core.text import did_you_mean, fold
from avoplan.models.organisation import Organisation
from avoplan.store.files import display
from avoplan.workspace import lookup
from avoplan.workspace.folder import Workspace

PROTECTED = {
    "steg": "steget ändras bara genom ett beslut: 'avoplan advance ID --to STEG'",
    "beslut": "beslut registreras bara med 'avoplan advance'",
    "id": "id:t är filens namn och ändras inte",
}
PEOPLE = {"kontaktperson", "projektledare", "projektägare", "effektägare",
          "förvaltningsansvarig", "ansvarig"}
PEOPLE_LISTS = {"styrgrupp", "projektgrupp"}


def run(portfolio: Path | None, item_id: str, assignments: list[str]) -> int:
    if not assignments:
        raise UsageError("inget att ändra", "skriv fält=värde, t.ex. titel=\"Ny titel\"")
    workspace = Workspace.find(portfolio, writing=True)
    item = workspace.item(item_id)
    org = workspace.organisation()
    changes = dict(parse(a, type(item), org) for a in assignments)
    path, before = workspace.edit_item(item.id, changes)
    after = path.read_text(encoding="utf-8")
    if after == before:
        console.line(f"{item.id}: inget ändrades ({display(path)} har redan de värdena).")
        return 0
    console.line(f"Ändrade {display(path)}:")
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0,
                                     lineterm=""):
        if line[:1] in "+-" and not line.startswith(("+++", "---")):
            console.line(f"  {line}", "green" if line.startswith("+") else "red")
    return 0


def parse(assignment: str, model: type[BaseModel], org: Organisation
          ) -> tuple[tuple[str, ...], Any]:
    """('kostnad', 'år'), 2026 from 'kostnad.ar=2026'; an empty value removes the field."""
    if "=" not in assignment:
        raise UsageError(f"'{assignment}' är inte fält=värde",
                         "skriv t.ex. nytta=\"Mindre dubbelarbete\"")
    name, raw = assignment.split("=", 1)
    path, annotation = _field_path(name.strip(), model)
    if path[0] in PROTECTED:
        raise UsageError(f"{path[0]} kan inte ändras med 'avoplan set'", PROTECTED[path[0]])
    if raw.strip() == "":
        return path, None
    return path, _value(path[-1], raw, annotation, org)


def _field_path(name: str, model: type[BaseModel]) -> tuple[tuple[str, ...], Any]:
    path: list[str] = []
    current: Any = model
    annotation: Any = None
    for part in name.split("."):
        if current is None:
            raise UsageError(f"'{'.'.join(path)}' har inga underfält", "skriv fältet utan punkt")
        fields = current.model_fields
        found = next((f for f in fields if fold(f) == fold(part)), None)
        if found is None:
            close = did_you_mean(part, list(fields))
            raise UsageError(f"okänt fält '{part}'" + (f" i {'.'.join(path)}" if path else ""),
                             f"menade du {close}?" if close else
                             f"fälten är {', '.join(fields)}")
        path.append(found)
        annotation = fields[found].annotation
        current = _submodel(annotation)
    return tuple(path), annotation


def _submodel(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _value(field: str, raw: str, annotation: Any, org: Organisation) -> Any:
    text = raw.strip()
    if field in PEOPLE:
        return lookup.person(org, text).id
    if field == "avdelning":
        return lookup.avdelning(org, text).id
    is_list = typing.get_origin(annotation) is list or any(
        typing.get_origin(a) is list for a in typing.get_args(annotation))
    if is_list:
        items = _yaml(text) if text.startswith("[") else [p.strip() for p in text.split(",")]
        items = [i for i in items if i != ""] if isinstance(items, list) else items
        if field in PEOPLE_LISTS and isinstance(items, list):
            return [lookup.person(org, str(i)).id for i in items]
        return items
    if annotation is str or str in typing.get_args(annotation):
        return raw  # text stays text: 'titel=2026' is a title, not a number
    return _yaml(text)


def _yaml(text: str) -> Any:
    """A value as YAML reads it (numbers, true/false, dates, [lists]); else the text."""
    from avoplan.store.yaml_io import YamlFileError, parse

    try:
        return parse(text)
    except YamlFileError:
        return text
