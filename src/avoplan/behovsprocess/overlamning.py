"""BP4's handover (R10): the PPS project a need becomes, as plain file data."""

from __future__ import annotations

from datetime import date
from typing import Any

from avoplan.models.behov import Behov

# What the project inherits from its need; beroenden too, so it never ranks or starts
# before what its need depended on (R22).
PROJECT_FIELDS = (
    "effekttyp",
    "effektomfattning",
    "frigjord_tid_timmar_per_år",
    "mål",
    "system",
    "komplexitet",
    "nyttotyp",
    "pios",
    "kostnad",
    "beroenden",
)

PROJECT_HEADER = (
    "Projekt enligt PPS, skapat ur {need} vid beslutspunkt 4 (avoplan advance).\n"
    "Fyll i projektdirektiv (effektmål, ramar, förutsättningar), projektplan\n"
    "(vad, hur, vem, när), styrgrupp (högst fem, leds av projektägaren) och projektgrupp."
)


def project_from_need(need: Behov, project_id: str, start: date) -> dict[str, Any]:
    """R10: the PPS project that BP4 hands the need over to."""
    section = need.klart_för_start
    team = section.projektorganisation if section else None
    data: dict[str, Any] = {
        "id": project_id,
        "titel": need.titel,
        "behov": need.id,
        "avdelning": need.avdelning,
        "typ": section.projekttyp.value if section and section.projekttyp else "införande",
        "status": "planerad",
        "start": start,
    }
    if need.beskrivning:
        data["beskrivning"] = need.beskrivning
    dumped = need.model_dump(mode="json", include=set(PROJECT_FIELDS), exclude_defaults=True)
    data.update({key: dumped[key] for key in PROJECT_FIELDS if key in dumped})
    if team:
        data.update(team.model_dump(mode="json", exclude_defaults=True))
    goals = need.beredning.effektmål if need.beredning else []
    if goals:  # R17: the projektdirektiv starts from the effektmål the beredning set
        data["projektdirektiv"] = {
            "effektmål": [goal.model_dump(mode="json", exclude_defaults=True) for goal in goals]
        }
    return data
