"""A pm3 förvaltningsobjekt with its budget (R26, seed 004).

Only cells are stored; every sum is computed, so sums tie out by construction and
`check` compares what the tables must agree on.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from avoplan.models.common import Model, Slug, SvEnum, Text


class Namndkolumn(SvEnum):
    """The columns of the per-nämnd table; each budget row feeds one of them."""

    DRIFT = "drift"
    ANVANDARSTOD = "användarstöd"
    FORVALTNINGSLEDNING = "förvaltningsledning"
    UTVECKLING = "utveckling"


class VmVu(Model):
    """Vidmakthållande and vidareutveckling; a missing cell is blank, not zero."""

    vm: int | None = Field(default=None, ge=0)
    vu: int | None = Field(default=None, ge=0)


class Budgetrad(Model):
    huvudaktivitet: Text
    delaktivitet: Text | None = None
    verksamhetsnära: VmVu = VmVu()
    it_nära: VmVu = VmVu()
    nämndkolumn: Namndkolumn
    projektklass: Slug | None = None


class Namndrad(Model):
    """One nämnd's share, in kkr as in the source table."""

    nämnd: Text
    drift: int = Field(default=0, ge=0)
    användarstöd: int = Field(default=0, ge=0)
    förvaltningsledning: int = Field(default=0, ge=0)
    utveckling: int = Field(default=0, ge=0)
    kommentar: Text | None = None


class FteVmVu(Model):
    vm: Decimal | None = Field(default=None, ge=0)
    vu: Decimal | None = Field(default=None, ge=0)


class Arsarbetsrad(Model):
    huvudaktivitet: Text
    verksamhetsnära: FteVmVu = FteVmVu()
    it_nära: FteVmVu = FteVmVu()
    ökning_verksamhetsnära: FteVmVu = FteVmVu()
    ökning_it_nära: FteVmVu = FteVmVu()


class Forvaltningsobjekt(Model):
    id: Slug
    namn: Text
    förvaltningsmodell: Text = "pm3"
    år: int
    dokumentägare: Text | None = None
    beskrivning: Text | None = None
    budget: list[Budgetrad]
    per_nämnd: list[Namndrad] = []
    årsarbeten: list[Arsarbetsrad] = []
