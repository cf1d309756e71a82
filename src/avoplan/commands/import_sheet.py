"""`avoplan import FIL.xlsx|FIL.csv`: a sheet of behov, projekt or system from Excel (or
CSV) comes in. A row whose id is an existing item updates it, changing only the lines of
the cells that differ; a behov row without an id (or with a free one) becomes a new need
in insamling. Steps and decisions never change through import (R2: decisions are
registered with `advance`). A dry run by default: every change as before → after, every
new need, and every problem of every row with sheet, row and column. `--write` writes
only what `check` would accept: the would-be portfolio is judged by check's rules first."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from avoplan.core.errors import UserError
from avoplan.documents.kalkylblad import BEHOV_KOLUMNER
from avoplan.documents.kalkylimport import RUBRIKRAD, Fel, Import, Slag, plan_import, slag_of
from avoplan.models.behov import Behov
from avoplan.models.portfolio import BEHOV, PROJEKT, SYSTEM, FileKind, Portfolio
from avoplan.store.files import display
from avoplan.store.sheet_bounds import ReadSheet
from avoplan.store.sheet_cells import column_letter
from avoplan.store.sheet_reader import read
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

KINDS: dict[str, FileKind] = {"behov": BEHOV, "projekt": PROJEKT, "system": SYSTEM}
HEADER = "Behov importerat med 'avoplan import' från {source}."
ORDER = (
    "id",
    "titel",
    "avdelning",
    "kontaktperson",
    "steg",
    "registrerad",
    *(
        str(k.fält)
        for k in BEHOV_KOLUMNER
        if k.fält not in {"id", "titel", "avdelning", "kontaktperson", "registrerad"}
    ),
    "beslut",
)


def run(
    portfolio: Path | None,
    file: Path,
    mapping_text: str | None,
    sheet_name: str | None,
    *,
    write: bool,
) -> int:
    workspace = Workspace.find(portfolio, writing=True)
    sheet = read(file, sheet_name)
    given = parse_mapping(mapping_text)
    loaded = workspace.portfolio(complete=True)
    slag = slag_of(sheet.headers)
    if slag.namn != "behov":
        console.line(f"Bladet läses som {slag.namn} (efter rubrikerna).")
    plan = plan_import(
        loaded,
        sheet.headers,
        sheet.rows,
        given,
        today=date.today(),
        validator=_validator(KINDS[slag.namn]),
        slag=slag,
    )
    _number(workspace, plan)
    missing = set(sheet.missing)  # said once: not again as an empty cell
    problems = [*_sheet_problems(sheet), *(p for p in plan.fel if (p.rad, p.kolumn) not in missing)]
    problems += _would_be_errors(loaded, plan)  # over the rows that could be read
    _notes(sheet, plan)
    _report(plan, write=write and not problems)
    if problems:
        where = f"blad '{sheet.name}' " if sheet.name else ""
        raise UserError(
            f"{display(file)} har {len(problems)} fel; inget har skrivits",
            "rätta raderna i filen (eller --mapping) och kör igen",
            tuple(_located(p, where, sheet) for p in problems),
        )
    if write:
        _write(workspace, plan, file.name)
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


def _validator(kind: FileKind) -> Callable[[dict[str, Any]], tuple[Any, list[tuple[str, str]]]]:
    def validated(data: dict[str, Any]) -> tuple[Any, list[tuple[str, str]]]:
        from avoplan.store.validation import validate

        instance, findings = validate(kind.model, data, Path("import"))
        return instance, [(f.field, f.message) for f in findings]

    return validated


def _sheet_problems(sheet: ReadSheet) -> list[Fel]:
    """What the reader found that must not pass unseen: hidden rows and columns, and
    formulas without a value."""
    used = {n for _, cells in sheet.rows for n, v in enumerate(cells) if v is not None}
    found = [
        Fel(
            n,
            None,
            "raden är dold i Excel; visa den eller ta bort den, så att det syns vad som läses in",
        )
        for n in sheet.hidden_rows
    ]
    found += [
        Fel(
            RUBRIKRAD,
            c,
            "kolumnen är dold i Excel; visa den eller ta bort den, så att det "
            "syns vad som läses in",
        )
        for c in sorted(sheet.hidden_columns)
        if c in used or (c < len(sheet.headers) and sheet.headers[c] is not None)
    ]
    found += [
        Fel(
            r,
            c,
            "cellen har en formel utan sparat värde; import läser bara värden, "
            "aldrig formler: öppna och spara filen i Excel, eller skriv in värdet",
        )
        for r, c in sheet.missing
    ]
    return found


def _notes(sheet: ReadSheet, plan: Import) -> None:
    if plan.ej_lästa:
        names = ", ".join(str(sheet.headers[c]) for c in sorted(plan.ej_lästa))
        console.warning(
            f"{names} läses inte för nya behov: de börjar i insamling, och "
            "beslut registreras med 'avoplan advance'"
        )
    if sheet.encoding:
        console.warning(f"filen är inte UTF-8; den lästes som {sheet.encoding}")
    if sheet.formulas:
        first = ", ".join(f"{column_letter(c)}{r}" for r, c in sheet.formulas[:5])
        more = " …" if len(sheet.formulas) > 5 else ""
        console.warning(
            f"{len(sheet.formulas)} celler har formler ({first}{more}); import "
            "läser deras sparade värden, aldrig formlerna"
        )


def _located(problem: Fel, where: str, sheet: ReadSheet) -> str:
    headers = sheet.headers
    place = f"{where}rad {sheet.header_row if problem.rad == RUBRIKRAD else problem.rad}"
    if problem.kolumn is not None:
        header = headers[problem.kolumn] if problem.kolumn < len(headers) else None
        named = f" ({header})" if header not in (None, "") else ""
        place += f", kolumn {column_letter(problem.kolumn)}{named}"
    return f"{place}: {problem.meddelande}"


def _number(workspace: Workspace, plan: Import) -> None:
    """Give new needs without an id the next free ids, in sheet order."""
    from avoplan.models.portfolio import next_id

    reserved = frozenset(str(d["id"]) for d in plan.nya if "id" in d)
    previous: str | None = None
    for data in plan.nya:
        if "id" not in data:  # asking git for the branches' ids once, not once per row
            previous = (
                workspace.new_id(BEHOV, reserved)
                if previous is None
                else next_id(BEHOV, [previous])
            )
            data["id"] = previous


def _would_be_errors(loaded: Portfolio, plan: Import) -> list[Fel]:
    """`check`'s new errors in the portfolio as it would be after the import, each on
    the row that causes it."""
    changed: dict[str, Any] = {}
    rows: dict[str, int] = {}
    new_ids = {f"rad {d['rad']}": str(d["id"]) for d in plan.nya}
    for key, model in plan.modeller.items():
        number = plan.rader[key]
        need_id = new_ids.get(key, key)
        changed[need_id] = model.model_copy(update={"id": need_id})
        rows[need_id] = number
    if not changed:
        return []
    field = plan.slag.namn
    updated: dict[str, Any] = {field: {**getattr(loaded, field), **changed}}
    after = dataclasses.replace(loaded, **updated)
    from avoplan.rules.alla import new_errors  # the judgement of every write

    found = []
    for finding in new_errors(loaded, after):
        item = finding.file.stem if finding.file else ""
        place = f"{finding.field}: " if finding.field else ""
        found.append(
            Fel(
                rows.get(item, RUBRIKRAD),
                None,
                f"{item}: {place}{finding.message} ('avoplan check' skulle säga detsamma)",
            )
        )
    return found


def _headers(slag: Slag) -> dict[str, str]:
    return {str(k.fält): k.rubrik for k in slag.kolumner if k.fält}


def _shown(value: Any) -> str:
    if value is None or value == []:
        return "(tom)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _report(plan: Import, *, write: bool) -> None:
    changed, new, what = plan.ändringar, plan.nya, plan.slag.namn
    headers = _headers(plan.slag)
    if changed:
        verb = "Ändrar" if write else "Skulle ändra (provkörning; --write skriver)"
        console.line(f"{verb}: {len(changed)} {what}", "bold")
        for item_id, fields in changed.items():
            console.line(f"  {item_id} (rad {plan.rader[item_id]}):")
            for field, (before, after) in fields.items():
                console.line(f"    {headers.get(field, field)}: {_shown(before)} → {_shown(after)}")
    if new:
        verb = "Skapar" if write else "Skulle skapa (provkörning; --write skapar filerna)"
        show = console.table if len(new) <= console.screenful() else console.plain_table
        show(
            f"{verb}: {len(new)} behov",
            ("Id", "Rad", "Titel", "Avdelning"),
            [(d["id"], d["rad"], d["titel"], d["avdelning"]) for d in new],
        )
    if plan.oförändrade:
        console.line(f"Oförändrade: {plan.oförändrade} {what}")
    if not changed and not new and not plan.fel:
        console.line("Inget att ändra: bladet stämmer med portföljen.")


def _write(workspace: Workspace, plan: Import, source: str) -> None:
    from avoplan.store import edits
    from avoplan.store.yaml_edit import dump_new, edit_text
    from avoplan.store.yaml_io import read_text

    kind = KINDS[plan.slag.namn]
    folder = workspace.root / str(kind.folder)
    writes: dict[Path, str] = {}
    read_before: dict[Path, str | None] = {}
    for item_id, fields in plan.ändringar.items():
        path = folder / f"{item_id}.yaml"
        text = read_text(path)
        _refuse_if_changed(path, text, fields)
        read_before[path] = text
        writes[path] = edits.checked_text(path, edit_text(text, _mutation(fields)), kind.model)
    folder = workspace.root / str(BEHOV.folder)
    for data in plan.nya:
        path = folder / f"{data['id']}.yaml"
        content = {key: data[key] for key in ORDER if key in data}
        writes[path] = edits.checked_text(
            path, dump_new(content, HEADER.format(source=source)), Behov
        )
        read_before[path] = None
    workspace.write_files(writes, read_before)


def _refuse_if_changed(path: Path, text: str, fields: dict[str, tuple[Any, Any]]) -> None:
    """The dry run compared the sheet with the files as they were read; a field changed
    on disk since then is never overwritten with a stale comparison."""
    from avoplan.store.yaml_io import parse

    data = parse(text)
    for field, (before, _) in fields.items():
        now = data.get(field) if isinstance(data, dict) else None
        if now != before and not (now in (None, []) and before in (None, [])):
            raise UserError(
                f"{display(path)} ändrades medan avoplan arbetade ({field}); inget har skrivits",
                "kör kommandot igen",
            )


def _mutation(fields: dict[str, tuple[Any, Any]]) -> Any:
    from avoplan.store import edits

    def mutate(document: Any) -> None:
        for field, (_, after) in fields.items():
            current = document.get(field)
            if isinstance(current, list) and isinstance(after, list) and after:
                del current[:]  # in place: a flow list stays a flow list on its line
                current.extend(after)
            else:
                edits.assign(document, (field,), after)

    return mutate
