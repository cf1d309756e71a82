"""Jinja rendering of the documents in Markdown and HTML.

HTML is autoescaped. Markdown gets the same safety net: every `{{ value }}` passes
through `md_escape`, which keeps portfolio text from breaking a table and from becoming
markup (raw HTML, links, emphasis); a template opts out with `|safe` (used for macro
output, which is already escaped).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from avoplan.store.files import templates_dir

if TYPE_CHECKING:
    from jinja2 import Environment

    from avoplan.documents.base import Source
    from avoplan.documents.registry import Document

_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")
# Characters that make Markdown (CommonMark and GitHub's tables) markup: a backslash
# escape shows them as themselves. `<` and `>` become entities, so no raw HTML, autolink
# or `<script>` survives; `[` and `]` so no link or image; `&` only where it would
# start an entity.
_MARKUP = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# A heading, quote or list marker at the start; "1." is left alone (a numbered heading
# reads better, and a stray ordered list is harmless).
_BLOCK_START = re.compile(r"^(\s*)([#>+=-])(?=\s|$)")
# What any of the above would change: most values (numbers, names, dates) have none of it.
_TOUCHED = re.compile(r"[\\`*_\[\]|~&<>\r\n]")


def md_escape(value: Any) -> str:
    """Portfolio text as literal Markdown on one line: it cannot break a table, start a
    heading or list, or turn into HTML, a link or an image."""
    from markupsafe import Markup

    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = str(value)
    if (
        text
        and _TOUCHED.search(text) is None
        and text[0] not in "#>+=-"
        and not text[0].isspace()
        and not text[-1].isspace()
    ):
        return text  # nothing to escape, break or strip
    text = _MARKUP.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _LINE_BREAK.sub(" ", text).strip()
    return _BLOCK_START.sub(r"\1\\\2", text)


@functools.cache
def environment(fmt: str) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    options: dict[str, Any] = (
        {"autoescape": True} if fmt == "html" else {"autoescape": False, "finalize": md_escape}
    )
    # Autoescape for HTML; Markdown escapes through md_escape (see above).
    return Environment(  # noqa: S701
        loader=FileSystemLoader(templates_dir()),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )


def render(document: Document, source: Source, fmt: str) -> str:
    context = document.build(source)
    template = environment(fmt).get_template(f"{document.name}.{fmt}.j2")
    text = template.render(document=document, **context)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


# PDF/A-2a: archival (fonts embedded, colour profile, no external links to content) and
# tagged, conformance level A, so the structure tree and reading order a screen reader
# needs are part of the archived file. WeasyPrint writes one pdfaid into the XMP
# metadata; the PDF/UA-1 identification is added beside it because the same tagged
# file also meets PDF/UA's requirements (title shown, language set, tagged tables).
PDF_VARIANT = "pdf/a-2a"
_PDFUA = "http://www.aiim.org/pdfua/ns/id/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def to_pdf(html: str) -> bytes:
    """The HTML of a document as a tagged PDF/A-2a that also declares PDF/UA-1. Title,
    language and author come from the HTML (<title>, lang, <meta name=author>)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(templates_dir()), media_type="print").render()
    generate = document.metadata.generate_rdf_metadata
    document.metadata.generate_rdf_metadata = lambda *args: _declare_pdfua(generate(*args))
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    return pdf


def _declare_pdfua(rdf: bytes) -> bytes:
    from xml.etree import ElementTree

    ElementTree.register_namespace("pdfuaid", _PDFUA)
    root = ElementTree.fromstring(rdf)  # noqa: S314 (the XMP avoplan itself writes, never outside input)
    description = root.find(f"{{{_RDF}}}Description")
    if description is not None:
        description.set(f"{{{_PDFUA}}}part", "1")
    declared: bytes = ElementTree.tostring(root, encoding="utf-8")
    return declared
