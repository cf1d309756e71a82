"""Finding one item, its people and its ids without loading the whole portfolio
(fast paths for `advance`, `show`, `history` and `new`)."""

from __future__ import annotations

import re
from pathlib import Path

from avoplan.errors import UserError
from avoplan.loader import BEHOV, PROJEKT, Kind, display, item_path, load_one
from avoplan.models.behov import Behov
from avoplan.models.delegation import Delegationsordning
from avoplan.models.organisation import Organisation, Person
from avoplan.models.projekt import Projekt
from avoplan.text import did_you_mean

_ID = re.compile(r"^(BEH|PRJ)-(\d+)$")


def kind_of(item_id: str) -> Kind:
    match = _ID.match(item_id.strip().upper())
    if not match:
        raise UserError(f"'{item_id}' är inget id", "ett id ser ut som BEH-042 eller PRJ-012")
    return BEHOV if match[1] == "BEH" else PROJEKT


def normalise(item_id: str) -> str:
    return item_id.strip().upper()


def item_file(root: Path, item_id: str) -> Path:
    """The item's file, or a UserError with the closest existing id."""
    kind = kind_of(item_id)
    path = item_path(root, kind, normalise(item_id))
    if not path.is_file():
        existing = [p.stem for p in (root / kind.folder).glob("*.yaml")]
        close = did_you_mean(normalise(item_id), existing)
        raise UserError(f"{normalise(item_id)} finns inte i {display(root / kind.folder)}",
                        f"menade du {close}?" if close else "lista behov med 'avoplan list'")
    return path


def load_need(root: Path, item_id: str) -> Behov:
    if kind_of(item_id) is not BEHOV:
        raise UserError(f"{normalise(item_id)} är ett projekt; bara behov går genom "
                        "Behovsprocessen", "ange behovets id (BEH-…)")
    return load_one(item_file(root, item_id), Behov)


def load_projects(root: Path, ids: list[str]) -> tuple[Projekt, ...]:
    paths = [item_path(root, PROJEKT, i) for i in ids]
    return tuple(load_one(p, Projekt) for p in paths if p.is_file())


def load_organisation(root: Path) -> Organisation:
    return load_one(root / "organisation.yaml", Organisation)


def load_delegation(root: Path) -> Delegationsordning:
    return load_one(root / "delegationsordning.yaml", Delegationsordning)


def person_named(org: Organisation, who: str) -> Person:
    """A person by id or e-post, or a UserError suggesting the closest id."""
    person = org.person(who) or org.person_by_email(who)
    if person is None:
        close = did_you_mean(who, [p.id for p in org.personer])
        raise UserError(f"okänd person '{who}' i organisation.yaml",
                        f"menade du {close}?" if close else "ange personens id eller e-post")
    return person


def next_id(root: Path, kind: Kind, taken_elsewhere: set[str]) -> str:
    """The next free id of `kind`: above every id in the folder and on other branches."""
    prefix = "BEH" if kind is BEHOV else "PRJ"
    stems = {p.stem for p in (root / kind.folder).glob("*.yaml")} | taken_elsewhere
    numbers = [int(m[2]) for m in map(_ID.match, stems) if m and m[1] == prefix]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"
