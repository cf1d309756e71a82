"""`avoplan new behov`: register a need with the next free id, from a guiding template."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from avoplan import console, lookup
from avoplan.errors import UsageError
from avoplan.files import display
from avoplan.models.portfolio import BEHOV
from avoplan.workspace import Workspace

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
    workspace = Workspace.find(portfolio, writing=True)
    org = workspace.organisation()
    avdelning = lookup.avdelning(org, avdelning).id
    contact = workspace.person(org, kontaktperson).id if kontaktperson else ""
    need_id = workspace.new_id(BEHOV)
    text = TEMPLATE.format(schema=SCHEMA_COMMENT, id=need_id, titel=_scalar(titel.strip()),
                           avdelning=avdelning, kontaktperson=contact,
                           registrerad=date.today().isoformat())
    path = workspace.create_need(text, need_id)
    console.styled(("Registrerade ", None), (need_id, "bold"), (f": {display(path)}", None))
    return 0


def _scalar(value: str) -> str:
    """A YAML scalar for a title: quoted with JSON rules, which YAML reads the same."""
    return json.dumps(value, ensure_ascii=False)
