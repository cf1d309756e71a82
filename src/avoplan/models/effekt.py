"""Effektmål and their measurements: benefits followed from estimate to realised.

Shaped after DIGG's nyttorealisering (a baseline, a target, owners for realising and for
measuring, and dates for follow-up measurements that go on after the project closes).
An effektmål in a projektdirektiv may still be a sentence of text (as directives were
written before); a structured one carries what follow-up needs.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from avoplan.core.text import fold
from avoplan.models.common import Datum, Effekttyp, Model, PersonId, Slug, Text

# The unit of the frigjord-tid estimate that ranked the need: an effektmål measured in it
# compares directly with `frigjord_tid_timmar_per_år`.
TIMMAR_PER_AR = "timmar per år"


class Utgangslage(Model):
    """The baseline: what the indicator showed before the change, and where it is from."""

    värde: float
    datum: Datum
    källa: Text | None = None


class Malvarde(Model):
    """The target: what the indicator shall show, by when."""

    värde: float
    datum: Datum


class Matning(Model):
    """One follow-up measurement; appended by `avoplan matning`, never edited."""

    datum: Datum
    värde: float
    källa: Text | None = None


class Effektmal(Model):
    """One effektmål with what it takes to follow it up (R15, R17)."""

    beskrivning: Text
    mål: int | None = Field(default=None, description="Det prioriterade mål (1–4) det tjänar")
    effekttyp: Effekttyp | None = None
    indikator: Text | None = None
    enhet: Text | None = Field(default=None, description="t.ex. 'timmar per år'")
    utgångsläge: Utgangslage | None = None
    målvärde: Malvarde | None = None
    effektägare: PersonId | None = Field(
        default=None, description="Ansvarar för realiseringen; annars projektets effektägare"
    )
    mäts_av: PersonId | None = None
    mätplan: list[Datum] = Field(
        default_factory=list, description="Datum för uppföljande mätningar"
    )
    mätningar: list[Matning] = Field(default_factory=list)

    @property
    def in_hours_per_year(self) -> bool:
        return self.enhet is not None and fold(self.enhet) == fold(TIMMAR_PER_AR)

    @property
    def missing(self) -> list[str]:
        """What a running project's effektmål must state and this one does not."""
        wanted = {
            "indikator": self.indikator,
            "utgångsläge": self.utgångsläge,
            "målvärde": self.målvärde,
        }
        return [key for key, value in wanted.items() if value is None]


def _from_text(value: Any) -> Any:
    """A sentence is an effektmål with only its description (as directives were written
    before); one point of truth keeps every check and document on a single shape."""
    return {"beskrivning": value} if isinstance(value, str) else value


# A directive's effektmål: a sentence or a structured goal.
EffektmalPost = Annotated[
    Effektmal, BeforeValidator(_from_text, json_schema_input_type=str | Effektmal)
]


class Uppfoljningsansvar(Model):
    """Who follows the effektmål up once the project has closed: a förvaltningsobjekt
    (pm3) or a named person, from a date."""

    förvaltningsobjekt: Slug | None = None
    person: PersonId | None = None
    från: Datum | None = None

    @property
    def named(self) -> bool:
        return bool(self.förvaltningsobjekt or self.person)


class Omvarldshandelse(Model):
    """Tajming (R22): an event outside the portfolio the initiative must be timed to."""

    händelse: Text
    datum: Datum
