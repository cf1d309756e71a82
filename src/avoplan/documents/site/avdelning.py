"""One page per avdelning: its needs by step and its projects."""

from __future__ import annotations

from typing import Any

from avoplan.documents.site.behov import summary_row
from avoplan.documents.site.sida import Sida, Webbplats, href, page_context, person
from avoplan.documents.tavla import STEPS


def pages(site: Webbplats) -> list[Sida]:
    portfolio = site.source.portfolio
    org = site.org
    order = {step: i for i, step in enumerate(STEPS)}
    needs: dict[str, list[Any]] = {}
    for _, need in sorted(
        portfolio.behov.items(), key=lambda kv: (order.get(kv[1].steg, len(order)), kv[0])
    ):
        needs.setdefault(need.avdelning, []).append(need)
    projects: dict[str, list[dict[str, str]]] = {}
    for project_id, project in sorted(portfolio.projekt.items()):
        if project.avdelning:
            projects.setdefault(project.avdelning, []).append(
                {
                    "href": href("projekt", project_id),
                    "text": f"{project_id} {project.titel}",
                    "status": project.status.value,
                }
            )
    found = []
    for avdelning in org.avdelningar:
        context = page_context(
            site,
            avdelning.namn,
            avdelning=avdelning,
            chef=person(org, avdelning.avdelningschef),
            behov=[summary_row(n, site) for n in needs.get(avdelning.id, [])],
            projekt=projects.get(avdelning.id, []),
        )
        found.append(Sida(href("avdelning", avdelning.id), "site/avdelning.html.j2", context))
    return found
