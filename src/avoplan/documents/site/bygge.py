"""The whole site: every page built and laid out, in a fixed order, as (path, text).
The same portfolio gives the same bytes (nothing reads a clock or a random source)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from avoplan.behovsprocess.liknande import Likhet
from avoplan.documents.base import Source
from avoplan.documents.site import avdelning, behov, forum, projekt, sok, start, system
from avoplan.documents.site.inputs import input_key, item_facts, page_digest, site_key
from avoplan.documents.site.sida import Sida, Webbplats, href
from avoplan.prioritet.beroenden import dependency_graph
from avoplan.prioritet.ranking import prioritetslista

if TYPE_CHECKING:
    from jinja2 import Environment

Laid = tuple[str, str | None, str | None, str | None]  # path, digest, input key, text
# A page as the last render laid it out, still on disk: its digest and input key.
Before = tuple[str, str | None]
STATIC = ("site.css", "sok.js")  # templates/site/<name>.j2, the same on every site


def webbplats(
    source: Source,
    *,
    repo_url: str | None = None,
    liknande: Mapping[str, Sequence[Likhet]] | None = None,
    tidigare: Mapping[str, tuple[str, str]] | None = None,
    mapp: str | None = None,
    commits: Mapping[str, tuple[str | None, Sequence[str | None]]] | None = None,
    filer: Mapping[str, str] | None = None,
) -> Webbplats:
    portfolio = source.portfolio
    lista = prioritetslista(portfolio)  # once: the board and the list page use it too
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
        liknande,
        repo_url,
        tidigare,
        mapp,
        lista,
        commits or {},
        filer or {},
    )


def rendered(
    site: Webbplats,
    version: str = "",
    before: Callable[[str], Before | None] | None = None,
) -> Iterator[Laid]:
    """Every file of the site as (path below the site's folder, digest of its inputs,
    key of its inputs, text): the items' pages (`item_pages`), then the rest (`parts`)."""
    yield from item_pages(site, version, before)
    for part in parts(site, version, before):
        yield from part()


def item_pages(
    site: Webbplats,
    version: str = "",
    before: Callable[[str], Before | None] | None = None,
) -> Iterator[Laid]:
    """The needs' and projects' pages. A page for whose path `before` gives the digest
    it has now (laid out from the same inputs before, under the same `version`, and
    still on disk) comes without its text: it is not laid out again; and one for which
    `before` gives the input key it has now (`inputs.input_key`) is not even built."""
    from avoplan.documents.render import environment

    env = environment("html")
    last = before or _nothing
    key = site_key(site, version, items=True)
    facts = item_facts(site, key)
    for pages in _ITEMS:
        for _, item in sorted(pages.items(site).items()):
            path = href(pages.folder, item.id)
            inputs = input_key(facts, path, pages.template, pages.inputs(site, item))
            known = last(path) if inputs is not None else None
            if known is not None and known[1] == inputs:
                yield path, known[0], inputs, None
                continue
            page = pages.page(site, item)
            yield _laid_out(env, page, page_digest(page, key), inputs, last)


def parts(
    site: Webbplats,
    version: str = "",
    before: Callable[[str], Before | None] | None = None,
) -> list[Callable[[], list[Laid]]]:
    """The rest of the site in parts that can be laid out apart, each when called (the
    longest first): the pages of the whole portfolio, laid out as the items' pages are,
    and the files that are not pages (no digest: always their text)."""
    last = before or _nothing

    def laid(*kinds: Callable[[Webbplats], Sida | list[Sida]]) -> Callable[[], list[Laid]]:
        def part() -> list[Laid]:
            from avoplan.documents.render import environment

            env, key = environment("html"), site_key(site, version)
            made = [kind(site) for kind in kinds]
            pages = [
                page for found in made for page in ([found] if isinstance(found, Sida) else found)
            ]
            return [_laid_out(env, page, page_digest(page, key), None, last) for page in pages]

        return part

    return [
        laid(start.board, forum.pages),  # both show the board (`Webbplats.tavla`)
        laid(start.uppfoljning_page),
        laid(start.all_needs),
        lambda: _files(site),
        laid(avdelning.pages),
        laid(system.pages),
        laid(start.start, start.prioritet_page, sok.pages),
    ]


def _files(site: Webbplats) -> list[Laid]:
    from avoplan.documents.render import environment

    env = environment("html")
    files: list[Laid] = [
        (name, None, None, env.get_template(f"site/{name}.j2").render()) for name in STATIC
    ]
    return [*files, (sok.INDEX_FILE, None, None, sok.index_script(site))]


def _nothing(path: str) -> None:
    return None


def _laid_out(
    env: Environment,
    page: Sida,
    digest: str | None,
    inputs: str | None,
    before: Callable[[str], Before | None],
) -> Laid:
    if digest is not None:
        known = before(page.path)
        if known is not None and known[0] == digest:
            return page.path, digest, inputs, None
    return (
        page.path,
        digest,
        inputs,
        env.get_template(page.template).render(rot=page.rot, **page.context),
    )


@dataclass(frozen=True)
class _ItemPages:
    """A kind with one page per item, whose pages `rendered` keys by their inputs."""

    folder: str
    template: str
    items: Callable[[Webbplats], Mapping[str, Any]]
    inputs: Callable[[Webbplats, Any], list[Any]]
    page: Callable[[Webbplats, Any], Sida]


_ITEMS = (
    _ItemPages(
        "behov", behov.TEMPLATE, lambda site: site.source.portfolio.behov, behov.inputs, behov.page
    ),
    _ItemPages(
        "projekt",
        projekt.TEMPLATE,
        lambda site: site.source.portfolio.projekt,
        projekt.inputs,
        projekt.page,
    ),
)
