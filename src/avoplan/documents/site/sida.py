"""What every page of the site shares: the page itself (its path and template context),
the relative links between pages and the facts computed once for the whole site.

Pure: the pages are built from the portfolio; `commands/site` writes them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from avoplan.behovsprocess.liknande import Likhet
from avoplan.documents.base import Source, capitalised
from avoplan.documents.tavla import Tavla
from avoplan.models.initiativ import Beslut
from avoplan.models.organisation import Organisation
from avoplan.prioritet.ranking import Placering, Prioritetslista

# A file name from an id: ids and slugs are letters, digits and dashes already; anything
# else (an id from a hostile file never gets this far, but a page name must be safe
# whatever it is given) becomes '_'.
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def file_name(key: str) -> str:
    return _UNSAFE.sub("_", key) or "_"


@dataclass(frozen=True)
class Sida:
    """One page: where it goes below the site's folder, the template that lays it out
    and what the template is given."""

    path: str
    template: str
    context: Mapping[str, Any]

    @property
    def rot(self) -> str:
        """The way back to the site's top from this page: '' or '../'."""
        return "../" * self.path.count("/")


@dataclass(frozen=True)
class Webbplats:
    """Facts of the whole site, computed once and given to every page builder."""

    source: Source
    namn: str  # the plan's title: the site's name
    commit: str
    commit_url: str | None
    placeringar: Mapping[str, Placering]
    beror_av: Mapping[str, Sequence[str]]  # item id -> the items that depend on it
    # The strongest similar needs computed per need; None: not computed (a large portfolio)
    liknande: Mapping[str, Sequence[Likhet]] | None = None
    repo_url: str | None = None
    # What the previous render showed of each need, (titel, steg) by id: the start page
    # says what changed since. None: no previous render.
    tidigare: Mapping[str, tuple[str, str]] | None = None
    # The portfolio's folder within the repository ('portfolio'), for links to a file's
    # history on GitHub; None when the repository's address is not known.
    mapp: str | None = None
    lista: Prioritetslista | None = None  # the priority list, made once for every page
    # By item id: the last commit that changed its file, and the commit that recorded
    # each of its decisions, in their order (None: not committed); empty when the
    # repository's address is not known.
    commits: Mapping[str, tuple[str | None, Sequence[str | None]]] = field(default_factory=dict)
    # By item id: the digest of the file its model was read from, which stands for the
    # model in its page's input key (`inputs.input_key`): writing out 10 000 models
    # costs more than the rest of the keys.
    filer: Mapping[str, str] = field(default_factory=dict)
    # By need id: its row in the lists of other pages (`behov.summary_row`), made once.
    rader: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def decisions(self, item_id: str, beslut: Sequence[Beslut]) -> list[tuple[Beslut, str | None]]:
        """An item's decisions, each with the commit that recorded it when known."""
        commits = list(self.commits.get(item_id, (None, ()))[1])
        commits += [None] * (len(beslut) - len(commits))
        return list(zip(beslut, commits, strict=False))

    def historik(self, folder: str, key: str) -> str | None:
        """The web address of the commits that changed an item's file (every decision
        recorded in it), up to the last of them: the page changes only with the file."""
        last = self.commits.get(key, (None, ()))[0]
        if self.repo_url is None or self.mapp is None or last is None:
            return None
        top = f"{self.mapp}/" if self.mapp not in ("", ".") else ""
        return f"{self.repo_url}/commits/{last}/{top}{folder}/{file_name(key)}.yaml"

    @cached_property
    def tavla(self) -> Tavla:
        """The board: the steps, and what awaits each forum's decision. Made when a page
        first asks: only the whole portfolio's pages show it, perhaps laid out in a child."""
        from avoplan.documents.tavla import tavla

        portfolio = self.source.portfolio
        places = {p.id: p.plats for p in self.lista.placeringar} if self.lista else None
        return tavla(portfolio, portfolio.today, places=places)

    @property
    def org(self) -> Organisation:
        return self.source.portfolio.organisation


def href(kind: str, key: str) -> str:
    """The path of an item's page from the site's top: 'behov/BEH-001.html'."""
    return f"{kind}/{file_name(key)}.html"


def item_href(item_id: str) -> str:
    return href("projekt" if item_id.upper().startswith("PRJ-") else "behov", item_id)


def person(org: Organisation, person_id: str | None) -> str:
    if not person_id:
        return ""
    found = org.person(person_id)
    return found.namn if found else person_id


def steg_text(value: str) -> str:
    return capitalised(value)


def page_context(site: Webbplats, titel: str, **context: Any) -> dict[str, Any]:
    return {"titel": titel, "site": site, **context}


def state(site: Webbplats) -> dict[str, tuple[str, str]]:
    """What a render shows of each need, for the next render to compare with."""
    return {k: (n.titel, n.steg.value) for k, n in sorted(site.source.portfolio.behov.items())}
