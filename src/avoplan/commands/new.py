"""`avoplan new behov`: register a need with the next free id, from a guiding template."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from avoplan.core.errors import UsageError, UserError
from avoplan.core.text import fold
from avoplan.models import lookup
from avoplan.models.organisation import Organisation
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/behov.schema.json"

TEMPLATE = """{schema}
# Behov i Behovsprocessen (insamling). Fyll i det som krävs före beslutspunkt 1 (R3):
# beskrivning och nytta enligt den enhetliga mallen, och en kontaktperson från
# verksamheten som följer behovet genom hela processen.
# Flytta behovet vidare med: avoplan advance {id} --to grovsållning --motivering "…"
id: {id}
titel: {titel}
avdelning: {avdelning}
kontaktperson: {kontaktperson}
steg: insamling
registrerad: {registrerad}
# Vad behövs och varför? Beskriv nuläget och vad som ska bli bättre.
beskrivning:{beskrivning}
# Vilken nytta ger det, och för vem?
nytta:{nytta}
# Effekttyp (R25), en eller flera: tidsbesparande, kvalitetshöjande, kundupplevelse, miljö,
# kostnadsbesparande, infrastruktur, patientsäkerhet, stöd för styrning och ledning.
effekttyp: []
# Uppskattat antal frigjorda arbetstimmar per år (underlag för prioriteringen, R21).
# frigjord_tid_timmar_per_år: 0
{extra}beslut: []
"""


@dataclass
class Answers:
    """What a new need starts with: from the flags, or asked for at the terminal."""

    titel: str
    avdelning: str
    kontaktperson: str = ""
    beskrivning: str = ""
    nytta: str = ""
    system: list[str] = field(default_factory=list)
    mål: list[int] = field(default_factory=list)


def run(
    portfolio: Path | None,
    kind: str,
    titel: str | None,
    avdelning: str | None,
    kontaktperson: str | None,
    *,
    interactive: bool = False,
    beskrivning: str | None = None,
    nytta: str | None = None,
    system: list[str] | None = None,
    mal: list[str] | None = None,
) -> int:
    if kind.strip().lower() != "behov":
        raise UsageError(
            f"kan inte skapa '{kind}'",
            "bara behov skapas med 'avoplan new'; "
            "projekt skapas vid beslutspunkt 4 med 'avoplan advance ID --to projekt'",
        )
    if not interactive and (titel is None or avdelning is None):
        raise UsageError(
            f"{'--titel' if titel is None else '--avdelning'} saknas",
            "ange --titel och --avdelning, eller kör i en terminal så frågar "
            "avoplan efter det som saknas",
        )
    if titel is not None and not titel.strip():
        raise UsageError("titeln är tom", 'ange --titel "…"')
    workspace = Workspace.find(portfolio, writing=True)
    org = workspace.organisation()
    if interactive and (titel is None or avdelning is None):
        answers = ask_all(workspace, org, titel, avdelning, kontaktperson)
    else:
        answers = Answers(
            str(titel).strip(),
            lookup.avdelning(org, str(avdelning)).id,
            workspace.person(org, kontaktperson).id if kontaktperson else "",
            (beskrivning or "").strip(),
            (nytta or "").strip(),
            [_system(workspace.systems(), s) for s in system or []],
            [_goal(g) for g in mal or []],
        )
    need_id, path = workspace.create_need(lambda need_id: _text(need_id, answers))
    console.styled(("Registrerade ", None), (need_id, "bold"), (f": {display(path)}", None))
    return 0


def _system(systems: list[tuple[str, str]], word: str) -> str:
    """A system by id or name; an unknown one is kept, for the check to name it."""
    match = [key for key, name in systems if fold(word) in (fold(key), fold(name))]
    return match[0] if len(match) == 1 else word


def _goal(word: str) -> int:
    if not word.isdigit():
        raise UsageError(
            f"'{word}' är inget målnummer", "ange planens mål som nummer, t.ex. --mal 1,3"
        )
    return int(word)


def _text(need_id: str, answers: Answers, kommentar: str | None = None) -> str:
    extra = "".join(
        f"{key}: [{', '.join(map(str, values))}]\n"
        for key, values in (("system", answers.system), ("mål", answers.mål))
        if values
    )
    if kommentar:
        extra += f"kommentar: {_scalar(kommentar)}\n"
    return TEMPLATE.format(
        schema=SCHEMA_COMMENT,
        id=need_id,
        titel=_scalar(answers.titel),
        avdelning=answers.avdelning,
        kontaktperson=answers.kontaktperson,
        registrerad=date.today().isoformat(),
        extra=extra,
        beskrivning=f" {_scalar(answers.beskrivning)}" if answers.beskrivning else "",
        nytta=f" {_scalar(answers.nytta)}" if answers.nytta else "",
    )


def _scalar(value: str) -> str:
    """A YAML scalar for a title: quoted with JSON rules, which YAML reads the same. Line
    and paragraph separators (U+2028, U+2029, NEL) are escaped: raw, a YAML reader would
    fold them into a space and the title would be stored changed."""
    return "".join(
        char if char.isprintable() or char == " " else f"\\u{ord(char):04x}"
        for char in json.dumps(value, ensure_ascii=False)
    )


# --- asking at the terminal (stdin is a terminal and a flag is missing) --------------------


def ask_all(
    workspace: Workspace,
    org: Organisation,
    titel: str | None,
    avdelning: str | None,
    kontaktperson: str | None,
) -> Answers:
    console.line("Nytt behov. Svara på frågorna; tomt svar hoppar över det som inte krävs.", "bold")
    title = titel.strip() if titel else _ask_until(lambda: console.ask("Titel") or None)
    units = [(a.id, a.namn) for a in org.avdelningar]
    unit = (
        lookup.avdelning(org, avdelning).id
        if avdelning
        else _ask_until(
            lambda: _pick_one("Avdelning", units, lambda w: lookup.avdelning(org, w).id)
        )
    )
    people = [(p.id, p.namn) for p in org.personer if p.avdelning == unit]
    contact = (
        workspace.person(org, kontaktperson).id
        if kontaktperson
        else _ask_until(
            lambda: _pick_one(
                "Kontaktperson (nummer, namn eller tomt)",
                people,
                lambda w: workspace.person(org, w).id,
                optional=True,
            )
        )
    )
    answers = Answers(
        title,
        unit,
        contact or "",
        console.ask("Beskrivning (vad behövs och varför?)"),
        console.ask("Nytta (för vem, och hur?)"),
    )
    systems = workspace.systems()
    answers.system = _ask_until(lambda: _pick_many("System", systems))
    goals = [(str(m.nummer), m.namn) for m in workspace.plan().prioriterade_mål]
    answers.mål = [int(g) for g in _ask_until(lambda: _pick_many("Prioriterade mål", goals))]
    return answers


T = TypeVar("T")


def _ask_until(question: Callable[[], T | None]) -> T:
    """Ask again until the answer is usable; a wrong answer says why."""
    while True:
        try:
            answer = question()
        except UserError as exc:
            console.error(exc.message, exc.hint)
            continue
        if answer is not None:
            return answer


def _pick_one(
    label: str,
    options: list[tuple[str, str]],
    resolve: Callable[[str], str],
    *,
    optional: bool = False,
) -> str | None:
    _list(options)
    answer = console.ask(label)
    if not answer:
        return "" if optional else None
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1][0]
    return resolve(answer)


def _pick_many(label: str, options: list[tuple[str, str]]) -> list[str]:
    """Several of `options` by number, id or name, separated by commas; empty: none."""
    _list(options)
    answer = console.ask(f"{label} (nummer eller namn, med komma emellan; tomt för inga)")
    chosen = []
    for word in (w.strip() for w in answer.split(",") if w.strip()):
        if word.isdigit() and 1 <= int(word) <= len(options):
            chosen.append(options[int(word) - 1][0])
            continue
        match = [key for key, name in options if fold(word) in (fold(key), fold(name))]
        if len(match) != 1:
            raise UserError(f"'{word}' finns inte bland alternativen", "ange numret")
        chosen.append(match[0])
    return chosen


def _list(options: list[tuple[str, str]]) -> None:
    for number, (key, name) in enumerate(options, start=1):
        console.line(
            f"  {number:>2}. {name} ({key})" if key != str(number) else f"  {number:>2}. {name}"
        )


# --- from a GitHub issue (new behov --från-ärende EVENT.json) -----------------------------

MAX_EVENT = 4 * 1024 * 1024  # bytes of an event file read at all


def run_from_issue(portfolio: Path | None, event: Path, comment: Path | None = None) -> int:
    """Register the need an issue form describes. The event is GitHub's `issues` payload;
    all of it is untrusted. On refusal the findings are written to `comment` (for the
    workflow to post on the issue) and the exit is 1."""
    from avoplan.behovsprocess import arende

    workspace = Workspace.find(portfolio, writing=True)
    try:
        number, body = _issue(event)
        org = workspace.organisation()
        svar = arende.read_answers(body, dict(workspace.systems()))
        unit, contact = _resolved(workspace, org, svar)
        if svar.fel:
            raise UserError(
                f"ärendet #{number} kan inte bli ett behov: " + "; ".join(svar.fel),
                "rätta fälten i ärendet och märk det med 'behov' igen",
            )
        answers = Answers(svar.titel, unit, contact, svar.beskrivning, svar.nytta, svar.system, [])
        need_id, path = workspace.create_need(
            lambda need_id: _text(need_id, answers, f"Registrerat från GitHub-ärende #{number}.")
        )
    except UserError as exc:
        if comment is not None:
            _comment(
                comment,
                arende.comment(
                    [exc.message, *([exc.hint] if exc.hint else [])],
                    "avoplan kunde inte registrera behovet:",
                ),
            )
        raise
    if comment is not None:
        _comment(comment, f"avoplan registrerade behovet {need_id} ({path.name}).\n")
    console.styled(("Registrerade ", None), (need_id, "bold"), (f": {display(path)}", None))
    return 0


def _issue(event: Path) -> tuple[int, str]:
    """The issue's number and body from an `issues` event payload, bounded and checked."""
    try:
        size = event.stat().st_size
        if size > MAX_EVENT:
            raise UserError(
                f"{display(event)}: händelsen är {size} byte, mer än de {MAX_EVENT} som läses",
                "ange GitHubs issues-händelse (GITHUB_EVENT_PATH)",
            )
        data = json.loads(event.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise UserError(f"kan inte läsa {display(event)}: {exc.strerror}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(
            f"{display(event)}: inte en JSON-händelse från GitHub ({str(exc)[:80]})",
            "ange GitHubs issues-händelse (GITHUB_EVENT_PATH)",
        ) from exc
    issue = data.get("issue") if isinstance(data, dict) else None
    number = issue.get("number") if isinstance(issue, dict) else None
    body = issue.get("body") if isinstance(issue, dict) else None
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise UserError(
            f"{display(event)}: fält issue.number saknas eller är inget ärendenummer",
            "ange GitHubs issues-händelse (GITHUB_EVENT_PATH)",
        )
    if not isinstance(body, str):
        raise UserError(
            f"{display(event)}: fält issue.body saknas; ärendet är inte skrivet med formuläret",
            "skapa ärendet med formuläret 'Nytt behov'",
        )
    return number, body


def _resolved(workspace: Workspace, org: Organisation, svar: object) -> tuple[str, str]:
    """The avdelning and kontaktperson the answers name, each wrong one a finding."""
    from avoplan.behovsprocess.arende import AVDELNING, KONTAKTPERSON, Svar

    assert isinstance(svar, Svar)
    unit = contact = ""
    if svar.avdelning:
        try:
            unit = lookup.avdelning(org, svar.avdelning).id
        except UserError as exc:
            svar.fel.append(f"fält '{AVDELNING}': {exc.message}")
    if svar.kontaktperson:
        try:
            contact = workspace.person(org, svar.kontaktperson).id
        except UserError as exc:
            svar.fel.append(f"fält '{KONTAKTPERSON}': {exc.message}")
    return unit, contact


def _comment(path: Path, text: str) -> None:
    from avoplan.store.files import atomic_write_text

    atomic_write_text(path, text)
