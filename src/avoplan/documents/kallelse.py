"""A meeting's kallelse (R31): forum, date, time, place, who is called, and the numbered
dagordning as the registrator drafted it (`avoplan möte ny`), from möten/<id>.yaml, with
what stands behind each item (nominations, the decision awaited: `arenden`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from avoplan.core.errors import UsageError, UserError
from avoplan.core.rulebook import R31, enforces
from avoplan.documents.arenden import behind
from avoplan.documents.base import Source, meta, person_text, table
from avoplan.documents.layout import Facts, Paragraph, Section, section
from avoplan.documents.portfoljrapport import state_section
from avoplan.models.mote import Mote, Paragraf, Punkttyp
from avoplan.models.organisation import Organisation
from avoplan.models.portfolio import Portfolio


@enforces("render", R31)
def build(source: Source) -> dict[str, Any]:
    return of_meeting(source, the_meeting(source))


def of_meeting(source: Source, möte: Mote) -> dict[str, Any]:
    """The kallelse of `möte`: its head, then each paragraph with what stands behind it."""
    portfolio = source.portfolio
    forum = forum_name(portfolio, möte)
    sections = [
        head(portfolio.organisation, möte, forum, attended=False),
        *(
            paragraph_section(portfolio.organisation, p, details=behind(portfolio, möte, p))
            for p in möte.dagordning
        ),
    ]
    if _is_rad(portfolio, möte):  # "Deltagarna har koll på pågående projekt" (R37)
        sections.append(state_section(portfolio, möte.datum))
    return {
        "titel": f"Kallelse till {forum.lower()} {möte.datum.isoformat()}",
        "meta": meta(source),
        "sections": sections,
        "toc": sections,
    }


def _is_rad(portfolio: Portfolio, möte: Mote) -> bool:
    from avoplan.models.organisation import Forumtyp

    forum = portfolio.organisation.forum_by_id(möte.forum)
    return forum is not None and forum.typ == Forumtyp.DIGITALISERINGSRAD


def the_meeting(source: Source) -> Mote:
    if source.möte_id is None:
        raise UsageError(
            "dokumentet gäller ett möte", "ange mötets id: 'avoplan render kallelse MÖTE'"
        )
    möte = source.portfolio.möten.get(source.möte_id)
    if möte is None:
        raise UserError(
            f"mötet {source.möte_id} finns inte i möten/", "skapa det med 'avoplan möte ny'"
        )
    return möte


def forum_name(portfolio: Portfolio, möte: Mote) -> str:
    forum = portfolio.organisation.forum_by_id(möte.forum)
    return forum.namn if forum else möte.forum


def head(org: Organisation, möte: Mote, forum: str, *, attended: bool) -> Section:
    def people(ids: list[str]) -> str:
        return ", ".join(person_text(org, p) for p in ids) or "inga angivna"

    pairs = [
        ("Forum", forum),
        ("Datum", möte.datum.isoformat()),
        ("Tid", möte.tid or "ej angiven"),
        ("Plats", möte.plats or "ej angiven"),
        ("Ordförande", person_text(org, möte.ordförande) if möte.ordförande else "ej utsedd"),
        ("Registrator", person_text(org, möte.registrator) if möte.registrator else "ej utsedd"),
        ("Kallade", people(möte.kallade)),
    ]
    if attended:
        pairs.append(("Närvarande", people(möte.närvarande)))
    return section(f"Möte {möte.id}", 2, Facts(tuple(pairs)), anchor_id="mote")


def paragraph_section(
    org: Organisation,
    punkt: Paragraf,
    *,
    outcome: bool = False,
    details: Sequence[tuple[str, str]] = (),
) -> Section:
    """One paragraph: its type, what it concerns, who presents and nominated it, and
    the `details` that stand behind it."""
    rows = [("Typ", "Beslutsärende" if punkt.typ == Punkttyp.BESLUT else "Information")]
    if punkt.avser:
        rows.append(("Avser", punkt.avser))
    if punkt.föredragande:
        rows.append(("Föredragande", person_text(org, punkt.föredragande)))
    if punkt.nominerad_av:
        rows.append(("Nominerad av", person_text(org, punkt.nominerad_av)))
    rows += details
    parts: list[Any] = (
        [table(f"§ {punkt.nummer}", ["Uppgift", "Värde"], rows)]
        if len(rows) > 1 or punkt.avser
        else []
    )
    if outcome:
        parts.append(Paragraph(punkt.utfall or "Inget utfall antecknat."))
    return section(f"§ {punkt.nummer} {punkt.rubrik}", 2, parts, anchor_id=f"p{punkt.nummer}")
