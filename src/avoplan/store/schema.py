"""JSON Schema (draft 2020-12) of every portfolio file kind, generated from the models.

Editors and check-jsonschema use these to validate single files; `avoplan check` stays
the authority (references and rules span files). The schemas accept exactly what the
models accept where JSON Schema can say it: unknown keys are refused (extra=forbid),
and a vocabulary word may be written with ASCII letters, dashes or capitals as the CLI
accepts it (`klart-for-start`).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from avoplan.core.text import fold
from avoplan.models.common import SvEnum
from avoplan.models.portfolio import FileKind

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:avoplan:schema:"


# Section names as a reader spells them; the class names are ASCII.
_SECTION_TITLES = {
    "Arsarbetsrad": "Årsarbetsrad",
    "Berorda": "Berörda",
    "Forutsattning": "Förutsättning",
    "Forvaltning": "Förvaltning",
    "Grovsallning": "Grovsållning",
    "KlartForStart": "Klart för start",
    "Mal": "Mål",
    "Motesniva": "Mötesnivå",
    "Namndkolumn": "Nämndkolumn",
    "Namndrad": "Nämndrad",
    "Utvecklingsomrade": "Utvecklingsområde",
}


# Hover texts of the keys a user meets most (a field's own description wins).
_DESCRIPTIONS = {
    "id": "Filens id; samma som filnamnet utan .yaml.",
    "titel": "En kort rubrik som säger vad behovet eller projektet gäller.",
    "namn": "Namnet som det skrivs i planen.",
    "beskrivning": "Vad det gäller, med verksamhetens egna ord.",
    "nytta": "Vilken nytta det ger, och för vem.",
    "avdelning": "Ägande avdelning (id ur organisation.yaml).",
    "avdelningar": "Avdelningar (id ur organisation.yaml).",
    "förvaltning": "Förvaltning (id ur organisation.yaml).",
    "förvaltningar": "Förvaltningar (id ur organisation.yaml).",
    "kontaktperson": "Verksamhetens kontaktperson (person-id ur organisation.yaml).",
    "steg": "Var behovet står i Behovsprocessen; ändras med 'avoplan advance'.",
    "registrerad": "Datum då behovet registrerades (ÅÅÅÅ-MM-DD).",
    "beslut": "Registrerade beslut, äldst först. Ett beslut ändras eller tas aldrig bort; "
              "ett nytt beslut ersätter det (R2).",
    "prioritet": "Prioritetsbeslut, äldst först; ändras aldrig i efterhand (R2).",
    "beslutspunkt": "Beslutspunkt 1–4 i Behovsprocessen; utelämnas vid återinträde.",
    "datum": "Datum ÅÅÅÅ-MM-DD.",
    "från": "Steget före beslutet.",
    "till": "Steget efter beslutet.",
    "beslutad_av": "Den som fattade beslutet (person-id ur organisation.yaml).",
    "roll": "Beslutsfattarens roll när beslutet fattades.",
    "forum": "Forum där beslutet togs (id ur organisation.yaml).",
    "motivering": "Varför beslutet fattades.",
    "protokoll": "Referens till protokollet.",
    "delges": "Forum eller avdelningar som beslutet delges (id).",
    "projekt": "Projekt som behovet lett till (PRJ-id).",
    "kommentar": "Fri kommentar; syns inte i planens dokument.",
    "plats": "Plats på prioritetslistan (1 är högst).",
    "epost": "E-postadressen som personen checkar in med i git.",
    "roller": "Roller, t.ex. registrator.",
}

# Swedish messages for the YAML language server (`patternErrorMessage`, its own keyword).
_PATTERN_MESSAGES = {
    r"^BEH-\d{3,}$": "Ett behovs id skrivs BEH och minst tre siffror, t.ex. BEH-042.",
    r"^PRJ-\d{3,}$": "Ett projekts id skrivs PRJ och minst tre siffror, t.ex. PRJ-012.",
    r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$": "Ett id skrivs med små bokstäver a–z, siffror och "
                                      "bindestreck, t.ex. hemtjanst eller karin-holm.",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "En e-postadress, t.ex. namn@avo.exempel.se.",
}


def json_schema(kind: FileKind) -> dict[str, Any]:
    """The schema of one kind, with $schema, $id and Swedish title and description."""
    body = kind.model.model_json_schema(schema_generator=_Generator)
    for section in body.get("$defs", {}).values():
        # Class docstrings are English notes for developers, not for users.
        section.pop("description", None)
        section["title"] = _SECTION_TITLES.get(section.get("title", ""), section.get("title"))
    body.pop("description", None)
    body.pop("title", None)
    _swedish(body)
    head = {
        "$schema": DIALECT,
        "$id": f"{ID_PREFIX}{kind.name}",
        "title": kind.title,
        "description": kind.description,
    }
    return head | body


def _swedish(node: Any) -> None:
    """Titles from the key as a reader writes it ("Beslutad av", not pydantic's "Beslutad
    Av"), Swedish hover texts and pattern messages, and no example that would suggest a
    system id where a person or avdelning is meant."""
    if isinstance(node, list):
        for item in node:
            _swedish(item)
        return
    if not isinstance(node, dict):
        return
    for name, prop in node.get("properties", {}).items():
        if isinstance(prop, dict):
            prop["title"] = name.replace("_", " ").capitalize()
            if name in _DESCRIPTIONS:
                prop.setdefault("description", _DESCRIPTIONS[name])
    pattern = node.get("pattern")
    if isinstance(pattern, str) and pattern in _PATTERN_MESSAGES:
        node["patternErrorMessage"] = _PATTERN_MESSAGES[pattern]
    if node.get("examples") == ["treserva"]:
        node.pop("examples")
    for value in node.values():
        _swedish(value)


class _Generator(GenerateJsonSchema):
    def enum_schema(self, schema: core_schema.EnumSchema) -> JsonSchemaValue:
        value = super().enum_schema(schema)
        cls = schema["cls"]
        if not (isinstance(cls, type) and issubclass(cls, SvEnum)):
            return value
        words = [str(member.value) for member in cls]
        # Editors suggest the canonical words; the pattern admits the other spellings
        # SvEnum._missing_ accepts (any case, ASCII letters, dashes, no spaces).
        value.pop("enum", None)
        message = "Tillåtna värden: " + ", ".join(words) + "."
        # errorMessage: the YAML language server's own keyword for a Swedish message.
        value["anyOf"] = [{"enum": words, "errorMessage": message},
                          {"pattern": folded_pattern(words), "patternErrorMessage": message}]
        value["errorMessage"] = message
        return value


def folded_pattern(words: list[str]) -> str:
    """A regex matching every spelling that `fold` turns into one of `words`' folds."""
    return "^(?:" + "|".join(_folded_word(fold(w)) for w in words) + ")$"


_SEPARATOR = "[^0-9A-Za-zÅÄÖÉÜåäöéü]*"
_VARIANTS = {"a": "aAåÅäÄ", "o": "oOöÖ", "e": "eEéÉ", "u": "uUüÜ"}


def _folded_word(key: str) -> str:
    parts = [_SEPARATOR]
    for char in key:
        variants = _VARIANTS.get(char, char + char.upper() if char.isalpha() else char)
        parts.append(f"[{re.escape(variants)}]" if len(variants) > 1 else re.escape(variants))
        parts.append(_SEPARATOR)
    return "".join(parts)
