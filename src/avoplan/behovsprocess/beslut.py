"""The one judge of a decision in Behovsprocessen (R1–R12).

`advance` asks `judge` before it writes a new decision; `check` replays every recorded
decision through the same function, each with the facts as they stood when it was taken
(the step the need stood in and the date of the decision before). So a decision is
accepted by both or refused by both, with the same words. Pure: models in, verdict out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from avoplan.behovsprocess.innehall import required_content
from avoplan.behovsprocess.mandat import (
    SCOPE_TEXT,
    Authority,
    Context,
    find_authority,
    forum_names,
    mandate,
    mandate_rule,
    mandate_text,
    scope,
    unresolved,
    who_may_decide,
)
from avoplan.behovsprocess.steg import Move, plan_move
from avoplan.errors import UserError
from avoplan.findings import Finding, Severity, error, has_errors
from avoplan.models.common import Steg
from avoplan.models.delegation import Delegationsordning, Mandat
from avoplan.models.initiativ import Beslut
from avoplan.models.organisation import Person
from avoplan.rulebook import R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, enforces

INVESTIGATION_DONE = ("bara en avslutad utredning, förstudie eller ett genomförbarhetstest kan "
                      "föra behovet tillbaka till beredning")


@dataclass(frozen=True)
class Facts:
    """What judging one decision may consult, as it stood when the decision was taken."""

    ctx: Context
    rules: Delegationsordning
    state: Steg  # the step the need stood in before the decision
    previous: date | None = None  # the date of the decision before it


@dataclass(frozen=True)
class Verdict:
    move: Move | None
    mandat: Mandat | None
    authority: Authority | None
    decision: tuple[Finding, ...] = ()  # about the decision itself; loc inside the decision
    content: tuple[Finding, ...] = ()  # what the need must document; loc in the need's file
    unresolved: tuple[Finding, ...] = ()  # ids the judgement needs that do not exist

    @property
    def reasons(self) -> list[Finding]:
        return [*self.decision, *self.content, *self.unresolved]

    @property
    def accepted(self) -> bool:
        return not has_errors(self.reasons)


@enforces("advance", R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12)
@enforces("check", R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12)
def judge(beslut: Beslut, facts: Facts) -> Verdict:
    """Whether `beslut` may be (or may have been) taken, and every reason why not."""
    found = list(_state_findings(beslut, facts.state))
    move = plan_move(beslut.från, beslut.till)
    if isinstance(move, Finding):
        return Verdict(None, None, None, (*found, move.at(loc=("till",))))
    found += _beslutspunkt_findings(beslut, move)
    found += _chronology(beslut, facts.previous)
    content: list[Finding] = []
    if move.forward:
        content = required_content(facts.ctx.need, move.från, facts.ctx.org)
    elif move.reentry and not _investigation_done(facts.ctx):
        found.append(R12.error(INVESTIGATION_DONE))
    mandat = mandate(move, facts.ctx.need, facts.ctx.org, facts.rules)
    missing = _unresolved(beslut, move, mandat, facts)
    if missing or mandat is None:
        return Verdict(move, mandat, None, tuple(found), tuple(content), tuple(missing))
    authority, about_mandate = _mandate_findings(beslut, move, mandat, facts.ctx)
    return Verdict(move, mandat, authority, (*found, *about_mandate), tuple(content))


def _state_findings(beslut: Beslut, state: Steg) -> list[Finding]:
    if beslut.från == state:
        return []
    return [R1.error(f"beslutet utgår från {beslut.från.value} men behovet stod då i "
                     f"{state.value}", loc=("från",))]


def _beslutspunkt_findings(beslut: Beslut, move: Move) -> list[Finding]:
    if move.beslutspunkt == beslut.beslutspunkt:
        return []
    expected = (f"ska vara {move.beslutspunkt}" if move.beslutspunkt
                else "ska utelämnas vid återinträde i beredning")
    return [R2.error(f"fel beslutspunkt; {expected}", loc=("beslutspunkt",))]


def _chronology(beslut: Beslut, previous: date | None) -> list[Finding]:
    if previous is None or beslut.datum >= previous:
        return []
    return [R2.error(f"beslutet är daterat före föregående beslut ({beslut.datum} är före "
                     f"{previous})", loc=("datum",))]


def _investigation_done(ctx: Context) -> bool:
    return any(p.typ.is_investigation and not p.status.active for p in ctx.projects)


def _unresolved(beslut: Beslut, move: Move, mandat: Mandat | None, facts: Facts) -> list[Finding]:
    if mandat is None:
        return [R11.error(f"delegationsordningen saknar beslutspunkt {move.beslutspunkt}")]
    missing = unresolved(facts.ctx, mandat, beslut.forum)
    if facts.ctx.org.person(beslut.beslutad_av) is None:
        missing.append(f"okänd person '{beslut.beslutad_av}'")
    return [error(f"mandatet kan inte prövas: {what}") for what in missing]


def _mandate_findings(beslut: Beslut, move: Move, mandat: Mandat,
                      ctx: Context) -> tuple[Authority | None, list[Finding]]:
    org = ctx.org
    person = org.person(beslut.beslutad_av)
    assert person is not None  # unresolved people are reported before
    authority = find_authority(person, mandat, ctx, beslut.forum)
    # R2/R4: where the delegationsordning names forums, the decision records which one;
    # without a forum any of them would do, so the lookup alone cannot tell.
    if authority and (beslut.forum or not mandat.forum):
        return authority, []
    severity = _severity(beslut.datum, org.gäller_från)
    rule = mandate_rule(move, scope(ctx.need, org))
    if authority or (mandat.forum and find_authority(person, mandat, ctx)):
        forums = forum_names(mandat, org)
        message = (f"beslutet ska tas i {forums}" if beslut.forum
                   else f"forum saknas; beslutet ska tas i {forums}")
        return authority, [rule.finding(severity, message, loc=("forum",))]
    allowed = who_may_decide(mandat, ctx)
    hint = ("beslutet kan fattas av " + ", ".join(allowed) if allowed
            else "ingen i organisationen har det mandatet; se delegationsordning.yaml")
    message = (f"{person.namn} saknar mandat för detta beslut "
               f"({SCOPE_TEXT[scope(ctx.need, org)]}); enligt delegationsordningen beslutar "
               f"{mandate_text(mandat, org)}")
    return None, [rule.finding(severity, message, loc=("beslutad_av",), hint=hint)]


def _severity(when: date, valid_from: date | None) -> Severity:
    """Decisions older than the organisation data may have been right at the time."""
    return Severity.VARNING if valid_from and when < valid_from else Severity.FEL


# --- advance: a new decision from what the user asked ------------------------------------


@dataclass(frozen=True)
class Request:
    """What the user asked for with `avoplan advance`."""

    target: Steg
    person: Person
    datum: date
    motivering: str
    forum: str | None = None
    protokoll: str | None = None


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
        raise Refusal(f"{need.id} kan inte flyttas från {need.steg.value} till "
                      f"{request.target.value}", blocking)
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
    in when none was named, and the delegationsordning's receivers."""
    move = plan_move(facts.state, request.target)
    mandat = mandate(move, facts.ctx.need, facts.ctx.org, facts.rules) if isinstance(
        move, Move) else None
    authority = (find_authority(request.person, mandat, facts.ctx, request.forum)
                 if mandat else None)
    forum = request.forum or (authority.forum.id if authority and authority.forum else None)
    return Beslut(
        beslutspunkt=move.beslutspunkt if isinstance(move, Move) else None,
        datum=request.datum, från=facts.state, till=request.target,
        beslutad_av=request.person.id, roll=authority.roll if authority else _unjudged_role(
            request.person),
        forum=forum, motivering=request.motivering, protokoll=request.protokoll,
        delges=list(mandat.delges) if mandat else [],
    )
