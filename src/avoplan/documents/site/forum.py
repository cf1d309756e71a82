"""One page per forum: what awaits its decision under the delegationsordning (the
board's list for it), its next meeting when meetings are registered, and the decisions
taken in it."""

from __future__ import annotations

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
    awaiting = dict(site.tavla.att_besluta)
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
                {"href": href("behov", key), "text": f"{key} {titel}", "steg": steg, "punkt": punkt}
                for key, titel, steg, punkt in awaiting.get(forum.namn, ())
            ],
            beslut=sorted(taken.get(forum.id, []), reverse=True),
        )
        found.append(Sida(href("forum", forum.id), "site/forum.html.j2", context))
    return found
