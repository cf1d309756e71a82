"""R1–R13 on what is recorded: each need's decision history, its content and its links."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from avoplan.findings import Finding, Severity, error, warning
from avoplan.loader import BEHOV, PROJEKT, Portfolio
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.delegation import Mandat
from avoplan.models.initiativ import Beslut
from avoplan.models.organisation import Organisation
from avoplan.models.projekt import Projekt
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
)
from avoplan.text import join_sv


def check_needs(portfolio: Portfolio) -> Iterator[Finding]:
    for need in portfolio.behov.values():
        for finding in need_findings(need, portfolio):
            yield replace(finding, file=portfolio.path(BEHOV, need.id))


def need_findings(need: Behov, portfolio: Portfolio) -> Iterator[Finding]:
    state, previous = Steg.INSAMLING, None
    for index, decision in enumerate(need.beslut):
        yield from _decision_findings(need, index, decision, state, previous, portfolio)
        state, previous = decision.till, decision.datum
    if need.steg != state:
        yield error(
            f"steg är '{need.steg.value}' men besluten leder till '{state.value}'",
            loc=("steg",), rule="R2",
            hint="flytta behov med 'avoplan advance' så att beslutet registreras",
        )
    yield from content_findings(need, portfolio)


def _decision_findings(need: Behov, index: int, decision: Beslut, state: Steg,
                       previous: date | None, portfolio: Portfolio) -> Iterator[Finding]:
    loc = ("beslut", index)
    if decision.från != state:
        yield error(f"beslutet utgår från {STEP_LABEL[decision.från]} men behovet stod då i "
                    f"{STEP_LABEL[state]}", loc=(*loc, "från"), rule="R1")
    move = plan_move(decision.från, decision.till)
    if isinstance(move, Finding):
        yield replace(move, loc=(*loc, "till"))
        return
    if move.beslutspunkt != decision.beslutspunkt:
        expected = (f"ska vara {move.beslutspunkt}" if move.beslutspunkt
                    else "ska utelämnas vid återinträde i beredning")
        yield error(f"fel beslutspunkt; {expected}", loc=(*loc, "beslutspunkt"), rule="R2")
    if previous and decision.datum < previous:
        yield error("beslutet är daterat före föregående beslut", loc=(*loc, "datum"), rule="R2")
    yield from _mandate_findings(need, loc, decision, move, portfolio)


def _mandate_findings(need: Behov, loc: tuple[str | int, ...], decision: Beslut, move: Move,
                      portfolio: Portfolio) -> Iterator[Finding]:
    org = portfolio.organisation
    person = org.person(decision.beslutad_av)
    mandat = mandate(move, need, org, portfolio.delegationsordning)
    if person is None or mandat is None or _unresolved(need, decision, mandat, org):
        return  # an unknown id or an incomplete delegationsordning: reported as references
    ctx = Context(need, org, linked_projects(need, portfolio))
    authority = find_authority(person, mandat, ctx, decision.forum)
    # R2/R4: where the delegationsordning names forums, the decision records which one;
    # without a forum any of them would do, so the lookup alone cannot tell.
    if authority and (decision.forum or not mandat.forum):
        return
    severity = _mandate_severity(decision.datum, org.gäller_från)
    rule = mandate_rule(move, scope(need, org))
    if authority or (mandat.forum and find_authority(person, mandat, ctx)):
        forums = join_sv([f.namn for f in map(org.forum_by_id, mandat.forum) if f])
        message = (f"beslutet ska tas i {forums}" if decision.forum else
                   f"forum saknas; beslutet ska tas i {forums}")
        yield replace(error(message, loc=(*loc, "forum"), rule=rule), severity=severity)
        return
    message = (f"{person.namn} saknar mandat för detta beslut ({SCOPE_TEXT[scope(need, org)]}); "
               f"enligt delegationsordningen beslutar {mandate_text(mandat, org)}")
    yield replace(error(message, loc=(*loc, "beslutad_av"), rule=rule), severity=severity)


def _unresolved(need: Behov, decision: Beslut, mandat: Mandat, org: Organisation) -> bool:
    """Whether the mandate depends on an id that does not exist; judging it anyway would
    repeat the reference finding as a misleading mandate finding."""
    berorda = need.grovsållning.berörda if need.grovsållning else None
    avdelningar = [need.avdelning, *(berorda.avdelningar if berorda else [])]
    forums = [*mandat.forum, *([decision.forum] if decision.forum else [])]
    return (any(org.avdelning(a) is None for a in avdelningar)
            or any(org.forvaltning(f) is None for f in (berorda.förvaltningar if berorda else []))
            or any(org.forum_by_id(f) is None for f in forums))


def _mandate_severity(when: date, valid_from: date | None) -> Severity:
    """Decisions older than the organisation data may have been right at the time."""
    return Severity.VARNING if valid_from and when < valid_from else Severity.FEL


def linked_projects(need: Behov, portfolio: Portfolio) -> tuple[Projekt, ...]:
    return tuple(portfolio.projekt[p] for p in need.projekt if p in portfolio.projekt)


def content_findings(need: Behov, portfolio: Portfolio) -> Iterator[Finding]:
    """What every beslutspunkt the need has passed forwards required (R3, R5, R7, R9)."""
    passed: list[Steg] = []
    for decision in need.beslut:
        move = plan_move(decision.från, decision.till)
        if isinstance(move, Move) and move.forward and decision.från not in passed:
            passed.append(decision.från)
    for step in passed:
        yield from required_content(need, step, portfolio.organisation)


def check_links(portfolio: Portfolio) -> Iterator[Finding]:
    """R10: a need handed over and its project point at each other; R12 re-entry."""
    for need in portfolio.behov.values():
        for finding in _need_links(need, portfolio):
            yield replace(finding, file=portfolio.path(BEHOV, need.id))
    for project in portfolio.projekt.values():
        origin = portfolio.behov.get(project.behov or "")
        if origin is not None and project.id not in origin.projekt:
            yield error(f"{origin.id} pekar inte ut {project.id} under 'projekt'",
                        portfolio.path(PROJEKT, project.id), ("behov",), rule="R10",
                        hint=f"lägg till {project.id} i {origin.id}:s lista 'projekt'")


def _need_links(need: Behov, portfolio: Portfolio) -> Iterator[Finding]:
    if need.steg == Steg.PROJEKT and not need.projekt:
        yield error("behovet har lämnats över till projekt men pekar inte ut något projekt",
                    loc=("projekt",), rule="R10")
    for index, project_id in enumerate(need.projekt):
        project = portfolio.projekt.get(project_id)
        if project is not None and project.behov != need.id:
            yield error(f"{project_id} pekar inte tillbaka på {need.id}",
                        loc=("projekt", index), rule="R10")
    for index, decision in enumerate(need.beslut):
        if decision.från == Steg.PROJEKT and decision.till == Steg.BEREDNING:
            projects = [portfolio.projekt[p] for p in need.projekt if p in portfolio.projekt]
            # R12 and `advance`: only a finished investigation sends the need back.
            if not any(p.typ.is_investigation and not p.status.active for p in projects):
                yield error("bara en avslutad utredning, förstudie eller ett genomförbarhetstest "
                            "kan föra behovet tillbaka till beredning", loc=("beslut", index),
                            rule="R12")


def check_traceability(portfolio: Portfolio) -> Iterator[Finding]:
    """R13: an active project of the förvaltning traces back to a need that passed BP4."""
    for project in portfolio.projekt.values():
        if not (project.status.active and project.prioritised):
            continue
        if project.behov and project.behov not in portfolio.behov:
            continue  # an unknown or unreadable need is reported on its own
        need = portfolio.behov.get(project.behov or "")
        if need is None or not passed_bp4(need):
            yield warning("projektet går inte att spåra till ett behov som passerat "
                          "beslutspunkt 4", portfolio.path(PROJEKT, project.id), ("behov",),
                          rule="R13", hint="allt digitaliseringsarbete ska gå via Behovsprocessen")


def passed_bp4(need: Behov) -> bool:
    return any(b.beslutspunkt == 4 and b.till == Steg.PROJEKT for b in need.beslut)


CHECKS = (check_needs, check_links, check_traceability)
