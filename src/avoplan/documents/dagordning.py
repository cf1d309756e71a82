"""The registrator's work before a meeting (R31): a dagordning drafted from what awaits the
forum. Pure: the portfolio and the day in, the new meeting's data out.

What awaits a forum:
- the needs whose next beslutspunkt the delegationsordning places in the forum (the
  board's "att besluta"), as decision paragraphs;
- what the beredande månadsmöten nominated to it and no later meeting of the forum has
  taken up ("kan man nominera in punkter till Digitaliseringsrådet");
- for the digitaliseringsråd, overdue effect measurements and the utvecklingsområden it
  follows up, as information ("informera om viktiga förändringar", R29).
The opening, val av justerare and the closing frame them, as `render rad` has them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from avoplan.behovsprocess.mandat import mandate
from avoplan.behovsprocess.steg import Move, plan_move
from avoplan.core.errors import UserError
from avoplan.core.rulebook import R35, enforces
from avoplan.ekonomi.nyttorealisering import overdue
from avoplan.models.behov import Behov
from avoplan.models.delegation import Mandat
from avoplan.models.initiativ import Initiativ
from avoplan.models.mote import Mote, Punkttyp
from avoplan.models.organisation import Forum, Forumtyp, Organisation
from avoplan.models.portfolio import Portfolio
from avoplan.prioritet.ranking import prioritetslista


def meeting_id(forum: Forum, datum: date) -> str:
    return f"{forum.id}-{datum.isoformat()}"


@enforces("render", R35)
def awaiting(
    portfolio: Portfolio, forum: Forum, places: Mapping[str, int] | None = None
) -> list[tuple[Behov, Move, Mandat]]:
    """Needs whose next beslutspunkt, for their scope, is taken in `forum` (R11), in the
    one order `prioritet` computes (R35), then by id. BP1 is the avdelningschef's; a forum
    named at BP1 is only for avstämning. `places`: the priority list's places when the
    caller has it already (see `priority_places`)."""
    return awaiting_each(portfolio, [forum], places)[forum.id]


def awaiting_each(
    portfolio: Portfolio, forums: Sequence[Forum], places: Mapping[str, int] | None = None
) -> dict[str, list[tuple[Behov, Move, Mandat]]]:
    """`awaiting` for each of `forums`, by forum id: each need's mandate is found once."""
    found: dict[str, list[tuple[Behov, Move, Mandat]]] = {forum.id: [] for forum in forums}
    org, rules = portfolio.organisation, portfolio.delegationsordning
    for _, need in sorted(portfolio.behov.items()):
        target = need.steg.next
        move = plan_move(need.steg, target) if target else None
        if not isinstance(move, Move) or move.beslutspunkt == 1:
            continue
        mandat = mandate(move, need, org, rules)
        if mandat is None:
            continue
        for forum_id in dict.fromkeys(mandat.forum):
            if forum_id in found:
                found[forum_id].append((need, move, mandat))
    order = priority_places(portfolio) if places is None else places
    return {
        forum_id: sorted(rows, key=lambda f: (order.get(f[0].id, len(order) + 1), f[0].id))
        for forum_id, rows in found.items()
    }


def priority_places(portfolio: Portfolio) -> dict[str, int]:
    """Each listed item's place on the priority list (none when it cannot be made)."""
    try:
        return {p.id: p.plats for p in prioritetslista(portfolio).placeringar}
    except UserError:
        return {}


def nominated(portfolio: Portfolio, forum: Forum) -> list[tuple[Initiativ, str, str]]:
    """(item, id, who nominated it) for nominations to `forum` that no meeting of the
    forum on or after the nomination has on its dagordning."""
    taken: dict[str, list[date]] = {}
    for möte in portfolio.möten.values():
        if möte.forum == forum.id:
            for punkt in möte.dagordning:
                if punkt.avser:
                    taken.setdefault(punkt.avser, []).append(möte.datum)
    items: list[tuple[str, Initiativ]] = [
        *sorted(portfolio.behov.items()),
        *sorted(portfolio.projekt.items()),
    ]
    found = []
    for item_id, item in items:
        for nominering in item.nomineringar:
            if nominering.forum == forum.id and not any(
                d >= nominering.datum for d in taken.get(item_id, [])
            ):
                found.append((item, item_id, nominering.av))
                break
    return found


def draft(
    portfolio: Portfolio,
    forum: Forum,
    datum: date,
    *,
    tid: str | None = None,
    plats: str | None = None,
) -> dict[str, Any]:
    """The new meeting's file as data, its dagordning drafted."""
    org = portfolio.organisation
    paragraphs: list[dict[str, Any]] = [
        {"rubrik": "Mötets öppnande"},
        {"rubrik": "Val av justerare"},
    ]
    on_agenda: set[str] = set()
    nominations = {item_id: who for _, item_id, who in nominated(portfolio, forum)}
    for need, move, _ in awaiting(portfolio, forum):
        point = portfolio.delegationsordning.point(move.beslutspunkt or 0)
        paragraphs.append(
            _item(
                need.id,
                f"{need.id} {need.titel}: {point.namn if point else move.label}",
                Punkttyp.BESLUT,
                nominations.get(need.id),
                need.kontaktperson,
            )
        )
        on_agenda.add(need.id)
    for item, item_id, who in nominated(portfolio, forum):
        if item_id not in on_agenda:
            paragraphs.append(
                _item(item_id, f"{item_id} {item.titel}", Punkttyp.INFORMATION, who, None)
            )
    paragraphs += _follow_up(portfolio, forum, datum)
    paragraphs += [{"rubrik": "Övriga frågor"}, {"rubrik": "Mötets avslutande"}]
    data: dict[str, Any] = {"id": meeting_id(forum, datum), "forum": forum.id, "datum": datum}
    if tid:
        data["tid"] = tid
    if plats:
        data["plats"] = plats
    if forum.ordförande:
        data["ordförande"] = forum.ordförande
    registrator = _registrator(org)
    if registrator:
        data["registrator"] = registrator
    data["kallade"] = sorted(forum.members(), key=lambda p: (p != forum.ordförande, p))
    data["dagordning"] = [{"nummer": n, **p} for n, p in enumerate(paragraphs, start=1)]
    Mote.model_validate(data)  # a draft is always a valid meeting
    return data


def _item(
    item_id: str, rubrik: str, typ: Punkttyp, who: str | None, föredragande: str | None
) -> dict[str, Any]:
    found: dict[str, Any] = {"rubrik": rubrik, "typ": typ.value, "avser": item_id}
    if föredragande:
        found["föredragande"] = föredragande
    if who:
        found["nominerad_av"] = who
    return found


def _follow_up(portfolio: Portfolio, forum: Forum, datum: date) -> list[dict[str, Any]]:
    """Information: overdue effect measurements (the råd), the utvecklingsområden the
    forum follows up (R29)."""
    found: list[dict[str, Any]] = []
    if forum.typ == Forumtyp.DIGITALISERINGSRAD:
        found += [
            {
                "rubrik": f"Försenad mätning: {late.project.id} effektmål {late.index} "
                f"(planerad {late.due})",
                "typ": Punkttyp.INFORMATION.value,
                "avser": f"{late.project.id}:{late.index}",
            }
            for late in overdue(portfolio, datum)
        ]
    found += [
        {
            "rubrik": f"Uppföljning av utvecklingsområdet {area.område}",
            "typ": Punkttyp.INFORMATION.value,
            "avser": area.id,
        }
        for area in portfolio.utvecklingsomraden.utvecklingsområden
        if area.uppföljning == forum.id
    ]
    return found


def _registrator(org: Organisation) -> str | None:
    return next((p.id for p in org.personer if "registrator" in p.roller), None)
