"""The priority model (R21, R25) as data: how kostnad i förhållande till nytta is weighed.

The plan names kostnad i förhållande till nytta the foremost principle and says the
checklist that defines it is still to be developed (utvecklingsområde, 2025), so the
model is provisional: a portfolio file, versioned like everything else, not code."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from avoplan.models.common import Effektomfattning, Kronor, Model, Text

DEFAULT_WEIGHTS = {
    Effektomfattning.LAG: Decimal("0.5"),
    Effektomfattning.MEDEL: Decimal("0.75"),
    Effektomfattning.HOG: Decimal("1"),
    Effektomfattning.HOG_MYCKET_HOG: Decimal("1.25"),
    Effektomfattning.MYCKET_HOG: Decimal("1.5"),
}


class Prioriteringsmodell(Model):
    horisont_år: int = Field(
        default=3, ge=1, le=20, description="År av nytta som vägs mot kostnaden"
    )
    vikter: dict[Effektomfattning, Decimal] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS), description="Vikt per effektomfattning (R25)"
    )
    tillägg_per_effekttyp: Decimal = Field(
        default=Decimal("0.1"), ge=0, description="Tillägg per effekttyp utöver tidsbesparande"
    )
    högst_antal_effekttyper: int = Field(default=3, ge=0)
    värderingsår: int | None = Field(
        default=None,
        ge=2000,
        le=2100,
        description="Året vars schablon värderar frigjord tid i alla dokument (annars "
        "planens första år)",
    )
    budgettak: dict[int, Kronor] = Field(
        default_factory=dict,
        description="Budgettak per år i kronor (R38): prioritetslistan visar var budgeten tar slut",
    )
    status: Text = "preliminär"
