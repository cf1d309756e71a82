"""What a move needs besides its mandate: TID's part when a need names a system under
tjänsteförvaltning and the existing solutions considered (R33, R34), the start order
that waits for what a need depends on (R35), and the koppling to Digitala hjälpmedel i
samverkan och Millenium that the rådet must have before it decides (R38). Asked by the
one judge."""

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
    R38,
    enforces,
)
from avoplan.core.text import join_sv
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.delegation import Mandat
from avoplan.models.initiativ import Beslut
from avoplan.models.organisation import Forumtyp, Organisation

if TYPE_CHECKING:
    from avoplan.behovsprocess.fakta import Facts


# Members read once: on Python 3.11 a member looked up on its enum class costs a Python
# call, and a check asks these for every decision it replays.
_GROVSALLNING, _BEREDNING = Steg.GROVSALLNING, Steg.BEREDNING
_DIGITALISERINGSRAD = Forumtyp.DIGITALISERINGSRAD


@enforces("advance", R33, R34)
@enforces("check", R33, R34)
def tid_and_reuse(need: Behov, move: Move, systems: Mapping[str, str]) -> list[Finding]:
    """Before BP2 and BP3, which the own förvaltning decides only without TID dependency:
    R33, a need that names a system under tjänsteförvaltning depends on TID unless the
    grovsållning records why not; before BP2, R34, the grovsållning records which
    existing solutions in the city were considered."""
    if move.från not in (_GROVSALLNING, _BEREDNING):
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
    if section is not None and section.tid_förändring and not named:
        found.append(
            R33.error(
                "grovsållningen anger en förändring inom TID:s förvaltande uppdrag, men "
                "behovet nämner inget system under tjänsteförvaltning",
                loc=("grovsållning", "tid_förändring"),
                hint="ange systemet i system: (se system/), eller ta bort tid_förändring",
            )
        )
    if move.från == _GROVSALLNING and section is not None and not section.befintliga_lösningar:
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


@enforces("advance", R38)
@enforces("check", R38)
def koppling(need: Behov, mandat: Mandat, org: Organisation) -> list[Finding]:
    """R38: one of the rådet's purposes is that "Kopplingen till Digitala hjälpmedel i
    samverkan och Millenium ska finnas": a decision the rådet takes is on a need that
    states its koppling (`kopplingar:`), or that it has none (`kopplingar: []`)."""
    rad = org.forum_of_type(_DIGITALISERINGSRAD)
    if rad is None or rad.id not in mandat.forum or need.kopplingar is not None:
        return []
    return [
        R38.warning(
            f"beslutet tas i {rad.namn}, men behovet anger inte sin koppling till Digitala "
            "hjälpmedel i samverkan och Millenium, som ska finnas i rådet",
            loc=("kopplingar",),
            hint="ange kopplingar: [{till: Millenium, beskrivning: ...}], eller "
            "kopplingar: [] om behovet inte berör dem",
        )
    ]


def severity_on(when: date, valid_from: date | None) -> Severity:
    """Decisions older than the organisation data may have been right at the time."""
    return Severity.VARNING if valid_from and when < valid_from else Severity.FEL
