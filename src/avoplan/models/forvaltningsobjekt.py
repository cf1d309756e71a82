"""A pm3 förvaltningsobjekt with its budget (R26, seed 004).

Only cells are stored; every sum is computed, so sums tie out by construction and
`check` compares what the tables must agree on.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from avoplan.models.common import Model, Slug, SvEnum, Text
from avoplan.models.plan import Prosa


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
    verksamhetsnära: VmVu = VmVu.model_construct()
    it_nära: VmVu = VmVu.model_construct()
    nämndkolumn: Namndkolumn
    projektklass: Slug | None = None


class Namndrad(Model):
    """One nämnd's share, in kkr as in the source table; `summa` is the row sum as the
    source prints it (it may disagree with the cells: the document says so)."""

    nämnd: Text
    drift: int = Field(default=0, ge=0)
    användarstöd: int = Field(default=0, ge=0)
    förvaltningsledning: int = Field(default=0, ge=0)
    utveckling: int = Field(default=0, ge=0)
    summa: int | None = Field(default=None, ge=0)
    kommentar: Text | None = None


class Namndsumma(Model):
    """The source's sum row of the per-nämnd table, as printed."""

    drift: int | None = Field(default=None, ge=0)
    användarstöd: int | None = Field(default=None, ge=0)
    förvaltningsledning: int | None = Field(default=None, ge=0)
    utveckling: int | None = Field(default=None, ge=0)
    summa: int | None = Field(default=None, ge=0)


class Avvikelse(Model):
    """A discrepancy the source itself contains, kept as printed rather than corrected:
    R26 reports it as a warning instead of an error."""

    tabell: Slug = Field(description="per-nämnd (den enda tabellen som jämförs med budgeten)")
    kolumn: Namndkolumn
    text: Text


class Forvaltningsplantext(Model):
    """The prose of the förvaltningsplan, section by section as in seed 004."""

    syfte: Prosa = Field(default_factory=list)
    inriktning: Prosa = Field(default_factory=list)
    arbetet: Prosa = Field(default_factory=list)
    vidmakthållande: Prosa = Field(default_factory=list)
    vidareutveckling: Prosa = Field(default_factory=list)
    nyutveckling: Prosa = Field(default_factory=list)
    strategiska: Prosa = Field(default_factory=list)
    strategiska_projekt: Prosa = Field(default_factory=list)
    övriga_prioriterade: Prosa = Field(default_factory=list)
    budget: Prosa = Field(default_factory=list)
    årsarbeten: Prosa = Field(default_factory=list)


class FteVmVu(Model):
    vm: Decimal | None = Field(default=None, ge=0)
    vu: Decimal | None = Field(default=None, ge=0)


class Arsarbetsrad(Model):
    huvudaktivitet: Text
    verksamhetsnära: FteVmVu = FteVmVu.model_construct()
    it_nära: FteVmVu = FteVmVu.model_construct()
    ökning_verksamhetsnära: FteVmVu = FteVmVu.model_construct()
    ökning_it_nära: FteVmVu = FteVmVu.model_construct()


class Projektroll(SvEnum):
    """The roles whose time a cost estimate counts (R20), and capacity is stated for."""

    PROJEKTLEDARE = "projektledare"
    PROJEKTGRUPP = "projektgrupp"
    STYRGRUPP = "styrgrupp"


class Kapacitet(Model):
    """Årsarbeten (FTE) the förvaltningsplan sets aside for projects, per year and role."""

    år: int = Field(ge=2000, le=2100, description="Året kapaciteten gäller")
    roll: Projektroll = Field(description="Projektledare, projektgrupp eller styrgrupp")
    årsarbeten: Decimal = Field(ge=0, description="Årsarbeten (FTE) för projekt")
    källa: Text | None = None


class Forvaltningsobjekt(Model):
    id: Slug
    namn: Text
    förvaltningsmodell: Text = "pm3"
    förkortning: Text | None = None
    år: int
    dokumentägare: Text | None = None
    fastställd: Text | None = Field(default=None, description="Vem som fastställde planen")
    beskrivning: Text | None = None
    budget: list[Budgetrad]
    per_nämnd: list[Namndrad] = Field(default_factory=list)
    per_nämnd_summa: Namndsumma | None = None
    avvikelser: list[Avvikelse] = Field(default_factory=list)
    årsarbeten: list[Arsarbetsrad] = Field(default_factory=list)
    kapacitet: list[Kapacitet] = Field(
        default_factory=list, description="Årsarbeten för projekt per år och roll (kapacitet)"
    )
    text: Forvaltningsplantext = Forvaltningsplantext.model_construct()

    def accepted(self, kolumn: Namndkolumn) -> Avvikelse | None:
        return next((a for a in self.avvikelser if a.kolumn == kolumn), None)
