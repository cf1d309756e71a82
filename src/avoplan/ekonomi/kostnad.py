"""The cost model of 2025–2026 (R20): five items priced with the year's schablon, and
the running cost per year after launch (R38): licences, drift and the förvaltning's time
priced with the schablon's förvaltning rate, plus further items. The total cost of
ownership over a horizon of N years is the one-off cost plus N years of running cost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from avoplan.core.errors import UserError
from avoplan.core.rulebook import R20, R38, enforces
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


@enforces("kostnad", R38)
def price_running(estimate: Kostnadsskattning, rates: Schablon) -> Kostnad | str | None:
    """The yearly running cost after launch (R38); None when the estimate states none,
    what is missing when the förvaltning's hours have no schablon rate."""
    running = estimate.löpande
    if running is None:
        return None
    rows = [
        Kostnadsrad("Licenser", "per år", running.licenser_kr),
        Kostnadsrad("Drift", "per år", running.drift_kr),
    ]
    if running.förvaltning_timmar:
        rate = rates.förvaltning_kr_per_timme
        if rate is None:
            return (
                f"schablon {rates.år} saknar förvaltning_kr_per_timme, så förvaltningens "
                "tid i drift kan inte prissättas (R38)"
            )
        rows.append(
            Kostnadsrad(
                "Förvaltningens tid (schablon)",
                f"{format_hours(running.förvaltning_timmar)} × {format_kr(rate)}/h per år",
                running.förvaltning_timmar * rate,
            )
        )
    rows += [Kostnadsrad(extra.post, "per år", extra.kr) for extra in running.övrigt]
    return Kostnad(estimate.år, tuple(rows))


def total_cost(one_off: int, running_per_year: int, years: int) -> int:
    """The total cost of ownership over `years` years of use (R38)."""
    return one_off + running_per_year * years


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
    running = price_running(estimate, rates)
    if isinstance(running, str):
        raise UserError(
            f"{label}: {running}", f"lägg till förvaltning_kr_per_timme i schablon/{rates.år}.yaml"
        )
    return price(estimate, rates), rates
