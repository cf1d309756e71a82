"""The funnel's moves (R1, R2, R12): one step at a time, any beslutspunkt may sort out,
and a finished investigation may send its need back to beredning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from avoplan.core.findings import Finding
from avoplan.core.rulebook import R1, R2, R12
from avoplan.models.behov import Behov
from avoplan.models.common import FUNNEL, Steg
from avoplan.models.initiativ import Beslut
from avoplan.models.projekt import Projekt, Projektstatus


@dataclass(frozen=True)
class Move:
    """A step change and the beslutspunkt it passes (None for an R12 återinträde)."""

    från: Steg
    till: Steg
    beslutspunkt: int | None

    # Remembered on the move (plan_move hands out one move per pair of steps): the judge
    # asks both for every decision a check replays.
    @cached_property
    def reentry(self) -> bool:
        return self.från == Steg.PROJEKT and self.till == Steg.BEREDNING

    @cached_property
    def forward(self) -> bool:
        return self.till == self.från.next

    @cached_property
    def hands_over(self) -> bool:
        """Whether the move hands the need over to a project (BP4)."""
        return self.till == Steg.PROJEKT

    @property
    def label(self) -> str:
        """'BP2' or 'återinträde'."""
        return f"BP{self.beslutspunkt}" if self.beslutspunkt else "återinträde"


def plan_move(current: Steg, target: Steg) -> Move | Finding:
    """The move from `current` to `target`, or why there is none. Remembered: both are
    frozen, and a check asks the same few pairs for every decision it replays."""
    key = (current, target)
    known = _MOVES.get(key)
    if known is None:
        known = _MOVES[key] = _planned(current, target)
    return known


def _planned(current: Steg, target: Steg) -> Move | Finding:
    if current == Steg.BORTSORTERAD:
        return R2.error(
            "behovet är bortsorterat och kan inte flyttas",
            hint="registrera ett nytt behov med avoplan new om idén väcks igen",
        )
    if target == current:
        return R1.error(f"behovet står redan i steget {current.value}")
    if current == Steg.PROJEKT:
        if target == Steg.BEREDNING:
            return Move(current, target, None)
        return R12.error(
            "behovet har redan lämnats över till projekt; bara en avslutad "
            "utredning kan föra det tillbaka till beredning"
        )
    if target in (current.next, Steg.BORTSORTERAD):
        return Move(current, target, current.beslutspunkt)
    return R1.error(_skip_message(current, target))


_MOVES: dict[tuple[Steg, Steg], Move | Finding] = {}


def _skip_message(current: Steg, target: Steg) -> str:
    if target in FUNNEL and FUNNEL.index(target) < FUNNEL.index(current):
        return f"ett behov går inte bakåt från {current.value} till {target.value}"
    return (
        f"{current.value} → {target.value} hoppar över steg; nästa steg är "
        f"{current.next.value if current.next else '–'} "
        f"(beslutspunkt {current.beslutspunkt})"
    )


def passed_bp4(need_decisions: list[Beslut]) -> bool:
    """Whether a need's history hands it over to a project at beslutspunkt 4 (R10, R13)."""
    return any(b.beslutspunkt == 4 and b.till == Steg.PROJEKT for b in need_decisions)


def started_on(item: Behov | Projekt) -> date | None:
    """R35: when an item something depends on started: a need at its beslutspunkt 4, a
    project when it left planerad (its start date, or long ago when none is recorded);
    None when it has not started."""
    if isinstance(item, Projekt):
        if item.status == Projektstatus.PLANERAD:
            return None
        return item.start or date.min
    return next(
        (b.datum for b in item.beslut if b.beslutspunkt == 4 and b.till == Steg.PROJEKT), None
    )
