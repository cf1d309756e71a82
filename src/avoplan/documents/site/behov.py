"""One page per need: who raised it and where it stands (step and days in step), the
timeline of its decisions, its cost and place on the priority list with the reasons,
its dependencies both ways, similar needs, and its effektmål with their measurements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from avoplan.documents.base import avdelning_name, number
from avoplan.documents.prioritet import for_reader
from avoplan.documents.site.sida import (
    Sida,
    Webbplats,
    file_name,
    href,
    item_href,
    page_context,
    person,
    steg_text,
)
from avoplan.documents.tavla import days_in_step
from avoplan.ekonomi.kostnad import priced
from avoplan.models.behov import Behov
from avoplan.models.effekt import Effektmal
from avoplan.models.initiativ import Beslut


@dataclass(frozen=True)
class Lank:
    """A link to another page, with the text it is read by."""

    href: str
    text: str


@dataclass(frozen=True)
class Handelse:
    """One decision on the timeline."""

    datum: str
    rubrik: str  # 'BP2: grovsållning → beredning'
    beslutad_av: str
    forum: Lank | None
    protokoll: str
    motivering: str
    commit: Lank | None


@dataclass(frozen=True)
class Mal:
    beskrivning: str
    indikator: str
    utgangslage: str
    malvarde: str
    matningar: tuple[tuple[str, str], ...]


TEMPLATE = "site/behov.html.j2"


def pages(site: Webbplats) -> list[Sida]:
    return [page(site, need) for _, need in sorted(site.source.portfolio.behov.items())]


def inputs(site: Webbplats, need: Behov) -> list[Any]:
    """What `page` reads for `need` beyond the facts every item page shares
    (`inputs.item_facts`): the need (the digest of its file, where the read kept one),
    its place on the list, its commits, what depends on it, its similar needs, and of
    every item it names whether it is there and its title."""
    named = need.grovsållning.liknande_behov if need.grovsållning else []
    similar = (site.liknande or {}).get(need.id, ())
    depending = site.beror_av.get(need.id, ())
    linked = [*need.projekt, *need.beroenden, *depending, *named, *(m.key for m in similar)]
    return [
        site.filer.get(need.id, need),
        site.placeringar.get(need.id),
        site.commits.get(need.id),
        depending,
        [(m.key, m.titel, m.score) for m in similar],
        {key: titles(site, key) for key in linked},
    ]


def titles(site: Webbplats, item_id: str) -> tuple[str | None, str | None]:
    """The title of the need and of the project with this id (None: not there)."""
    portfolio = site.source.portfolio
    need, project = portfolio.behov.get(item_id), portfolio.projekt.get(item_id)
    return (need.titel if need else None, project.titel if project else None)


def page(site: Webbplats, need: Behov) -> Sida:
    portfolio = site.source.portfolio
    org = site.org
    days = days_in_step(need, portfolio.today)
    placering = site.placeringar.get(need.id)
    kostnad = priced(need, portfolio.schablon)
    fakta = [
        ("Id", need.id),
        ("Steg", steg_text(need.steg.value)),
        ("Dagar i steget", "" if days is None else str(days)),
        ("Registrerat", need.registrerad.isoformat() if need.registrerad else ""),
        ("Kontaktperson", person(org, need.kontaktperson)),
        ("Förslagsställare", ", ".join(person(org, p) for p in need.förslagsställare)),
        ("Kostnad", f"{number(kostnad.total)} kr ({kostnad.år})" if kostnad else "ej skattad"),
    ]
    context = page_context(
        site,
        f"{need.id} {need.titel}",
        behov=need,
        fakta=[(k, v) for k, v in fakta if v],
        avdelning=Lank(href("avdelning", need.avdelning), avdelning_name(org, need.avdelning)),
        system=[_system(site, s) for s in need.system],
        projekt=[Lank(item_href(p), _item_title(site, p)) for p in need.projekt],
        placering=placering,
        forklaring=[for_reader(r) for r in placering.förklaring] if placering else [],
        beslut=[timeline_entry(site, b, c) for b, c in site.decisions(need.id, need.beslut)],
        historik=site.historik("behov", need.id),
        beror_pa=[Lank(item_href(d), _item_title(site, d)) for d in need.beroenden],
        beror_av=[Lank(item_href(d), _item_title(site, d)) for d in site.beror_av.get(need.id, ())],
        liknande=_similar(site, need),
        effektmal=[goal(g) for g in (need.beredning.effektmål if need.beredning else [])],
    )
    return Sida(href("behov", need.id), TEMPLATE, context)


def _similar(site: Webbplats, need: Behov) -> list[tuple[Lank, str]]:
    """The needs the grovsållning names, then the most similar ones computed (R5)."""
    named = need.grovsållning.liknande_behov if need.grovsållning else []
    found: list[tuple[Lank, str]] = [
        (Lank(item_href(n), _item_title(site, n)), "nämnt i grovsållningen")
        for n in named
        if n in site.source.portfolio.behov
    ]
    seen = set(named)
    for match in (site.liknande or {}).get(need.id, ()):
        if match.key in seen or match.key not in site.source.portfolio.behov:
            continue
        found.append(
            (Lank(item_href(match.key), f"{match.key} {match.titel}"), f"likhet {match.score:.0f}")
        )
    return found


def _system(site: Webbplats, system_id: str) -> Lank:
    found = site.source.portfolio.system.get(system_id)
    return Lank(href("system", system_id), found.namn if found else system_id)


def _item_title(site: Webbplats, item_id: str) -> str:
    portfolio = site.source.portfolio
    item = portfolio.behov.get(item_id) or portfolio.projekt.get(item_id)
    return f"{item_id} {item.titel}" if item else item_id


def timeline_entry(site: Webbplats, beslut: Beslut, commit: str | None = None) -> Handelse:
    org = site.org
    forum = org.forum_by_id(beslut.forum) if beslut.forum else None
    point = f"BP{beslut.beslutspunkt}: " if beslut.beslutspunkt else ""
    protokoll = ", ".join(
        part
        for part in (
            beslut.protokoll or "",
            f"möte {beslut.möte}" if beslut.möte else "",
            f"§ {beslut.paragraf}" if beslut.paragraf else "",
        )
        if part
    )
    return Handelse(
        beslut.datum.isoformat(),
        f"{point}{beslut.från.value} → {beslut.till.value}",
        f"{person(org, beslut.beslutad_av)} ({beslut.roll})",
        Lank(href("forum", forum.id), forum.namn) if forum else None,
        protokoll,
        beslut.motivering,
        Lank(f"{site.repo_url}/commit/{commit}", commit[:10]) if commit and site.repo_url else None,
    )


def goal(target: Effektmal) -> Mal:
    unit = f" {target.enhet}" if target.enhet else ""
    start = target.utgångsläge
    aim = target.målvärde
    return Mal(
        target.beskrivning,
        target.indikator or "",
        f"{_value(start.värde)}{unit} ({start.datum.isoformat()})" if start else "",
        f"{_value(aim.värde)}{unit} senast {aim.datum.isoformat()}" if aim else "",
        tuple((m.datum.isoformat(), f"{_value(m.värde)}{unit}") for m in target.mätningar),
    )


def _value(value: float) -> str:
    return format(value, "g").replace(".", ",")


def summary_row(need: Behov, site: Webbplats) -> dict[str, Any]:
    """A need as a row of a list on another page (made once per need: the list of all
    needs, its avdelning's page and its systems' pages show the same row)."""
    found = site.rader.get(need.id)
    if found is None:
        found = site.rader[need.id] = {
            "href": href("behov", need.id),
            "id": need.id,
            "titel": need.titel,
            "steg": steg_text(need.steg.value),
            "avdelning": avdelning_name(site.org, need.avdelning),
            "fil": file_name(need.id),
        }
    return found
