"""Infrastructure carries the benefit it makes possible (R22), free of I/O.

An item is infrastructure when its nyttotyp is `infrastruktur` or its effekttyp lists
`infrastruktur`. Its own freed time is often zero (BEH-017: two-factor login), so by its
own benefit alone its kvot would be 0,00 and it would rise only by being pulled before
what depends on it. Instead it carries a share of the benefit of the items that depend on
it directly:

    buren nytta = Σ over each live item D that lists it in `beroenden`:
                  D's own viktad nytta over the horizon / the number of items D depends on

A dependant's benefit is divided equally among everything it directly depends on, so a
krona is carried at most once however many enablers there are; the dependant keeps its
own benefit for its own kvot (the two kvoter answer different questions: what each costs
for what it makes happen). Only the dependant's own benefit is carried, never what it
carries itself, so benefit does not travel up a chain. Live dependants are behov not
bortsorterade and not yet projects (the project carries on the need's benefit) and
projects not avslutade.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from avoplan.models.common import Effekttyp, Nyttotyp, Steg
from avoplan.models.projekt import Projektstatus
from avoplan.prioritet.kvot import Carried, Item, Model, nytta_of

if TYPE_CHECKING:
    from avoplan.models.schablon import Schablon


def enables(item: Item) -> bool:
    """Whether the item is infrastructure, which carries the benefit it enables."""
    return item.nyttotyp == Nyttotyp.INFRASTRUKTUR or Effekttyp.INFRASTRUKTUR in item.effekttyp


def live(steg: str, *, projekt: bool) -> bool:
    """Whether an item in `steg` (a behov's steg, a projekt's status, as written) carries
    its benefit to infrastructure it depends on."""
    if projekt:
        return Projektstatus(steg).active
    return steg not in {Steg.BORTSORTERAD.value, Steg.PROJEKT.value}


def dependants(items: Iterable[Item], graph: Mapping[str, list[str]]) -> dict[str, list[Item]]:
    """For each id, the live `items` (in the order given) that depend on it directly."""
    found: dict[str, list[Item]] = {}
    for item in items:
        for dep in dict.fromkeys(graph[item.id]):
            found.setdefault(dep, []).append(item)
    return found


def carried(
    item: Item,
    index: Mapping[str, list[Item]],
    graph: Mapping[str, list[str]],
    value_rates: Schablon | None,
    model: Model,
) -> tuple[Carried, ...]:
    """The benefit an infrastructure item carries from each live item depending on it."""
    if not enables(item):
        return ()
    shares = []
    for other in index.get(item.id, ()):
        nytta = nytta_of(other, value_rates, model)
        among = len(dict.fromkeys(graph[other.id]))
        shares.append(Carried(other.id, nytta.weighted if nytta else None, among))
    return tuple(shares)
