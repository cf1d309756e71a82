"""A new decision from what the user asked with `avoplan advance`: the decision as it would
be recorded (`propose`: the forum, receivers, members present and underlag filled in), then
`decide`, which asks the one judge (`beslut.judge`) and returns the decision or a Refusal
with every reason. Pure: models in, outcome out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from avoplan.behovsprocess.beslut import judge, receivers, underlag_of
from avoplan.behovsprocess.fakta import Facts
from avoplan.behovsprocess.mandat import (
    find_authority,
    mandate,
)
from avoplan.behovsprocess.steg import Move, plan_move
from avoplan.core.errors import UserError
from avoplan.core.findings import Finding, Severity
from avoplan.models.common import Steg
from avoplan.models.delegation import Mandat
from avoplan.models.initiativ import Beslut
from avoplan.models.mote import Mote
from avoplan.models.organisation import Organisation, Person


@dataclass(frozen=True)
class Request:
    """What the user asked for with `avoplan advance`."""

    target: Steg
    person: Person
    datum: date
    motivering: str
    forum: str | None = None
    protokoll: str | None = None
    deltagare: tuple[str, ...] = ()
    bakom: tuple[str, ...] = ()
    möte: str | None = None
    paragraf: int | None = None


@dataclass(frozen=True)
class Outcome:
    beslut: Beslut
    move: Move
    warnings: tuple[Finding, ...]


class Refusal(UserError):
    """A move that may not be made; `reasons` say why (exit 1, nothing written)."""

    def __init__(self, headline: str, reasons: list[Finding]) -> None:
        super().__init__(headline, "ingenting har ändrats", tuple(map(reason_text, reasons)))
        self.reasons = reasons


def reason_text(finding: Finding) -> str:
    rule = f"{finding.rule} " if finding.rule else ""
    field = f"{finding.field}: " if finding.field else ""
    hint = f" ({finding.hint})" if finding.hint else ""
    return f"{rule}{field}{finding.message}{hint}"


def decide(request: Request, facts: Facts) -> Outcome:
    """The decision to append to the need's history, or a Refusal with every reason."""
    beslut = propose(request, facts)
    verdict = judge(beslut, facts)
    need = facts.ctx.need
    if not verdict.accepted or verdict.move is None:
        blocking = [r for r in verdict.reasons if r.severity == Severity.FEL]
        raise Refusal(
            f"{need.id} kan inte flyttas från {need.steg.value} till {request.target.value}",
            blocking,
        )
    if verdict.authority is not None:
        beslut = beslut.model_copy(update={"roll": verdict.authority.roll})
    warnings = tuple(r for r in verdict.reasons if r.severity == Severity.VARNING)
    return Outcome(beslut, verdict.move, warnings)


def _unjudged_role(person: Person) -> str:
    """The role recorded when the mandate could not be judged (a decision dated before
    the organisation data): what the person is, in their own title."""
    return person.titel or "roll ej prövad mot organisationen"


def propose(request: Request, facts: Facts) -> Beslut:
    """The decision as advance would record it: the forum the decider holds the mandate
    in when none was named, and the delegationsordning's receivers. With a meeting, its
    forum, its protokoll paragraph and (for a body) its members present, so nobody types
    them twice."""
    move = plan_move(facts.state, request.target)
    mandat = (
        mandate(move, facts.ctx.need, facts.ctx.org, facts.delegationsordning)
        if isinstance(move, Move)
        else None
    )
    möte = facts.meetings.get(request.möte) if request.möte else None
    asked = request.forum or (möte.forum if möte else None)
    authority = find_authority(request.person, mandat, facts.ctx, asked) if mandat else None
    forum = asked or (authority.forum.id if authority and authority.forum else None)
    return Beslut(
        beslutspunkt=move.beslutspunkt if isinstance(move, Move) else None,
        datum=request.datum,
        från=facts.state,
        till=request.target,
        beslutad_av=request.person.id,
        roll=authority.roll if authority else _unjudged_role(request.person),
        forum=forum,
        motivering=request.motivering,
        protokoll=request.protokoll or _protocol_ref(request),
        möte=request.möte,
        paragraf=request.paragraf,
        deltagare=list(request.deltagare) or _present_members(möte, mandat, facts.ctx.org),
        bakom=list(request.bakom),
        delges=receivers(move, mandat, facts.ctx) if mandat and isinstance(move, Move) else [],
        underlag=underlag_of(facts.ctx, move) if isinstance(move, Move) else None,
    )


def _protocol_ref(request: Request) -> str | None:
    if request.möte is None:
        return None
    return f"{request.möte} § {request.paragraf}" if request.paragraf else request.möte


def _present_members(möte: Mote | None, mandat: Mandat | None, org: Organisation) -> list[str]:
    """A body's decision: the forum's members the meeting records as present."""
    if möte is None or mandat is None or not mandat.organ:
        return []
    forum = org.forum_by_id(möte.forum)
    members = forum.members() if forum else set()
    return [p for p in möte.närvarande if p in members]
