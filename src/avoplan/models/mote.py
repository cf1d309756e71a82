"""A meeting of a forum (R31): when and where, who was called and who attended, the
dagordning the registrator drafts before it and the protokoll after it.

"I de beredande månadsmöten mellan Digitalisering och IT samt respektive avdelning kan man
nominera in punkter till Digitaliseringsrådet"; "Stab och kommunikation bereder
dagordningen". A decision a forum takes names the meeting and the paragraph (`möte`,
`paragraf` on the decision); once the protokoll is justerat the file is never edited.
"""

from __future__ import annotations

from pydantic import Field

from avoplan.models.common import Datum, Model, PersonId, Slug, SvEnum, Text


class Punkttyp(SvEnum):
    """A paragraph is a decision or information."""

    BESLUT = "beslut"
    INFORMATION = "information"


class Paragraf(Model):
    """One numbered paragraph of the dagordning, and after the meeting its outcome."""

    nummer: int = Field(ge=1)
    rubrik: Text
    typ: Punkttyp = Punkttyp.INFORMATION
    avser: Text | None = Field(
        default=None,
        description="Behov, projekt, effektmål (PRJ-021:1) eller "
        "utvecklingsområde som punkten gäller",
    )
    föredragande: PersonId | None = Field(default=None, description="Vem som föredrar punkten")
    nominerad_av: Slug | None = Field(
        default=None, description="Vem eller vilket beredande möte som nominerade punkten"
    )
    utfall: Text | None = Field(default=None, description="Protokollets utfall för punkten")


class Justering(Model):
    """The protokoll justerat: after this the meeting's file is not changed."""

    datum: Datum
    justerare: list[PersonId] = Field(min_length=1, description="Vilka som justerade protokollet")


class Mote(Model):
    id: Slug
    forum: Slug
    datum: Datum
    tid: Text | None = None
    plats: Text | None = None
    ordförande: PersonId | None = None
    registrator: PersonId | None = Field(default=None, description="Vem som för protokollet")
    kallade: list[PersonId] = Field(
        default_factory=list, description="Vilka som kallades till mötet"
    )
    närvarande: list[PersonId] = Field(
        default_factory=list, description="Vilka som deltog; fylls i när mötet hållits"
    )
    dagordning: list[Paragraf] = Field(
        default_factory=list, description="Mötets numrerade paragrafer: beslut och information"
    )
    justering: Justering | None = Field(
        default=None, description="När och av vem protokollet justerades; därefter ändras det inte"
    )
    kommentar: str | None = None

    def paragraf(self, number: int) -> Paragraf | None:
        return next((p for p in self.dagordning if p.nummer == number), None)

    @property
    def justerat(self) -> bool:
        return self.justering is not None
