"""The kvot of the priority list, in exact fractions (R20, R21, R25).

The formula (kostnad i förhållande till nytta is the foremost principle, R21):

    nytta per år  = frigjord tid (h/år) × schablonens värde för en frigjord timme
                    (the schablon of the estimate's year, R20)
    viktad nytta  = nytta per år × omfattningsvikt × (1 + 0,1 per effekttyp utöver
                    tidsbesparande, at most 3 counted)                           (R25)
    buren nytta   = for an infrastructure item, its share of the viktad nytta of what
                    depends on it (see `Carried`)                                 (R22)
    kostnad       = engångskostnad + löpande kostnad per år × 3 år                (R20, R38)
    kvot (poäng)  = (viktad nytta × 3 år + buren nytta) / kostnad                 (R21)

Omfattningsvikt: låg 0,5, medel 0,75, hög 1, hög–mycket hög 1,25, mycket hög 1,5.
`hög` is the reference because the source defines it as the ordinary large effect;
`mycket hög` (large impact in a large part of the förvaltning) counts half as much
again. Time saved is already valued in kronor, so only the other effect types add a
bonus, capped so listing many types cannot outweigh the money. The three-year horizon
scales every kvot alike (it never changes the order) and makes the kvot readable: above
1 means the weighted benefit of three years exceeds the cost.

The horizon also counts the running cost: the total cost of ownership over the years whose
benefit is weighed. An estimate without `löpande` counts its one-off cost only and says so.

Each explanation sentence is made from the same `Terms` that compute the quotient, so
explanation and arithmetic cannot drift.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

from avoplan.core.text import format_kr, join_sv
from avoplan.ekonomi.kostnad import (
    Kostnad,
    format_hours,
    freed_value,
    price,
    price_running,
    total_cost,
)
from avoplan.models.common import Effektomfattning, Effekttyp, Kostnadsskattning, Nyttotyp
from avoplan.models.prioritering import Prioriteringsmodell

if TYPE_CHECKING:
    from avoplan.models.schablon import Schablon


class Item(Protocol):
    """What the formula reads of a behov or projekt: its model, or its row on the list
    (`poster.Post`)."""

    @property
    def id(self) -> str: ...
    @property
    def kostnad(self) -> Kostnadsskattning | None: ...
    @property
    def frigjord_tid_timmar_per_år(self) -> int | None: ...
    @property
    def effektomfattning(self) -> Effektomfattning | None: ...
    @property
    def effekttyp(self) -> Sequence[Effekttyp]: ...
    @property
    def nyttotyp(self) -> Nyttotyp | None: ...


NO_GOAL = sys.maxsize


@dataclass(frozen=True)
class Model:
    """The portfolio's prioriteringsmodell (prioritering.yaml) as exact fractions."""

    horizon: int
    weights: Mapping[Effektomfattning, Fraction]
    bonus_per_effect: Fraction
    bonus_max: int

    @classmethod
    def of(cls, data: Prioriteringsmodell) -> Model:
        weights = {scope: Fraction(str(w)) for scope, w in data.vikter.items()}
        return cls(
            data.horisont_år,
            weights,
            Fraction(str(data.tillägg_per_effekttyp)),
            data.högst_antal_effekttyper,
        )


@dataclass(frozen=True)
class Scored:
    item: Item
    kvot: Fraction
    nytta_kr: int
    kostnad_kr: int
    steps: tuple[str, ...]
    terms: Terms


def assess(
    item: Item,
    rates_by_year: Mapping[str, Schablon],
    value_rates: Schablon | None,
    model: Model,
    carried: tuple[Carried, ...] = (),
) -> Scored | str:
    """The item scored by the formula, or what it lacks to be scored. The cost is priced
    with the schablon of the estimate's year (R20); freed time is valued with the one
    valuation year's schablon that every document uses."""
    estimate = item.kostnad
    rates = rates_by_year.get(str(estimate.år)) if estimate else None
    hours = item.frigjord_tid_timmar_per_år
    scope = item.effektomfattning
    if estimate is None or rates is None or hours is None or scope is None:
        return _lacking(item, has_rates=rates is not None)
    if value_rates is None:
        return "schablon för värderingsåret saknas, så frigjord tid kan inte värderas"
    if scope not in model.weights:
        return f"prioriteringsmodellen saknar vikt för effektomfattning {scope.value}"
    running = price_running(estimate, rates)
    if isinstance(running, str):
        return running
    terms = Terms(
        Nytta(hours, value_rates, scope, tuple(_extra_effects(item)), model),
        price(estimate, rates).total,
        rates.år,
        running,
        carried,
    )
    if terms.cost == 0:
        return "kostnadsskattningen summerar till 0 kr, så kvoten kan inte räknas"
    return Scored(item, terms.kvot, terms.value, terms.cost, terms.sentences(), terms)


def nytta_of(item: Item, value_rates: Schablon | None, model: Model) -> Nytta | None:
    """The item's own benefit terms, or None when it lacks what they need."""
    hours = item.frigjord_tid_timmar_per_år
    scope = item.effektomfattning
    if value_rates is None or hours is None or scope not in model.weights:
        return None
    assert scope is not None  # narrowed by the weights lookup above
    return Nytta(hours, value_rates, scope, tuple(_extra_effects(item)), model)


@dataclass(frozen=True)
class Nytta:
    """One item's own benefit over the horizon: freed time in kronor, weighted (R25)."""

    hours: int
    rates: Schablon  # the valuation year's, for freed time
    scope: Effektomfattning
    extra: tuple[str, ...]
    model: Model

    @property
    def value(self) -> int:
        return freed_value(self.hours, self.rates)

    @property
    def weight(self) -> Fraction:
        return self.model.weights[self.scope]

    @property
    def bonus(self) -> Fraction:
        return 1 + self.model.bonus_per_effect * min(len(self.extra), self.model.bonus_max)

    @property
    def weighted(self) -> Fraction:
        return self.value * self.weight * self.bonus * self.model.horizon


@dataclass(frozen=True)
class Carried:
    """Benefit an infrastructure item carries from one item that depends on it (R22): the
    dependant's own viktad nytta divided equally among everything it directly depends on
    (`among` of them), so no krona is carried twice. `weighted` is None when the
    dependant lacks frigjord tid or effektomfattning: it then carries nothing."""

    id: str
    weighted: Fraction | None
    among: int  # how many items the dependant directly depends on

    @property
    def kr(self) -> Fraction:
        return (self.weighted or Fraction(0)) / self.among


@dataclass(frozen=True)
class Terms:
    """The terms of the formula for one item, and the sentences that show them."""

    nytta: Nytta
    one_off: int
    cost_year: int
    running: Kostnad | None = None  # per year after launch (R38); None: not estimated
    carried: tuple[Carried, ...] = ()

    @property
    def model(self) -> Model:
        return self.nytta.model

    @property
    def value(self) -> int:
        return self.nytta.value

    @property
    def weight(self) -> Fraction:
        return self.nytta.weight

    @property
    def bonus(self) -> Fraction:
        return self.nytta.bonus

    @property
    def carried_kr(self) -> Fraction:
        return sum((c.kr for c in self.carried), Fraction(0))

    @property
    def weighted(self) -> Fraction:
        return self.nytta.weighted + self.carried_kr

    @property
    def running_per_year(self) -> int:
        return self.running.total if self.running else 0

    @property
    def cost(self) -> int:
        return total_cost(self.one_off, self.running_per_year, self.model.horizon)

    @property
    def kvot(self) -> Fraction:
        return self.weighted / self.cost

    def sentences(self) -> tuple[str, ...]:
        nytta = self.nytta
        rate = format_kr(nytta.rates.frigjord_tid_kr_per_timme)
        weight = _decimal(self.weight)
        weighted = format_kr(round(self.weighted))
        years = self.model.horizon
        return (
            f"Nytta: {format_hours(nytta.hours)} frigjord tid per år × {rate}/h "
            f"(schablon {nytta.rates.år}) = {format_kr(self.value)} per år.",
            f"Effektomfattning {nytta.scope.value} ger vikten {weight} (R25).",
            _bonus_sentence(list(nytta.extra), self.bonus, self.model),
            f"Viktad nytta under {years} år: {format_kr(self.value)} × {weight} × "
            f"{_decimal(self.bonus)} × {years} = {format_kr(round(nytta.weighted))}.",
            *self._carried_sentences(),
            *self._cost_sentences(),
            f"Kvot: {weighted} / {format_kr(self.cost)} = {_ratio(self.kvot)} (R21).",
        )

    def _carried_sentences(self) -> list[str]:
        if not self.carried:
            return []
        own = format_kr(round(self.nytta.weighted))
        carried = format_kr(round(self.carried_kr))
        return [
            *(_carried_sentence(c) for c in self.carried),
            f"Viktad nytta med buren nytta: {own} + {carried} = "
            f"{format_kr(round(self.weighted))} (R22).",
        ]

    def _cost_sentences(self) -> list[str]:
        one_off = f"{format_kr(self.one_off)} (R20)"
        if self.running is None:
            return [
                f"Kostnad enligt skattningen med schablon {self.cost_year}: {one_off}; "
                "ingen löpande kostnad är skattad (R38)."
            ]
        years = self.model.horizon
        parts = join_sv([f"{r.post.lower()} {format_kr(r.kr)}" for r in self.running.rader], "och")
        per_year = format_kr(self.running_per_year)
        over = format_kr(self.running_per_year * years)
        return [
            f"Engångskostnad enligt skattningen med schablon {self.cost_year}: {one_off}.",
            f"Löpande kostnad per år efter driftstart: {parts} = {per_year}; under {years} år "
            f"{per_year} × {years} = {over} (R38).",
            f"Total kostnad under {years} år: {format_kr(self.one_off)} + {over} = "
            f"{format_kr(self.cost)} (R38).",
        ]


def _carried_sentence(carried: Carried) -> str:
    if carried.weighted is None:
        return (
            f"Infrastruktur: {carried.id} beror på den men saknar frigjord tid eller "
            "effektomfattning, så ingen nytta bärs därifrån (R22)."
        )
    whole = format_kr(round(carried.weighted))
    if carried.among == 1:
        return (
            f"Infrastruktur: {carried.id} beror på den och på inget annat, så den bär hela "
            f"den viktade nyttan hos {carried.id}: {whole} (R22)."
        )
    return (
        f"Infrastruktur: {carried.id} beror på den och på {carried.among - 1} till, så den "
        f"bär 1/{carried.among} av den viktade nyttan hos {carried.id}: {whole} × "
        f"1/{carried.among} = {format_kr(round(carried.kr))} (R22)."
    )


def _lacking(item: Item, *, has_rates: bool) -> str:
    missing = []
    if item.kostnad is None:
        missing.append("kostnadsskattning (kostnad)")
    elif not has_rates:
        missing.append(f"schablon för {item.kostnad.år}")
    if item.frigjord_tid_timmar_per_år is None:
        missing.append("frigjord tid per år (frigjord_tid_timmar_per_år)")
    if item.effektomfattning is None:
        missing.append("effektomfattning")
    return f"saknar {join_sv(missing, 'och')}"


def _extra_effects(item: Item) -> list[str]:
    """Effect types beyond saved time, which the kronor of freed time already count."""
    kinds = dict.fromkeys(e for e in item.effekttyp if e != Effekttyp.TIDSBESPARANDE)
    return [kind.value for kind in kinds]


def _bonus_sentence(extra: list[str], bonus: Fraction, model: Model) -> str:
    if not extra:
        return "Inga effekttyper utöver tidsbesparande, så inget tillägg."
    capped = f" (högst {model.bonus_max} räknas)" if len(extra) > model.bonus_max else ""
    percent = round((bonus - 1) * 100)
    return (
        f"Effekttyper utöver tidsbesparande: {join_sv(extra, 'och')} ger ett tillägg på "
        f"{percent} %{capped} (R25)."
    )


def _decimal(value: Fraction) -> str:
    """0,75 / 1,1 / 1 - a weight as Swedish readers write it."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _ratio(value: Fraction | float) -> str:
    return f"{float(value):.2f}".replace(".", ",")


MARK = {"beslut": "*", "beroende": "†"}  # how a moved place is marked in every table


def format_decimal(value: float) -> str:
    """A weight as Swedish readers write it: 0,75 / 1,1 / 1."""
    return _decimal(Fraction(str(value)))


def format_kvot(value: float) -> str:
    """A kvot with two decimals and a decimal comma: 6,24."""
    return _ratio(value)


def formula_text(data: Prioriteringsmodell | None = None) -> str:
    """The formula in Swedish, for `avoplan prioritet --explain` and the plan documents,
    with the portfolio's model (prioritering.yaml)."""
    model = Model.of(data or Prioriteringsmodell())
    years, most = model.horizon, model.bonus_max
    year = f" {data.värderingsår}" if data and data.värderingsår else ""
    weights = ", ".join(
        f"{scope.value} {_decimal(weight)}" for scope, weight in model.weights.items()
    )
    bonus = _decimal(model.bonus_per_effect)
    return "\n".join(
        [
            "Kostnad i förhållande till nytta är den främsta prioriteringsprincipen (R21).",
            "1. Nytta per år = frigjord tid (timmar per år) × schablonens värde för en frigjord "
            f"timme, med schablonen för värderingsåret{year}; kostnaden räknas med schablonen "
            "för kostnadsskattningens år (R20).",
            f"2. Viktad nytta = nytta per år × vikt för effektomfattningen × (1 + {bonus} per "
            f"effekttyp utöver tidsbesparande, högst {most}) (R25). Vikter: {weights}.",
            "3. Infrastruktur (nyttotyp eller effekttyp infrastruktur) bär nyttan den gör möjlig "
            "(R22): varje post som beror direkt på den delar sin egen viktade nytta lika mellan "
            "allt den beror på, och infrastrukturen räknar in sin del.",
            f"4. Kvot = viktad nytta under {years} år / total kostnad under {years} år: "
            "engångskostnaden enligt kostnadsskattningen (R20) plus den löpande kostnaden per år "
            f"efter driftstart (licenser, drift, förvaltning) × {years} (R38). Högst kvot först; "
            f"en kvot över 1 betyder att den viktade nyttan under {years} år är större än "
            "kostnaden.",
            "5. Lika kvot: lägst nummer på prioriterat mål först, sedan flest prioriterade mål, "
            "sist id (R23).",
            "6. Ett registrerat prioritetsbeslut (prioritet:) placerar posten på den beslutade "
            "platsen; postens senaste beslut gäller.",
            "7. Ingen post står före något den beror på (R22): det som andra beror på flyttas upp "
            "före dem.",
            "Listan tar upp behov i steget klart för start och planerade projekt som förvaltningen "
            "leder. Projekt som leds av stadsledningskontoret eller Intraservice och arbetet mot "
            "digitalt utanförskap redovisas för sig (R19). Poster som saknar kostnadsskattning, "
            "schablon, frigjord tid eller effektomfattning redovisas som ej bedömda.",
        ]
    )
