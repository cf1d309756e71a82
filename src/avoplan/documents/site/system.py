"""One page per system of the system register: every need and project that touches it
(the impact query the register lacks), and the list of all systems."""

from __future__ import annotations

from avoplan.documents.base import number
from avoplan.documents.site.behov import summary_row
from avoplan.documents.site.sida import Sida, Webbplats, href, page_context


def pages(site: Webbplats) -> list[Sida]:
    portfolio = site.source.portfolio
    needs: dict[str, list[str]] = {}
    projects: dict[str, list[str]] = {}
    for need_id, need in sorted(portfolio.behov.items()):
        for used in dict.fromkeys(need.system):
            needs.setdefault(used, []).append(need_id)
    for project_id, project in sorted(portfolio.projekt.items()):
        for used in dict.fromkeys(project.system):
            projects.setdefault(used, []).append(project_id)
    found = []
    for system_id, system in sorted(portfolio.system.items()):
        fakta = [
            ("Användare", number(system.användare)),
            ("Drift", system.drift.value),
            ("Leverantör", system.leverantör or ""),
            ("Avtalsansvar", system.avtalsansvar or ""),
        ]
        context = page_context(
            site,
            system.namn,
            system=system,
            fakta=[(k, v) for k, v in fakta if v],
            behov=[summary_row(portfolio.behov[n], site) for n in needs.get(system_id, [])],
            projekt=[
                {
                    "href": href("projekt", p),
                    "text": f"{p} {portfolio.projekt[p].titel}",
                    "status": portfolio.projekt[p].status.value,
                }
                for p in projects.get(system_id, [])
            ],
        )
        found.append(Sida(href("system", system_id), "site/system.html.j2", context))
    listing = page_context(
        site,
        "System",
        rader=[
            {
                "href": href("system", system_id),
                "namn": system.namn,
                "behov": len(needs.get(system_id, [])),
                "projekt": len(projects.get(system_id, [])),
            }
            for system_id, system in sorted(portfolio.system.items())
        ],
    )
    return [*found, Sida("system/index.html", "site/system_lista.html.j2", listing)]
