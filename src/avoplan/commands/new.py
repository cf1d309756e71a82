"""`avoplan new behov`: register a need with the next free id, from a guiding template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from avoplan.errors import UsageError, UserError
from avoplan.items import load_organisation, next_id, person_named
from avoplan.loader import BEHOV, display, find_portfolio, item_path
from avoplan.models.organisation import Organisation
from avoplan.text import did_you_mean

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
beskrivning:
# Vilken nytta ger det, och för vem?
nytta:
# Effekttyp (R25), en eller flera: tidsbesparande, kvalitetshöjande, kundupplevelse, miljö,
# kostnadsbesparande, infrastruktur, patientsäkerhet, stöd för styrning och ledning.
effekttyp: []
# Uppskattat antal frigjorda arbetstimmar per år (underlag för prioriteringen, R21).
# frigjord_tid_timmar_per_år: 0
beslut: []
"""


def run(portfolio: Path | None, kind: str, titel: str, avdelning: str,
        kontaktperson: str | None) -> int:
    if kind.strip().lower() != "behov":
        raise UsageError(f"kan inte skapa '{kind}'", "bara behov skapas med 'avoplan new'; "
                         "projekt skapas vid beslutspunkt 4 med 'avoplan advance ID --to projekt'")
    if not titel.strip():
        raise UsageError("titeln är tom", "ange --titel \"…\"")
    root = find_portfolio(portfolio)
    org = load_organisation(root)
    _check_avdelning(org, avdelning)
    contact = person_named(org, kontaktperson).id if kontaktperson else ""
    from avoplan.git import ids_on_branches

    need_id = next_id(root, BEHOV, ids_on_branches(root, root / BEHOV.folder))
    text = TEMPLATE.format(schema=SCHEMA_COMMENT, id=need_id, titel=_scalar(titel.strip()),
                           avdelning=avdelning, kontaktperson=contact,
                           registrerad=date.today().isoformat())
    path = item_path(root, BEHOV, need_id)
    _write_new(path, text)
    from avoplan.console import out

    out().print(f"Registrerade [bold]{need_id}[/]: {display(path)}")
    return 0


def _check_avdelning(org: Organisation, avdelning: str) -> None:
    if org.avdelning(avdelning) is None:
        close = did_you_mean(avdelning, [a.id for a in org.avdelningar])
        raise UserError(f"okänd avdelning '{avdelning}'",
                        f"menade du {close}?" if close else
                        "avdelningarna finns i organisation.yaml")


def _scalar(value: str) -> str:
    """A YAML scalar for a title: quoted with JSON rules, which YAML reads the same."""
    import json

    return json.dumps(value, ensure_ascii=False)


def _write_new(path: Path, text: str) -> None:
    from avoplan.models.behov import Behov
    from avoplan.validation import validate
    from avoplan.yaml_io import atomic_write_text, parse

    data = parse(text)
    _, findings = validate(Behov, data, path)
    if findings:
        raise UserError(f"mallen gav ett ogiltigt behov: {findings[0].message}")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
