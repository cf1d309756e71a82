"""The site's search: an index built here, embedded as a script (so it works from
file://, where a page cannot fetch JSON), and the page that searches it.

Titles and descriptions are normalised as similar needs are (behovsprocess.liknande):
lower case, å ä ö folded, stop words dropped, Swedish endings stemmed. The script
normalises what is typed with the same stop words and endings, given in the index, and
finds the pages where every typed word begins a word of the page; `list --search`
folds the same way, so 'hemtjanst' finds 'Hemtjänst'."""

from __future__ import annotations

import json
from typing import Any

from avoplan.behovsprocess.liknande import _ENDINGS, _MIN_STEM, STOP_WORDS, tokens
from avoplan.core.text import fold
from avoplan.documents.site.sida import Sida, Webbplats, href, page_context

INDEX_FILE = "sok-index.js"


def entries(site: Webbplats) -> list[list[str]]:
    """[href, label, kind, words]: one entry per need, project and system."""
    portfolio = site.source.portfolio
    found: list[list[str]] = []
    words = _Words()
    for key, need in sorted(portfolio.behov.items()):
        text = " ".join(filter(None, (need.titel, need.beskrivning)))
        found.append([href("behov", key), f"{key} {need.titel}", "Behov", words(key, text)])
    for key, project in sorted(portfolio.projekt.items()):
        text = " ".join(filter(None, (project.titel, project.beskrivning)))
        found.append([href("projekt", key), f"{key} {project.titel}", "Projekt", words(key, text)])
    for key, system in sorted(portfolio.system.items()):
        text = " ".join(filter(None, (system.namn, system.beskrivning)))
        found.append([href("system", key), system.namn, "System", words(key, text)])
    return found


class _Words:
    """An entry's words: its id, then the words of its text (a text written twice, as
    generated portfolios do now and then, is split once)."""

    def __init__(self) -> None:
        self.known: dict[str, list[str]] = {}

    def __call__(self, key: str, text: str) -> str:
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = tokens(text)
        return " ".join(dict.fromkeys([fold(key), *found]))


def index_script(site: Webbplats) -> str:
    """The index as a script that sets window.AVOPLAN_SOK. json.dumps escapes nothing
    that could end the script, so '<' '>' '&' are written as \\u escapes."""
    data: dict[str, Any] = {
        "stopp": sorted(STOP_WORDS),
        "andelser": list(_ENDINGS),
        "minsta": _MIN_STEM,
        "sidor": entries(site),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.AVOPLAN_SOK = {text};\n"


def pages(site: Webbplats) -> list[Sida]:
    return [Sida("sok.html", "site/sok.html.j2", page_context(site, "Sök", sokform=False))]
