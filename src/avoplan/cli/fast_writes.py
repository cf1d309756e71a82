"""The writing commands (`advance`, `set`, `matning`, `lägesrapport`, `möte …`), a
`check` that `fast_path` did not answer (a changed portfolio, `--no-cache`), and
`render site`, run before the command line is built.

A registrator recording a meeting's twenty decisions starts avoplan twenty times; typer
and click and the declarations of every command cost more than the decision itself. So
`start` asks this module after `fast_path`: it reads the plain forms of these commands
(each option as the typer declaration spells it, `--flag VALUE` or `--flag=VALUE`, the
arguments in their places) and runs the very same `commands/<verb>.run`, under the same
lock, journal, compare-before-write and judge, ending through `outcome.guarded` as the
full command line ends. Anything else (help, an unknown or repeated option, a value that
looks like an option, a missing required option, a number out of range, shell
completion) returns None, and the full command line gives its answer the slow way.
`tests/test_fast_writes.py` holds each table below to its typer declaration.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TEXT, NUMBER, POSITIVE, HOURS, FLAG, FOLDER, FORMAT = (
    "text",
    "number",
    "positive",
    "hours",  # a float, at least 0
    "flag",
    "folder",
    "format",  # text or json, as written
)
HELP_OR_USAGE = frozenset({"-h", "--help", "--version", "--"})


@dataclass(frozen=True)
class Spec:
    """One writing command as the full command line declares it."""

    arguments: tuple[str, ...]  # positional parameters, in order
    options: dict[str, tuple[str, str]]  # every spelling -> (parameter, kind)
    required: frozenset[str] = frozenset()
    variadic: bool = False  # the last argument takes every remaining word (set)
    run: Callable[[dict[str, Any]], int] = field(default=lambda _: 0)


def answer(argv: list[str]) -> int | None:
    """The exit code of a writing command already run, or None to run the full CLI."""
    if "_AVOPLAN_COMPLETE" in os.environ:
        return None
    found = _command(argv)
    if found is None:
        return None
    spec, words = found
    try:
        values = _parsed(spec, words)
    except Exception:  # noqa: BLE001 (anything unusual: the full command line says it)
        return None
    from avoplan.cli.outcome import checked_arguments, guarded

    return guarded(lambda: checked_arguments(argv) and spec.run(values))


def _command(argv: list[str]) -> tuple[Spec, list[str]] | None:
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]], argv[1:]
    if len(argv) > 1 and argv[0] in ("möte", "mote") and argv[1] in MOTE_COMMANDS:
        return MOTE_COMMANDS[argv[1]], argv[2:]
    if len(argv) > 1 and argv[0] == "render" and argv[1] == "site":
        return RENDER_SITE, argv[2:]
    return None


class _NotPlain(Exception):
    """The words are not in a plain form: the full command line reads them."""


def _parsed(spec: Spec, words: list[str]) -> dict[str, Any]:
    """The parameters the typer declaration would hand over (_NotPlain when the words are
    not in a plain form)."""
    values: dict[str, Any] = {}
    arguments: list[str] = []
    rest = list(words)
    while rest:
        word = rest.pop(0)
        _plain(word in HELP_OR_USAGE or word == "-" or not word)
        if not word.startswith("-"):
            arguments.append(word)
            continue
        flag, equals, value = word.partition("=")
        _plain(flag not in spec.options or (equals and not flag.startswith("--")))
        name, kind = spec.options[flag]
        _plain(name in values or (kind == FLAG and equals) or (not equals and not rest))
        if kind == FLAG:
            values[name] = True
            continue
        values[name] = _value(kind, value if equals else rest.pop(0))
    values |= _placed(spec, arguments)
    _plain(not spec.required <= values.keys())
    return values


def _placed(spec: Spec, arguments: list[str]) -> dict[str, Any]:
    """The positional arguments by name; the last takes the rest when it is variadic."""
    fixed = len(spec.arguments) - spec.variadic
    _plain(len(arguments) < fixed or (len(arguments) > fixed and not spec.variadic))
    placed: dict[str, Any] = dict(zip(spec.arguments[:fixed], arguments, strict=False))
    if spec.variadic:
        placed[spec.arguments[-1]] = arguments[fixed:]
    return placed


def _plain(declined: object) -> None:
    if declined:
        raise _NotPlain


def _value(kind: str, value: str) -> Any:
    """An option's value as click would convert it (_NotPlain where click might say more:
    a value like an option, a number out of range, a file given for a folder)."""
    _plain(not value or value.startswith("-"))
    if kind == HOURS:  # digits with a decimal point; anything else (1e3, nan) goes to click
        _plain(not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", value))
        return float(value)
    if kind in (NUMBER, POSITIVE):
        _plain(not (value.isascii() and value.isdigit()))
        _plain(kind == POSITIVE and int(value) < 1)
        return int(value)
    if kind == FOLDER:
        _plain(Path(value).is_file())
        return Path(value)
    if kind == FORMAT:
        _plain(value not in ("text", "json"))
    return value


# --- the commands, each as its declaration in cli/writing_commands and cli/mote_commands --

PORTFOLIO = {"--portfolio": ("portfolio", FOLDER), "-p": ("portfolio", FOLDER)}


def _advance(v: dict[str, Any]) -> int:
    from avoplan.commands import advance
    from avoplan.ui.arguments import parse_date, parse_list

    return advance.run(
        v.get("portfolio"),
        v["item_id"],
        v["to"],
        beslutad_av=v.get("beslutad_av"),
        datum=parse_date(v.get("datum")),
        forum=v.get("forum"),
        motivering=v["motivering"],
        protokoll=v.get("protokoll"),
        deltagare=parse_list(v.get("deltagare")),
        bakom=parse_list(v.get("bakom")),
        möte=v.get("mote"),
        paragraf=v.get("paragraf"),
        commit=v.get("commit", False),
    )


def _set(v: dict[str, Any]) -> int:
    from avoplan.commands import set_field

    return set_field.run(v.get("portfolio"), v["item_id"], v["assignments"], v.get("redigera"))


def _matning(v: dict[str, Any]) -> int:
    from avoplan.commands import matning
    from avoplan.ui.arguments import parse_date

    return matning.run(
        v.get("portfolio"),
        v["item_id"],
        v["effektmal"],
        v["varde"],
        datum=parse_date(v.get("datum")),
        kalla=v.get("kalla"),
        enhet=v.get("enhet"),
        commit=v.get("commit", False),
    )


def _lagesrapport(v: dict[str, Any]) -> int:
    from avoplan.commands import lagesrapport
    from avoplan.ui.arguments import parse_date

    return lagesrapport.run(
        v.get("portfolio"),
        v["item_id"],
        tid=v["tid"],
        kostnad=v["kostnad"],
        omfattning=v["omfattning"],
        kommentar=v.get("kommentar"),
        arbetad_tid=v.get("arbetad_tid"),
        av=v.get("av"),
        datum=parse_date(v.get("datum")),
        commit=v.get("commit", False),
    )


def _mote_ny(v: dict[str, Any]) -> int:
    from avoplan.commands import mote_ny
    from avoplan.ui.arguments import parse_date

    day = parse_date(v["datum"])
    assert day is not None  # a required option
    return mote_ny.run(v.get("portfolio"), v["forum"], day, tid=v.get("tid"), plats=v.get("plats"))


def _mote_nominera(v: dict[str, Any]) -> int:
    from avoplan.commands import mote_nominera
    from avoplan.ui.arguments import parse_date

    return mote_nominera.run(
        v.get("portfolio"),
        v["item_id"],
        v["till"],
        av=v.get("av"),
        datum=parse_date(v.get("datum")),
        kommentar=v.get("kommentar"),
    )


def _mote_narvaro(v: dict[str, Any]) -> int:
    from avoplan.commands import mote_narvaro
    from avoplan.ui.arguments import parse_list

    return mote_narvaro.run(v.get("portfolio"), v["mote"], parse_list(v["narvarande"]))


def _mote_justera(v: dict[str, Any]) -> int:
    from avoplan.commands import mote_justera
    from avoplan.ui.arguments import parse_date, parse_list

    return mote_justera.run(
        v.get("portfolio"),
        v["mote"],
        parse_list(v.get("justerare")),
        datum=parse_date(v.get("datum")),
    )


def _check(v: dict[str, Any]) -> int:
    from avoplan.commands import check
    from avoplan.store.cache.policy import writes_refused

    with writes_refused(refuse=v.get("no_cache_write", False)):
        return check.run(
            v.get("portfolio"), v.get("output_format", "text"), use_cache=not v.get("no_cache")
        )


def _render_site(v: dict[str, Any]) -> int:
    from avoplan.commands import site

    return site.run(v.get("portfolio"), v.get("out"))


def _text(*spellings: str, name: str = "") -> dict[str, tuple[str, str]]:
    """Every spelling of a text option; the parameter is named after the first."""
    parameter = name or spellings[0].lstrip("-").replace("-", "_")
    return dict.fromkeys(spellings, (parameter, TEXT))


COMMANDS: dict[str, Spec] = {
    "advance": Spec(
        ("item_id",),
        {
            **_text("--to"),
            **_text("--motivering"),
            **_text("--beslutad-av"),
            **_text("--datum"),
            **_text("--forum"),
            **_text("--protokoll"),
            **_text("--deltagare"),
            **_text("--bakom"),
            **_text("--möte", "--mote", name="mote"),
            "--paragraf": ("paragraf", POSITIVE),
            "--commit": ("commit", FLAG),
            **PORTFOLIO,
        },
        required=frozenset({"item_id", "to", "motivering"}),
        run=_advance,
    ),
    "set": Spec(
        ("item_id", "assignments"),
        {**_text("--redigera"), **PORTFOLIO},
        required=frozenset({"item_id"}),
        variadic=True,
        run=_set,
    ),
    "matning": Spec(
        ("item_id",),
        {
            "--effektmal": ("effektmal", NUMBER),
            "--effektmål": ("effektmal", NUMBER),
            **_text("--varde", "--värde"),
            **_text("--datum"),
            **_text("--kalla", "--källa"),
            **_text("--enhet"),
            "--commit": ("commit", FLAG),
            **PORTFOLIO,
        },
        required=frozenset({"item_id", "effektmal", "varde"}),
        run=_matning,
    ),
}
_LAGESRAPPORT = Spec(
    ("item_id",),
    {
        **_text("--tid"),
        **_text("--kostnad"),
        **_text("--omfattning"),
        **_text("--kommentar"),
        "--arbetad-tid": ("arbetad_tid", HOURS),
        **_text("--av"),
        **_text("--datum"),
        "--commit": ("commit", FLAG),
        **PORTFOLIO,
    },
    required=frozenset({"item_id", "tid", "kostnad", "omfattning"}),
    run=_lagesrapport,
)
COMMANDS["lägesrapport"] = COMMANDS["lagesrapport"] = _LAGESRAPPORT
COMMANDS["check"] = Spec(
    (),
    {
        "--format": ("output_format", FORMAT),
        "-f": ("output_format", FORMAT),
        "--no-cache": ("no_cache", FLAG),
        "--no-cache-write": ("no_cache_write", FLAG),
        **PORTFOLIO,
    },
    run=_check,
)

_NARVARO = Spec(
    ("mote",),
    {**_text("--närvarande", "--narvarande", name="narvarande"), **PORTFOLIO},
    required=frozenset({"mote", "narvarande"}),
    run=_mote_narvaro,
)
MOTE_COMMANDS: dict[str, Spec] = {
    "ny": Spec(
        ("forum",),
        {**_text("--datum"), **_text("--tid"), **_text("--plats"), **PORTFOLIO},
        required=frozenset({"forum", "datum"}),
        run=_mote_ny,
    ),
    "nominera": Spec(
        ("item_id",),
        {
            **_text("--till"),
            **_text("--av"),
            **_text("--datum"),
            **_text("--kommentar"),
            **PORTFOLIO,
        },
        required=frozenset({"item_id", "till"}),
        run=_mote_nominera,
    ),
    "närvaro": _NARVARO,
    "narvaro": _NARVARO,
    "justera": Spec(
        ("mote",),
        {**_text("--justerare"), **_text("--datum"), **PORTFOLIO},
        required=frozenset({"mote"}),
        run=_mote_justera,
    ),
}

# `render site --out MAPP [-p MAPP]`, what CI runs after every merge: the site's options
# only. `render`'s other options (a year, a revision, a date, which the site refuses in
# Swedish; a format, a time or a place, which it does not use) and a meeting (MÖTE) take
# the full command line, which answers them as before.
RENDER_SITE = Spec(
    (),
    {"--out": ("out", FOLDER), "-o": ("out", FOLDER), **PORTFOLIO},
    run=_render_site,
)
