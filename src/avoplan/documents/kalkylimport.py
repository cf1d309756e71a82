"""A sheet comes back (`avoplan import`): what it would change and create. A row whose id
is an existing behov, projekt or system updates it, field by field, only where the cell
differs from the item (a cell that still shows what `export` wrote is unchanged, even
where the export shows a name for an id). A behov row without an id, or with a free one,
becomes a new need in insamling; projects and systems are never created by a sheet.
Every problem of every row is collected, never only the first. Steps, decisions and the
computed columns never change through import. No I/O: the reading is `sheet_reader`'s,
the validating is passed in, and the writing is the command's."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from avoplan.core.errors import UserError
from avoplan.core.text import fold
from avoplan.documents.kalkylblad import (
    BEHOV_KOLUMNER,
    PROJEKT_KOLUMNER,
    SYSTEM_KOLUMNER,
    Blad,
    Kolumn,
    blad,
)
from avoplan.documents.kalkylceller import as_exported, as_text, field_value, file_value, same_value
from avoplan.models.portfolio import Portfolio

IGNORE = frozenset({"", fold("-"), "ignorera"})  # --mapping "Kommentar=-": left out on purpose
RUBRIKRAD = 0  # a problem of the header row, wherever the sheet has it


@dataclass(frozen=True)
class Slag:
    """A kind of item a sheet can update."""

    namn: str  # behov, projekt, system: the Portfolio field and the word in messages
    kolumner: tuple[Kolumn, ...]
    skrivskyddade: Mapping[str, str]  # folded header → why import never changes it
    nya: str | None = None  # why new rows are refused; None: they become new items


def _why(pairs: Mapping[str, str]) -> dict[str, str]:
    return {fold(header): why for header, why in pairs.items()}


SLAG = {
    "behov": Slag(
        "behov",
        BEHOV_KOLUMNER,
        _why(
            {
                "Steg": "steget ändras bara genom ett beslut: 'avoplan advance'",
                "Senaste beslut": "beslut registreras bara med 'avoplan advance'",
                "Kostnad (kr)": "kostnaden räknas fram ur kostnadsskattningen i behovets fil",
            }
        ),
    ),
    "projekt": Slag(
        "projekt",
        PROJEKT_KOLUMNER,
        _why(
            {
                "Status": "projektets fas ändras genom styrgruppens beslut",
                "Behov": "kopplingen till behovet görs vid beslutspunkt 4",
                "Kostnad (kr)": "kostnaden räknas fram ur kostnadsskattningen i projektets fil",
            }
        ),
        nya="ett projekt skapas bara vid beslutspunkt 4 ('avoplan advance BEH-… --to "
        "projekt'); töm raden eller ange ett befintligt projekt-id",
    ),
    "system": Slag(
        "system",
        SYSTEM_KOLUMNER,
        {},
        nya="ett nytt system läggs till som en fil i system/; ange ett befintligt system-id",
    ),
}


def slag_of(headers: Sequence[Any]) -> Slag:
    """The kind a sheet holds, from its headers (as `export` writes them)."""
    found = {fold(str(h or "").strip()) for h in headers}
    if found & {fold("Projektägare"), fold("Projektledare"), fold("Status")}:
        return SLAG["projekt"]
    if found & {fold("Drift"), fold("Användare"), fold("Tjänsteförvaltning")}:
        return SLAG["system"]
    return SLAG["behov"]


@dataclass(frozen=True)
class Fel:
    """One problem with a row (and a column, when one cell is at fault)."""

    rad: int
    kolumn: int | None  # 0-based
    meddelande: str


# Validates an item's data: the model, or (field, message) per problem. Passed in, since
# validation is I/O's (it resolves file lines) and this module does none.
Validator = Callable[[dict[str, Any]], tuple[Any, list[tuple[str, str]]]]


@dataclass
class Import:
    """What importing a sheet would do."""

    slag: Slag
    ändringar: dict[str, dict[str, tuple[Any, Any]]]  # id → field → (before, after)
    nya: list[dict[str, Any]]  # new needs' fields and their sheet row ("rad")
    modeller: dict[str, Any]  # every changed item as it would read (new ones: "rad N")
    rader: dict[str, int]  # id (or "rad N" for a new one) → sheet row
    fel: list[Fel]
    oförändrade: int = 0
    ej_lästa: set[int] = field(default_factory=set)  # computed columns on new rows


def mapping(
    headers: Sequence[Any], given: Mapping[str, str], slag: Slag
) -> tuple[dict[int, Kolumn], dict[int, str], list[Fel]]:
    """Column number → the column it fills; the computed columns of an export; and a
    problem for every other column (named, never silently dropped). `given` maps a sheet
    header to a field, to one of our headers, or to '-' (leave it out)."""
    ours = {fold(k.rubrik): k for k in slag.kolumner if k.fält}
    by_field = {fold(str(k.fält)): k for k in slag.kolumner if k.fält}
    wanted = {fold(h): fold(f) for h, f in given.items()}
    found: dict[int, Kolumn] = {}
    read_only: dict[int, str] = {}
    problems: list[Fel] = []
    for number, header in enumerate(headers):
        key = fold(str(header or "").strip())
        target = wanted.get(key, key)
        column = by_field.get(target) or ours.get(target)
        if column is not None:
            found[number] = column
        elif target in slag.skrivskyddade:
            read_only[number] = target
        elif key and not (key in wanted and target in IGNORE):
            problems.append(
                Fel(
                    RUBRIKRAD,
                    number,
                    f"okänd kolumn '{header}': den läses inte in; "
                    f'ange vilket fält den är med --mapping "{header}=fält" '
                    f'eller lämna den utanför med --mapping "{header}=-"',
                )
            )
    sheet_headers = {fold(str(x or "").strip()) for x in headers}
    unknown = [h for h in given if fold(h) not in sheet_headers]
    if unknown:
        raise UserError(
            f"kolumnen {', '.join(unknown)} i --mapping finns inte i bladet",
            f"bladets rubriker är {', '.join(str(h) for h in headers if h)}",
        )
    return found, read_only, problems


@dataclass(frozen=True)
class _Layout:
    portfolio: Portfolio
    slag: Slag
    columns: Mapping[int, Kolumn]
    read_only: Mapping[int, str]
    today: date
    validator: Validator
    exported: Mapping[str, tuple[Any, ...]]  # id → its row as `export` writes it

    def index(self, column: Kolumn | str) -> int:
        """Where a column (or a folded header) sits in the exported row."""
        wanted = fold(column.rubrik) if isinstance(column, Kolumn) else column
        return next(i for i, k in enumerate(self.slag.kolumner) if fold(k.rubrik) == wanted)


def plan_import(
    portfolio: Portfolio,
    headers: Sequence[Any],
    rows: Sequence[tuple[int, Sequence[Any]]],
    given: Mapping[str, str],
    *,
    today: date,
    validator: Validator,
    slag: Slag | None = None,
) -> Import:
    """What importing `rows` into `portfolio` would change and create, with every problem."""
    slag = slag or slag_of(headers)
    columns, read_only, problems = mapping(headers, given, slag)
    plan = Import(slag, {}, [], {}, {}, problems)
    if slag.namn == "behov" and not any(k.fält == "titel" for k in columns.values()):
        plan.fel.append(
            Fel(RUBRIKRAD, None, 'ingen kolumn för titel; ange t.ex. --mapping "Rubrik=titel"')
        )
        return plan
    made: Blad = blad(portfolio, slag.namn)
    layout = _Layout(
        portfolio,
        slag,
        columns,
        read_only,
        today,
        validator,
        {str(row[0]): row for row in made.rader},
    )
    id_column = next((n for n, k in columns.items() if k.fält == "id"), None)
    items: Mapping[str, Any] = getattr(portfolio, slag.namn)
    seen: dict[str, int] = {}
    for number, cells in rows:
        item_id = _item_id(_cell(cells, id_column), slag)
        if item_id and item_id in seen:
            plan.fel.append(Fel(number, id_column, f"{item_id} står också på rad {seen[item_id]}"))
            continue
        if item_id:
            seen[item_id] = number
        if item_id and item_id in items:
            _update(plan, layout, (number, cells), items[item_id])
        elif slag.nya is not None:
            what = f"{item_id} finns inte" if item_id else "raden har inget id"
            plan.fel.append(Fel(number, id_column, f"{what}: {slag.nya}"))
        else:
            _create(plan, layout, (number, cells))
    return plan


def _item_id(value: Any, slag: Slag) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text.lower() if slag.namn == "system" else text.upper()


def _cell(cells: Sequence[Any], number: int | None) -> Any:
    if number is None or number >= len(cells):
        return None
    value = cells[number]
    return None if isinstance(value, str) and not value.strip() else value


def _update(plan: Import, layout: _Layout, row: tuple[int, Sequence[Any]], item: Any) -> None:
    number, cells = row
    exported = layout.exported[item.id]
    problems = _read_only_changes(layout, number, cells, exported)
    changes: dict[str, tuple[Any, Any]] = {}
    for column_number, column in layout.columns.items():
        name = str(column.fält)
        cell = _cell(cells, column_number)
        if name == "id" or as_exported(cell, exported[layout.index(column)]):
            continue  # what export wrote: unchanged (a name shown for an id, a list joined)
        try:
            after = field_value(cell, column, layout.portfolio)
        except UserError as exc:
            problems.append(Fel(number, column_number, exc.message))
            continue
        before = file_value(item, name)
        if not same_value(before, after):
            changes[name] = (before, after)
    plan.fel += problems
    if not changes:
        plan.oförändrade += not problems
        return
    data = item.model_dump(mode="python", exclude_none=True)
    data.update({name: after for name, (_, after) in changes.items()})
    instance = _validated(
        plan, layout, number, {k: v for k, v in data.items() if v is not None}, problems
    )
    if instance is not None and not problems:
        plan.ändringar[item.id] = changes
        plan.modeller[item.id] = instance
        plan.rader[item.id] = number


def _create(plan: Import, layout: _Layout, row: tuple[int, Sequence[Any]]) -> None:
    """A new need from a row (only behov rows come here)."""
    from avoplan.models.portfolio import BEHOV, numbered_kind

    number, cells = row
    problems: list[Fel] = []
    for column_number, rubrik in sorted(layout.read_only.items()):
        value = _cell(cells, column_number)
        if value is not None and not (rubrik == fold("Steg") and fold(str(value)) == "insamling"):
            plan.ej_lästa.add(column_number)
    data: dict[str, Any] = {}
    for column_number, column in layout.columns.items():
        try:
            value = field_value(_cell(cells, column_number), column, layout.portfolio)
        except UserError as exc:
            problems.append(Fel(number, column_number, exc.message))
            continue
        if value not in (None, []):
            data[str(column.fält)] = value
    id_column = _column_of(layout.columns, "id")
    if "id" in data and numbered_kind(str(data["id"])) is not BEHOV:
        problems.append(Fel(number, id_column, f"'{data['id']}' är inget behov-id som BEH-042"))
    elif "id" in data and layout.portfolio.exists(BEHOV, str(data["id"])):
        problems.append(
            Fel(
                number,
                id_column,
                f"{data['id']} finns men kan inte läsas; rätta filen först ('avoplan check')",
            )
        )
    if "avdelning" not in data:
        problems.append(Fel(number, _column_of(layout.columns, "avdelning"), "avdelning saknas"))
    plan.fel += problems
    data.setdefault("registrerad", layout.today)
    data.update(steg="insamling", beslut=[])
    data.setdefault("avdelning", "saknas")  # said above; the other fields are still judged
    instance = _validated(plan, layout, number, {"id": "BEH-000", **data}, problems)
    if instance is not None and not problems:
        plan.nya.append({**data, "rad": number})
        plan.modeller[f"rad {number}"] = instance
        plan.rader[f"rad {number}"] = number


def _read_only_changes(
    layout: _Layout, number: int, cells: Sequence[Any], exported: tuple[Any, ...]
) -> list[Fel]:
    """A problem for every computed cell (steg, kostnad, senaste beslut …) that differs
    from what the item has: import never changes them."""
    problems = []
    for column_number, rubrik in sorted(layout.read_only.items()):
        before = exported[layout.index(rubrik)]
        if as_text(before) != as_text(_cell(cells, column_number)):
            problems.append(
                Fel(
                    number,
                    column_number,
                    f"ändras inte genom import: {layout.slag.skrivskyddade[rubrik]}",
                )
            )
    return problems


def _column_of(columns: Mapping[int, Kolumn], name: str) -> int | None:
    return next((n for n, k in columns.items() if k.fält == name), None)


def _validated(
    plan: Import, layout: _Layout, number: int, data: dict[str, Any], judged: Sequence[Fel] = ()
) -> Any:
    """`data` as the item, or every problem of the model as a problem of the row (but
    none on a cell that already has one: a cell that could not be read is not judged)."""
    instance, problems = layout.validator(data)
    known = {f.kolumn for f in judged}
    for name, message in problems:
        top = name.split(".", 1)[0].split("[", 1)[0]
        column = _column_of(layout.columns, top)
        if column not in known or column is None:
            plan.fel.append(Fel(number, column, f"{name}: {message}" if name else message))
    return instance if instance is not None and not problems else None
