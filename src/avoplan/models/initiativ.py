"""What needs (behov) and projects (projekt) have in common: benefit, cost, follow-up."""

from __future__ import annotations

from pydantic import Field

from avoplan.models.common import (
    Datum,
    Effektomfattning,
    Effekttyp,
    Komplexitet,
    Kostnadsskattning,
    Model,
    Nyttotyp,
    PersonId,
    Slug,
    Steg,
    Text,
)
from avoplan.models.effekt import Omvarldshandelse


class Beslut(Model):
    """One recorded decision (R2). Appended by `avoplan advance`, never edited."""

    beslutspunkt: int | None = Field(default=None, ge=1, le=4)
    datum: Datum
    från: Steg
    till: Steg
    beslutad_av: PersonId
    roll: Text
    forum: Slug | None = None
    motivering: Text
    protokoll: str | None = None
    delges: list[Slug] = []


class Prioritetsbeslut(Model):
    """A manual rank override on the priority list: a decision with a reason (R21)."""

    plats: int = Field(ge=1)
    datum: Datum
    beslutad_av: PersonId
    motivering: Text
    forum: Slug | None = None


class Initiativ(Model):
    """Fields shared by behov and projekt."""

    titel: Text
    beskrivning: str | None = None
    nytta: str | None = None
    effekttyp: list[Effekttyp] = []
    effektomfattning: Effektomfattning | None = None
    frigjord_tid_timmar_per_år: int | None = Field(default=None, ge=0)
    mål: list[int] = Field(default=[], description="Prioriterade mål (R23), nummer 1–4")
    system: list[Slug] = []
    kostnad: Kostnadsskattning | None = None
    komplexitet: Komplexitet | None = None
    nyttotyp: Nyttotyp | None = None
    pios: bool | None = Field(default=None, description="Registrerat i PIOS (R22)")
    beroenden: list[str] = Field(default=[],
                                 description="Id på behov eller projekt som måste komma före")
    omvärld: list[Omvarldshandelse] = Field(
        default=[], description="Händelser i omvärlden med datum som tajmingen beror på (R22)")
    prioritet: list[Prioritetsbeslut] = []
    registrerad: Datum | None = None
    beslut: list[Beslut] = []

    def decisions_from(self, step: Steg) -> list[Beslut]:
        return [b for b in self.beslut if b.från == step]
