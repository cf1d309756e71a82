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

from avoplan.models.common import SvEnum
from avoplan.models.portfolio import FileKind
from avoplan.text import fold

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


def json_schema(kind: FileKind) -> dict[str, Any]:
    """The schema of one kind, with $schema, $id and Swedish title and description."""
    body = kind.model.model_json_schema(schema_generator=_Generator)
    for section in body.get("$defs", {}).values():
        # Class docstrings are English notes for developers, not for users.
        section.pop("description", None)
        section["title"] = _SECTION_TITLES.get(section.get("title", ""), section.get("title"))
    body.pop("description", None)
    body.pop("title", None)
    head = {
        "$schema": DIALECT,
        "$id": f"{ID_PREFIX}{kind.name}",
        "title": kind.title,
        "description": kind.description,
    }
    return head | body


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
        value["anyOf"] = [{"enum": words}, {"pattern": folded_pattern(words)}]
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
