"""What a running project records besides its roles and documents: the styrgrupp's
phase decisions (R36), lägesrapporter and the slutrapport (R37), its risks, and its
samverkan (R38: the effektägare "ansvarar för samverkansprocesserna")."""

from __future__ import annotations

from pydantic import Field

from avoplan.models.common import Datum, FasNamn, Model, PersonId, SvEnum, Text


class Fasbeslut(Model):
    """A move between phases of the projektmodell, recorded by `avoplan advance PRJ-…`
    and never edited (R2, R36)."""

    datum: Datum
    från: FasNamn = Field(description="Fasen före beslutet (projektmodell.yaml).")
    till: FasNamn = Field(description="Fasen efter beslutet (projektmodell.yaml).")
    beslutad_av: PersonId
    roll: Text
    motivering: Text
    deltagare: list[PersonId] = Field(default_factory=list, description="Styrgruppens deltagare")
    protokoll: Text | None = None


class Signal(SvEnum):
    GRON = "grön"
    GUL = "gul"
    ROD = "röd"


class Lagesrapport(Model):
    """The projektledare's "löpande statusrapporter" (R37): time, cost and scope as
    grön/gul/röd, a comment and, as the projektgrupp reports it, the time worked."""

    datum: Datum
    tid: Signal = Field(description="Tidplanen: grön, gul eller röd.")
    kostnad: Signal = Field(description="Kostnaden mot budget: grön, gul eller röd.")
    omfattning: Signal = Field(description="Omfattning och kvalitet: grön, gul eller röd.")
    kommentar: Text | None = None
    arbetad_tid_timmar: float | None = Field(
        default=None,
        ge=0,
        allow_inf_nan=False,
        description="Arbetad tid i projektet sedan förra rapporten, timmar.",
    )
    av: PersonId | None = Field(default=None, description="Vem som rapporterade (person-id).")


class Slutrapport(Model):
    """R37: the projektledare's slutrapport, required to close the project."""

    datum: Datum
    sammanfattning: Text = Field(description="Vad projektet levererade och hur effektmålen står.")
    av: PersonId | None = Field(
        default=None, description="Vem som skrev slutrapporten (person-id)."
    )


class Niva(SvEnum):
    """The plan names no risk scale: three levels are avoplan's assumption."""

    LAG = "låg"
    MEDEL = "medel"
    HOG = "hög"

    @property
    def points(self) -> int:
        return {Niva.LAG: 1, Niva.MEDEL: 2, Niva.HOG: 3}[self]


class Riskstatus(SvEnum):
    OPPEN = "öppen"
    STANGD = "stängd"


class Risk(Model):
    beskrivning: Text
    sannolikhet: Niva = Field(description="Hur sannolik risken är: låg, medel eller hög.")
    konsekvens: Niva = Field(description="Hur stor konsekvensen blir: låg, medel eller hög.")
    ägare: PersonId | None = Field(default=None, description="Riskens ägare (person-id).")
    åtgärd: Text | None = Field(default=None, description="Vad som görs åt risken.")
    status: Riskstatus = Riskstatus.OPPEN

    @property
    def värde(self) -> int:
        """Sannolikhet × konsekvens, 1–9."""
        return self.sannolikhet.points * self.konsekvens.points

    @property
    def high(self) -> bool:
        """High: at least medel × hög (avoplan's assumption, the plan gives no scale)."""
        return self.värde >= 6


class Samverkan(Model):
    """R38: the effektägare "ansvarar för samverkansprocesserna, med stöd av HR i linjen"."""

    datum: Datum
    med: Text = Field(description="Med vilka, t.ex. fackliga organisationer eller HR i linjen")
    beskrivning: Text | None = None
    ansvarig: PersonId | None = None
