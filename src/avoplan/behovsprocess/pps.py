"""The project model PPS (R14–R18): the roles of a project organisation, checked the same
way whether the organisation is planned in klart för start (the BP4 gate) or runs in a
project file. Pure: roles and the organisation in, findings out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from avoplan.core.findings import Finding, Loc
from avoplan.core.rulebook import R16, R18
from avoplan.models.organisation import Organisation

STYRGRUPP_MAX = 5


@dataclass(frozen=True)
class Roller:
    """A project organisation: who owns, receives, leads and steers."""

    projektägare: str | None
    effektägare: str | None
    styrgrupp: tuple[str, ...]
    förvaltningsansvarig: str | None = None


def styrgrupp_findings(roller: Roller, loc: Loc) -> Iterator[Finding]:
    """R16: at most five, led by the PÄ; the receivers of the result should sit in it."""
    members = roller.styrgrupp
    if len(members) > STYRGRUPP_MAX:
        yield R16.error(
            f"styrgruppen har {len(members)} personer; högst {STYRGRUPP_MAX} får ingå", loc=loc
        )
    if not members:
        return
    if roller.projektägare and roller.projektägare not in members:
        yield R16.error("styrgruppen leds av projektägaren, som saknas i den", loc=loc)
    for key in ("effektägare", "förvaltningsansvarig"):
        person = getattr(roller, key)
        if person and person not in members:
            yield R16.warning(f"{key} {person} bör ingå i styrgruppen", loc=loc)


def ownership_findings(roller: Roller, org: Organisation, base: Loc = ()) -> Iterator[Finding]:
    """R18: the formal PÄ sits in the utvecklingsavdelning (Kvalitet och utveckling), the
    effektägare is PÄ from an utförande avdelning."""
    owner = org.person(roller.projektägare or "")
    if owner and owner.avdelning != org.utvecklingsavdelning:
        home = org.avdelning(org.utvecklingsavdelning)
        name = home.namn if home else "utvecklingsavdelningen"
        yield R18.error(f"projektägaren ska komma från {name}", loc=(*base, "projektägare"))
    receiver = org.person(roller.effektägare or "")
    unit = org.avdelning(receiver.avdelning or "") if receiver else None
    if receiver and not (unit and unit.utförande):
        yield R18.error(
            "effektägaren ska komma från en utförande avdelning", loc=(*base, "effektägare")
        )
