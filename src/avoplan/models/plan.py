"""The plan itself (R23, R30): period, adoption, scope and the prioritised goals."""

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


class Mal(Model):
    nummer: int = Field(ge=1)
    namn: Text
    beskrivning: Text | None = None


class Plan(Model):
    titel: Text
    förvaltning: Slug
    giltighet: Giltighet
    antagen: Antagande | None = None
    revidering: Text
    syfte: Text | None = None
    vem_omfattas: Text
    styrande_dokument: list[Text] = []
    prioriterade_mål: list[Mal]
    prioriteringsprinciper: list[Text] = []
