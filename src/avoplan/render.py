"""Jinja rendering of the documents in Markdown and HTML.

HTML is autoescaped. Markdown gets the same safety net: every `{{ value }}` passes
through `md_escape`, which keeps portfolio text from breaking a table; a template opts
out with `|safe` (used for macro output, which is already escaped).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from avoplan.files import templates_dir

if TYPE_CHECKING:
    from jinja2 import Environment

    from avoplan.documents import Document
    from avoplan.documents.base import Source

_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")


def md_escape(value: Any) -> str:
    """Text that cannot break a Markdown table: no line breaks, `|` and `\\` escaped."""
    from markupsafe import Markup

    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace("|", "\\|")
    return _LINE_BREAK.sub(" ", text).strip()


@functools.cache
def environment(fmt: str) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    options: dict[str, Any] = {"autoescape": True} if fmt == "html" else {
        "autoescape": False, "finalize": md_escape}
    return Environment(loader=FileSystemLoader(templates_dir()), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       **options)


def render(document: Document, source: Source, fmt: str) -> str:
    context = document.build(source)
    template = environment(fmt).get_template(f"{document.name}.{fmt}.j2")
    text = template.render(document=document, **context)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
