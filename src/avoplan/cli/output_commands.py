"""Commands that produce documents and files: export, render, pios, schema and
demo-portfolio."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from avoplan.cli.group import app
from avoplan.cli.options import (
    DocumentFormat,
    NoCacheWriteOption,
    PortfolioOption,
    SheetFormat,
    SheetFormatOption,
)
from avoplan.core.errors import UsageError


@app.command(
    help="Exportera behov, projekt, prioritetslistan eller systemen till Excel (xlsx) "
    "eller CSV med svenska rubriker."
)
def export(
    what: Annotated[
        str,
        typer.Argument(
            metavar="behov|projekt|prioritet|system", help="Vad som exporteras.", show_default=False
        ),
    ],
    output_format: SheetFormatOption = SheetFormat.CSV,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            dir_okay=False,
            help="Fil att skriva (krävs för xlsx; annars skrivs CSV till terminalen).",
            show_default=False,
        ),
    ] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import export as command

    return command.run(portfolio, what, output_format.value, out)


def _document_help() -> str:
    from avoplan.core.text import join_sv
    from avoplan.documents.registry import ALL, DOCUMENTS, SITE

    return (
        f"Dokumentet: {join_sv([*DOCUMENTS, ALL, SITE])} (alla; site är portföljen som "
        "webbplats i mappen --out)."
    )


@app.command(help="Ta fram planens dokument (Markdown, HTML eller PDF) ur portföljen.")
def render(
    document: Annotated[
        str, typer.Argument(metavar="DOKUMENT", help=_document_help(), show_default=False)
    ],
    mote: Annotated[
        str | None,
        typer.Argument(
            metavar="[MÖTE]",
            help="Mötet (möten/<id>.yaml) för kallelse och protokoll.",
            show_default=False,
        ),
    ] = None,
    portfolio: PortfolioOption = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            min=2000,
            max=2100,
            show_default=False,
            help="Året dokumentet gäller (annars planens första år).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            file_okay=False,
            show_default=False,
            metavar="MAPP",
            help="Mapp att skriva dokumenten i (annars skrivs ett dokument till terminalen).",
        ),
    ] = None,
    output_format: Annotated[
        DocumentFormat,
        typer.Option(
            "--format", "-f", help="Utdata: md, html eller pdf (A4, PDF/A-2a; kräver --out)."
        ),
    ] = DocumentFormat.MD,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            show_default=False,
            metavar="REV",
            help="Ta fram dokumentet ur portföljen som den var i en git-revision (commit, gren "
            "eller tagg, t.ex. plan-2025-antagen); arbetskatalogen lämnas orörd.",
        ),
    ] = None,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            show_default=False,
            help="Rådets mötesdatum ÅÅÅÅ-MM-DD: kallelsen till rådets möte den dagen.",
        ),
    ] = None,
    tid: Annotated[
        str | None,
        typer.Option(
            "--tid",
            show_default=False,
            help="Mötets tid, t.ex. 13.00–15.00, när mötet saknar mötesfil.",
        ),
    ] = None,
    plats: Annotated[
        str | None,
        typer.Option(
            "--plats", show_default=False, help="Mötets plats, när mötet saknar mötesfil."
        ),
    ] = None,
    no_cache_write: NoCacheWriteOption = False,
) -> int:
    from avoplan.documents.registry import SITE

    if document == SITE:
        return _site(mote, portfolio, out, year=year, at=at, datum=datum)
    from avoplan.commands import render as command
    from avoplan.documents.base import Mote
    from avoplan.store.cache.policy import writes_refused
    from avoplan.ui.arguments import parse_date

    day = parse_date(datum)
    if day is None and (tid or plats):
        raise UsageError(
            "--tid och --plats gäller ett möte och behöver --datum", "ange --datum ÅÅÅÅ-MM-DD"
        )
    möte = Mote(day, tid, plats) if day else None
    with writes_refused(refuse=no_cache_write):
        return command.run(
            document, portfolio, year, out, output_format.value, at=at, möte=möte, möte_id=mote
        )


def _site(
    mote: str | None,
    portfolio: Path | None,
    out: Path | None,
    *,
    year: int | None,
    at: str | None,
    datum: str | None,
) -> int:
    """`render site --out MAPP`: the portfolio as a static site (commands/site)."""
    from avoplan.commands import site as command

    if mote is not None or year is not None or at is not None or datum is not None:
        raise UsageError(
            "webbplatsen tas fram ur arbetskatalogen och gäller inget möte, år eller revision",
            "ange bara --out MAPP (och -p)",
        )
    return command.run(portfolio, out)


@app.command(
    help="Exportera uppföljningens fyra dimensioner per planerat eller pågående "
    "initiativ (PIOS, komplex/enkel, infrastruktur/direkt nytta, tajming) som CSV "
    "eller xlsx att föra in i PIOS."
)
def pios(
    portfolio: PortfolioOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            dir_okay=False,
            show_default=False,
            help="Fil att skriva (annars skrivs CSV till terminalen).",
        ),
    ] = None,
    output_format: SheetFormatOption = SheetFormat.CSV,
) -> int:
    from avoplan.commands import pios as command

    return command.run(portfolio, out, output_format.value)


@app.command(
    help="Exportera JSON Schema (draft 2020-12, med svenska texter) för varje filtyp "
    "i portföljen, så att redigerare som VS Code kontrollerar filerna medan man skriver."
)
def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            show_default=False,
            help="Mapp att skriva *.schema.json till (standard: portföljens schema/, dit "
            "raden '# yaml-language-server: $schema=../schema/…' i nya filer pekar).",
        ),
    ] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import schema as command

    return command.run(out, portfolio)


@app.command(
    "demo-portfolio",
    help="Skapa en syntetisk demoportfölj med N behov och projekt (för test och mätning).",
)
def demo_portfolio(
    items: Annotated[
        int, typer.Option("--items", "-n", help="Antal behov och projekt.", show_default=False)
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Ny eller tom mapp att skriva till.", show_default=False),
    ],
    seed: Annotated[int, typer.Option("--seed", help="Frö; samma frö ger samma filer.")] = 2025,
    federation: Annotated[
        int | None,
        typer.Option(
            "--federation",
            help="Skapa N medlemmar i Integrerad Digitalisering (2–6), var och en "
            "ett eget git-förråd med N behov och projekt, i MAPP/<kod>/.",
            show_default=False,
        ),
    ] = None,
) -> int:
    from avoplan.commands.demo_portfolio import command

    return command.run(items, out, seed, federation)


@app.command(
    "intake-formulär",
    help="Skriv GitHub-formuläret för nya behov (.github/ISSUE_TEMPLATE/behov.yml bredvid "
    "portföljen) med avdelningar och system ur organisation.yaml och systemregistret. Kör "
    "igen när de ändras; 'avoplan check' varnar när formuläret är inaktuellt.",
)
def intake_formular(
    portfolio: PortfolioOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            dir_okay=False,
            metavar="FIL",
            help="Fil att skriva (annars .github/ISSUE_TEMPLATE/behov.yml bredvid portföljen).",
            show_default=False,
        ),
    ] = None,
) -> int:
    from avoplan.commands import intake_formular as command

    return command.run(portfolio, out)
