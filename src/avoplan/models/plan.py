"""The plan itself (R23, R30): period, adoption, scope, the prioritised goals and the
plan's prose (`text`), which the documents lay out around the tables made from data."""

from __future__ import annotations

from pydantic import Field

from avoplan.models.common import Datum, Model, PersonId, Slug, Text


class Giltighet(Model):
    från: Datum
    till: Datum
    inledande_planering: int | None = Field(default=None, description="År med inledande planering")


class Antagande(Model):
    datum: Datum
    av: PersonId
    forum: Slug


class Rubrik(Model):
    """A subheading inside a section of prose."""

    rubrik: Text


# A list item, or a list nested under the item before it.
Punkt = Text | list[Text]
# A paragraph (text), a bullet list (a list) or a subheading.
Stycke = Text | list[Punkt] | Rubrik
Prosa = list[Stycke]


class Mal(Model):
    nummer: int = Field(ge=1)
    namn: Text
    beskrivning: Text | None = None
    text: Prosa = Field(default_factory=list, description="Målets hela text i planen")


class Stegtext(Model):
    """What a step of Behovsprocessen is and what its beslutspunkt means. Who decides
    is never written here: it comes from delegationsordning.yaml."""

    text: Prosa = Field(default_factory=list)
    beslutspunkt: Prosa = Field(default_factory=list)


class Behovsprocesstext(Model):
    insamling: Stegtext = Stegtext.model_construct()
    grovsållning: Stegtext = Stegtext.model_construct()
    beredning: Stegtext = Stegtext.model_construct()
    klart_för_start: Stegtext = Stegtext.model_construct()


class Ansvarsfordelning(Model):
    """The shared project ownership of the plan period, column by column."""

    rubrik_vänster: Text
    rubrik_höger: Text
    vänster: list[Text]
    höger: list[Text]


class Plantext(Model):
    """The plan's prose, section by section, in the order of the document. Every field
    is optional: a section without text shows only what is made from data."""

    varför: Prosa = Field(default_factory=list)
    utvecklingsområden: Prosa = Field(default_factory=list)
    bakgrund: Prosa = Field(default_factory=list)
    styrmodell: Prosa = Field(default_factory=list)
    integrerad_digitalisering: Prosa = Field(default_factory=list)
    utveckling: Prosa = Field(default_factory=list)
    tjänsteförvaltning: Prosa = Field(default_factory=list)
    tjänsteförvaltning_efter_system: Prosa = Field(default_factory=list)
    färdplaner: Prosa = Field(default_factory=list)
    arbete: Prosa = Field(default_factory=list)
    förhållningssätt: Prosa = Field(default_factory=list)
    behovsprocessen: Prosa = Field(default_factory=list)
    beslut_generellt: Prosa = Field(default_factory=list)
    steg: Behovsprocesstext = Behovsprocesstext.model_construct()
    definition_av_projekt: Prosa = Field(default_factory=list)
    systematisk_insamling: Prosa = Field(default_factory=list)
    projektmodell: Prosa = Field(default_factory=list)
    delat_ägarskap: Prosa = Field(default_factory=list)
    ansvarsfördelning: Ansvarsfordelning | None = None
    förhållningssätt_stödfunktioner: Prosa = Field(default_factory=list)
    pios: Prosa = Field(default_factory=list)
    digitaliseringsråd: Prosa = Field(default_factory=list)
    beredande_möten: Prosa = Field(default_factory=list)
    prioriteringsgrunder: Prosa = Field(default_factory=list)
    strategi: Prosa = Field(default_factory=list)
    prioritering: Prosa = Field(default_factory=list)
    ekonomisk_skattning: Prosa = Field(default_factory=list)
    prioriterade_projekt: Prosa = Field(default_factory=list)
    andra_projekt: Prosa = Field(default_factory=list)


class Plan(Model):
    titel: Text
    förvaltning: Slug
    diarienummer: Text | None = Field(default=None, description="Planens diarienummer")
    giltighet: Giltighet
    antagen: Antagande | None = None
    revidering: Text
    syfte: Text | None = None
    vem_omfattas: Text
    styrande_dokument: list[Text] = Field(default_factory=list)
    prioriterade_mål: list[Mal]
    prioriteringsprinciper: list[Text] = Field(default_factory=list)
    text: Plantext = Plantext.model_construct()
    exempel: bool = Field(
        default=False,
        description=(
            "Planens text är ÄVO:s exempel från 'avoplan init': skriv förvaltningens egen och ta "
            "bort raden; 'avoplan check' varnar så länge den står kvar"
        ),
    )
