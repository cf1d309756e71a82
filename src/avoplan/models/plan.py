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
    text: Prosa = Field(default=[], description="Målets hela text i planen")


class Stegtext(Model):
    """What a step of Behovsprocessen is and what its beslutspunkt means. Who decides
    is never written here: it comes from delegationsordning.yaml."""

    text: Prosa = []
    beslutspunkt: Prosa = []


class Behovsprocesstext(Model):
    insamling: Stegtext = Stegtext()
    grovsållning: Stegtext = Stegtext()
    beredning: Stegtext = Stegtext()
    klart_för_start: Stegtext = Stegtext()


class Ansvarsfordelning(Model):
    """The shared project ownership of the plan period, column by column."""

    rubrik_vänster: Text
    rubrik_höger: Text
    vänster: list[Text]
    höger: list[Text]


class Plantext(Model):
    """The plan's prose, section by section, in the order of the document. Every field
    is optional: a section without text shows only what is made from data."""

    varför: Prosa = []
    utvecklingsområden: Prosa = []
    bakgrund: Prosa = []
    styrmodell: Prosa = []
    integrerad_digitalisering: Prosa = []
    utveckling: Prosa = []
    tjänsteförvaltning: Prosa = []
    tjänsteförvaltning_efter_system: Prosa = []
    färdplaner: Prosa = []
    arbete: Prosa = []
    förhållningssätt: Prosa = []
    behovsprocessen: Prosa = []
    beslut_generellt: Prosa = []
    steg: Behovsprocesstext = Behovsprocesstext()
    definition_av_projekt: Prosa = []
    systematisk_insamling: Prosa = []
    projektmodell: Prosa = []
    delat_ägarskap: Prosa = []
    ansvarsfördelning: Ansvarsfordelning | None = None
    förhållningssätt_stödfunktioner: Prosa = []
    pios: Prosa = []
    digitaliseringsråd: Prosa = []
    beredande_möten: Prosa = []
    prioriteringsgrunder: Prosa = []
    strategi: Prosa = []
    prioritering: Prosa = []
    ekonomisk_skattning: Prosa = []
    prioriterade_projekt: Prosa = []
    andra_projekt: Prosa = []


class Plan(Model):
    titel: Text
    förvaltning: Slug
    diarienummer: Text | None = Field(default=None, description="Planens diarienummer")
    giltighet: Giltighet
    antagen: Antagande | None = None
    revidering: Text
    syfte: Text | None = None
    vem_omfattas: Text
    styrande_dokument: list[Text] = []
    prioriterade_mål: list[Mal]
    prioriteringsprinciper: list[Text] = []
    text: Plantext = Plantext()
    exempel: bool = Field(
        default=False,
        description=(
            "Planens text är ÄVO:s exempel från 'avoplan init': skriv förvaltningens egen och ta "
            "bort raden; 'avoplan check' varnar så länge den står kvar"
        ),
    )
