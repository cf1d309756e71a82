"""The options and arguments several commands share, declared once: the portfolio folder,
the output formats (each command offers the formats it can write), the id a command acts
on (any item, a behov, a projekt), --avdelning and --steg, with the shell completions over
the portfolio (`completer`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

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
SheetFormatOption = Annotated[
    SheetFormat,
    typer.Option("--format", "-f", help="xlsx eller csv (semikolon och BOM för svenska Excel)."),
]


def completer(name: str) -> Any:
    """A shell completion of `name` (a function of avoplan.workspace.completion) over the
    portfolio the command line names, or the one it would find."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from avoplan.workspace import completion

        given = ctx.params.get("portfolio")
        return completion.safely(getattr(completion, name), given, incomplete)

    return complete


ItemIdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        autocompletion=completer("ids"),
        help="Behovets eller projektets id, t.ex. BEH-042 eller PRJ-012.",
        show_default=False,
    ),
]
NeedIdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        autocompletion=completer("needs"),
        help="Behovets id, t.ex. BEH-042.",
        show_default=False,
    ),
]
ProjectIdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        autocompletion=completer("projects"),
        help="Projektets id, t.ex. PRJ-021.",
        show_default=False,
    ),
]
AvdelningOption = Annotated[
    str | None,
    typer.Option(
        "--avdelning",
        autocompletion=completer("avdelningar"),
        help="Avdelningen (id, namn eller entydig början).",
        show_default=False,
    ),
]
StegOption = Annotated[
    str | None,
    typer.Option(
        "--steg",
        autocompletion=completer("steps"),
        help="Bara behov i detta steg (t.ex. beredning).",
        show_default=False,
    ),
]
CommitOption = Annotated[bool, typer.Option("--commit", help="Gör en git-commit av ändringen.")]
NoCacheWriteOption = Annotated[
    bool,
    typer.Option(
        "--no-cache-write",
        help="Läs cachen men skriv ingen (som när CI=true, där mappen ändå slängs).",
    ),
]
