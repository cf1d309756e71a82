"""A business system under tjänsteförvaltning (R28)."""

from __future__ import annotations

from pydantic import Field

from avoplan.models.common import Model, Slug, SvEnum, Text


class Drift(SvEnum):
    INTRASERVICE = "intraservice"
    LEVERANTOR = "leverantör"


class Motesniva(SvEnum):
    OPERATIV = "operativ"
    TAKTISK = "taktisk"
    STRATEGISK = "strategisk"


class System(Model):
    id: Slug
    namn: Text
    användare: int = Field(ge=0, description="Ungefärligt antal användare")
    drift: Drift
    tjänsteförvaltning: bool = True
    avtalsansvar: Text | None = None
    leverantör: Text | None = None
    leverantörsmöten: list[Motesniva] = Field(default_factory=list)
    beskrivning: Text | None = None
