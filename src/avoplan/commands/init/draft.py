"""The draft of a new portfolio: ÄVO's example with this förvaltning in ÄVO's place (its
name and code in the texts, ÄVO's people as numbered example people, the plan an utkast),
every file headed by a note saying it is a draft. Pure apart from reading the example."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from avoplan.core.errors import UsageError
from avoplan.core.text import fold
from avoplan.models.portfolio import (
    FEDERATION,
    ORGANISATION,
    PLAN,
    SCHABLON,
    SINGLETON_KINDS,
    SYSTEM,
)

# ÄVO in the example: its id in organisation.yaml, its code, and how its texts name it.
EXAMPLE_ID = "avo"
EXAMPLE_CODE = "ÄVO"
EXAMPLE_NAMES = (
    "Äldre samt vård- och omsorgsförvaltningen",
    "äldre samt vård- och omsorgsförvaltningen",
)
EXAMPLE_NAMND = "Äldre samt vård- och omsorgsnämnden"

HEADER = (
    "UTKAST skapat av 'avoplan init' ur ÄVO:s exempel, för\n"
    "{namn} ({kod}). Byt exempeluppgifterna (exempel: true)\n"
    "mot förvaltningens egna; 'avoplan check' varnar så länge exempel finns kvar."
)


@dataclass(frozen=True)
class Identity:
    """Who "we" are in the new portfolio."""

    namn: str
    kod: str
    id: str  # the förvaltning's id in organisation.yaml


def identity_of(source: Path, namn: str, kod: str) -> Identity:
    """The förvaltning's id: the one the example's federation already gives it (FS is
    funktionsstod), else one made from the code."""
    from avoplan.store.yaml_io import parse, read_text

    federation = parse(read_text(source / str(FEDERATION.file)))
    for member in federation.get("medlemmar") or []:
        if fold(str(member.get("kod", ""))) == fold(kod) or fold(
            str(member.get("namn", ""))
        ) == fold(namn):
            if member.get("förvaltning") == EXAMPLE_ID:
                raise UsageError(
                    f"{namn} ({kod}) är ÄVO, vars portfölj följer med avoplan",
                    "ange en annan förvaltning",
                )
            return Identity(namn, kod, str(member.get("förvaltning") or _slug(kod)))
    return Identity(namn, kod, _slug(kod))


def _slug(text: str) -> str:
    return (
        re.sub(r"[^a-z0-9]+", "-", text.lower().translate(str.maketrans("åäöé", "aaoe"))).strip("-")
        or "egen"
    )


def draft(source: Path, identity: Identity) -> dict[str, str]:
    """Relative path -> text of every example file, rewritten for `identity`."""
    from avoplan.store.yaml_io import parse, read_text

    paths = [
        Path(str(kind.file)) for kind in SINGLETON_KINDS if (source / str(kind.file)).is_file()
    ]
    for kind in (SCHABLON, SYSTEM):
        paths += sorted(p.relative_to(source) for p in (source / str(kind.folder)).glob("*.yaml"))
    documents = {path: parse(read_text(source / path)) for path in paths}
    organisation = documents[Path(str(ORGANISATION.file))]
    renamed = _rename_people(organisation, identity)
    _swap_forvaltningar(organisation, identity, renamed)
    for forum in organisation.get("forum") or []:
        forum["exempel"] = True
    _draft_plan(documents[Path(str(PLAN.file))], identity)
    federation = documents.get(Path(str(FEDERATION.file)))
    if federation is not None:
        _draft_federation(federation, identity)
    header = HEADER.format(namn=identity.namn, kod=identity.kod)
    return {
        str(path): _folded(_replaced(data, identity, renamed), header)
        for path, data in documents.items()
    }


def _folded(data: dict[str, Any], header: str) -> str:
    """The file with long texts folded to lines an editor shows whole, without the
    trailing spaces ruamel leaves at each fold; unfolded if folding changed any value."""
    from avoplan.store.yaml_edit import dump_new
    from avoplan.store.yaml_io import parse

    text = "\n".join(line.rstrip() for line in dump_new(data, header, width=88).split("\n"))
    return text if parse(text) == data else dump_new(data, header)


def _rename_people(organisation: dict[str, Any], identity: Identity) -> dict[str, str]:
    """ÄVO's people become numbered example people of this förvaltning; the example's
    people of this förvaltning (if it was a partner) become ÄVO's. Returns old -> new id."""
    renamed: dict[str, str] = {}
    mail = _slug(identity.kod)
    number = 0
    for person in organisation.get("personer") or []:
        person["exempel"] = True
        if person.get("förvaltning") == EXAMPLE_ID:
            number += 1
            new_id = f"exempel-{number:02d}"
            renamed[str(person["id"])] = new_id
            person["id"] = new_id
            person["namn"] = f"Exempelperson {number:02d}"
            person["epost"] = f"exempel.{number:02d}@{mail}.exempel.se"
            person["förvaltning"] = identity.id
        elif person.get("förvaltning") == identity.id:
            person["förvaltning"] = EXAMPLE_ID
    return renamed


def _swap_forvaltningar(
    organisation: dict[str, Any], identity: Identity, renamed: dict[str, str]
) -> None:
    organisation["egen_förvaltning"] = identity.id
    entries = organisation.get("förvaltningar") or []
    example = next((e for e in entries if e.get("id") == EXAMPLE_ID), None)
    partner = next((e for e in entries if e.get("id") == identity.id), None)
    own: dict[str, Any] = {"id": identity.id, "namn": identity.namn, "kortnamn": identity.kod}
    if example is not None and example.get("förvaltningsdirektör"):
        old = str(example["förvaltningsdirektör"])
        own["förvaltningsdirektör"] = renamed.get(old, old)
    avo: dict[str, Any] = {
        "id": EXAMPLE_ID,
        "namn": EXAMPLE_NAMES[0],
        "kortnamn": EXAMPLE_CODE,
        "nämnd": EXAMPLE_NAMND,
    }
    if partner is not None and partner.get("förvaltningsdirektör"):
        avo["förvaltningsdirektör"] = partner["förvaltningsdirektör"]
    rest = [e for e in entries if e.get("id") not in {EXAMPLE_ID, identity.id}]
    organisation["förvaltningar"] = [own, avo, *rest]


def _draft_plan(plan: dict[str, Any], identity: Identity) -> None:
    plan["förvaltning"] = identity.id
    plan.pop("antagen", None)
    plan.pop("diarienummer", None)
    plan["titel"] = f"Digitaliseringsplan för {identity.namn} (utkast)"
    plan["exempel"] = True


def _draft_federation(federation: dict[str, Any], identity: Identity) -> None:
    federation["hem"] = identity.kod
    members = federation.setdefault("medlemmar", [])
    if not any(m.get("förvaltning") == identity.id for m in members):
        members.append({"namn": identity.namn, "kod": identity.kod, "förvaltning": identity.id})


def _replaced(data: Any, identity: Identity, renamed: dict[str, str]) -> Any:
    """`data` with ÄVO's name and code in texts replaced by this förvaltning's, and renamed
    people's ids replaced wherever they are referred to."""
    if isinstance(data, dict):
        return {key: _replaced(value, identity, renamed) for key, value in data.items()}
    if isinstance(data, list):
        return [_replaced(value, identity, renamed) for value in data]
    if isinstance(data, str):
        if data in renamed:
            return renamed[data]
        if data in {EXAMPLE_NAMES[0], EXAMPLE_CODE, EXAMPLE_NAMND}:
            return data  # the partner entry of ÄVO itself
        for name in EXAMPLE_NAMES:
            data = data.replace(name, identity.namn)
        data = data.replace(EXAMPLE_NAMND, "Nämnden")
        return re.sub(r"(?<!\w)ÄVO(?!\w)", identity.kod, data)
    if isinstance(data, date):
        return data
    return data
