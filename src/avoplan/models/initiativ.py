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
    SvEnum,
    Text,
)
from avoplan.models.effekt import Omvarldshandelse
from avoplan.models.federation import AvdelningRef


class Underlag(Model):
    """What a decision was judged on: the need's reach as grovsållningen stated it then.
    Recorded with the decision, so a later change of berörda never invalidates it."""

    avdelningar: list[AvdelningRef] = Field(default_factory=list)
    förvaltningar: list[Slug] = Field(default_factory=list)
    tid_beroende: bool = False
    tid_förändring: bool = Field(
        default=False, description="En förändring inom TID:s förvaltande uppdrag (R33)"
    )


class Beslut(Model):
    """One recorded decision (R2). Appended by `avoplan advance`, never edited.

    A decision a forum takes as a body names the forum, the meeting (datum, and `möte` with
    the `paragraf` of its dagordning when the meeting is a file), the protokoll reference (§)
    and who took part; `beslutad_av` is then who recorded it on the forum's
    behalf. At BP2 `bakom` lists the affected förvaltningar whose utvecklingsteam stood
    behind the decision."""

    beslutspunkt: int | None = Field(default=None, ge=1, le=4)
    datum: Datum
    från: Steg
    till: Steg
    beslutad_av: PersonId
    roll: Text
    forum: Slug | None = None
    motivering: Text
    protokoll: Text | None = None
    möte: Slug | None = Field(
        default=None, description="Mötet där beslutet fattades (möten/<id>.yaml), R31"
    )
    paragraf: int | None = Field(
        default=None, ge=1, description="Paragrafen på mötets dagordning, R31"
    )
    deltagare: list[PersonId] = Field(
        default_factory=list, description="Vilka som deltog i beslutet"
    )
    bakom: list[Slug] = Field(
        default_factory=list,
        description="Berörda förvaltningar vars utvecklingsteam ställde sig bakom beslutet (BP2)",
    )
    delges: list[Slug] = Field(default_factory=list)
    underlag: Underlag | None = None


class Avser(SvEnum):
    """What a priority decision places: the gemensam väntelista (R8) or the order in which
    ready projects start, which the projektkontor decides (R10)."""

    VANTELISTA = "väntelista"
    STARTORDNING = "startordning"


class Prioritetsbeslut(Model):
    """A manual rank override on the priority list: a decision with a reason (R21), taken
    by the body the delegationsordning names, with its protokoll."""

    plats: int = Field(ge=1)
    datum: Datum
    beslutad_av: PersonId
    motivering: Text
    forum: Slug | None = None
    protokoll: Text | None = None
    avser: Avser = Avser.VANTELISTA


class Nominering(Model):
    """An item nominated to a forum's dagordning: "I de beredande månadsmöten mellan
    Digitalisering och IT samt respektive avdelning kan man nominera in punkter till
    Digitaliseringsrådet" (R31)."""

    forum: Slug
    datum: Datum
    av: PersonId
    kommentar: Text | None = None


class Initiativ(Model):
    """Fields shared by behov and projekt."""

    titel: Text
    beskrivning: str | None = None
    nytta: str | None = None
    effekttyp: list[Effekttyp] = Field(default_factory=list)
    effektomfattning: Effektomfattning | None = None
    frigjord_tid_timmar_per_år: int | None = Field(default=None, ge=0)
    mål: list[int] = Field(default_factory=list, description="Prioriterade mål (R23), nummer 1–4")
    system: list[Slug] = Field(default_factory=list)
    kostnad: Kostnadsskattning | None = None
    komplexitet: Komplexitet | None = None
    nyttotyp: Nyttotyp | None = None
    pios: bool | None = Field(default=None, description="Registrerat i PIOS (R22)")
    beroenden: list[str] = Field(
        default_factory=list, description="Id på behov eller projekt som måste komma före"
    )
    omvärld: list[Omvarldshandelse] = Field(
        default_factory=list,
        description="Händelser i omvärlden med datum som tajmingen beror på (R22)",
    )
    prioritet: list[Prioritetsbeslut] = Field(default_factory=list)
    registrerad: Datum | None = None
    nomineringar: list[Nominering] = Field(
        default_factory=list,
        description="Nominerad till ett forums dagordning (avoplan möte nominera)",
    )
    beslut: list[Beslut] = Field(default_factory=list)

    def decisions_from(self, step: Steg) -> list[Beslut]:
        return [b for b in self.beslut if b.från == step]
