"""One page per avdelning: its needs by step and its projects."""

from __future__ import annotations

from avoplan.documents.site.behov import summary_row
from avoplan.documents.site.sida import Sida, Webbplats, href, page_context, person
from avoplan.documents.tavla import STEPS


def pages(site: Webbplats) -> list[Sida]:
    portfolio = site.source.portfolio
    org = site.org
    found = []
    for avdelning in org.avdelningar:
        needs = [n for _, n in sorted(portfolio.behov.items()) if n.avdelning == avdelning.id]
        order = {step: i for i, step in enumerate(STEPS)}
        needs.sort(key=lambda n: (order.get(n.steg, len(order)), n.id))
        context = page_context(
            site,
            avdelning.namn,
            avdelning=avdelning,
            chef=person(org, avdelning.avdelningschef),
            behov=[summary_row(n, site) for n in needs],
            projekt=[
                {
                    "href": href("projekt", p.id),
                    "text": f"{p.id} {p.titel}",
                    "status": p.status.value,
                }
                for _, p in sorted(portfolio.projekt.items())
                if p.avdelning == avdelning.id
            ],
        )
        found.append(Sida(href("avdelning", avdelning.id), "site/avdelning.html.j2", context))
    return found
