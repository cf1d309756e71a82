"""The start page (the plan's summary and what changed since the last render), the list
of all needs, and the board, the priority list and uppföljning as pages."""

from __future__ import annotations

from collections import Counter
from typing import Any

from avoplan.documents import prioritet, uppfoljning
from avoplan.documents.base import meta, period_text
from avoplan.documents.site.behov import summary_row
from avoplan.documents.site.sida import Sida, Webbplats, href, page_context, state, steg_text
from avoplan.documents.tavla import forum_table
from avoplan.models.common import Steg


def pages(site: Webbplats) -> list[Sida]:
    return [start(site), all_needs(site), board(site), prioritet_page(site), uppfoljning_page(site)]


def start(site: Webbplats) -> Sida:
    portfolio = site.source.portfolio
    steps = Counter(n.steg for n in portfolio.behov.values())
    statuses = Counter(p.status.value for p in portfolio.projekt.values())
    context = page_context(
        site,
        site.namn,
        period=period_text(portfolio),
        meta=meta(site.source),
        steg=[(steg_text(s.value), steps.get(s, 0)) for s in Steg],
        projekt=sorted(statuses.items()),
        andrat=changes(site),
        system=[(href("system", k), s.namn) for k, s in sorted(portfolio.system.items())],
        forum=[(href("forum", f.id), f.namn) for f in site.org.forum],
        avdelningar=[(href("avdelning", a.id), a.namn) for a in site.org.avdelningar],
        mal=[(m.nummer, m.namn) for m in portfolio.plan.prioriterade_mål],
        # Only here: a version on every page would change all of them with every commit.
        versionen={
            "commit": site.commit,
            "url": site.commit_url,
            "per": site.source.as_of.isoformat(),
        },
    )
    return Sida("index.html", "site/start.html.j2", context)


def changes(site: Webbplats) -> dict[str, Any] | None:
    """New needs, needs that changed step and needs that are gone since the last
    render; None when there was no last render to compare with."""
    if site.tidigare is None:
        return None
    before, now = site.tidigare, state(site)
    behov = site.source.portfolio.behov
    return {
        "nya": [summary_row(behov[k], site) for k in now if k not in before],
        "flyttade": [
            {**summary_row(behov[k], site), "fran": steg_text(before[k][1])}
            for k in now
            if k in before and before[k][1] != now[k][1]
        ],
        "borta": [f"{k} {before[k][0]}" for k in sorted(before) if k not in now],
    }


def all_needs(site: Webbplats) -> Sida:
    rows = [summary_row(n, site) for _, n in sorted(site.source.portfolio.behov.items())]
    context = page_context(site, "Alla behov", rader=rows)
    return Sida("behov/index.html", "site/behov_lista.html.j2", context)


def board(site: Webbplats) -> Sida:
    source = site.source
    board_context = {
        "titel": "Tavla: behov per steg i Behovsprocessen",
        "meta": meta(source),
        "tavla": site.tavla,
        "forum": [(name, forum_table(name, rows)) for name, rows in site.tavla.att_besluta],
    }
    cards = {
        kolumn.steg: [(href("behov", k.id), k) for k in kolumn.kort]
        for kolumn in site.tavla.kolumner
    }
    return Sida("tavla.html", "site/tavla.html.j2", {**board_context, "site": site, "kort": cards})


def prioritet_page(site: Webbplats) -> Sida:
    return Sida(
        "prioritet.html",
        "site/prioritet.html.j2",
        {**prioritet.build(site.source, site.lista), "site": site},
    )


def uppfoljning_page(site: Webbplats) -> Sida:
    return Sida(
        "uppfoljning.html",
        "site/uppfoljning.html.j2",
        {**uppfoljning.build(site.source), "site": site},
    )
