"""What a page is laid out from, as one digest: its path, its template, what the template
is given and the few facts of the whole site the templates read (`SITE_FACTS`), under a
version (avoplan's code, Jinja's and the templates'). Equal digests mean equal bytes, so
a render that finds a page's digest unchanged leaves the page as it is, without laying it
out: a second render of 10 000 pages lays out only those whose inputs changed.

A value the digest cannot be sure of (an object it does not know) gives no digest, and
the page is laid out every time: slower, never stale.

A need's or a project's page has a second, cheaper key (`input_key`): what its builder
reads (`behov.inputs`, `projekt.inputs`: the item, or the digest of the file it was
read from, its place on the list, its commits, what depends on it, its similar needs,
the titles of what it names) and what every item page may read of the whole portfolio
(`item_facts`). A page whose input key is the one the last render laid it out under has
that render's digest, so it is not even built."""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from pathlib import PurePath
from typing import Any

from avoplan.documents.site.sida import Sida, Webbplats

# Every `site.…` the site's templates read (tests/test_site_incremental.py holds the
# templates to this list): each is part of every page's digest, but those of
# `ITEM_FACTS` only of the needs' and projects' pages, whose templates alone read them.
SITE_FACTS = ("namn", "liknande")
ITEM_FACTS = ("liknande",)


def site_key(site: Webbplats, version: str, *, items: bool = False) -> str:
    """The facts of the whole site a page shows, and the version that lays it out. Only
    a need's page asks whether similar needs were computed (`items`: the key of the
    needs' and projects' pages), so the other pages can be laid out before they are."""
    facts: list[Any] = [version, site.namn]
    if items:
        facts.append(site.liknande is None)  # the template only asks whether it was computed
    return json.dumps(facts, ensure_ascii=False)


def page_digest(page: Sida, key: str) -> str | None:
    """The digest of everything `page` is laid out from (None: not known for certain)."""
    given = {name: value for name, value in page.context.items() if name != "site"}
    return _digest([key, page.path, page.template, given])


def item_facts(site: Webbplats, key: str) -> str | None:
    """What any need's or project's page may read of the whole portfolio besides its own
    inputs: the organisation (people, forums, avdelningar), the schablon, the systems,
    the day, where the repository is, and `site_key` (None: not known for certain)."""
    portfolio = site.source.portfolio
    return _digest(
        [
            key,
            portfolio.organisation,
            portfolio.schablon,
            portfolio.system,
            portfolio.today,
            site.repo_url,
            site.mapp,
        ]
    )


def input_key(facts: str | None, path: str, template: str, given: list[Any]) -> str | None:
    """The key of what an item's page at `path` is built from: `item_facts` and what
    its kind's `inputs` gives (None: not known for certain)."""
    return None if facts is None else _digest([facts, path, template, given])


def _digest(value: Any) -> str | None:
    """pydantic-core writes `value` as JSON (models, dataclasses, dates and enums by
    their fields and values) about three times as fast as json with a fallback."""
    from pydantic_core import to_json

    try:
        text = to_json(value, fallback=_plain)
    except Exception:  # noqa: BLE001 (anything it cannot write: lay the page out)
        return None
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def _plain(value: Any) -> Any:
    """A value pydantic-core does not know, as plain data; an unknown object refuses."""
    if isinstance(value, (set, frozenset)):  # in a fixed order, whatever the hash seed
        return sorted(value, key=repr)
    if isinstance(value, (Fraction, PurePath)):
        return [type(value).__name__, str(value)]
    raise TypeError(type(value).__name__)
