"""Swedish wording for command-line usage errors (exit code 2).

typer bundles click, whose messages are English f-strings; each kind of usage error
is rebuilt here from the exception's fields.
"""

from __future__ import annotations

import re
from typing import Any

from avoplan.text import join_sv

_CHOICE = re.compile(r"'(?P<value>.*)' is not (?:one of )?(?P<choices>.*)\.$")
_EXTRA = re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)")
_NO_COMMAND = re.compile(r"No such command '(?P<name>.*)'")
_NEEDS_VALUE = re.compile(r"Option '(?P<name>.*)' requires an argument")


def swedish(exc: Any) -> str:
    """The message of a click UsageError, in Swedish."""
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        return _no_such_option(exc)
    if kind == "MissingParameter":
        return f"{_hint(exc) or 'ett värde'} saknas"
    if kind == "BadParameter":
        return _bad_parameter(exc)
    message = str(getattr(exc, "message", exc))
    for pattern, template in (
        (_NO_COMMAND, "okänt kommando '{name}'"),
        (_EXTRA, "oväntat argument: {args}"),
        (_NEEDS_VALUE, "flaggan {name} behöver ett värde"),
    ):
        match = pattern.search(message)
        if match:
            return template.format(**match.groupdict())
    return f"felaktig användning: {message}"


def _no_such_option(exc: Any) -> str:
    text = f"okänd flagga {exc.option_name}"
    possibilities = sorted(exc.possibilities or ())
    if possibilities:
        text += f" (menade du {join_sv(possibilities)}?)"
    return text


def _bad_parameter(exc: Any) -> str:
    hint = _hint(exc)
    where = f" för {hint}" if hint else ""
    match = _CHOICE.search(str(exc.message))
    if match:
        return f"ogiltigt värde{where}: '{match['value']}' (välj {_choices(match['choices'])})"
    return f"ogiltigt värde{where}: {exc.message}"


def _choices(text: str) -> str:
    return join_sv(part.strip(" '") for part in re.split(r",\s*|\s+or\s+", text) if part.strip())


def _hint(exc: Any) -> str | None:
    if getattr(exc, "param_hint", None):
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    param = getattr(exc, "param", None)
    if param is None:
        return None
    names = getattr(param, "opts", None) or [getattr(param, "name", "")]
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "human_readable_name", names[0])).upper()
    return " / ".join(names)
