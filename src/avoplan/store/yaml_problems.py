"""What is wrong with a file that cannot be read as YAML, in Swedish, with its line: every
problem libyaml and PyYAML report (a construct never closed is shown where it opens, a
tab in the indentation by name), and `YamlFileError`, which carries the line."""

from __future__ import annotations

from typing import Any

import yaml

from avoplan.core.errors import UserError

MAX_DEPTH = 64  # nested lists and mappings; libyaml's composer recurses in C and crashes
TOO_DEEP = f"för djupt nästlade listor eller samlingar (mer än {MAX_DEPTH} nivåer)"


class YamlFileError(UserError):
    """A file that cannot be read as YAML; carries the 1-based line it concerns."""

    def __init__(self, message: str, line: int, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.line = line


def is_nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    return "nesting depth" in (exc.problem or "")


def reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlFileError:
    # libyaml counts the position in UTF-8 bytes, not characters.
    line = text.encode("utf-8").count(b"\n", 0, max(exc.position, 0)) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return YamlFileError(
        f"otillåtet kontrolltecken (U+{code:04X}) i filen",
        line,
        "ta bort tecknet; det syns ofta inte i editorn",
    )


# Where the construct that is never closed starts is where the user must look; the
# parser only notices at the next line (or at the end of the file).
_OPENED_AT = {
    (
        "while scanning a quoted scalar",
        "found unexpected end of stream",
    ): "citattecknet som börjar här avslutas aldrig",
    (
        "while parsing a flow sequence",
        "did not find expected ',' or ']'",
    ): "listan som börjar här avslutas aldrig (']' saknas)",
    (
        "while parsing a flow mapping",
        "did not find expected ',' or '}'",
    ): "samlingen som börjar här avslutas aldrig ('}' saknas)",
    ("while scanning a simple key", "could not find expected ':'"): "kolon saknas efter nyckeln",
}


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlFileError:
    if is_nesting_limit(exc):
        return YamlFileError(TOO_DEEP, line_of(exc.problem_mark or exc.context_mark))
    context = (exc.context or "").strip()
    problem = (exc.problem or "okänt fel").strip()
    opened = _OPENED_AT.get((context, problem)) if exc.context_mark else None
    if opened:
        return YamlFileError(f"ogiltig YAML: {opened}", line_of(exc.context_mark))
    mark = exc.problem_mark or exc.context_mark
    line = line_of(mark)
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source[: len(source) - len(source.lstrip())]:
        return YamlFileError(
            "tabbtecken får inte användas för indrag i YAML", line, "indentera med mellanslag"
        )
    message, hint = translate_problem(problem)
    return YamlFileError(f"ogiltig YAML: {message}", line, hint)


def line_of(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 1


# Every problem libyaml's scanner and parser (0.2.1 to 0.2.6) and PyYAML's composer and
# safe constructor can report, in Swedish. A message no table row knows (a future
# libyaml) still reaches the user in Swedish, with the parser's own words as a hint.
_INDENT = "kontrollera indraget"
_QUOTE = "sätt citattecken runt värdet om det är text"
_DIRECTIVE = "ta bort raden som börjar med %; portföljfiler behöver inga direktiv"
_TAG = "ta bort taggen (!...) eller sätt citattecken runt värdet"
_PROBLEMS: dict[str, tuple[str, str | None]] = {
    "found character that cannot start any token": (
        "tecken som inte får inleda ett värde",
        "sätt citattecken runt värden som börjar med @, ` eller %",
    ),
    "mapping values are not allowed": (
        "kolon på fel ställe (värde utan nyckel)",
        "sätt citattecken runt text som innehåller ': '",
    ),
    "mapping keys are not allowed": ("en nyckel ('?') får inte stå här", _QUOTE),
    "block sequence entries are not allowed": ("en listpunkt ('-') får inte stå här", _INDENT),
    "could not find expected ':'": ("kolon saknas efter nyckeln", None),
    "did not find expected key": ("indraget stämmer inte (nyckel väntades)", None),
    "did not find expected '-' indicator": ("indraget stämmer inte ('-' väntades)", None),
    "did not find expected ',' or ']'": ("',' eller ']' saknas i listan", None),
    "did not find expected ',' or '}'": ("',' eller '}' saknas i samlingen", None),
    "found unexpected end of stream": ("filen tar slut mitt i ett värde", None),
    "found undefined alias": ("okänt alias", None),
    "did not find expected node content": ("ett värde väntades här", None),
    "but found another document": (
        "filen får bara innehålla ett dokument ('---' förekommer igen)",
        None,
    ),
    "did not find expected <document start>": (
        "oväntat innehåll efter dokumentets slut ('...')",
        None,
    ),
    "did not find expected <stream-start>": ("filen kan inte läsas från början", None),
    "found unexpected document indicator": ("'---' eller '...' mitt i en text", _QUOTE),
    "found unexpected ':'": ("oväntat kolon", None),
    "found unknown escape character": (
        "okänd escape-sekvens (\\) i text inom dubbla citattecken",
        "använd enkla citattecken eller skriv \\\\",
    ),
    "did not find expected hexdecimal number": (
        "ogiltig \\x-, \\u- eller \\U-sekvens i text inom dubbla citattecken",
        "använd enkla citattecken eller skriv \\\\",
    ),
    "found invalid Unicode character escape code": (
        "ogiltig Unicode-sekvens (\\u eller \\U) i text inom dubbla citattecken",
        None,
    ),
    "found a tab character": (
        "tabbtecken får inte användas för indrag i YAML",
        "indentera med mellanslag",
    ),
    "found an indentation indicator equal to 0": (
        "indragsangivelsen efter | eller > får inte vara 0",
        None,
    ),
    "did not find expected comment or line break": ("oväntade tecken i slutet av raden", None),
    "did not find expected alphabetic or numeric character": (
        "ankaret eller aliaset (& eller *) saknar namn",
        "sätt citattecken runt värden som börjar med & eller *",
    ),
    "could not determine a constructor for the tag": (
        "taggar (!...) används inte i portföljfiler",
        _TAG,
    ),
    "did not find expected '!'": ("ofullständig tagg (!...)", _TAG),
    "did not find expected tag URI": ("taggen (!...) saknar namn", _TAG),
    "did not find URI escaped octet": ("ogiltig %-kodning i en tagg (!...)", _TAG),
    "did not find the expected '>'": ("'>' saknas i taggen (!<...>)", _TAG),
    "did not find expected whitespace or line break": (
        "mellanslag eller radbrytning saknas efter taggen (!...)",
        _TAG,
    ),
    "found undefined tag handle": ("okänt taggprefix (!...!)", _TAG),
    "found duplicate %TAG directive": ("%TAG-direktivet förekommer två gånger", _DIRECTIVE),
    "duplicate %TAG directive": ("%TAG-direktivet förekommer två gånger", _DIRECTIVE),
    "found duplicate %YAML directive": ("%YAML-direktivet förekommer två gånger", _DIRECTIVE),
    "found incompatible YAML document": ("YAML-versionen stöds inte", _DIRECTIVE),
    "incompatible %YAML directive": ("YAML-versionen stöds inte", _DIRECTIVE),
    "found extremely long version number": (
        "för långt versionsnummer i %YAML-direktivet",
        _DIRECTIVE,
    ),
    "did not find expected version number": (
        "versionsnummer saknas i %YAML-direktivet",
        _DIRECTIVE,
    ),
    "did not find expected digit or '.' character": (
        "ogiltigt versionsnummer i %YAML-direktivet",
        _DIRECTIVE,
    ),
    "could not find expected directive name": ("direktivet saknar namn efter %", _DIRECTIVE),
    "found unexpected non-alphabetical character": (
        "otillåtet tecken i ett direktiv (%...)",
        _DIRECTIVE,
    ),
    "found unknown directive name": ("okänt direktiv (%...)", _DIRECTIVE),
    "did not find expected whitespace": ("mellanslag saknas i direktivet (%...)", _DIRECTIVE),
    "found unhashable key": ("en nyckel får inte vara en lista eller samling", None),
    "second occurrence": ("ankaret (&) förekommer två gånger", "ge ankarna olika namn"),
    "found unconstructable recursive node": (
        "ett alias (*namn) pekar på värdet det självt ligger i",
        None,
    ),
    "expected a mapping or list of mappings for merging": (
        "sammanslagning (<<) kräver en samling fält",
        None,
    ),
    "expected a mapping for merging": ("sammanslagning (<<) kräver en samling fält", None),
    "expected a mapping node": ("en samling fält väntades här", None),
    "expected a sequence node": ("en lista väntades här", None),
    "expected a scalar node": ("ett enkelt värde väntades här", None),
    "exceeded maximum nesting depth": (TOO_DEEP, None),
    "input is too long": ("filen är för stor", None),
    "control characters are not allowed": (
        "otillåtet kontrolltecken i filen",
        "ta bort tecknet; det syns ofta inte i editorn",
    ),
    "invalid Unicode character": ("otillåtet tecken i filen", None),
}


def translate_problem(problem: str) -> tuple[str, str | None]:
    for english, swedish in _PROBLEMS.items():
        if problem.startswith(english):
            return swedish
    return (
        "YAML-parsern kan inte läsa filen här",
        f"parserns beskrivning (på engelska): {problem}",
    )
