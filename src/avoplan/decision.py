"""Deciding a move in Behovsprocessen (R1–R12): the checks before anything is written.

Pure: takes models, returns the decision to record or raises a Refusal that lists
every reason, so the user can fix all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from avoplan.errors import UserError
from avoplan.findings import Finding, Severity, error
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.delegation import Delegationsordning, Mandat
from avoplan.models.initiativ import Beslut
from avoplan.models.organisation import Person
from avoplan.process import (
    SCOPE_TEXT,
    STEP_LABEL,
    Context,
    Move,
    find_authority,
    mandate,
    mandate_rule,
    mandate_text,
    plan_move,
    required_content,
    scope,
    who_may_decide,
)


class Refusal(UserError):
    """A move that may not be made; `reasons` say why (exit 1, nothing written)."""

    def __init__(self, headline: str, reasons: list[Finding]) -> None:
        super().__init__(headline, "ingenting har ändrats", tuple(map(_reason, reasons)))
        self.reasons = reasons


def _reason(finding: Finding) -> str:
    rule = f"{finding.rule} " if finding.rule else ""
    field = f"{finding.field}: " if finding.field else ""
    hint = f" ({finding.hint})" if finding.hint else ""
    return f"{rule}{field}{finding.message}{hint}"


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


def decide(request: Request, ctx: Context, rules: Delegationsordning) -> Outcome:
    """The decision to append to the need's history, or a Refusal with every reason."""
    need = ctx.need
    move = plan_move(need.steg, request.target)
    if isinstance(move, Finding):
        raise Refusal(_headline(need, request.target), [move])
    reasons = list(_content(move, ctx))
    reasons += _chronology(need, request.datum)
    mandat = mandate(move, need, ctx.org, rules)
    if mandat is None:
        reasons.append(error(f"delegationsordningen saknar beslutspunkt {move.beslutspunkt}",
                             rule="R11"))
        authority = None
    else:
        authority = find_authority(request.person, mandat, ctx, request.forum)
        if authority is None:
            reasons.append(_no_mandate(request, move, mandat, ctx))
    blocking = [r for r in reasons if r.severity == Severity.FEL]
    if blocking or authority is None or mandat is None:
        raise Refusal(_headline(need, request.target), blocking)
    beslut = Beslut(
        beslutspunkt=move.beslutspunkt, datum=request.datum, från=move.från, till=move.till,
        beslutad_av=request.person.id, roll=authority.roll,
        forum=authority.forum.id if authority.forum else None, motivering=request.motivering,
        protokoll=request.protokoll, delges=list(mandat.delges),
    )
    warnings = tuple(r for r in reasons if r.severity == Severity.VARNING)
    return Outcome(beslut, move, warnings)


def _headline(need: Behov, target: Steg) -> str:
    return f"{need.id} kan inte flyttas från {STEP_LABEL[need.steg]} till {STEP_LABEL[target]}"


def _content(move: Move, ctx: Context) -> list[Finding]:
    """R3/R5/R7/R9 before going forward; R12 before re-entering beredning."""
    if move.forward:
        return required_content(ctx.need, move.från, ctx.org)
    if move.reentry:
        done = [p for p in ctx.projects if p.typ.is_investigation and not p.status.active]
        if not done:
            return [error("bara en avslutad utredning, förstudie eller ett genomförbarhetstest "
                          "kan föra behovet tillbaka till beredning", rule="R12")]
    return []


def _chronology(need: Behov, when: date) -> list[Finding]:
    if need.beslut and when < need.beslut[-1].datum:
        return [error(f"datumet {when} ligger före föregående beslut "
                      f"({need.beslut[-1].datum})", loc=("beslut",), rule="R2")]
    return []


def _no_mandate(request: Request, move: Move, mandat: Mandat, ctx: Context) -> Finding:
    reach = scope(ctx.need, ctx.org)
    rule = mandate_rule(move, reach)
    allowed = who_may_decide(mandat, ctx)
    hint = ("beslutet kan fattas av " + ", ".join(allowed) if allowed
            else "ingen i organisationen har det mandatet; se delegationsordning.yaml")
    if request.forum and find_authority(request.person, mandat, ctx) is not None:
        message = f"beslutet tas inte i forumet '{request.forum}'; det tas i " + \
            mandate_text(mandat, ctx.org).split(" i ", 1)[-1]
        return error(message, rule=rule, hint=hint)
    message = (f"{request.person.namn} saknar mandat för beslutspunkt "
               f"{move.beslutspunkt or 'återinträde'} ({SCOPE_TEXT[reach]}); enligt "
               f"delegationsordningen beslutar {mandate_text(mandat, ctx.org)}")
    return error(message, rule=rule, hint=hint)


PROJECT_FIELDS = ("effekttyp", "effektomfattning", "frigjord_tid_timmar_per_år", "mål",
                  "system", "komplexitet", "nyttotyp", "pios", "kostnad")


def project_from_need(need: Behov, project_id: str, start: date) -> dict[str, Any]:
    """R10: the PPS project that BP4 hands the need over to, as plain file data."""
    section = need.klart_för_start
    team = section.projektorganisation if section else None
    data: dict[str, Any] = {
        "id": project_id,
        "titel": need.titel,
        "behov": need.id,
        "avdelning": need.avdelning,
        "typ": section.projekttyp.value if section and section.projekttyp else "införande",
        "status": "planerad",
        "start": start,
    }
    if need.beskrivning:
        data["beskrivning"] = need.beskrivning
    dumped = need.model_dump(mode="json", include=set(PROJECT_FIELDS), exclude_defaults=True)
    data.update({key: dumped[key] for key in PROJECT_FIELDS if key in dumped})
    if team:
        data.update(team.model_dump(mode="json", exclude_defaults=True))
    return data
