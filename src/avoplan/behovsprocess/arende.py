"""Needs through a web form: the GitHub issue form that asks for a need's fields
(`.github/ISSUE_TEMPLATE/behov.yml`, its dropdowns generated from the organisation and the
system register) and the answers read back from an issue's body.

An issue is written by anyone: every answer is untrusted. It is bounded in size, kept to
one line where the file wants one, stripped of control characters, and later written only
as a quoted YAML scalar (commands/new) and shown only escaped (documents). Pure: no I/O;
the form is YAML written as JSON scalars, which YAML reads the same."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from avoplan.models.organisation import Organisation

FORM = ".github/ISSUE_TEMPLATE/behov.yml"  # beside the portfolio's folder
LABEL = "behov"  # the issue label that turns an issue into a pull request
MAX_BODY = 64 * 1024  # characters of an issue body read at all; a longer one is refused
MAX_TITLE = 200
MAX_TEXT = 8000  # beskrivning and nytta
MAX_SHORT = 320  # an avdelning, a person, one system
NO_ANSWER = "_No response_"  # what GitHub writes for an empty optional field

# The form's fields: (id, label, kind, required). The labels are the "### " headings
# GitHub writes in the issue body, and how the answers are found again.
TITEL = "Titel"
AVDELNING = "Avdelning"
KONTAKTPERSON = "Kontaktperson (e-post)"
BESKRIVNING = "Beskrivning"
NYTTA = "Nytta"
SYSTEM = "Berörda system"
INGET_SYSTEM = "Inget system / vet inte"

_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_IN_PARENS = re.compile(r"\(([a-z0-9]+(?:[.-][a-z0-9]+)*)\)\s*$")


def issue_form(org: Organisation, systems: Sequence[tuple[str, str]]) -> str:
    """The issue form, in Swedish, its dropdowns listing the avdelningar and the systems
    as 'Namn (id)'. The same organisation and register give the same bytes."""
    avdelningar = [f"{a.namn} ({a.id})" for a in org.avdelningar]
    system_options = [INGET_SYSTEM, *(f"{namn} ({key})" for key, namn in sorted(systems))]
    lines = [
        "# Skapad av avoplan (avoplan intake-formulär); ändra inte för hand, kör kommandot",
        "# igen när organisation.yaml eller systemregistret ändras ('avoplan check' varnar).",
        f"name: {_q('Nytt behov')}",
        f"description: {_q('Föreslå ett digitaliseringsbehov. Det blir ett behov i insamling.')}",
        f"title: {_q('Behov: ')}",
        f"labels: [{_q(LABEL)}]",
        "body:",
        "  - type: markdown",
        "    attributes:",
        "      value: "
        + _q(
            "Beskriv behovet så att avdelningschefen kan ta ställning vid beslutspunkt 1. "
            "En pull request med behovsfilen skapas när ärendet märks med 'behov'."
        ),
        *_input("titel", TITEL, "Kort namn på behovet.", required=True),
        *_dropdown(
            "avdelning", AVDELNING, "Avdelningen som äger behovet.", avdelningar, required=True
        ),
        *_input("kontaktperson", KONTAKTPERSON, "Verksamhetens kontaktperson.", required=False),
        *_textarea("beskrivning", BESKRIVNING, "Vad behövs och varför? Beskriv nuläget."),
        *_textarea("nytta", NYTTA, "Vilken nytta ger det, och för vem?"),
        *_dropdown(
            "system",
            SYSTEM,
            "System som behovet berör.",
            system_options,
            required=False,
            multiple=True,
        ),
    ]
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _input(key: str, label: str, description: str, *, required: bool) -> list[str]:
    return [
        "  - type: input",
        f"    id: {key}",
        "    attributes:",
        f"      label: {_q(label)}",
        f"      description: {_q(description)}",
        "    validations:",
        f"      required: {'true' if required else 'false'}",
    ]


def _textarea(key: str, label: str, description: str) -> list[str]:
    return [
        "  - type: textarea",
        f"    id: {key}",
        "    attributes:",
        f"      label: {_q(label)}",
        f"      description: {_q(description)}",
        "    validations:",
        "      required: true",
    ]


def _dropdown(
    key: str,
    label: str,
    description: str,
    options: Sequence[str],
    *,
    required: bool,
    multiple: bool = False,
) -> list[str]:
    return [
        "  - type: dropdown",
        f"    id: {key}",
        "    attributes:",
        f"      label: {_q(label)}",
        f"      description: {_q(description)}",
        f"      multiple: {'true' if multiple else 'false'}",
        "      options:",
        *(f"        - {_q(option)}" for option in options),
        "    validations:",
        f"      required: {'true' if required else 'false'}",
    ]


# --- the answers ----------------------------------------------------------------------


@dataclass
class Svar:
    """A need's fields as the issue gave them, cleaned; `fel` says what is wrong, in
    Swedish, one line per field (empty: the answers can be written)."""

    titel: str = ""
    avdelning: str = ""
    kontaktperson: str = ""
    beskrivning: str = ""
    nytta: str = ""
    system: list[str] = field(default_factory=list)
    fel: list[str] = field(default_factory=list)


def sections(body: str) -> dict[str, str]:
    """The issue form's answers by label: the text under each '### Label' heading. A
    label given twice keeps its first answer (a second is text a user typed)."""
    found: dict[str, str] = {}
    headings = list(_HEADING.finditer(body))
    for number, heading in enumerate(headings):
        end = headings[number + 1].start() if number + 1 < len(headings) else len(body)
        label = heading[1].strip()
        if label not in found:
            found[label] = body[heading.end() : end].strip()
    return found


def clean(text: str, *, one_line: bool) -> str:
    """Text without control or direction characters, normalised (NFC); on one line when
    `one_line`."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text.replace("\r\n", "\n")))
    if one_line:
        text = " ".join(text.split())
    else:
        text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return text if text != NO_ANSWER else ""


def read_answers(body: str, systems: Mapping[str, str]) -> Svar:
    """The need's fields from an issue body in the issue form's shape. `systems` is the
    register, id → name; an avdelning and a kontaktperson are resolved by the caller."""
    svar = Svar()
    if len(body) > MAX_BODY:
        svar.fel.append(
            f"ärendets text är {len(body)} tecken, mer än de {MAX_BODY} som läses; "
            "korta beskrivningen"
        )
        return svar
    answers = sections(body)
    svar.titel = _field(svar, answers, TITEL, MAX_TITLE, one_line=True, required=True)
    svar.avdelning = _field(svar, answers, AVDELNING, MAX_SHORT, one_line=True, required=True)
    found = _IN_PARENS.search(svar.avdelning)
    svar.avdelning = found[1] if found else svar.avdelning
    svar.kontaktperson = _field(svar, answers, KONTAKTPERSON, MAX_SHORT, one_line=True)
    svar.beskrivning = _field(svar, answers, BESKRIVNING, MAX_TEXT, one_line=False, required=True)
    svar.nytta = _field(svar, answers, NYTTA, MAX_TEXT, one_line=False, required=True)
    chosen = _field(svar, answers, SYSTEM, MAX_TEXT, one_line=True)
    for option in (o.strip() for o in chosen.split(",") if o.strip()):
        if option == INGET_SYSTEM:
            continue
        inside = _IN_PARENS.search(option)
        key = inside[1] if inside else option
        if key in systems:
            svar.system.append(key)
        else:
            svar.fel.append(f"fält '{SYSTEM}': systemet '{option[:80]}' finns inte i registret")
    return svar


def _field(
    svar: Svar,
    answers: Mapping[str, str],
    label: str,
    limit: int,
    *,
    one_line: bool,
    required: bool = False,
) -> str:
    value = clean(answers.get(label, ""), one_line=one_line)
    if not value:
        if required:
            svar.fel.append(f"fält '{label}' saknas eller är tomt")
        return ""
    if len(value) > limit:
        svar.fel.append(f"fält '{label}' är {len(value)} tecken, högst {limit} får plats")
        return ""
    return value


def comment(lines: Sequence[str], heading: str) -> str:
    """A comment for the issue: `heading`, then `lines` in a fenced code block whose fence
    is longer than any run of backticks in them, so nothing an issue wrote renders as
    markup, a link or a mention."""
    text = "\n".join(lines)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{heading}\n\n{fence}text\n{text}\n{fence}\n"
