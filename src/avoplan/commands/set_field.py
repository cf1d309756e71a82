"""`avoplan set ID fält=värde …`: change fields of a behov or projekt without opening the
YAML. Names are accepted for people and avdelningar; the file is checked before it is
written and only the changed lines change. Steg and beslut move only with `advance`."""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from avoplan.core.errors import UsageError, UserError
from avoplan.core.text import did_you_mean, fold
from avoplan.models import lookup
from avoplan.models.organisation import Organisation
from avoplan.store.edits import Append, FieldPath, Remove
from avoplan.store.edits import written as edits_written
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

PROTECTED = {
    "steg": "steget ändras bara genom ett beslut: 'avoplan advance ID --to STEG'",
    "beslut": "beslut registreras bara med 'avoplan advance'",
    "id": "id:t är filens namn och ändras inte",
    "fas": "fasen ändras bara genom styrgruppens beslut: 'avoplan advance PRJ-… --to FAS'",
    "fasbeslut": "fasbeslut registreras bara med 'avoplan advance PRJ-… --to FAS'",
}
PEOPLE = {
    "kontaktperson",
    "projektledare",
    "projektägare",
    "effektägare",
    "förvaltningsansvarig",
    "ansvarig",
    "mäts_av",
    "person",
}
PEOPLE_LISTS = {"styrgrupp", "projektgrupp", "förslagsställare", "medverkande", "tid_medverkande"}


def run(
    portfolio: Path | None, item_id: str, assignments: list[str], redigera: str | None = None
) -> int:
    if not assignments and not redigera:
        raise UsageError(
            "inget att ändra", 'skriv fält=värde, t.ex. titel="Ny titel", eller --redigera FÄLT'
        )
    if assignments and redigera:
        raise UsageError("ange antingen fält=värde eller --redigera, inte båda")
    workspace = Workspace.find(portfolio, writing=True)
    item = workspace.item(item_id)
    org = workspace.organisation()
    if redigera:
        changes = [_edited(workspace, item.id, redigera, type(item))]
    else:
        changes = [parse(a, type(item), org) for a in assignments]
    path, before = workspace.edit_item(item.id, changes)
    after = path.read_text(encoding="utf-8")
    if after == before:
        console.line(f"{item.id}: inget ändrades ({display(path)} har redan de värdena).")
        return 0
    console.line(f"Ändrade {display(path)}:")
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm=""):
        if line[:1] in "+-" and not line.startswith(("+++", "---")):
            console.line(f"  {line}", "green" if line.startswith("+") else "red")
    return 0


def parse(assignment: str, model: type[BaseModel], org: Organisation) -> tuple[FieldPath, Any]:
    """(('kostnad', 'år'), 2026) from 'kostnad.ar=2026'; an empty value removes the field.
    'fält+=värde' appends to a list, 'fält-=värde' takes a value out of it,
    'fält[1].underfält=värde' sets a field of a list's item [1] (counted from 0, as
    `check` names fields) and 'fält[1]=' removes that item."""
    match = ASSIGNMENT.match(assignment)
    if match is None:
        raise UsageError(
            f"'{assignment}' är inte fält=värde", 'skriv t.ex. nytta="Mindre dubbelarbete"'
        )
    name, operator, raw = match["name"], match["op"], match["value"]
    path, annotation = _field_path(name.strip(), model)
    if path[0] in PROTECTED:
        raise UsageError(f"{path[0]} kan inte ändras med 'avoplan set'", PROTECTED[str(path[0])])
    if operator:
        return path, _list_change(path, operator, raw, annotation, org)
    if raw.strip() == "":
        return path, None
    return path, _value(_name(path), raw, annotation, org)


ASSIGNMENT = re.compile(r"^(?P<name>[^=+\-]+?)\s*(?P<op>[+-]?)=(?P<value>.*)$", re.DOTALL)
INDEX = re.compile(r"^(?P<field>[^\[\]]+)(\[(?P<number>\d+)\])?$")


def _edited(
    workspace: Workspace, item_id: str, name: str, model: type[BaseModel]
) -> tuple[FieldPath, Any]:
    """One field (a list or a group of fields too) edited as YAML in $EDITOR: the file
    opened holds only that field; what comes back is checked like any other `set`."""
    from avoplan.store.files import edit_in_editor
    from avoplan.store.yaml_edit import dump_new
    from avoplan.store.yaml_io import parse as parse_yaml
    from avoplan.store.yaml_io import read_text
    from avoplan.store.yaml_problems import YamlFileError

    path, _ = _field_path(name.strip(), model)
    if path[0] in PROTECTED:
        raise UsageError(f"{path[0]} kan inte ändras med 'avoplan set'", PROTECTED[str(path[0])])
    current: Any = parse_yaml(read_text(workspace.item_file(item_id)))
    for part in path:
        current = _part(current, part)
    key = _name(path)
    header = (
        f" {item_id}: {edits_written(path)}. Ändra, spara och stäng; avoplan kontrollerar\n"
        " innan något skrivs. Töm värdet för att ta bort fältet."
    )
    text = edit_in_editor(dump_new({key: current}, header), f"{item_id}-{key}.yaml")
    try:
        data = parse_yaml(text)
    except YamlFileError as exc:
        raise UserError(f"rad {exc.line}: {exc.message}; inget har ändrats", exc.hint) from None
    if not isinstance(data, dict) or list(data) != [key]:
        raise UserError(
            f"det redigerade ska ha just nyckeln '{key}'; inget har ändrats",
            f"behåll raden '{key}:' och ändra värdet under den",
        )
    return path, data[key]


def _part(current: Any, part: str | int) -> Any:
    if isinstance(current, dict):
        return current.get(part)
    if isinstance(current, list) and isinstance(part, int):
        if part >= len(current):
            raise UserError(f"post [{part}] finns inte (listan har {len(current)} poster)")
        return current[part]
    return None


def _name(path: FieldPath) -> str:
    return next(str(part) for part in reversed(path) if isinstance(part, str))


def _list_change(
    path: FieldPath, operator: str, raw: str, annotation: Any, org: Organisation
) -> Append | Remove:
    element = _element(annotation)
    if element is None or isinstance(path[-1], int):
        raise UsageError(f"{edits_written(path)} är ingen lista", "använd fält=värde")
    if not raw.strip():
        raise UsageError(f"inget värde efter {operator}=", 'skriv t.ex. styrgrupp+="Johan Ek"')
    value = _one(_name(path), raw, element, org)
    return Append(value) if operator == "+" else Remove(value)


def _field_path(name: str, model: type[BaseModel]) -> tuple[FieldPath, Any]:
    path: list[str | int] = []
    current: Any = model
    annotation: Any = None
    for written in name.split("."):
        if current is None:
            raise UsageError(
                f"'{edits_written(tuple(path))}' har inga underfält", "skriv fältet utan punkt"
            )
        match = INDEX.match(written.strip())
        part = match["field"] if match else written
        fields = current.model_fields
        found = next((f for f in fields if fold(f) == fold(part)), None)
        if found is None:
            close = did_you_mean(part, list(fields))
            where = f" i {edits_written(tuple(path))}" if path else ""
            raise UsageError(
                f"okänt fält '{part}'{where}",
                f"menade du {close}?" if close else f"fälten är {', '.join(fields)}",
            )
        path.append(found)
        annotation = fields[found].annotation
        if match and match["number"] is not None:
            if _element(annotation) is None:
                raise UsageError(
                    f"{found} är ingen lista",
                    "[N] väljer en post i en lista: fält[0].underfält=värde",
                )
            path.append(int(match["number"]))
            annotation = _element(annotation)
        current = _submodel(annotation)
    return tuple(path), annotation


def _element(annotation: Any) -> Any:
    """The item type of a list annotation (also inside Optional), else None."""
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    for candidate in typing.get_args(annotation):
        if typing.get_origin(candidate) is list:
            return typing.get_args(candidate)[0]
    return None


def _submodel(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for candidate in typing.get_args(annotation):
        found = _submodel(candidate)
        if found is not None:
            return found
    return None


def _value(field: str, raw: str, annotation: Any, org: Organisation) -> Any:
    text = raw.strip()
    element = _element(annotation)
    if element is not None:
        if text.startswith("["):
            items = _yaml(text)
            if isinstance(items, list):
                return [
                    _one(field, str(i), element, org) if isinstance(i, str) else i for i in items
                ]
            return items
        if _submodel(element) is not None:  # one text: a list of one item
            return [_one(field, raw, element, org)]
        return [_one(field, p, element, org) for p in text.split(",") if p.strip()]
    return _one(field, raw, annotation, org)


def _one(field: str, raw: str, annotation: Any, org: Organisation) -> Any:
    """One value: a person or avdelning by name, an item of a list of fields from a
    text or {fält: värde, …}, a yes/no, a number, a date, or the text itself."""
    text = raw.strip()
    if field in PEOPLE or field in PEOPLE_LISTS:
        return lookup.person(org, text).id
    if field == "avdelning":
        return lookup.avdelning(org, text).id
    submodel = _submodel(annotation)
    if submodel is not None:
        if text.startswith("{"):
            return _fields(_yaml(text), submodel, org)
        required = next(
            (n for n, f in submodel.model_fields.items() if f.is_required()),
            next(iter(submodel.model_fields)),
        )
        return {required: text}
    if annotation is bool or bool in typing.get_args(annotation):
        answer = YES_NO.get(fold(text))
        if answer is not None:
            return answer
    if annotation is str or str in typing.get_args(annotation):
        return raw  # text stays text: 'titel=2026' is a title, not a number
    return _yaml(text)


def _fields(data: Any, model: type[BaseModel], org: Organisation) -> Any:
    """{fält: värde, …} with each text value read as `set` reads it (names, ja/nej)."""
    if not isinstance(data, dict):
        return data
    fields = model.model_fields
    return {
        key: _one(key, value, fields[key].annotation, org)
        if isinstance(value, str) and key in fields
        else value
        for key, value in data.items()
    }


YES_NO = {"ja": True, "nej": False, "true": True, "false": False, "sant": True, "falskt": False}


def _yaml(text: str) -> Any:
    """A value as YAML reads it (numbers, true/false, dates, [lists]); else the text."""
    from avoplan.store.yaml_io import parse
    from avoplan.store.yaml_problems import YamlFileError

    try:
        return parse(text)
    except YamlFileError:
        return text
