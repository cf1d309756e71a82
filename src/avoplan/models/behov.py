"""A behov (need) on its way through Behovsprocessen (R1–R13)."""

from __future__ import annotations

from pydantic import Field

from avoplan.models.common import (
    BehovId,
    BehovRef,
    Model,
    PersonId,
    ProjektId,
    Projekttyp,
    Slug,
    Steg,
    SvEnum,
    Text,
)
from avoplan.models.effekt import Effektmal
from avoplan.models.federation import AvdelningRef
from avoplan.models.initiativ import Initiativ


class Berorda(Model):
    """Who is affected by the need (R5, R11): decides who holds the mandate. An avdelning
    of another förvaltning in the federation is named with its code (FS:boende)."""

    avdelningar: list[AvdelningRef] = Field(default_factory=list)
    förvaltningar: list[Slug] = Field(default_factory=list)


class Grovsallning(Model):
    """Step 2 (R5): rightly understood, who is affected, coordinated across förvaltningar."""

    rätt_förstått: Text | None = None
    berörda: Berorda | None = None
    tid_beroende: bool | None = Field(
        default=None, description="Beroende av Tjänsteförvaltning Integrerad Digitalisering"
    )
    tid_förändring: bool | None = Field(
        default=None,
        description="En förändring inom TID:s förvaltande uppdrag (rättning, anpassning till "
        "nya rutiner eller lagar, förbättring eller avveckling av funktioner) i ett system "
        "under tjänsteförvaltning; beslutas av operativa styr- och samordningsgruppen (R33)",
    )
    tid_undantag: Text | None = Field(
        default=None,
        description="Varför behovet inte beror av TID fast det nämner ett "
        "system under tjänsteförvaltning (R33)",
    )
    befintliga_lösningar: list[Text] = Field(
        default_factory=list,
        description="Befintliga lösningar inom staden som övervägts för återanvändning (R34)",
    )
    samordning: Text | None = None
    liknande_behov: list[BehovRef] = Field(default_factory=list)
    tid_medverkande: list[PersonId] = Field(
        default_factory=list, description="Vilka från TID som deltog i den objektiva bedömningen"
    )


class Beredning(Model):
    """Step 3 (R7): the fördjupad beskrivning in the uniform template."""

    fördjupning: Text | None = None
    konsekvensanalys: Text | None = None
    förvaltningsperspektiv: Text | None = None
    mantimmar: int | None = Field(default=None, ge=0)
    medverkande: list[PersonId] = Field(default_factory=list)
    effektmål: list[Effektmal] = Field(
        default_factory=list, description="Effektmål från beredningen; det första är frigjord tid"
    )


class Forutsattning(Model):
    beskrivning: Text
    klar: bool = False


class Projektorganisation(Model):
    """R9/R14–R16: who will own, lead and steer the coming project."""

    projektägare: PersonId | None = None
    effektägare: PersonId | None = None
    projektledare: PersonId | None = None
    styrgrupp: list[PersonId] = Field(default_factory=list)


class KlartForStart(Model):
    """Step 4 (R9): remaining prerequisites settled, projektorganisation clarified."""

    förutsättningar: list[Forutsattning] = Field(default_factory=list)
    projekttyp: Projekttyp | None = None
    projektorganisation: Projektorganisation | None = None


class Kopplingsmal(SvEnum):
    """R38: "Kopplingen till Digitala hjälpmedel i samverkan och Millenium ska finnas"."""

    DIGITALA_HJALPMEDEL = "Digitala hjälpmedel i samverkan"
    MILLENIUM = "Millenium"


class Koppling(Model):
    """What the need has to do with Digitala hjälpmedel i samverkan or Millenium."""

    till: Kopplingsmal
    beskrivning: Text | None = None


class Behov(Initiativ):
    id: BehovId
    avdelning: Slug
    kontaktperson: PersonId | None = None
    förslagsställare: list[PersonId] = Field(
        default_factory=list, description="Vem som föreslog behovet"
    )
    steg: Steg = Steg.INSAMLING
    grovsållning: Grovsallning | None = None
    beredning: Beredning | None = None
    klart_för_start: KlartForStart | None = None
    projekt: list[ProjektId] = Field(default_factory=list)
    kopplingar: list[Koppling] | None = Field(
        default=None,
        description="Kopplingen till Digitala hjälpmedel i samverkan och Millenium (R38); "
        "[] när behovet inte berör dem. Rådet ser den före sina beslut",
    )
    kommentar: str | None = None

    @property
    def sorted_out(self) -> bool:
        return self.steg == Steg.BORTSORTERAD
