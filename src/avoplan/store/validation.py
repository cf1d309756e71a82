"""pydantic ValidationError -> one readable Swedish finding per field (copier style)."""

from __future__ import annotations

import re
import reprlib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from avoplan.core.findings import Finding, error
from avoplan.core.text import did_you_mean, join_sv

_PATTERNS = {
    r"^BEH-\d{3,}$": "ska vara ett behov-id som BEH-042",
    r"^PRJ-\d{3,}$": "ska vara ett projekt-id som PRJ-012",
    r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$": (
        "ska vara ett id av små bokstäver a–z, siffror, punkt och bindestreck, t.ex. 'hemtjanst'"
    ),
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "ska vara en e-postadress",
    r"\S": "får inte vara tomt (bara mellanslag)",
}

_SIMPLE = {
    "missing": "obligatoriskt fält saknas",
    "string_type": "ska vara text (sätt citattecken runt värdet)",
    "string_too_short": "får inte vara tomt",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal utan decimaler",
    "float_type": "ska vara ett tal",
    "float_parsing": "ska vara ett tal",
    "decimal_type": "ska vara ett tal",
    "decimal_parsing": "ska vara ett tal",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "date_type": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "date_parsing": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "ska vara ett giltigt datum (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_inexact": "ska vara ett datum utan klockslag (ÅÅÅÅ-MM-DD)",
    "list_type": "ska vara en lista",
    "model_type": "ska vara en samling fält (nyckel: värde)",
    "model_attributes_type": "ska vara en samling fält (nyckel: värde)",
    "dict_type": "ska vara en samling fält (nyckel: värde)",
    "finite_number": "ska vara ett ändligt tal",
}

_BOUNDS = {
    "greater_than_equal": ("ge", "ska vara minst {}"),
    "greater_than": ("gt", "ska vara större än {}"),
    "less_than_equal": ("le", "får vara högst {}"),
    "less_than": ("lt", "ska vara mindre än {}"),
    "too_short": ("min_length", "ska ha minst {} element"),
    "too_long": ("max_length", "får ha högst {} element"),
}


# More findings than this for one file say nothing more; a list of a thousand wrong
# values (or aliases expanding to them) would otherwise flood the terminal.
MAX_FINDINGS = 20


def validate(model: type[BaseModel], data: Any, file: Path) -> tuple[Any, list[Finding]]:
    """(model instance or None, findings) for data read from `file`."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=True)
        found = [_finding(model, err, file) for err in errors[:MAX_FINDINGS]]
        if len(errors) > MAX_FINDINGS:
            found.append(
                error(
                    f"och {len(errors) - MAX_FINDINGS} fel till i filen",
                    file,
                    hint="rätta felen ovan först",
                )
            )
        return None, found


def _finding(model: type[BaseModel], err: Any, file: Path) -> Finding:
    loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        return _unknown_key(model, loc, file)
    if kind == "invalid_key":
        # The key itself is the field: keep it as text so it is shown and located as one.
        key = str(loc[-1]) if loc else ""
        return error(
            f"nyckeln {key} ska vara text",
            file,
            (*loc[:-1], key),
            hint="sätt citattecken runt nyckeln eller byt namn på den",
        )
    if not loc and kind in {"model_type", "model_attributes_type"}:
        if err["input"] is None:
            return error("filen innehåller inga fält, bara kommentarer", file)
        return error("filen ska innehålla fält (nyckel: värde) på översta nivån", file)
    message, hint = _message(kind, err)
    return error(message, file, loc, hint=hint)


def _message(kind: str, err: Any) -> tuple[str, str | None]:
    return _input_message(kind, err.get("input")) or _kind_message(kind, err)


def _input_message(kind: str, value: Any) -> tuple[str, str | None] | None:
    """Messages that depend on what was written rather than only on the error kind."""
    if value is None and kind == "list_type":
        return "fältet är tomt", "skriv [] för en tom lista eller ta bort raden"
    if value is None and kind != "missing":
        return "fältet är tomt", "fyll i ett värde"
    if isinstance(value, list | dict) and kind in _SCALAR_KINDS:
        return f"{_SCALAR_KINDS[kind]}, inte {_shape(value)}", None
    if kind in _WITH_VALUE:
        return f"{_SIMPLE[kind]}, inte '{_short(value)}'", None
    if kind == "date_from_datetime_inexact" and isinstance(value, int | float):
        return _SIMPLE["date_type"], None  # a bare number is not a date, whatever it means
    if kind == "list_type" and isinstance(value, str | int):
        return _SIMPLE[kind], f"skriv [{value}] för en lista med ett värde"
    return None


def _kind_message(kind: str, err: Any) -> tuple[str, str | None]:
    ctx = err.get("ctx") or {}
    if kind in _SIMPLE:
        return _SIMPLE[kind], None
    if kind in _BOUNDS:
        key, template = _BOUNDS[kind]
        return template.format(_number(ctx.get(key))), None
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return _PATTERNS.get(pattern, "har fel format"), _pattern_hint(err["input"], pattern)
    if kind == "enum":
        return _enum_message(err["input"], str(ctx.get("expected", "")))
    if kind in {"value_error", "assertion_error"}:
        return str(ctx.get("error", err["msg"])), None
    return f"ogiltigt värde ({err['msg']})", None


# Kinds that expect a single value; given a list or a mapping they say so.
_SCALAR_KINDS = {
    "string_type": "ska vara text",
    "int_type": "ska vara ett heltal",
    "float_type": "ska vara ett tal",
    "decimal_type": "ska vara ett tal",
    "bool_type": "ska vara true eller false",
    "date_type": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "enum": "ska vara ett enda värde",
}

# Parsing failures of text: repeating the text shows what was not understood.
_WITH_VALUE = {
    "int_parsing",
    "float_parsing",
    "decimal_parsing",
    "bool_parsing",
    "date_parsing",
    "date_from_datetime_parsing",
}


def _shape(value: list[Any] | dict[Any, Any]) -> str:
    return "en lista" if isinstance(value, list) else "en samling fält"


def _number(value: Any) -> str:
    """A bound as people write it: 0, not 0.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _pattern_hint(value: Any, pattern: str) -> str | None:
    """The id a near miss likely means: 'Petra Johansson' -> 'petra-johansson',
    'beh-5' -> 'BEH-005'."""
    if not isinstance(value, str):
        return None
    number = re.fullmatch(r"\s*(beh|prj)\s*-?\s*(\d+)\s*", value, re.IGNORECASE)
    if number:
        guess = f"{number[1].upper()}-{int(number[2]):03d}"
    else:
        guess = re.sub(r"[^a-z0-9.]+", "-", value.lower().translate(_ASCII)).strip("-.")
    return f"menade du '{guess}'?" if guess and re.fullmatch(pattern, guess) else None


_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def _enum_message(value: Any, expected: str) -> tuple[str, str | None]:
    options = re.findall(r"'([^']*)'", expected)
    suggestion = (
        did_you_mean(value, options) if isinstance(value, str) and len(value) <= 100 else None
    )
    message = f"ogiltigt värde '{_short(value)}'; tillåtna värden: {join_sv(options)}"
    return message, (f"menade du '{suggestion}'?" if suggestion else None)


def _unknown_key(model: type[BaseModel], loc: tuple[Any, ...], file: Path) -> Finding:
    key = str(loc[-1])
    allowed = _fields_at(model, loc[:-1])
    suggestion = did_you_mean(key, allowed) if allowed else None
    hint = f"menade du '{suggestion}'?" if suggestion else None
    if hint is None and allowed:
        hint = f"tillåtna fält här: {', '.join(allowed)}"
    return error(f"okänt fält '{key}'", file, loc, hint=hint)


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        current = _inner_model(field.annotation) if field else None
    return list(current.model_fields) if current else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None


_EXCERPT = reprlib.Repr()  # keyword arguments only from Python 3.12
_EXCERPT.maxlevel, _EXCERPT.maxlist, _EXCERPT.maxdict = 2, 4, 4
_EXCERPT.maxstring = _EXCERPT.maxother = 40


def _short(value: Any) -> str:
    """A bounded excerpt of a bad value: never the whole of a huge or nested one."""
    text = _EXCERPT.repr(value) if isinstance(value, list | dict) else str(value)[:41]
    return text if len(text) <= 40 else text[:37] + "..."
