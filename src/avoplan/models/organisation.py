"""Who is who (R4, R6, R8, R11, R18, R27): förvaltningar, avdelningar, forums, people.

Organisation facts live here as data, never in code: who is avdelningschef, which
forum decides, which avdelning holds the formal project ownership.
"""

from __future__ import annotations

from functools import cached_property
from typing import TypeVar

from pydantic import Field

from avoplan.models.common import Datum, Model, PersonId, Slug, SvEnum, Text


class Forumtyp(SvEnum):
    """The forums of the sources; each appears once in an organisation."""

    LOKALT_UTVECKLINGSTEAM = "lokalt utvecklingsteam"
    ID_GEMENSAMMA_UTVECKLINGSTEAMET = "ID-gemensamma utvecklingsteamet"
    OPERATIVA_STYRGRUPPEN = "operativa styr- och samordningsgruppen"
    STYRGRUPPEN = "styr- och samordningsgruppen"
    DIGITALISERINGSRAD = "digitaliseringsråd"
    PROJEKTKONTOR = "projektkontor"


class Forvaltning(Model):
    id: Slug
    namn: Text
    kortnamn: Text | None = None
    nämnd: Text | None = None
    förvaltningsdirektör: PersonId | None = None


class Avdelning(Model):
    id: Slug
    namn: Text
    avdelningschef: PersonId
    utförande: bool = Field(default=False, description="Utförande verksamhet (effektägare, R18)")


class Period(SvEnum):
    MANAD = "månad"
    AR = "år"


class Kadens(Model):
    """How often a forum meets at least (R32): `minst` meetings per `per`."""

    minst: int = Field(ge=1, description="Minst så många möten")
    per: Period = Field(description="Per månad eller år")
    månader: list[int] = Field(default_factory=list, description="Preliminära månader (1–12)")


class Forum(Model):
    id: Slug
    typ: Forumtyp
    namn: Text
    ordförande: PersonId | None = None
    ledamöter: list[PersonId] = Field(default_factory=list)
    mötesfrekvens: Text | None = None
    mötestid_timmar: float | None = Field(default=None, gt=0)
    kadens: Kadens | None = Field(default=None, description="Minsta mötesfrekvens (R32)")
    beskrivning: Text | None = None
    exempel: bool = Field(
        default=False,
        description=(
            "Exempel från 'avoplan init': byt mot förvaltningens verkliga forum och ta bort "
            "raden; 'avoplan check' varnar så länge exempel finns kvar"
        ),
    )

    def members(self) -> set[str]:
        return set(self.ledamöter) | ({self.ordförande} if self.ordförande else set())


class Person(Model):
    id: PersonId
    namn: Text
    epost: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    förvaltning: Slug
    avdelning: Slug | None = None
    enhet: Text | None = None
    titel: Text | None = None
    roller: list[Text] = Field(default_factory=list)
    exempel: bool = Field(
        default=False,
        description=(
            "Exempelperson från 'avoplan init': byt mot en verklig person och ta bort raden; "
            "'avoplan check' varnar så länge exempel finns kvar"
        ),
    )


class Tid(Model):
    """Tjänsteförvaltning Integrerad Digitalisering: the shared unit that runs the systems."""

    namn: Text
    förkortning: Text = "TID"
    organiserad_hos: Slug
    enhet: Text = Field(description="Värdet i personers 'enhet' som betyder att de hör till TID")


class Organisation(Model):
    egen_förvaltning: Slug
    gäller_från: Datum | None = Field(
        default=None,
        description="Från detta datum prövas beslutens mandat mot denna organisation; "
        "äldre beslut kan ha fattats i en tidigare organisation och ger bara varningar",
    )
    utvecklingsavdelning: Slug = Field(
        description="Avdelningen med formellt projektägarskap och ordförande i digitaliseringsrådet"
    )
    förvaltningar: list[Forvaltning]
    tid: Tid
    avdelningar: list[Avdelning]
    forum: list[Forum]
    personer: list[Person]

    def person(self, person_id: str) -> Person | None:
        return self.person_index.get(person_id)

    def person_by_email(self, email: str) -> Person | None:
        wanted = email.strip().lower()
        return next((p for p in self.personer if p.epost.lower() == wanted), None)

    def avdelning(self, avdelning_id: str) -> Avdelning | None:
        return self.avdelning_index.get(avdelning_id)

    def forum_by_id(self, forum_id: str) -> Forum | None:
        return self.forum_index.get(forum_id)

    def forum_of_type(self, typ: Forumtyp) -> Forum | None:
        return self.forum_type_index.get(typ)

    def forvaltning(self, forvaltning_id: str) -> Forvaltning | None:
        return self.forvaltning_index.get(forvaltning_id)

    def in_tid(self, person: Person) -> bool:
        return person.enhet == self.tid.enhet

    # Lookups run once per decision and project, so a 10,000-item portfolio asks them
    # tens of thousands of times. The first of a duplicated id wins, as a scan would find
    # it (duplicates are reported by check). Models are not mutated after loading.
    @cached_property
    def person_index(self) -> dict[str, Person]:
        return _first_by_id(self.personer)

    @cached_property
    def avdelning_index(self) -> dict[str, Avdelning]:
        return _first_by_id(self.avdelningar)

    @cached_property
    def forum_index(self) -> dict[str, Forum]:
        return _first_by_id(self.forum)

    @cached_property
    def forvaltning_index(self) -> dict[str, Forvaltning]:
        return _first_by_id(self.förvaltningar)

    @cached_property
    def forum_type_index(self) -> dict[Forumtyp, Forum]:
        """The first forum of each type, as a scan would find it."""
        found: dict[Forumtyp, Forum] = {}
        for forum in self.forum:
            found.setdefault(forum.typ, forum)
        return found


_Item = TypeVar("_Item", Person, Avdelning, Forum, Forvaltning)


def _first_by_id(items: list[_Item]) -> dict[str, _Item]:
    index: dict[str, _Item] = {}
    for item in items:
        index.setdefault(item.id, item)
    return index
