"""Command-line words read into domain values, with a Swedish usage error (exit 2)."""

from __future__ import annotations

import math
from datetime import date

from avoplan.core.errors import UsageError
from avoplan.models.common import Steg


def parse_step(value: str, *, allow: tuple[Steg, ...] = tuple(Steg)) -> Steg:
    """A step as the user writes it, with or without å ä ö: 'klart-for-start'."""
    try:
        step = Steg(value)
    except ValueError:
        step = None
    if step is None or step not in allow:
        from avoplan.core.text import did_you_mean

        choices = ", ".join(s.value for s in allow)
        close = did_you_mean(value, [s.value for s in allow])
        raise UsageError(
            f"okänt steg '{value}'" + (f"; menade du {close}?" if close else ""),
            f"välj ett av: {choices}",
        )
    return step


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"ogiltigt datum '{value}'", "skriv datum som ÅÅÅÅ-MM-DD") from None


def parse_list(value: str | None) -> list[str]:
    """'a, b,c' -> ['a', 'b', 'c']: ids given in one option."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def parse_number(value: str, option: str) -> float:
    """A number as a Swede writes it: 2 100, 12,5 or 12.5."""
    text = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise UsageError(f"ogiltigt tal '{value}' för {option}", "skriv t.ex. 2100 eller 12,5")
    return number
