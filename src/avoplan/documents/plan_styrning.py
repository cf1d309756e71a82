"""The plan's governance parts: who decides at each beslutspunkt (from the
delegationsordning), who is told, the forums, the rådet's facts and the shared ownership
of projects (R11, R18, R27, R30)."""

from __future__ import annotations

from avoplan.behovsprocess.mandat import SCOPE_TEXT
from avoplan.core.text import join_sv
from avoplan.documents.base import (
    Table,
    capitalised,
    period_text,
    person_name,
    person_text,
    table,
)
from avoplan.documents.layout import (
    Facts,
)
from avoplan.models.behov import Behov
from avoplan.models.delegation import Mandat, Scope
from avoplan.models.organisation import Forumtyp, Organisation
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt

Item = Behov | Projekt

NOT_NAMED = "ej angiven"


def validity_text(portfolio: Portfolio) -> str:
    """Giltighetstid: the period, who adopted the plan where, and how it is followed up."""
    parts = [f"Digitaliseringsplanen gäller {period_text(portfolio)}."]
    adoption = adoption_parts(portfolio)
    if adoption:
        titel = f", {adoption['titel'].lower()}," if adoption["titel"] else ""
        parts.append(
            f"Den antogs {adoption['datum']} av {adoption['namn']}{titel} i {adoption['forum']}."
        )
    else:
        parts.append("Den är ännu inte antagen.")
    parts.append(portfolio.plan.revidering)
    return " ".join(parts)


TID_CHANGE = "Är en förändring inom TID:s förvaltande uppdrag"


def deciders_table(portfolio: Portfolio, number: int) -> Table | None:
    """Who decides at a beslutspunkt, by how widely the need reaches (R4–R11), straight
    from the delegationsordning that `check` and `advance` judge by."""
    point = portfolio.delegationsordning.point(number)
    if point is None:
        return None
    org = portfolio.organisation
    rows = [(capitalised(SCOPE_TEXT[reach]), point.mandate(reach)) for reach in Scope]
    if point.tid_förändring is not None:
        # R33: TID's changes are decided by the operativa styrgruppen.
        rows.append((TID_CHANGE, point.tid_förändring))
    rows_text = [
        (label, who_decides(m, org), forum_list(m.forum, org), receivers_text(m, org))
        for label, m in rows
    ]
    return table(
        f"Vem beslutar vid beslutspunkt {number}",
        ["Behovet", "Beslutar", "Forum", "Delges"],
        rows_text,
    )


def who_decides(mandat: Mandat, org: Organisation) -> str:
    """A forum deciding as a body, with the consent the plan asks for, or the person who
    decides alone."""
    if mandat.organ:
        text = "Forumet som organ (protokoll och deltagare)"
        if mandat.samtycke:
            text += "; utvecklingsteamet i varje berörd förvaltning ställer sig bakom"
        return text
    return capitalised(join_sv([decider(role, org) for role in mandat.beslutar], "eller"))


def receivers_text(mandat: Mandat, org: Organisation) -> str:
    names = [f.namn for f in map(org.forum_by_id, mandat.delges) if f]
    if mandat.delges_berörda:
        names.append("berörda verksamheter")
    return join_sv(names, "och") or "–"


def decider(role: str, org: Organisation) -> str:
    """A role word of the delegationsordning as a reader says it."""
    if role == "förvaltningsdirektör":
        own = org.forvaltning(org.egen_förvaltning)
        name = person_name(org, own.förvaltningsdirektör) if own else ""
        return f"förvaltningsdirektören ({name})" if name else "förvaltningsdirektören"
    return {
        "avdelningschef": "avdelningschefen för behovets avdelning",
        "ledamot": "ledamot i forumet",
        "ordförande": "forumets ordförande",
        "projektägare": "projektägaren",
    }.get(role, role)


def forum_list(ids: list[str], org: Organisation) -> str:
    forums = [org.forum_by_id(i) for i in ids]
    return join_sv([f.namn for f in forums if f], "eller") or "–"


def forums_table(portfolio: Portfolio) -> Table:
    """The forums the delegationsordning names, with their chair and members."""
    org = portfolio.organisation
    rows = [
        (
            f.namn,
            person_name(org, f.ordförande) or NOT_NAMED,
            ", ".join(person_name(org, m) for m in f.ledamöter) or NOT_NAMED,
            f.beskrivning or "",
        )
        for f in org.forum
    ]
    return table(
        "Forum i Behovsprocessen", ["Forum", "Ordförande", "Ledamöter", "Om forumet"], rows
    )


def rad_facts(portfolio: Portfolio) -> Facts | None:
    org = portfolio.organisation
    rad = org.forum_of_type(Forumtyp.DIGITALISERINGSRAD)
    if rad is None:
        return None
    pairs = [
        ("Ordförande", person_text(org, rad.ordförande) if rad.ordförande else NOT_NAMED),
        ("Ledamöter", ", ".join(person_text(org, m) for m in rad.ledamöter) or NOT_NAMED),
    ]
    if rad.mötesfrekvens:
        hours = (
            f", cirka {format(rad.mötestid_timmar, 'g').replace('.', ',')} timmar per möte"
            if rad.mötestid_timmar
            else ""
        )
        pairs.append(("Möten", f"{capitalised(rad.mötesfrekvens)}{hours}"))
    return Facts(tuple(pairs))


def ownership_table(portfolio: Portfolio) -> Table | None:
    """Ansvarsfördelning: the shared project ownership, the two columns as printed."""
    shared = portfolio.plan.text.ansvarsfördelning
    if shared is None:
        return None
    depth = max(len(shared.vänster), len(shared.höger))
    rows = [(_cell(shared.vänster, i), _cell(shared.höger, i)) for i in range(depth)]
    return table("Ansvarsfördelning", [shared.rubrik_vänster, shared.rubrik_höger], rows)


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def adoption_parts(portfolio: Portfolio) -> dict[str, str] | None:
    """Who adopted the plan, when and where (R30), as words for the giltighet section."""
    adoption = portfolio.plan.antagen
    if adoption is None:
        return None
    org = portfolio.organisation
    person = org.person(adoption.av)
    forum = org.forum_by_id(adoption.forum)
    return {
        "datum": adoption.datum.isoformat(),
        "namn": person_name(org, adoption.av),
        "titel": (person.titel or "") if person else "",
        "forum": forum.namn if forum else adoption.forum,
    }
