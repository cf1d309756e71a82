"""A projekt under the PPS project model (R10, R12–R19, R24)."""

from __future__ import annotations

from pydantic import Field

from avoplan.models.common import (
    BehovId,
    Datum,
    FasNamn,
    Model,
    PersonId,
    ProjektId,
    Projekttyp,
    Slug,
    SvEnum,
    Text,
)
from avoplan.models.effekt import EffektmalPost, Uppfoljningsansvar
from avoplan.models.initiativ import Initiativ
from avoplan.models.projektstyrning import Fasbeslut, Lagesrapport, Risk, Samverkan, Slutrapport


class Projektklass(SvEnum):
    """R24: strategiska (own budget), prioriterade, önskvärda (pool, no own budget)."""

    STRATEGISK = "strategisk"
    PRIORITERAD = "prioriterad"
    ONSKVARD = "önskvärd"


class Projektstatus(SvEnum):
    PLANERAD = "planerad"
    PAGAENDE = "pågående"
    PAUSAD = "pausad"
    AVSLUTAD = "avslutad"

    @property
    def active(self) -> bool:
        return self in _ACTIVE


# Made once: the rules ask every project, and on Python 3.11 a member looked up on its
# enum class costs a Python call.
_ACTIVE = frozenset({Projektstatus.PLANERAD, Projektstatus.PAGAENDE, Projektstatus.PAUSAD})


class Ledning(SvEnum):
    """R19: who leads the project; only the förvaltning's own are prioritised."""

    FORVALTNINGEN = "förvaltningen"
    STADSLEDNINGSKONTORET = "stadsledningskontoret"
    INTRASERVICE = "intraservice"


class Projektdirektiv(Model):
    """R17: effektmål, ramar och förutsättningar. An effektmål is a sentence or, for
    follow-up, a structured goal with indicator, baseline and target (models.effekt)."""

    effektmål: list[EffektmalPost] = Field(default_factory=list)
    ramar: Text | None = None
    förutsättningar: Text | None = None


class Projektplan(Model):
    """R17: what, how, who and when."""

    vad: Text | None = None
    hur: Text | None = None
    vem: Text | None = None
    när: Text | None = None


class Budgetpost(Model):
    """R18: licences are budgeted by the formal PÄ, hardware by the effektägare."""

    ansvarig: PersonId
    kr: int = Field(default=0, ge=0)


class Budgetansvar(Model):
    licenser: Budgetpost | None = None
    hårdvara: Budgetpost | None = None


class Projekt(Initiativ):
    id: ProjektId
    avdelning: Slug | None = None
    behov: BehovId | None = None
    typ: Projekttyp
    klass: Projektklass | None = None
    status: Projektstatus = Projektstatus.PLANERAD
    ledning: Ledning = Ledning.FORVALTNINGEN
    digitalt_utanförskap: bool = False
    förvaltningsobjekt: Slug | None = None
    start: Datum | None = None
    slut: Datum | None = None
    projektägare: PersonId | None = None
    effektägare: PersonId | None = None
    förvaltningsansvarig: PersonId | None = None
    projektledare: PersonId | None = None
    styrgrupp: list[PersonId] = Field(default_factory=list)
    projektgrupp: list[PersonId] = Field(default_factory=list)
    projektdirektiv: Projektdirektiv | None = None
    projektplan: Projektplan | None = None
    budget_kkr: int | None = Field(
        default=None, ge=0, description="Kostnad (kkr) i förvaltningsplanen"
    )
    effekttyp_i_källan: Text | None = Field(
        default=None,
        description="Effekttypen med källans egna ord (förvaltningsplanens tabell); "
        "effekttyp håller de normaliserade värdena som listor och sortering använder",
    )
    budgetansvar: Budgetansvar | None = None
    enskild_enhet_upphandlar: bool = False
    uppföljningsansvar: Uppfoljningsansvar | None = Field(
        default=None, description="Vem som följer upp effektmålen när projektet avslutats"
    )
    kommentar: str | None = None
    fas: FasNamn | None = Field(default=None, description="Fasen i projektmodellen (R36)")
    fasbeslut: list[Fasbeslut] = Field(
        default_factory=list,
        description="Styrgruppens beslut om förflyttning i faser, äldst först; ändras aldrig "
        "i efterhand (R2, R36). Registreras med 'avoplan advance PRJ-… --to FAS'.",
    )
    lägesrapporter: list[Lagesrapport] = Field(
        default_factory=list,
        description="Projektledarens löpande lägesrapporter (R37); 'avoplan lägesrapport'.",
    )
    slutrapport: Slutrapport | None = Field(
        default=None, description="Projektledarens slutrapport; krävs för att avsluta (R37)."
    )
    risker: list[Risk] = Field(
        default_factory=list,
        description="Projektets risker: sannolikhet, konsekvens, ägare, åtgärd.",
    )
    samverkan: list[Samverkan] = Field(
        default_factory=list, description="Samverkan, som effektägaren ansvarar för (R38)."
    )

    @property
    def prioritised(self) -> bool:
        """R19: led by the förvaltning itself and not part of digitalt utanförskap."""
        return self.ledning == Ledning.FORVALTNINGEN and not self.digitalt_utanförskap
