"""Finding a person, avdelning or forum from what a user types: an id, an e-post, a
whole name or a unique prefix of the id or of a word in the name, with or without å ä ö.

The one resolver for every place the CLI asks for an id (new, advance, list, set,
import): an ambiguous word lists the candidates instead of guessing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from avoplan.core.errors import UserError
from avoplan.core.text import did_you_mean, fold
from avoplan.models.organisation import Avdelning, Forum, Organisation, Person

T = TypeVar("T", Person, Avdelning, Forum)


def person(org: Organisation, word: str) -> Person:
    by_email = org.person_by_email(word) if "@" in word else None
    return by_email or resolve(org.personer, word, "person", lambda p: p.namn)


def avdelning(org: Organisation, word: str) -> Avdelning:
    return resolve(org.avdelningar, word, "avdelning", lambda a: a.namn)


def forum(org: Organisation, word: str) -> Forum:
    return resolve(org.forum, word, "forum", lambda f: f"{f.namn} {f.typ.value}")


def resolve(items: Sequence[T], word: str, what: str, name: Callable[[T], str]) -> T:
    """The one item `word` names, or a UserError that lists the candidates."""
    wanted = fold(word)
    exact = [i for i in items if i.id == word.strip()] or [
        i for i in items if wanted in (fold(i.id), fold(name(i)))
    ]
    found = exact or [i for i in items if _starts(i.id, name(i), wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        # Listed by name only: the words matched on (a forum's typ) often repeat it.
        listed = ", ".join(f"{i.id} ({getattr(i, 'namn', None) or name(i)})" for i in found[:8])
        raise UserError(
            f"'{word}' kan vara flera: {listed}",
            "skriv mer av namnet eller ange id; 'avoplan org' listar alla med id",
        )
    close = did_you_mean(word, [i.id for i in items])
    adjective = "okänt" if what == "forum" else "okänd"
    raise UserError(
        f"{adjective} {what} '{word}' i organisation.yaml",
        f"menade du {close}?" if close else "'avoplan org' listar alla med id",
    )


def _starts(item_id: str, name: str, wanted: str) -> bool:
    if not wanted:
        return False
    words = [fold(item_id), *(fold(w) for w in name.replace("-", " ").split())]
    return any(w.startswith(wanted) for w in words) or fold(name).startswith(wanted)
