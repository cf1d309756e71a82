"""What the priority list is computed from: of each behov and projekt one compact row (a
`Post`) holding only what ranking and explaining it read, and of the rest of the
portfolio the prioriteringsmodell, the schablon, the plan's period and the organisation.
Free of I/O.

A whole portfolio's list (50 000 items) is ranked from these rows without holding the
models: `underlag_of` makes them from a loaded portfolio, and a warm `prioritet` makes
the same rows one file at a time (`workspace.underlag`). Both go through `post_of`, so
the two cannot differ. Only the items the list takes up (behov klart för start, planned
projects) keep their title, goals, estimate and decisions; every other item keeps what a
dependency says of it (R13, R22).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from avoplan.behovsprocess.steg import passed_bp4
from avoplan.core.text import join_sv
from avoplan.models.common import (
    Effektomfattning,
    Effekttyp,
    Kostnadsskattning,
    Nyttotyp,
    Steg,
)
from avoplan.models.initiativ import Prioritetsbeslut
from avoplan.models.projekt import Ledning, Projekt, Projektstatus
from avoplan.prioritet.infrastruktur import live

if TYPE_CHECKING:
    from avoplan.models.behov import Behov
    from avoplan.models.organisation import Organisation
    from avoplan.models.plan import Giltighet
    from avoplan.models.portfolio import Portfolio
    from avoplan.models.prioritering import Prioriteringsmodell
    from avoplan.models.schablon import Schablon


class Post(NamedTuple):
    """One behov or projekt as the priority list sees it (a tuple: about 200 bytes)."""

    id: str
    projekt: bool
    steg: str  # a behov's steg, a projekt's status, as written
    väntar: bool  # on the list: a behov klart för start, a planned project it prioritises
    levande: bool  # carries benefit to infrastructure it depends on (infrastruktur)
    beroenden: tuple[str, ...]
    nyttotyp: Nyttotyp | None
    effekttyp: tuple[Effekttyp, ...]
    effektomfattning: Effektomfattning | None
    frigjord_tid_timmar_per_år: int | None
    passerat_bp4: bool  # a behov handed over to a project at beslutspunkt 4 (R13)
    # Kept only for an item the list takes up or lists apart:
    titel: str = ""
    mål: tuple[int, ...] = ()
    kostnad: Kostnadsskattning | None = None
    prioritet: tuple[Prioritetsbeslut, ...] = ()
    bp3: date | None = None  # when a behov passed beslutspunkt 3 to klart för start (R8)
    behov: str | None = None  # the behov a projekt came out of (R13)
    utanför: str | None = None  # why a planned project is listed apart (R19)


@dataclass(frozen=True)
class Underlag:
    """Everything the priority list is computed from."""

    behov: Mapping[str, Post]
    projekt: Mapping[str, Post]
    prioritering: Prioriteringsmodell
    schablon: Mapping[str, Schablon]
    värderingsår: int
    giltighet: Giltighet
    organisation: Organisation


def underlag_of(
    portfolio: Portfolio,
    behov: Mapping[str, Post] | None = None,
    projekt: Mapping[str, Post] | None = None,
) -> Underlag:
    """The list's input from a loaded portfolio; `behov` and `projekt` stand in for its
    items when they were made one file at a time."""
    return Underlag(
        behov if behov is not None else {k: post_of(v) for k, v in portfolio.behov.items()},
        projekt if projekt is not None else {k: post_of(v) for k, v in portfolio.projekt.items()},
        portfolio.prioritering,
        portfolio.schablon,
        portfolio.valuation_year,
        portfolio.plan.giltighet,
        portfolio.organisation,
    )


T = TypeVar("T")
_SHARED: dict[Any, Any] = {}


def _shared(values: tuple[T, ...]) -> tuple[T, ...]:
    """One tuple per distinct value: 50 000 items name a handful of effect types."""
    return _SHARED.setdefault(values, values) if len(_SHARED) < 4096 else values


def post_of(item: Behov | Projekt) -> Post:
    """The item's row: what the list reads of it, and no more."""
    if isinstance(item, Projekt):
        listed = item.status == Projektstatus.PLANERAD
        steg, waiting, passed = item.status.value, listed and item.prioritised, False
    else:
        listed = waiting = item.steg == Steg.KLART_FOR_START
        steg, passed = item.steg.value, passed_bp4(item.beslut)
    projekt = isinstance(item, Projekt)
    post = Post(
        id=item.id,
        projekt=projekt,
        steg=steg,
        väntar=waiting,
        levande=live(steg, projekt=projekt),
        beroenden=tuple(item.beroenden),
        nyttotyp=item.nyttotyp,
        effekttyp=_shared(tuple(item.effekttyp)),
        effektomfattning=item.effektomfattning,
        frigjord_tid_timmar_per_år=item.frigjord_tid_timmar_per_år,
        passerat_bp4=passed,
    )
    return _listed(post, item) if listed else post


def unlisted_post(data: Mapping[str, Any], *, projekt: bool) -> Post | None:
    """`post_of` for an item the list neither takes up nor lists apart, from its data as
    its model writes it (the cache's JSON, every field present): no validation, which
    is most of what rebuilding the model costs. None for an item on the list, whose row
    needs its model."""
    steg = data["status"] if projekt else data["steg"]
    if steg == (Projektstatus.PLANERAD.value if projekt else Steg.KLART_FOR_START.value):
        return None
    nyttotyp, scope = data["nyttotyp"], data["effektomfattning"]
    return Post(
        id=data["id"],
        projekt=projekt,
        steg=steg,
        väntar=False,
        levande=live(steg, projekt=projekt),
        beroenden=tuple(data["beroenden"]),
        nyttotyp=None if nyttotyp is None else Nyttotyp(nyttotyp),
        effekttyp=_shared(tuple(Effekttyp(kind) for kind in data["effekttyp"])),
        effektomfattning=None if scope is None else Effektomfattning(scope),
        frigjord_tid_timmar_per_år=data["frigjord_tid_timmar_per_år"],
        passerat_bp4=not projekt and any(_hands_over(b) for b in data["beslut"]),
    )


def _hands_over(decision: Mapping[str, Any]) -> bool:
    """`steg.passed_bp4` for one decision as data."""
    return bool(decision["beslutspunkt"] == 4 and decision["till"] == Steg.PROJEKT.value)


def _listed(post: Post, item: Behov | Projekt) -> Post:
    if isinstance(item, Projekt):
        return post._replace(
            titel=item.titel,
            mål=_shared(tuple(item.mål)),
            kostnad=item.kostnad,
            prioritet=tuple(item.prioritet),
            behov=item.behov,
            utanför=None if item.prioritised else outside_reason(item),
        )
    bp3 = [b.datum for b in item.beslut if b.beslutspunkt == 3 and b.till == Steg.KLART_FOR_START]
    return post._replace(
        titel=item.titel,
        mål=_shared(tuple(item.mål)),
        kostnad=item.kostnad,
        prioritet=tuple(item.prioritet),
        bp3=bp3[-1] if bp3 else None,
    )


def outside_reason(project: Projekt) -> str:
    """Why a planned project is followed up but not on the list (R19)."""
    reasons = []
    if project.ledning == Ledning.STADSLEDNINGSKONTORET:
        reasons.append("leds av stadsledningskontoret")
    if project.ledning == Ledning.INTRASERVICE:
        reasons.append("leds av Intraservice")
    if project.digitalt_utanförskap:
        reasons.append("är arbete mot digitalt utanförskap")
    return f"{join_sv(reasons, 'och')}; följs upp men ingår inte i de prioriterade projekten (R19)"
