"""What a move needs besides its mandate: TID's part when a need names a system under
tjänsteförvaltning and the existing solutions considered (R33, R34), and the start
order that waits for what a need depends on (R35). Asked by the one judge."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from avoplan.behovsprocess.steg import Move
from avoplan.core.findings import Finding, Severity
from avoplan.core.rulebook import (
    R33,
    R34,
    R35,
    enforces,
)
from avoplan.core.text import join_sv
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.initiativ import Beslut

if TYPE_CHECKING:
    from avoplan.behovsprocess.fakta import Facts


@enforces("advance", R33, R34)
@enforces("check", R33, R34)
def tid_and_reuse(need: Behov, move: Move, systems: Mapping[str, str]) -> list[Finding]:
    """Before BP2 and BP3, which the own förvaltning decides only without TID dependency:
    R33, a need that names a system under tjänsteförvaltning depends on TID unless the
    grovsållning records why not; before BP2, R34, the grovsållning records which
    existing solutions in the city were considered."""
    if move.från not in (Steg.GROVSALLNING, Steg.BEREDNING):
        return []
    section = need.grovsållning
    found = []
    named = [systems[s] for s in need.system if s in systems]
    if (
        named
        and section is not None
        and section.tid_beroende is not True
        and not section.tid_undantag
    ):
        found.append(
            R33.error(
                f"behovet nämner {join_sv(named, 'och')}, som står under tjänsteförvaltning hos "
                "TID; det är TID-beroende och beslutas i ID:s organ om inte grovsållningen anger "
                "varför inte",
                loc=("grovsållning", "tid_beroende"),
                hint="sätt tid_beroende: true, eller ange skälet i grovsållning.tid_undantag",
            )
        )
    if move.från == Steg.GROVSALLNING and section is not None and not section.befintliga_lösningar:
        found.append(
            R34.warning(
                "grovsållningen anger inte vilka befintliga lösningar inom staden som övervägts "
                "för återanvändning",
                loc=("grovsållning", "befintliga_lösningar"),
            )
        )
    return found


@enforces("advance", R35)
@enforces("check", R35)
def start_order(beslut: Beslut, facts: Facts) -> list[Finding]:
    """R35: "Projektkontor styr i vilken ordningsföljd de enskilda projekten kan startas
    upp", with "hänsyn till beroenden": a need starts (BP4) only after what it depends on
    has started. Refused, not warned: see README, Kostnad och prioritering."""
    late = []
    for dependency in facts.ctx.need.beroenden:
        if dependency not in facts.starts:
            continue
        started = facts.starts[dependency]
        if started is None or started > beslut.datum:
            late.append(dependency)
    if not late:
        return []
    return [
        R35.finding(
            severity_on(beslut.datum, facts.ctx.org.gäller_från),
            f"behovet beror av {join_sv(late, 'och')}, som inte hade startat "
            f"{beslut.datum}; projektkontoret startar projekten med hänsyn till "
            "beroenden",
            hint=f"starta {join_sv(late, 'och')} först, eller ta bort "
            "beroendet om projektkontoret bedömer att de kan gå parallellt",
        )
    ]


def severity_on(when: date, valid_from: date | None) -> Severity:
    """Decisions older than the organisation data may have been right at the time."""
    return Severity.VARNING if valid_from and when < valid_from else Severity.FEL
