"""The standard cost rates of one year (R20). Rates are data, never code."""

from __future__ import annotations

from pydantic import Field

from avoplan.models.common import Model, Text


class Schablon(Model):
    år: int = Field(ge=2000, le=2100)
    projektledare_kr_per_timme: int = Field(gt=0, description="Lönekostnad för projektledare")
    projektgrupp_kr_per_timme: int = Field(gt=0, description="Schablon för projektgruppens tid")
    styrgrupp_kr_per_timme: int = Field(gt=0, description="Schablon för styrgruppens tid")
    frigjord_tid_kr_per_timme: int = Field(gt=0, description="Värdet av en frigjord arbetstimme")
    förvaltning_kr_per_timme: int | None = Field(
        default=None, gt=0, description="Schablon för förvaltningens tid i drift (R38)"
    )
    timmar_per_årsarbete: int | None = Field(
        default=None, gt=0, description="Arbetstimmar i ett årsarbete (FTE), för kapaciteten"
    )
    källa: Text | None = None
