"""The whole site: every page built and laid out, in a fixed order, as (path, text).
The same portfolio gives the same bytes (nothing reads a clock or a random source)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from avoplan.behovsprocess.liknande import Likhet
from avoplan.documents.base import Source
from avoplan.documents.site import avdelning, behov, forum, projekt, sok, start, system
from avoplan.documents.site.sida import Sida, Webbplats
from avoplan.documents.tavla import tavla
from avoplan.prioritet.beroenden import dependency_graph
from avoplan.prioritet.ranking import prioritetslista

KINDS = (start, behov, projekt, system, forum, avdelning, sok)
STATIC = ("site.css", "sok.js")  # templates/site/<name>.j2, the same on every site


def webbplats(
    source: Source,
    *,
    repo_url: str | None = None,
    liknande: Mapping[str, Sequence[Likhet]] | None = None,
    tidigare: Mapping[str, tuple[str, str]] | None = None,
    mapp: str | None = None,
) -> Webbplats:
    portfolio = source.portfolio
    lista = prioritetslista(portfolio)
    beror_av: dict[str, list[str]] = {}
    for item_id, needs in sorted(dependency_graph(portfolio).items()):
        for dependency in dict.fromkeys(needs):
            beror_av.setdefault(dependency, []).append(item_id)
    commit = source.commit or "ej versionshanterad"
    clean = source.commit is not None and " " not in source.commit
    return Webbplats(
        source,
        portfolio.plan.titel,
        commit,
        f"{repo_url}/commit/{commit}" if repo_url and clean else None,
        {p.id: p for p in lista.placeringar},
        beror_av,
        tavla(portfolio, portfolio.today),
        liknande,
        repo_url,
        tidigare,
        mapp,
    )


def sidor(site: Webbplats) -> list[Sida]:
    return [page for kind in KINDS for page in kind.pages(site)]


def rendered(site: Webbplats) -> Iterator[tuple[str, str]]:
    """Every file of the site as (path below the site's folder, text)."""
    from avoplan.documents.render import environment

    env = environment("html")
    for page in sidor(site):
        text = env.get_template(page.template).render(rot=page.rot, **page.context)
        yield page.path, text
    for name in STATIC:
        yield name, env.get_template(f"site/{name}.j2").render()
    yield sok.INDEX_FILE, sok.index_script(site)
