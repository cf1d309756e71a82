"""`avoplan import FIL.xlsx`: bring an existing behovslista from Excel in as new needs.
A dry run by default (what would be created, or every error with sheet and row);
`--write` creates the files. Existing ids are never overwritten. Imported needs start in
insamling: their decisions must be registered with `advance` (R2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from avoplan.cli import console
from avoplan.core.errors import UserError
from avoplan.documents.kalkylblad import BEHOV_KOLUMNER, mapping, need_data
from avoplan.models.behov import Behov
from avoplan.models.organisation import Organisation
from avoplan.models.portfolio import BEHOV, numbered_kind
from avoplan.store.files import display
from avoplan.store.sheets import read_xlsx
from avoplan.workspace import lookup
from avoplan.workspace.folder import Workspace

HEADER = "Behov importerat med 'avoplan import' från {source}."
ORDER = ("id", "titel", "avdelning", "kontaktperson", "steg", "registrerad",
         *(str(k.fält) for k in BEHOV_KOLUMNER if k.fält not in
           {"id", "titel", "avdelning", "kontaktperson", "registrerad"}), "beslut")


def run(portfolio: Path | None, file: Path, mapping_text: str | None, sheet_name: str | None,
        write: bool) -> int:
    workspace = Workspace.find(portfolio, writing=True)
    org = workspace.organisation()
    sheet = read_xlsx(file, sheet_name)
    columns = mapping(sheet.headers, parse_mapping(mapping_text))
    existing = {p.stem for p in (workspace.root / str(BEHOV.folder)).glob("*.yaml")}
    planned: list[dict[str, Any]] = []
    errors: list[str] = []
    for number, cells in sheet.rows:
        try:
            planned.append(_need(need_data(cells, columns), org, existing, planned))
        except UserError as exc:
            errors.append(f"blad '{sheet.name}' rad {number}: {exc.message}")
    if errors:
        raise UserError(f"{display(file)} har {len(errors)} fel; inget har skapats",
                        "rätta raderna i Excel-filen (eller --mapping) och kör igen",
                        tuple(errors))
    _number(workspace, planned)
    _report(planned, write)
    if write:
        for data in planned:
            workspace.create_need_from(data, HEADER.format(source=file.name))
    return 0


def parse_mapping(text: str | None) -> dict[str, str]:
    """`--mapping`: a YAML file of `Rubrik i bladet: fält`, or "Rubrik=fält,Rubrik=fält"."""
    if not text:
        return {}
    path = Path(text)
    if path.is_file():
        from avoplan.store.yaml_io import parse, read_text

        data = parse(read_text(path))
        if not isinstance(data, dict):
            raise UserError(f"{display(path)} ska innehålla 'Rubrik: fält' per rad")
        return {str(k): str(v) for k, v in data.items()}
    pairs = [p for p in text.replace(";", ",").split(",") if p.strip()]
    if any("=" not in p for p in pairs):
        raise UserError(f"--mapping '{text}' ska vara Rubrik=fält,Rubrik=fält eller en fil")
    return {k.strip(): v.strip() for k, v in (p.split("=", 1) for p in pairs)}


def _need(data: dict[str, Any], org: Organisation, existing: set[str],
          planned: list[dict[str, Any]]) -> dict[str, Any]:
    from avoplan.store.validation import validate

    if "id" in data:
        data["id"] = _free_id(str(data["id"]), existing, planned)
    if "avdelning" not in data:
        raise UserError("avdelning saknas")
    data["avdelning"] = lookup.avdelning(org, str(data["avdelning"])).id
    if "kontaktperson" in data:
        data["kontaktperson"] = lookup.person(org, str(data["kontaktperson"])).id
    data.setdefault("registrerad", date.today())
    data.update(steg="insamling", beslut=[])
    trial = {"id": "BEH-000", **data}
    instance, findings = validate(Behov, trial, Path("import"))
    if instance is None:
        first = findings[0]
        raise UserError(f"{first.field}: {first.message}" if first.field else first.message)
    return {key: data[key] for key in ORDER if key in data}


def _free_id(given: str, existing: set[str], planned: list[dict[str, Any]]) -> str:
    wanted = given.strip().upper()
    if numbered_kind(wanted) is not BEHOV:
        raise UserError(f"id: '{given}' är inget behov-id som BEH-042")
    if wanted in existing:
        raise UserError(f"id: {wanted} finns redan i portföljen; import skriver aldrig över",
                        "töm id-cellen så får behovet nästa lediga id")
    if any(p.get("id") == wanted for p in planned):
        raise UserError(f"id: {wanted} står på flera rader")
    return wanted


def _number(workspace: Workspace, planned: list[dict[str, Any]]) -> None:
    """Give rows without an id the next free ids, in sheet order."""
    reserved = {str(p["id"]) for p in planned if "id" in p}
    for index, data in enumerate(planned):
        if "id" not in data:
            new = workspace.new_id(BEHOV, frozenset(reserved))
            reserved.add(new)
            planned[index] = {"id": new, **data}


def _report(planned: list[dict[str, Any]], write: bool) -> None:
    verb = "Skapar" if write else "Skulle skapa (provkörning; --write skapar filerna)"
    console.table(f"{verb}: {len(planned)} behov", ("Id", "Titel", "Avdelning"),
                  [(p["id"], p["titel"], p["avdelning"]) for p in planned])
