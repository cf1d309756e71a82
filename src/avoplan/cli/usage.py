"""Swedish wording for command-line usage errors (exit code 2).

typer bundles click, whose messages are English f-strings; each kind of usage error
is rebuilt here from the exception's fields.
"""

from __future__ import annotations

import re
from typing import Any

from avoplan.core.text import join_sv

_CHOICE = re.compile(r"'(?P<value>.*)' is not (?:one of )?(?P<choices>.*)\.$")
_EXTRA = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)")
_NO_COMMAND = re.compile(r"No such command '(?P<name>[^']*)'\.?(?: Did you mean (?P<close>.*)\?)?")
_NEEDS_VALUE = re.compile(r"Option '(?P<name>.*)' requires an argument")
_TAKES_NO_VALUE = re.compile(r"Option '(?P<name>.*)' does not take a value")

# What click and typer (and pydantic under typer) say about a bad value, in Swedish.
_VALUE_ERRORS = (
    (re.compile(r"valid integer"), "ska vara ett heltal"),
    (re.compile(r"valid number"), "ska vara ett tal"),
    (re.compile(r"valid boolean"), "ska vara true eller false"),
    (re.compile(r"greater than or equal to (?P<n>\S+)"), "ska vara minst {n}"),
    (re.compile(r"less than or equal to (?P<n>\S+)"), "ska vara högst {n}"),
    (re.compile(r"greater than (?P<n>\S+)"), "ska vara större än {n}"),
    (re.compile(r"less than (?P<n>\S+)"), "ska vara mindre än {n}"),
    (re.compile(r"'(?P<p>.*)' is a file"), "'{p}' är en fil, inte en mapp"),
    (re.compile(r"'(?P<p>.*)' is a directory"), "'{p}' är en mapp, inte en fil"),
    (re.compile(r"'(?P<p>.*)' does not exist"), "'{p}' finns inte"),
    (re.compile(r"'(?P<p>.*)' is not (?:readable|writable)"), "'{p}' saknar behörighet"),
)


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
    command = _NO_COMMAND.search(message)
    if command:
        close = f" (menade du {command['close']}?)" if command["close"] else ""
        return f"okänt kommando '{command['name']}'{close}"
    for pattern, template in (
        (_EXTRA, "oväntat argument: {args}"),
        (_NEEDS_VALUE, "flaggan {name} behöver ett värde"),
        (_TAKES_NO_VALUE, "flaggan {name} tar inget värde"),
    ):
        match = pattern.search(message)
        if match:
            return template.format(**match.groupdict())
    return "felaktig användning"


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
    for pattern, template in _VALUE_ERRORS:
        found = pattern.search(str(exc.message))
        if found:
            return f"ogiltigt värde{where}: {template.format(**found.groupdict())}"
    return f"ogiltigt värde{where}"


def _choices(text: str) -> str:
    return join_sv(part.strip(" '") for part in re.split(r",\s*|\s+or\s+", text) if part.strip())


def _hint(exc: Any) -> str | None:
    param = getattr(exc, "param", None)
    if param is not None and getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "metavar", None) or param.name).upper()
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
