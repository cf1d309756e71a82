"""An xlsx cell's raw text as a value: numbers, ISO dates, booleans, and cell
references (A1) as row and column; which number formats are dates."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

BUILTIN_DATES = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47, *range(27, 37), *range(50, 59)}


def is_date_format(number: int, code: str | None) -> bool:
    if code is None:
        return number in BUILTIN_DATES
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", code)
    return bool(re.search(r"[dmyhsDMYHS]", bare)) and "General" not in bare


def is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true"}


def as_int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def as_number(raw: str) -> int | float | None:
    try:
        number = float(raw)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def as_iso_date(raw: str) -> date | datetime | None:
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return moment.date() if moment.time() == datetime.min.time() else moment


def column_number(reference: str) -> int:
    number = 0
    for char in reference:
        if not char.isalpha():
            break
        number = number * 26 + (ord(char.upper()) - 64)
    return number - 1


def cell_name(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def column_letter(column: int) -> str:
    """Excel's letters for a 0-based column number: 0 → A, 26 → AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
