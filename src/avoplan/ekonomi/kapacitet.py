"""FTE demand against the förvaltningsplan's capacity, by year and role, free of I/O.

Demand: every cost estimate of work still to do (behov in klart för start and projects
not avslutade) asks for its projektledare, projektgrupp and styrgrupp hours in the
estimate's year (R20); hours become årsarbeten (FTE) with that year's schablon
`timmar_per_årsarbete`. Capacity: the årsarbeten the förvaltningsplaner set aside for
projects (`kapacitet:` in forvaltningsobjekt/), summed per year and role. A year and role
whose demand exceeds a stated capacity is over; where no capacity is stated, demand is
shown without a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.forvaltningsobjekt import Forvaltningsobjekt, Projektroll
from avoplan.models.initiativ import Initiativ
from avoplan.models.projekt import Projekt
from avoplan.models.schablon import Schablon

# Read once: on Python 3.11 a member looked up on its enum class costs a Python call,
# and these are asked for every item.
_KLART_FOR_START = Steg.KLART_FOR_START


class Efterfragan(NamedTuple):
    """One item's demand for one role in one year (a tuple: a check of 10 000 items
    builds thousands)."""

    id: str
    titel: str
    timmar: int
    årsarbeten: Fraction | None  # None: the year's schablon has no timmar_per_årsarbete


@dataclass(frozen=True)
class Kapacitetsrad:
    år: int
    roll: Projektroll
    kapacitet: Fraction | None  # None: no förvaltningsplan states one
    poster: tuple[Efterfragan, ...]

    @property
    def efterfrågan(self) -> Fraction | None:
        """Total FTE demand; None when some hours cannot be converted."""
        # Summed per denominator first (exact, as adding every Fraction is): a year and
        # role of 10 000 items has thousands of posts over a few rates.
        numerators: dict[int, int] = {}
        for post in self.poster:
            value = post.årsarbeten
            if value is None:
                return None
            denominator = value.denominator
            numerators[denominator] = numerators.get(denominator, 0) + value.numerator
        total = Fraction(0)
        for denominator, numerator in numerators.items():
            total += Fraction(numerator, denominator)
        return total

    @property
    def timmar(self) -> int:
        return sum(p.timmar for p in self.poster)

    @property
    def över(self) -> bool:
        demand = self.efterfrågan
        return self.kapacitet is not None and demand is not None and demand > self.kapacitet


# Each role, in declaration order (as iterating the enum gives), and the field of a cost
# estimate that holds its hours.
_ROLE_HOURS = (
    (Projektroll.PROJEKTLEDARE, "projektledare_timmar"),
    (Projektroll.PROJEKTGRUPP, "projektgrupp_timmar"),
    (Projektroll.STYRGRUPP, "styrgrupp_timmar"),
)


def waiting_or_active(item: Initiativ) -> bool:
    """Work still to do: a need klart för start, a project not avslutad."""
    if isinstance(item, Behov):
        return item.steg == _KLART_FOR_START
    return isinstance(item, Projekt) and item.status.active


def capacity(objects: Iterable[Forvaltningsobjekt]) -> dict[tuple[int, Projektroll], Fraction]:
    found: dict[tuple[int, Projektroll], Fraction] = {}
    for obj in objects:
        for row in obj.kapacitet:
            key = (row.år, row.roll)
            found[key] = found.get(key, Fraction(0)) + Fraction(row.årsarbeten)
    return found


def kapacitet(
    items: Iterable[tuple[str, Initiativ]],
    objects: Iterable[Forvaltningsobjekt],
    rates_by_year: Mapping[str, Schablon],
) -> list[Kapacitetsrad]:
    """Demand and capacity per year and role, in year and role order."""
    stated = capacity(objects)
    demand: dict[tuple[int, Projektroll], list[Efterfragan]] = {}
    # The same few hours over the same few rates, over thousands of estimates: each
    # Fraction made once (one is built in Python, gcd and all).
    fractions: dict[tuple[int, int], Fraction] = {}
    for item_id, item in items:
        estimate = item.kostnad
        if estimate is None or not waiting_or_active(item):
            continue
        rates = rates_by_year.get(str(estimate.år))
        per_fte = rates.timmar_per_årsarbete if rates else None
        for roll, field in _ROLE_HOURS:
            count: int = getattr(estimate, field)
            if count:
                fte = None
                if per_fte:
                    fte = fractions.get((count, per_fte))
                    if fte is None:
                        fte = fractions[count, per_fte] = Fraction(count, per_fte)
                post = Efterfragan(item_id, item.titel, count, fte)
                demand.setdefault((estimate.år, roll), []).append(post)
    keys = sorted(set(stated) | set(demand), key=lambda k: (k[0], list(Projektroll).index(k[1])))
    return [Kapacitetsrad(y, r, stated.get((y, r)), tuple(demand.get((y, r), []))) for y, r in keys]


def fte_text(value: Fraction | Decimal | None) -> str:
    """2,5 / 0,38 - årsarbeten with at most two decimals and a decimal comma."""
    if value is None:
        return "–"
    return f"{round(float(value), 2):g}".replace(".", ",")
