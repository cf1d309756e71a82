"""The digitaliseringsråd's dagordning (R27, R29): the meeting's date, time, place and
who is called, then numbered items: opening, val av justerare, föregående protokoll, the
needs whose next beslutspunkt is decided in the råd under the delegationsordning,
information (the utvecklingsområden it follows up), övriga frågor and closing."""

from __future__ import annotations

from typing import Any

from avoplan.behovsprocess.innehall import required_content
from avoplan.behovsprocess.mandat import SCOPE_TEXT, mandate_text, reach
from avoplan.behovsprocess.steg import Move
from avoplan.core.errors import UserError
from avoplan.core.findings import Severity
from avoplan.core.rulebook import R15, R27, R29, enforces
from avoplan.documents.backlog import tid_text
from avoplan.documents.base import (
    Source,
    Table,
    avdelning_name,
    capitalised,
    meta,
    person_text,
    table,
    uncapitalised,
)
from avoplan.documents.layout import Facts, Live, Paragraph, Section, section
from avoplan.documents.uppfoljning import overdue_table
from avoplan.models.behov import Behov
from avoplan.models.delegation import Mandat
from avoplan.models.organisation import Forum, Forumtyp, Organisation
from avoplan.models.portfolio import Portfolio


@enforces("render", R15, R27, R29)
def build(source: Source) -> dict[str, Any]:
    portfolio = source.portfolio
    rad = the_rad(portfolio.organisation)
    sections = [meeting_section(source, rad), *agenda(source, rad)]
    return {
        "titel": f"Dagordning för {rad.namn.lower()}",
        "meta": meta(source),
        "sections": sections,
        "toc": sections,
    }


def meeting_section(source: Source, rad: Forum) -> Section:
    """Datum, tid, plats and who is called: the head of the dagordning."""
    org, möte = source.portfolio.organisation, source.möte
    pairs = [
        ("Datum", möte.datum.isoformat() if möte else "ej bestämt"),
        ("Tid", (möte.tid if möte else None) or "ej angiven"),
        ("Plats", (möte.plats if möte else None) or "ej angiven"),
        ("Ordförande", person_text(org, rad.ordförande) if rad.ordförande else "ej utsedd"),
        ("Kallade", ", ".join(person_text(org, p) for p in rad.ledamöter) or "inga angivna"),
    ]
    if rad.mötesfrekvens:
        hours = (
            f", cirka {format(rad.mötestid_timmar, 'g').replace('.', ',')} timmar per möte"
            if rad.mötestid_timmar
            else ""
        )
        pairs.append(("Mötesfrekvens", f"{rad.mötesfrekvens}{hours}"))
    return section(f"Möte i {rad.namn.lower()}", 2, Facts(tuple(pairs)), anchor_id="mote")


def agenda(source: Source, rad: Forum) -> list[Section]:
    """The numbered items of the meeting, in the order a råd takes them."""
    portfolio = source.portfolio
    decisions = decisions_table(portfolio, rad)
    live = Live(f"Läget i portföljen per {source.as_of.isoformat()}:")
    items: list[tuple[str, list[Any]]] = [
        ("Mötets öppnande", [Paragraph("Ordföranden öppnar mötet.")]),
        (
            "Val av justerare",
            [Paragraph("Rådet väljer en ledamot att jämte ordföranden justera protokollet.")],
        ),
        (
            "Föregående protokoll",
            [Paragraph("Protokollet från föregående möte gås igenom och läggs till handlingarna.")],
        ),
        (
            "Beslutsärenden",
            [
                Paragraph(
                    "Behov vars nästa beslutspunkt enligt delegationsordningen beslutas i rådet. "
                    "Ärendena har nominerats i de beredande månadsmötena med avdelningarna."
                ),
                live,
                decisions if decisions.rows else Paragraph("Inga behov väntar på beslut i rådet."),
            ],
        ),
        (
            "Informationsärenden",
            [
                Paragraph(
                    "Uppföljning av de utvecklingsområden i digitaliseringsplanen som rådet följer."
                ),
                areas_table(portfolio, rad),
                *follow_up(source),
            ],
        ),
        ("Övriga frågor", [Paragraph("Frågor som ledamöterna anmäler vid mötets början.")]),
        ("Mötets avslutande", [Paragraph("Ordföranden avslutar mötet.")]),
    ]
    return [
        section(f"§ {number} {rubrik}", 2, *parts, anchor_id=f"p{number}")
        for number, (rubrik, parts) in enumerate(items, start=1)
    ]


def follow_up(source: Source) -> list[Any]:
    """Effektmål whose measurement is overdue on the meeting's day (R15): the råd hears
    who answers for each, or that none is late."""
    day = source.möte.datum if source.möte else source.as_of
    late = overdue_table(source.portfolio, day)
    if late.rows:
        return [late]
    return [Paragraph(f"Inga effektmätningar är försenade per {day.isoformat()}.")]


def the_rad(org: Organisation) -> Forum:
    rad = org.forum_of_type(Forumtyp.DIGITALISERINGSRAD)
    if rad is None:
        raise UserError(
            "digitaliseringsrådet saknas bland forumen i organisation.yaml",
            "lägg till ett forum med typ: digitaliseringsråd",
        )
    return rad


def awaiting(portfolio: Portfolio, rad: Forum) -> list[tuple[Behov, Move, Mandat]]:
    """Needs whose next beslutspunkt is decided in the forum, in the priority order."""
    from avoplan.documents.dagordning import awaiting as in_forum

    return in_forum(portfolio, rad)


def decisions_table(portfolio: Portfolio, rad: Forum) -> Table:
    org = portfolio.organisation
    rows = []
    for need, move, mandat in awaiting(portfolio, rad):
        point = portfolio.delegationsordning.point(move.beslutspunkt or 0)
        rows.append(
            (
                f"{need.id} {need.titel}",
                avdelning_name(org, need.avdelning),
                capitalised(need.steg.value),
                f"BP{move.beslutspunkt}: {point.namn}" if point else "",
                mandate_text(mandat, org),
                f"{SCOPE_TEXT[reach(move, need, org)]}; TID-beroende: "
                f"{uncapitalised(tid_text(need))}",
                readiness(need, org),
            )
        )
    columns = ["Behov", "Avdelning", "Steg", "Beslut", "Beslutar", "Omfattning", "Underlag"]
    return table("Ärenden som väntar på beslut i rådet", columns, rows)


def readiness(need: Behov, org: Organisation) -> str:
    """Whether the step's required content is there (R3, R5, R7, R9), so the råd can
    decide at the meeting or send the need back."""
    missing = [
        f.message for f in required_content(need, need.steg, org) if f.severity == Severity.FEL
    ]
    return "Komplett" if not missing else capitalised("; ".join(missing))


def areas_table(portfolio: Portfolio, rad: Forum) -> Table:
    """R29: the utvecklingsområden the råd follows up."""
    rows = [
        (a.område, a.ansvar, a.tidplan, a.bedömning)
        for a in portfolio.utvecklingsomraden.utvecklingsområden
        if a.uppföljning == rad.id
    ]
    return table(
        "Utvecklingsområden att följa upp",
        ["Utvecklingsområde", "Ansvar", "Tidplan", "Bedömning"],
        rows,
    )
