"""One page per project: status, the need it came from, who owns it, the systems it
touches, its decisions, dependencies both ways and its effektmål."""

from __future__ import annotations

from typing import Any

from avoplan.documents.base import avdelning_name, number
from avoplan.documents.prioritet import for_reader
from avoplan.documents.site.behov import Lank, goal, timeline_entry, titles
from avoplan.documents.site.sida import Sida, Webbplats, href, item_href, page_context, person
from avoplan.ekonomi.kostnad import priced
from avoplan.ekonomi.nyttorealisering import goals
from avoplan.models.projekt import Projekt

TEMPLATE = "site/projekt.html.j2"


def pages(site: Webbplats) -> list[Sida]:
    return [page(site, project) for _, project in sorted(site.source.portfolio.projekt.items())]


def inputs(site: Webbplats, project: Projekt) -> list[Any]:
    """What `page` reads for `project` beyond the facts every item page shares
    (`inputs.item_facts`): the project (the digest of its file, where the read kept
    one), its place on the list, its commits, what depends on it, and of every item it
    names whether it is there and its title."""
    depending = site.beror_av.get(project.id, ())
    linked = [*([project.behov] if project.behov else []), *project.beroenden, *depending]
    return [
        site.filer.get(project.id, project),
        site.placeringar.get(project.id),
        site.commits.get(project.id),
        depending,
        {key: titles(site, key) for key in linked},
    ]


def page(site: Webbplats, project: Projekt) -> Sida:
    portfolio = site.source.portfolio
    org = site.org
    kostnad = priced(project, portfolio.schablon)
    placering = site.placeringar.get(project.id)
    fakta = [
        ("Id", project.id),
        ("Status", project.status.value),
        ("Typ", project.typ.value),
        ("Start", project.start.isoformat() if project.start else ""),
        ("Slut", project.slut.isoformat() if project.slut else ""),
        ("Projektägare", person(org, project.projektägare)),
        ("Effektägare", person(org, project.effektägare)),
        ("Projektledare", person(org, project.projektledare)),
        ("Budget", f"{number(project.budget_kkr)} tkr" if project.budget_kkr else ""),
        ("Kostnad", f"{number(kostnad.total)} kr ({kostnad.år})" if kostnad else ""),
    ]

    def link(item_id: str) -> Lank:
        item = portfolio.behov.get(item_id) or portfolio.projekt.get(item_id)
        return Lank(item_href(item_id), f"{item_id} {item.titel}" if item else item_id)

    context = page_context(
        site,
        f"{project.id} {project.titel}",
        projekt=project,
        fakta=[(k, v) for k, v in fakta if v],
        avdelning=Lank(href("avdelning", project.avdelning), avdelning_name(org, project.avdelning))
        if project.avdelning
        else None,
        behov_lank=link(project.behov) if project.behov else None,
        system=[
            Lank(href("system", s), portfolio.system[s].namn if s in portfolio.system else s)
            for s in project.system
        ],
        placering=placering,
        forklaring=[for_reader(r) for r in placering.förklaring] if placering else [],
        beslut=[timeline_entry(site, b, c) for b, c in site.decisions(project.id, project.beslut)],
        historik=site.historik("projekt", project.id),
        beror_pa=[
            link(d) for d in project.beroenden if d in portfolio.behov or d in portfolio.projekt
        ],
        beror_av=[link(d) for d in site.beror_av.get(project.id, ())],
        effektmal=[goal(g) for g in goals(project)],
    )
    return Sida(href("projekt", project.id), TEMPLATE, context)
