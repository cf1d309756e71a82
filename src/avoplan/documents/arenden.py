"""What stands behind a paragraph of a meeting's dagordning (R27, R31), for its kallelse:
who nominated the item and when ("I de beredande månadsmöten ... kan man nominera in
punkter till Digitaliseringsrådet"), and for a need awaiting a decision the beslutspunkt,
who decides under the delegationsordning, its reach and TID dependency (R33), its koppling
to Digitala hjälpmedel i samverkan och Millenium (R38) and whether its underlag is
complete, so the meeting can decide or send the need back. Pure."""

from __future__ import annotations

from avoplan.behovsprocess.innehall import required_content
from avoplan.behovsprocess.mandat import SCOPE_TEXT, mandate, mandate_text, reach
from avoplan.behovsprocess.steg import Move, plan_move
from avoplan.core.findings import Severity
from avoplan.documents.backlog import tid_text
from avoplan.documents.base import capitalised, person_text, uncapitalised
from avoplan.models.behov import Behov
from avoplan.models.initiativ import Initiativ
from avoplan.models.mote import Mote, Paragraf, Punkttyp
from avoplan.models.organisation import Organisation
from avoplan.models.portfolio import Portfolio

Row = tuple[str, str]


def behind(portfolio: Portfolio, möte: Mote, punkt: Paragraf) -> list[Row]:
    """The rows that stand behind one paragraph: its nominations, then the decision."""
    item = _item(portfolio, punkt.avser)
    if item is None:
        return []
    rows = nominations(portfolio.organisation, item, möte)
    if isinstance(item, Behov) and punkt.typ == Punkttyp.BESLUT:
        rows += decision_rows(portfolio, item)
    return rows


def nominations(org: Organisation, item: Initiativ, möte: Mote) -> list[Row]:
    """Who nominated the item to the meeting's forum, on or before the meeting's day."""
    return [
        (
            "Nominerad",
            f"{n.datum.isoformat()} av {person_text(org, n.av)}"
            + (f": {n.kommentar}" if n.kommentar else ""),
        )
        for n in item.nomineringar
        if n.forum == möte.forum and n.datum <= möte.datum
    ]


def decision_rows(portfolio: Portfolio, need: Behov) -> list[Row]:
    """The need's next beslutspunkt, who decides it, its reach and its underlag."""
    org = portfolio.organisation
    target = need.steg.next
    move = plan_move(need.steg, target) if target else None
    if not isinstance(move, Move):
        return [("Beslut", f"Behovet står i steg {need.steg.value} och väntar inget beslut")]
    point = portfolio.delegationsordning.point(move.beslutspunkt or 0)
    mandat = mandate(move, need, org, portfolio.delegationsordning)
    rows = [("Beslut", f"BP{move.beslutspunkt}: {point.namn}" if point else move.label)]
    if mandat is not None:
        rows.append(("Beslutar", mandate_text(mandat, org)))
    rows += [
        (
            "Omfattning",
            f"{capitalised(SCOPE_TEXT[reach(move, need, org)])}; TID-beroende: "
            f"{uncapitalised(tid_text(need))}",
        ),
        ("Koppling", capitalised(koppling_text(need))),
        ("Underlag", readiness(need, org)),
    ]
    return rows


def koppling_text(need: Behov) -> str:
    """R38: the need's koppling to Digitala hjälpmedel i samverkan och Millenium."""
    if need.kopplingar is None:
        return "inte angiven"
    if not need.kopplingar:
        return "berör inte Digitala hjälpmedel i samverkan eller Millenium"
    return "; ".join(
        f"{k.till.value}: {k.beskrivning}" if k.beskrivning else k.till.value
        for k in need.kopplingar
    )


def readiness(need: Behov, org: Organisation) -> str:
    """Whether the step's required content is there (R3, R5, R7, R9), so the meeting can
    decide or send the need back."""
    missing = [
        f.message for f in required_content(need, need.steg, org) if f.severity == Severity.FEL
    ]
    return "Komplett" if not missing else capitalised("; ".join(missing))


def _item(portfolio: Portfolio, item_id: str | None) -> Initiativ | None:
    if item_id is None:
        return None
    return portfolio.behov.get(item_id) or portfolio.projekt.get(item_id)
