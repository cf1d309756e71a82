"""Shared building blocks: the strict base model, id types and Swedish vocabularies."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from avoplan.core.text import fold


class Model(BaseModel):
    """Every file and section: unknown keys are errors, never silently dropped."""

    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)


BehovId = Annotated[str, Field(pattern=r"^BEH-\d{3,}$", examples=["BEH-042"])]
# A need here (BEH-042) or in a member of the federation (ÄVO:BEH-042).
BehovRef = Annotated[
    str, Field(pattern=r"^(?:[A-ZÅÄÖ]{2,6}:)?BEH-\d{3,}$", examples=["BEH-042", "ÄVO:BEH-042"])
]
ProjektId = Annotated[str, Field(pattern=r"^PRJ-\d{3,}$", examples=["PRJ-012"])]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$", examples=["treserva"])]
PersonId = Slug
# A phase of the projektmodell (R36): lower-case Swedish words joined by dashes.
FasNamn = Annotated[
    str, Field(pattern=r"^[a-zåäö0-9]+(?:-[a-zåäö0-9]+)*$", examples=["genomförande"])
]
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]  # blank text is no text
Kronor = Annotated[int, Field(ge=0)]


def _not_a_number(value: Any) -> Any:
    """pydantic reads a number as a Unix timestamp; in a portfolio it is a typo."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


Datum = Annotated[date, BeforeValidator(_not_a_number)]


class SvEnum(StrEnum):
    """A vocabulary of Swedish words that also accepts ASCII and dashed spellings."""

    @classmethod
    def _missing_(cls, value: Any) -> SvEnum | None:
        if isinstance(value, str):
            key = fold(value)
            for member in cls:
                if fold(member.value) == key:
                    return member
        return None

    @property
    def label(self) -> str:
        """Capitalised for headings and tables."""
        return self.value[:1].upper() + self.value[1:]


class Steg(SvEnum):
    """Where an item stands in Behovsprocessen (R1), or how it left it."""

    INSAMLING = "insamling"
    GROVSALLNING = "grovsållning"
    BEREDNING = "beredning"
    KLART_FOR_START = "klart för start"
    PROJEKT = "projekt"
    BORTSORTERAD = "bortsorterad"

    @property
    def next(self) -> Steg | None:
        """The step after this one in the funnel (R1); None past the funnel."""
        return _NEXT.get(self)  # asked for every decision a check replays

    @property
    def beslutspunkt(self) -> int | None:
        """The beslutspunkt that leaves this step forwards: 1 from insamling to 4 from
        klart för start; None for projekt and bortsorterad."""
        return FUNNEL.index(self) + 1 if self in FUNNEL[:-1] else None


# The funnel in order (R1): each step is left through one beslutspunkt, the last into projekt.
FUNNEL: tuple[Steg, ...] = (
    Steg.INSAMLING,
    Steg.GROVSALLNING,
    Steg.BEREDNING,
    Steg.KLART_FOR_START,
    Steg.PROJEKT,
)
_NEXT = dict(pairwise(FUNNEL))


class Effekttyp(SvEnum):
    """R25: what kind of effect an initiative gives (seed 004's table, normalised)."""

    TIDSBESPARANDE = "tidsbesparande"
    KVALITETSHOJANDE = "kvalitetshöjande"
    KUNDUPPLEVELSE = "kundupplevelse"
    MILJO = "miljö"
    KOSTNADSBESPARANDE = "kostnadsbesparande"
    INFRASTRUKTUR = "infrastruktur"
    PATIENTSAKERHET = "patientsäkerhet"
    STYRNING = "stöd för styrning och ledning"
    ARBETSMILJO = "arbetsmiljö"


class Effektomfattning(SvEnum):
    """R25: Hög = large impact on single processes or smaller across the förvaltning;
    Mycket hög = large impact in a large part of the förvaltning."""

    LAG = "låg"
    MEDEL = "medel"
    HOG = "hög"
    HOG_MYCKET_HOG = "hög–mycket hög"
    MYCKET_HOG = "mycket hög"


class Komplexitet(SvEnum):
    """R22: complex or simple."""

    KOMPLEX = "komplex"
    ENKEL = "enkel"


class Nyttotyp(SvEnum):
    """R22: infrastructure or direct benefit."""

    INFRASTRUKTUR = "infrastruktur"
    DIREKT_NYTTA = "direkt nytta"


class Kostnadspost(Model):
    """A further cost the model is meant to grow with (R20): vikarier, utbildning, ..."""

    post: Text
    kr: Kronor


class LopandeKostnad(Model):
    """R38: what the solution costs per year once it runs: licences, drift and the
    förvaltning's time (priced with the schablon's förvaltning rate, R20)."""

    licenser_kr: Kronor = Field(default=0, description="Licenskostnad per år i drift (kr)")
    drift_kr: Kronor = Field(default=0, description="Driftkostnad per år (kr)")
    förvaltning_timmar: int = Field(
        default=0, ge=0, description="Förvaltningens tid per år i drift (timmar, schablon)"
    )
    övrigt: list[Kostnadspost] = Field(default_factory=list)


class Kostnadsskattning(Model):
    """R20: the cost estimate of 2025–2026, priced with the schablon of `år`; `löpande`
    is the yearly running cost after launch (R38), absent when not yet estimated."""

    år: int = Field(ge=2000, le=2100)
    projektledare_timmar: int = Field(default=0, ge=0)
    projektgrupp_timmar: int = Field(default=0, ge=0)
    styrgrupp_timmar: int = Field(default=0, ge=0)
    leverantör_kr: Kronor = 0
    konsult_kr: Kronor = 0
    övrigt: list[Kostnadspost] = Field(default_factory=list)
    löpande: LopandeKostnad | None = Field(
        default=None, description="Löpande kostnad per år efter driftstart (R38)"
    )


class Projekttyp(SvEnum):
    """R12: what kind of project; the first three are kinds of utredning."""

    UTREDNING = "utredning"
    FORSTUDIE = "förstudie"
    GENOMFORBARHETSTEST = "genomförbarhetstest"
    UPPHANDLING = "upphandling"
    INFORANDE = "införande"

    @property
    def is_investigation(self) -> bool:
        """R12: an investigation may send its need back to beredning when done."""
        return self in {Projekttyp.UTREDNING, Projekttyp.FORSTUDIE, Projekttyp.GENOMFORBARHETSTEST}
