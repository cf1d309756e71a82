"""One cell of an imported sheet against the portfolio: the cell as the field's value in
file form (dates, whole numbers, kronor in thousands, ja/nej, a person or avdelning by
name), an item's field in the same form, and whether the two are the same or the cell
still shows what `export` wrote."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from avoplan.core.errors import UserError
from avoplan.core.text import fold
from avoplan.documents.kalkylblad import DATUM, HELTAL, JA_NEJ, KR, LISTA, Kolumn
from avoplan.models.portfolio import Portfolio

PERSON_FIELDS = frozenset({"kontaktperson", "projektägare", "projektledare"})
_PICTURES_BACK = {0x2400 + c: chr(c) for c in range(32)}  # sheets.visible, undone


def file_value(item: Any, name: str) -> Any:
    """An item's field in file form (enum values as their words)."""
    value = getattr(item, name)
    if isinstance(value, list):
        return [getattr(v, "value", v) for v in value]
    return getattr(value, "value", value)


def as_text(value: Any) -> str:
    """A cell as text, so that an xlsx's typed cell, a CSV's text and the exported value
    compare: dates as ISO dates, whole numbers without decimals, lists joined as export
    joins them, control characters as themselves (an xlsx shows them as pictures)."""
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value).translate(_PICTURES_BACK).strip()


def as_exported(cell: Any, exported: Any) -> bool:
    """Whether a cell still shows what `export` wrote (in an xlsx, a text beyond Excel's
    limit was cut with "…": sheets.xlsx_text)."""
    shown, wrote = as_text(cell), as_text(exported)
    if shown == wrote:
        return True
    return (
        len(shown) >= EXCEL_CELL_CHARS - 1 and shown.endswith("…") and wrote.startswith(shown[:-1])
    )


EXCEL_CELL_CHARS = 32_767


def same_value(before: Any, after: Any) -> bool:
    if before in (None, [], "") and after in (None, [], ""):
        return True
    if isinstance(before, str) and isinstance(after, str):
        return before.strip() == after.translate(_PICTURES_BACK).strip()
    return bool(before == after)


def field_value(value: Any, column: Kolumn, portfolio: Portfolio) -> Any:
    """One cell as the field's value in file form, or a UserError saying what is wrong."""
    from avoplan.models import lookup

    if value is None or (isinstance(value, str) and not value.strip()):
        return [] if column.typ == LISTA else None
    name = str(column.fält)
    org = portfolio.organisation
    if name == "avdelning":
        return lookup.avdelning(org, str(value).strip()).id
    if name in PERSON_FIELDS:
        return lookup.person(org, str(value).strip()).id
    return _typed(value, column)


def _typed(value: Any, column: Kolumn) -> Any:
    name = str(column.fält)
    if column.typ == LISTA:
        items = [p.strip() for p in str(value).split(",") if p.strip()]
        return [_whole(i, "mål") for i in items] if name == "mål" else items
    if column.typ == DATUM:
        return _date(value)
    if column.typ == HELTAL:
        return _whole(value, column.rubrik.split(" (")[0].lower())
    if column.typ == KR:
        return _thousands(value, column.rubrik)
    if column.typ == JA_NEJ:
        return _yes_no(value, column.rubrik)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"'{value}' är inget datum; skriv ÅÅÅÅ-MM-DD") from None


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise UserError(f"{what} '{value}' är inget heltal")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if text.lstrip("-").isdigit():
        return int(text)
    raise UserError(f"{what} '{value}' är inget heltal")


def _thousands(value: Any, rubrik: str) -> int:
    """Kronor in the sheet, thousands (kkr) in the file."""
    kronor = _whole(value, rubrik.lower())
    if kronor % 1000:
        raise UserError(
            f"{rubrik.lower()} {kronor} ska vara hela tusental kronor "
            "(filen anger tusental, budget_kkr)"
        )
    return kronor // 1000


def _yes_no(value: Any, rubrik: str) -> bool:
    if isinstance(value, bool):
        return value
    word = fold(str(value).strip())
    if word in {"ja", "true", "1", "sant"}:
        return True
    if word in {"nej", "false", "0", "falskt"}:
        return False
    raise UserError(f"{rubrik.lower()} '{value}' ska vara ja eller nej")
