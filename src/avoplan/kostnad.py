"""The cost model of 2025–2026 (R20): five items priced with the year's schablon."""

from __future__ import annotations

from dataclasses import dataclass

from avoplan.models.common import Kostnadsskattning
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
    from avoplan.text import format_kr

    def hours(count: int, rate: int) -> str:
        return f"{format_hours(count)} × {format_kr(rate)}/h"

    rows = [
        Kostnadsrad("Lönekostnad projektledare",
                    hours(estimate.projektledare_timmar, rates.projektledare_kr_per_timme),
                    estimate.projektledare_timmar * rates.projektledare_kr_per_timme),
        Kostnadsrad("Projektgruppens tid (schablon)",
                    hours(estimate.projektgrupp_timmar, rates.projektgrupp_kr_per_timme),
                    estimate.projektgrupp_timmar * rates.projektgrupp_kr_per_timme),
        Kostnadsrad("Styrgruppens tid (schablon)",
                    hours(estimate.styrgrupp_timmar, rates.styrgrupp_kr_per_timme),
                    estimate.styrgrupp_timmar * rates.styrgrupp_kr_per_timme),
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
