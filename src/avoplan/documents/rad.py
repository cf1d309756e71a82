"""The digitaliseringsråd's kallelse (R27, R31): drawn from the rådet's next meeting file
(möten/), as the registrator drafted it with `avoplan möte ny`: who is called, the
numbered dagordning and what stands behind each item (who nominated it, the decision
awaited). With `--datum` it is the rådet's meeting of that day.

Without a meeting file the document says so, and shows what awaits the rådet, so the
registrator can draft the meeting: the needs whose next beslutspunkt is the rådet's under
the delegationsordning, the nominations from the beredande månadsmöten, overdue effect
measurements (R15) and the utvecklingsområden it follows up (R29)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from avoplan.behovsprocess.mandat import SCOPE_TEXT, mandate_text, reach
from avoplan.behovsprocess.steg import Move
from avoplan.core.errors import UsageError, UserError
from avoplan.core.rulebook import R15, R27, R29, R31, enforces
from avoplan.documents.arenden import koppling_text, readiness
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
from avoplan.documents.kallelse import of_meeting
from avoplan.documents.layout import Facts, Live, Paragraph, Section, section
from avoplan.documents.portfoljrapport import state_table
from avoplan.documents.uppfoljning import overdue_table
from avoplan.models.behov import Behov
from avoplan.models.delegation import Mandat
from avoplan.models.initiativ import Initiativ
from avoplan.models.mote import Mote
from avoplan.models.organisation import Forum, Forumtyp, Organisation
from avoplan.models.portfolio import Portfolio


@enforces("render", R15, R27, R29, R31)
def build(source: Source) -> dict[str, Any]:
    portfolio = source.portfolio
    rad = the_rad(portfolio.organisation)
    möte = next_meeting(source, rad)
    if möte is not None:
        return of_meeting(source, möte)
    sections = [no_meeting_section(source, rad), *waiting(source, rad)]
    return {
        "titel": f"Kallelse till {rad.namn.lower()}",
        "meta": meta(source),
        "sections": sections,
        "toc": sections,
    }


def next_meeting(source: Source, rad: Forum) -> Mote | None:
    """The rådet's meeting on the day asked for (`--datum`), else its first meeting on or
    after the day the document's live data stands at."""
    asked = source.möte
    meetings = sorted(
        (m for m in source.portfolio.möten.values() if m.forum == rad.id),
        key=lambda m: (m.datum, m.id),
    )
    if asked is None:
        return next((m for m in meetings if m.datum >= source.as_of), None)
    found = next((m for m in meetings if m.datum == asked.datum), None)
    if found is not None and (asked.tid or asked.plats):
        raise UsageError(
            f"rådets möte {asked.datum.isoformat()} finns i möten/{found.id}.yaml, med "
            "tid och plats",
            f"ändra tid och plats i möten/{found.id}.yaml, eller utelämna --tid och --plats",
        )
    return found


def no_meeting_section(source: Source, rad: Forum) -> Section:
    """That no meeting file exists, and the meeting as far as it is known."""
    org, asked = source.portfolio.organisation, source.möte
    which = (
        f"Inget möte i {rad.namn.lower()} den {asked.datum.isoformat()}"
        if asked
        else f"Inget kommande möte i {rad.namn.lower()}"
    )
    called = [p for p in [rad.ordförande, *rad.ledamöter] if p]
    pairs = [
        ("Datum", asked.datum.isoformat() if asked else "ej bestämt"),
        ("Tid", (asked.tid if asked else None) or "ej angiven"),
        ("Plats", (asked.plats if asked else None) or "ej angiven"),
        ("Ordförande", person_text(org, rad.ordförande) if rad.ordförande else "ej utsedd"),
        ("Kallas", ", ".join(person_text(org, p) for p in called) or "inga angivna"),
    ]
    if rad.mötesfrekvens:
        hours = (
            f", cirka {format(rad.mötestid_timmar, 'g').replace('.', ',')} timmar per möte"
            if rad.mötestid_timmar
            else ""
        )
        pairs.append(("Mötesfrekvens", f"{rad.mötesfrekvens}{hours}"))
    return section(
        f"Inget möte i {rad.namn.lower()} är registrerat",
        2,
        Paragraph(
            f"{which} finns i möten/, så kallelsen har ingen dagordning ännu. "
            "Registratorn skapar mötet och drar upp dagordningen ur det som väntar på "
            "rådet nedan."
        ),
        Facts(tuple(pairs)),
        anchor_id="mote",
    )


def waiting(source: Source, rad: Forum) -> list[Section]:
    """What awaits the rådet: decisions, nominations and follow-up."""
    portfolio = source.portfolio
    decisions = decisions_table(portfolio, rad)
    nominations = nominations_table(portfolio, rad)
    parts: list[tuple[str, str, list[Any]]] = [
        (
            "Beslutsärenden",
            "beslut",
            [
                Paragraph(
                    "Behov vars nästa beslutspunkt enligt delegationsordningen beslutas i rådet."
                ),
                Live(f"Läget i portföljen per {source.as_of.isoformat()}:"),
                decisions if decisions.rows else Paragraph("Inga behov väntar på beslut i rådet."),
            ],
        ),
        (
            "Nominerade ärenden",
            "nominerade",
            [
                Paragraph(
                    "Ärenden som de beredande månadsmötena har nominerat till rådet och som "
                    "inget senare möte i rådet har tagit upp."
                ),
                nominations if nominations.rows else Paragraph("Inga ärenden är nominerade."),
            ],
        ),
        (
            "Uppföljning",
            "uppfoljning",
            [
                Paragraph(
                    "Uppföljning av de utvecklingsområden i digitaliseringsplanen som rådet följer."
                ),
                areas_table(portfolio, rad),
                *follow_up(source),
                Paragraph(
                    "Pågående projekt: den senaste lägesrapporten från varje projektledare. "
                    "Hela läget, förändringarna och riskerna står i portföljrapporten."
                ),
                state_table(portfolio, source.as_of),
            ],
        ),
    ]
    return [section(rubrik, 2, *body, anchor_id=anchor) for rubrik, anchor, body in parts]


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


def awaiting(
    portfolio: Portfolio, rad: Forum, places: Mapping[str, int] | None = None
) -> list[tuple[Behov, Move, Mandat]]:
    """Needs whose next beslutspunkt is decided in the forum, in the priority order."""
    from avoplan.documents.dagordning import awaiting as in_forum

    return in_forum(portfolio, rad, places)


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
                f"{uncapitalised(tid_text(need))}; koppling till Digitala hjälpmedel i "
                f"samverkan och Millenium: {koppling_text(need)}",
                readiness(need, org),
            )
        )
    columns = [
        "Behov",
        "Avdelning",
        "Steg",
        "Beslut",
        "Beslutar",
        "Omfattning",
        "Underlag",
    ]
    return table("Ärenden som väntar på beslut i rådet", columns, rows)


def nominations_table(portfolio: Portfolio, rad: Forum) -> Table:
    """R27: what the beredande månadsmöten nominated and no meeting has taken up yet."""
    org = portfolio.organisation
    taken: dict[str, list[date]] = {}
    for möte in portfolio.möten.values():
        if möte.forum == rad.id:
            for punkt in möte.dagordning:
                if punkt.avser:
                    taken.setdefault(punkt.avser, []).append(möte.datum)
    items: list[tuple[str, Initiativ]] = [
        *sorted(portfolio.behov.items()),
        *sorted(portfolio.projekt.items()),
    ]
    rows = [
        (
            f"{item_id} {item.titel}",
            n.datum.isoformat(),
            person_text(org, n.av),
            n.kommentar or "",
        )
        for item_id, item in items
        for n in item.nomineringar
        if n.forum == rad.id and not any(d >= n.datum for d in taken.get(item_id, []))
    ]
    return table("Nominerade till rådet", ["Ärende", "Nominerat", "Av", "Kommentar"], rows)


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
