"""Small text helpers shared by models and commands."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import timedelta

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NUMBERED = re.compile(r"^([A-Za-z]+)-(\d+)$")


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """ASCII key for matching what users type: 'Klart-för-start' -> 'klartforstart'.
    Remembered: a check folds the same few role names for every decision it replays."""
    return _NOT_ALNUM.sub("", text.lower().translate(_FOLD))


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """The closest option to `word`, compared on folded spellings, or None. An id with a
    number (BEH-4, BEH-04) first means the id with that number (BEH-004)."""
    options = list(options)
    numbered = _NUMBERED.match(word.strip())
    if numbered:
        same = [
            o
            for o in options
            if (m := _NUMBERED.match(o))
            and m[1].upper() == numbered[1].upper()
            and int(m[2]) == int(numbered[2])
        ]
        if same:
            return same[0]
    by_fold = {fold(option): option for option in options}
    import difflib  # only when a word is not found

    match = difflib.get_close_matches(fold(word), list(by_fold), n=1, cutoff=0.6)
    return by_fold[match[0]] if match else None


def join_sv(items: Iterable[str], conjunction: str = "eller") -> str:
    """'a, b eller c' - a Swedish list for messages."""
    parts = list(items)
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def format_kr(amount: int) -> str:
    """Swedish thousands grouping with a non-breaking space: 1 234 567 kr."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


def age_sv(age: timedelta) -> str:
    """'för 3 timmar sedan' - how old something is, for messages."""
    minutes = int(age.total_seconds() // 60)
    for size, one, many in (
        (1440, "dag", "dagar"),
        (60, "timme", "timmar"),
        (1, "minut", "minuter"),
    ):
        if minutes >= size:
            count = minutes // size
            return f"för {count} {one if count == 1 else many} sedan"
    return "nyss"


def value_text(value: float | None) -> str:
    """6 100 and 12,5: a measured value as a Swede writes it."""
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", ",")
