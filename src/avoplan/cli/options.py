"""The options several commands share, declared once: the portfolio folder and the output
formats (each command offers the formats it can write)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class TextOrJson(StrEnum):
    TEXT = "text"
    JSON = "json"


class ListFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


class SheetFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class DiffFormat(StrEnum):
    MD = "md"
    JSON = "json"
    GITHUB = "github"


class VerifyFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


class DocumentFormat(StrEnum):
    MD = "md"
    HTML = "html"
    PDF = "pdf"


PortfolioOption = Annotated[
    Path | None,
    typer.Option(
        "--portfolio",
        "-p",
        help="Portföljens mapp (annars närmaste, "
        "$AVOPLAN_PORTFOLIO eller den inbyggda ÄVO-portföljen).",
        file_okay=False,
        show_default=False,
    ),
]
TextOrJsonOption = Annotated[
    TextOrJson, typer.Option("--format", "-f", help="Utdata: text eller json.")
]
