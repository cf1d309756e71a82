"""Every document `avoplan render` makes, by the word on the command line. Each has a
module in this package with `build(source) -> dict` (pure: the template's context) and
two templates in `templates/`: `<name>.md.j2` and `<name>.html.j2`.

To add a document, write its module and templates and add one line to DOCUMENTS.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from avoplan.documents.base import Source

Builder = Callable[["Source"], dict[str, Any]]


@dataclass(frozen=True)
class Document:
    name: str  # the word on the command line and the output file's stem
    titel: str
    module: str  # imported only when the document is rendered
    per_meeting: bool = False  # of one meeting (render kallelse MÖTE); not in 'all'

    def build(self, source: Source) -> dict[str, Any]:
        builder = cast(Builder, importlib.import_module(self.module).build)
        return builder(source)


DOCUMENTS: dict[str, Document] = {
    document.name: document
    for document in (
        Document("plan", "Digitaliseringsplanen", "avoplan.documents.plan"),
        Document(
            "forvaltningsplan", "Förvaltningsplan enligt pm3", "avoplan.documents.forvaltningsplan"
        ),
        Document("prioritet", "Prioriterad väntelista", "avoplan.documents.prioritet"),
        Document("rad", "Kallelse till digitaliseringsrådet", "avoplan.documents.rad"),
        Document("board", "Tavla: behov per steg", "avoplan.documents.tavla"),
        Document("uppfoljning", "Uppföljning av effekthemtagning", "avoplan.documents.uppfoljning"),
        Document("backlog", "Gemensam väntelista", "avoplan.documents.backlog"),
        Document(
            "portfoljrapport",
            "Portföljrapport: pågående projekt",
            "avoplan.documents.portfoljrapport",
        ),
        Document(
            "kallelse",
            "Kallelse med dagordning till ett möte",
            "avoplan.documents.kallelse",
            per_meeting=True,
        ),
        Document(
            "protokoll", "Protokoll från ett möte", "avoplan.documents.protokoll", per_meeting=True
        ),
    )
}
ALL = "all"
SITE = "site"  # not a document: the whole portfolio as a static site (commands/site)
