"""One page per forum: what awaits its decision under the delegationsordning, its next
meeting when meetings are registered, and the decisions taken in it."""

from __future__ import annotations

from avoplan.documents.rad import awaiting
from avoplan.documents.site.sida import Sida, Webbplats, href, item_href, page_context, person


def pages(site: Webbplats) -> list[Sida]:
    portfolio = site.source.portfolio
    org = site.org
    today = portfolio.today
    taken: dict[str, list[tuple[str, str, str, str]]] = {}
    items = [*sorted(portfolio.behov.items()), *sorted(portfolio.projekt.items())]
    for item_id, item in items:
        for beslut in item.beslut:
            if beslut.forum:
                taken.setdefault(beslut.forum, []).append(
                    (
                        beslut.datum.isoformat(),
                        item_href(item_id),
                        f"{item_id} {item.titel}",
                        f"{beslut.från.value} → {beslut.till.value}",
                    )
                )
    found = []
    for forum in org.forum:
        upcoming = sorted(
            (m for m in portfolio.möten.values() if m.forum == forum.id and m.datum >= today),
            key=lambda m: (m.datum, m.id),
        )
        context = page_context(
            site,
            forum.namn,
            forum=forum,
            ordforande=person(org, forum.ordförande),
            ledamoter=[person(org, p) for p in forum.ledamöter],
            nasta=upcoming[0] if upcoming else None,
            vantar=[
                {
                    "href": href("behov", need.id),
                    "text": f"{need.id} {need.titel}",
                    "steg": need.steg.value,
                    "punkt": f"BP{move.beslutspunkt}" if move.beslutspunkt else "återinträde",
                }
                for need, move, _ in awaiting(portfolio, forum)
            ],
            beslut=sorted(taken.get(forum.id, []), reverse=True),
        )
        found.append(Sida(href("forum", forum.id), "site/forum.html.j2", context))
    return found
