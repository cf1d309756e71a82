"""A federation of portfolios (Integrerad Digitalisering): the six socialförvaltningar
each keep their own portfolio repository with their own ids; the federation file names
them, so a need can be referred to across förvaltningar as `ÄVO:BEH-042`."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field

from avoplan.core.text import fold
from avoplan.models.common import Model, Slug, Text

Kod = Annotated[str, Field(pattern=r"^[A-ZÅÄÖ]{2,6}$", examples=["ÄVO"])]
# A need or project id, local (BEH-042) or global (ÄVO:BEH-042).
GLOBAL_ID = re.compile(r"^(?P<kod>[A-ZÅÄÖ]{2,6}):(?P<id>(?:BEH|PRJ)-\d{3,})$")


class Medlem(Model):
    """One member portfolio: whose it is and where git fetches it from."""

    namn: Text
    kod: Kod = Field(description="Kort kod i globala id, t.ex. ÄVO i ÄVO:BEH-042")
    förvaltning: Slug | None = Field(
        default=None, description="Förvaltningens id i organisation.yaml"
    )
    förråd: Text | None = Field(
        default=None,
        description="Sökväg eller git-URL till "
        "portföljens förråd; tomt för en medlem utan portfölj ännu",
    )
    revision: Text = Field(default="main", description="Gren, tagg eller commit att hämta")


class Federation(Model):
    """Integrerad Digitalisering's members; `hem` is this portfolio's own code."""

    namn: Text = "Integrerad Digitalisering"
    hem: Kod | None = None
    medlemmar: list[Medlem] = Field(default_factory=list)

    def duplicates(self) -> list[tuple[int, Medlem, Medlem]]:
        """(index, member, the earlier member) for each member whose code is another's,
        or its ASCII spelling (AVO for ÄVO): a global id must name one member."""
        seen: dict[str, Medlem] = {}
        found: list[tuple[int, Medlem, Medlem]] = []
        for index, member in enumerate(self.medlemmar):
            earlier = seen.setdefault(fold(member.kod), member)
            if earlier is not member:
                found.append((index, member, earlier))
        return found

    def member(self, kod: str) -> Medlem | None:
        """The member with short code `kod` (ASCII spellings accepted: AVO for ÄVO)."""
        return next((m for m in self.medlemmar if fold(m.kod) == fold(kod)), None)


# An avdelning in berörda, local (hemtjanst) or in a member's organisation (FS:hemtjanst).
AvdelningRef = Annotated[
    str,
    Field(
        pattern=r"^(?:[A-ZÅÄÖ]{2,6}:)?[a-z0-9]+(?:[.-][a-z0-9]+)*$",
        examples=["hemtjanst", "FS:boende"],
    ),
]
GLOBAL_UNIT = re.compile(r"^(?P<kod>[A-ZÅÄÖ]{2,6}):(?P<id>[a-z0-9]+(?:[.-][a-z0-9]+)*)$")


def is_global(ref: str) -> bool:
    """A reference into another portfolio of the federation ('FS:BEH-050', 'FS:boende')."""
    return ":" in ref


def split_global_unit(ref: str) -> tuple[str, str] | None:
    """('FS', 'boende') for 'FS:boende'; None for a local avdelning."""
    match = GLOBAL_UNIT.match(ref.strip())
    return (match["kod"], match["id"]) if match else None


def split_global(ref: str) -> tuple[str, str] | None:
    """('ÄVO', 'BEH-042') for 'ÄVO:BEH-042'; None for a local id."""
    match = GLOBAL_ID.match(ref.strip())
    return (match["kod"], match["id"]) if match else None
