"""The cost model of 2025–2026 (R20): five items priced with the year's schablon."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from avoplan.core.errors import UserError
from avoplan.core.rulebook import R20, enforces
from avoplan.core.text import format_kr, join_sv
from avoplan.models.common import Kostnadsskattning
from avoplan.models.initiativ import Initiativ
from avoplan.models.schablon import Schablon


@dataclass(frozen=True)
class Kostnadsrad:
    post: str
    underlag: str
    kr: int


@dataclass(frozen=True)
class Kostnad:
    år: int
    rader: tuple[Kostnadsrad, ...]

    @property
    def total(self) -> int:
        return sum(rad.kr for rad in self.rader)


def price(estimate: Kostnadsskattning, rates: Schablon) -> Kostnad:
    """The estimate in kronor, one row per item of the model, further items last."""

    def hours(count: int, rate: int) -> str:
        return f"{format_hours(count)} × {format_kr(rate)}/h"

    rows = [
        Kostnadsrad(
            "Lönekostnad projektledare",
            hours(estimate.projektledare_timmar, rates.projektledare_kr_per_timme),
            estimate.projektledare_timmar * rates.projektledare_kr_per_timme,
        ),
        Kostnadsrad(
            "Projektgruppens tid (schablon)",
            hours(estimate.projektgrupp_timmar, rates.projektgrupp_kr_per_timme),
            estimate.projektgrupp_timmar * rates.projektgrupp_kr_per_timme,
        ),
        Kostnadsrad(
            "Styrgruppens tid (schablon)",
            hours(estimate.styrgrupp_timmar, rates.styrgrupp_kr_per_timme),
            estimate.styrgrupp_timmar * rates.styrgrupp_kr_per_timme,
        ),
        Kostnadsrad("Utvecklingskostnad hos leverantör", "uppskattning", estimate.leverantör_kr),
        Kostnadsrad("Konsultkostnad", "uppskattning", estimate.konsult_kr),
    ]
    rows += [Kostnadsrad(extra.post, "uppskattning", extra.kr) for extra in estimate.övrigt]
    return Kostnad(estimate.år, tuple(rows))


def freed_value(hours_per_year: int | None, rates: Schablon) -> int:
    """The yearly value of freed working time, in kronor."""
    return (hours_per_year or 0) * rates.frigjord_tid_kr_per_timme


def format_hours(count: int) -> str:
    """1 800 h - hours grouped like the amounts beside them."""
    return f"{count:,}".replace(",", "\u00a0") + "\u00a0h"


def priced(item: Initiativ, rates_by_year: Mapping[str, Schablon]) -> Kostnad | None:
    """The item's estimate priced with the schablon of the estimate's year (R20); None
    when there is no estimate or no schablon for its year."""
    estimate = item.kostnad
    rates = rates_by_year.get(str(estimate.år)) if estimate else None
    if estimate is None or rates is None:
        return None
    return price(estimate, rates)


@enforces("kostnad", R20)
def costed(rates_by_year: Mapping[str, Schablon], item: Initiativ) -> tuple[Kostnad, Schablon]:
    """The item's estimate priced with the schablon of its year, or a UserError saying
    what is missing (R20)."""
    label = getattr(item, "id", item.titel)
    estimate = item.kostnad
    if estimate is None:
        raise UserError(
            f"{label} har ingen kostnadsskattning",
            "lägg till 'kostnad:' med år, timmar för projektledare, projektgrupp "
            "och styrgrupp samt leverantörs- och konsultkostnad (R20)",
        )
    rates = rates_by_year.get(str(estimate.år))
    if rates is None:
        known = join_sv(sorted(rates_by_year), "och") or "inga år"
        raise UserError(
            f"schablon för {estimate.år} saknas, så kostnaden för {label} kan inte räknas (R20)",
            f"lägg till schablon/{estimate.år}.yaml (schabloner finns för {known})",
        )
    return price(estimate, rates), rates
