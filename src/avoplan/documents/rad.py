"""The digitaliseringsråd's agenda (R27, R29): who sits in the råd, the needs whose next
beslutspunkt is decided there under the delegationsordning, and the utvecklingsområden
it follows up."""

from __future__ import annotations

from typing import Any

from avoplan.behovsprocess.innehall import required_content
from avoplan.behovsprocess.mandat import SCOPE_TEXT, mandate, mandate_text, scope
from avoplan.behovsprocess.steg import Move, plan_move
from avoplan.documents.base import (
    Source,
    Table,
    avdelning_name,
    capitalised,
    meta,
    person_text,
    table,
)
from avoplan.errors import UserError
from avoplan.findings import Severity
from avoplan.models.behov import Behov
from avoplan.models.delegation import Mandat
from avoplan.models.organisation import Forum, Forumtyp, Organisation
from avoplan.models.portfolio import Portfolio


def build(source: Source) -> dict[str, Any]:
    portfolio = source.portfolio
    org = portfolio.organisation
    rad = the_rad(org)
    return {
        "titel": f"Dagordning för {rad.namn.lower()}",
        "meta": meta(source),
        "rad": rad,
        "ordforande": person_text(org, rad.ordförande) if rad.ordförande else "ej utsedd",
        "ledamoter": [person_text(org, p) for p in rad.ledamöter],
        "arenden": decisions_table(portfolio, rad),
        "omraden": areas_table(portfolio, rad),
    }


def the_rad(org: Organisation) -> Forum:
    rad = org.forum_of_type(Forumtyp.DIGITALISERINGSRAD)
    if rad is None:
        raise UserError("digitaliseringsrådet saknas bland forumen i organisation.yaml",
                        "lägg till ett forum med typ: digitaliseringsråd")
    return rad


def awaiting(portfolio: Portfolio, rad: Forum) -> list[tuple[Behov, Move, Mandat]]:
    """Needs whose next beslutspunkt, for their scope, is decided in the råd (R11)."""
    found = []
    org, rules = portfolio.organisation, portfolio.delegationsordning
    for _, need in sorted(portfolio.behov.items()):
        target = need.steg.next
        move = plan_move(need.steg, target) if target else None
        if not isinstance(move, Move):
            continue
        mandat = mandate(move, need, org, rules)
        if mandat is not None and rad.id in mandat.forum:
            found.append((need, move, mandat))
    return found


def decisions_table(portfolio: Portfolio, rad: Forum) -> Table:
    org = portfolio.organisation
    rows = []
    for need, move, mandat in awaiting(portfolio, rad):
        point = portfolio.delegationsordning.point(move.beslutspunkt or 0)
        rows.append((f"{need.id} {need.titel}", avdelning_name(org, need.avdelning),
                     capitalised(need.steg.value),
                     f"BP{move.beslutspunkt}: {point.namn}" if point else "",
                     mandate_text(mandat, org),
                     SCOPE_TEXT[scope(need, org)],
                     readiness(need, org)))
    columns = ["Behov", "Avdelning", "Steg", "Beslut", "Beslutar", "Omfattning", "Underlag"]
    return table("Ärenden som väntar på beslut i rådet", columns, rows)


def readiness(need: Behov, org: Organisation) -> str:
    """Whether the step's required content is there (R3, R5, R7, R9), so the råd can
    decide at the meeting or send the need back."""
    missing = [f.message for f in required_content(need, need.steg, org)
               if f.severity == Severity.FEL]
    return "Komplett" if not missing else capitalised("; ".join(missing))


def areas_table(portfolio: Portfolio, rad: Forum) -> Table:
    """R29: the utvecklingsområden the råd follows up."""
    rows = [(a.område, a.ansvar, a.tidplan, a.bedömning)
            for a in portfolio.utvecklingsomraden.utvecklingsområden if a.uppföljning == rad.id]
    return table("Utvecklingsområden att följa upp", ["Utvecklingsområde", "Ansvar", "Tidplan",
                                                      "Bedömning"], rows)
