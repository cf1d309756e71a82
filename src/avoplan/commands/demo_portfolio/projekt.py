"""The demo's projects: the PPS project of a handed-over need, with its project group,
effektmål and dependencies on projects started before it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from avoplan.commands.demo_portfolio.data import STATUS


def pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class Started:
    id: str
    status: str
    start: date


class ProjectMaker:
    """Makes the projects of one demo portfolio, remembering those already started."""

    def __init__(self, rng: random.Random, team: list[str], tid: list[str]) -> None:
        self.rng, self.team, self.tid = rng, team, tid
        self.projects: list[Started] = []

    def make(self, project_id: str, need: dict[str, Any], handover: date) -> dict[str, Any]:
        team = need["klart_för_start"]["projektorganisation"]
        start = handover + timedelta(days=self.rng.randint(7, 60))
        status = pick(self.rng, STATUS)
        klass = self.rng.choice(("strategisk", "prioriterad", "prioriterad", "önskvärd"))
        data: dict[str, Any] = {
            "id": project_id,
            "titel": need["titel"],
            "behov": need["id"],
            "avdelning": need["avdelning"],
            "typ": need["klart_för_start"]["projekttyp"],
            "klass": klass,
            "status": status,
            "start": start,
            "slut": start + timedelta(days=self.rng.randint(90, 540)),
            "effekttyp": need["effekttyp"],
            "effektomfattning": need["effektomfattning"],
            "mål": need.get("mål", []),
            "system": need["system"],
            "kostnad": need["kostnad"],
            "budget_kkr": None if klass == "önskvärd" else self.rng.randrange(100, 5000, 50),
            "projektägare": team["projektägare"],
            "effektägare": team["effektägare"],
            "projektledare": team["projektledare"],
            "styrgrupp": team["styrgrupp"],
            "projektgrupp": self._projektgrupp(need["kontaktperson"]),
            "projektdirektiv": {
                "effektmål": [hours_goal(need, start, team["effektägare"], status)],
                "ramar": "Budget enligt kostnadsskattningen.",
                "förutsättningar": "Verksamheten avsätter tid för projektgruppen.",
            },
            "projektplan": {
                "vad": need["titel"] + ".",
                "hur": "Pilot på en enhet, utvärdering, sedan breddinförande.",
                "vem": "Projektgrupp med verksamhet, utvecklingsteamet och TID.",
                "när": f"{start.isoformat()} och framåt.",
            },
            "budgetansvar": {
                "licenser": {
                    "ansvarig": team["projektägare"],
                    "kr": self.rng.randrange(0, 300_000, 10_000),
                },
                "hårdvara": {
                    "ansvarig": team["effektägare"],
                    "kr": self.rng.randrange(0, 300_000, 10_000),
                },
            },
        }
        for key in ("komplexitet", "nyttotyp", "pios"):
            if key in need:
                data[key] = need[key]
        if status == "avslutad":
            data["uppföljningsansvar"] = {"person": team["effektägare"]}
        dependencies = self._project_dependencies(status, start)
        if dependencies:
            data["beroenden"] = dependencies
        self.projects.append(Started(project_id, status, start))
        return data

    def _projektgrupp(self, contact: str) -> list[str]:
        """R17: the verksamhet, the utvecklingsteam and TID work in the project."""
        members = [contact, self.rng.choice(self.team)]
        if self.tid:
            members.append(self.rng.choice(self.tid))
        return list(dict.fromkeys(members))

    def _project_dependencies(self, status: str, start: date) -> list[str]:
        """R22: a started project depends only on projects that started before it."""
        if self.rng.random() > 0.1 or not self.projects:
            return []
        candidate = self.rng.choice(self.projects[-200:])
        started = candidate.status in ("pågående", "avslutad")
        if status in ("pågående", "avslutad") and not (started and candidate.start <= start):
            return []
        return [candidate.id]


def hours_goal(need: dict[str, Any], start: date, owner: str, status: str) -> dict[str, Any]:
    """The frigjord-tid estimate that ranked the need as the project's first effektmål;
    a started project is measured on its target date (four fifths of the estimate)."""
    estimate = need.get("frigjord_tid_timmar_per_år") or 0
    due = start + timedelta(days=365)
    goal: dict[str, Any] = {
        "beskrivning": f"Nyttan realiserad: {need['nytta']}",
        "indikator": "Frigjorda arbetstimmar per år",
        "enhet": "timmar per år",
        "utgångsläge": {"värde": 0, "datum": start, "källa": "Tidsstudie vid start"},
        "målvärde": {"värde": estimate, "datum": due},
        "effektägare": owner,
    }
    if status in ("pågående", "avslutad"):
        goal["mätningar"] = [{"datum": due, "värde": estimate * 4 // 5, "källa": "Tidsstudie"}]
    return goal


def is_investigation(project: dict[str, Any]) -> bool:
    return project["typ"] in ("utredning", "förstudie", "genomförbarhetstest")
