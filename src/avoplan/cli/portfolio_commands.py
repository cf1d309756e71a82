"""Commands that read the portfolio: check, rules, init, org, show, list, board, history,
kostnad, prioritet and liknande."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from avoplan.cli.group import app
from avoplan.cli.options import (
    AvdelningOption,
    ItemIdArgument,
    ListFormat,
    NeedIdArgument,
    NoCacheWriteOption,
    PortfolioOption,
    StegOption,
    TextOrJson,
    TextOrJsonOption,
    completer,
)


@app.command(help="Kontrollera alla filer, referenser och regler i portföljen.")
def check(
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Läs och validera varje fil på nytt, utan cachen i .avoplan-cache/."
        ),
    ] = False,
    no_cache_write: NoCacheWriteOption = False,
) -> int:
    from avoplan.commands import check as command
    from avoplan.store.cache.policy import writes_refused

    with writes_refused(refuse=no_cache_write):
        return command.run(portfolio, output_format.value, use_cache=not no_cache)


@app.command(help="Lista reglerna från källdokumenten och var de kontrolleras.")
def rules(
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import rules as command

    return command.run(output_format.value)


@app.command(
    help="Skapa ett utkast till en förvaltnings portfölj: organisation, "
    "delegationsordning och plan ur ÄVO:s exempel med förvaltningens namn och kod, "
    "scheman och editorinställningar, pre-commit och CI som installerar just den här "
    "avoplan, CODEOWNERS, README, git init och första commit."
)
def init(
    target: Annotated[
        Path,
        typer.Argument(
            metavar="MAPP",
            help="Ny eller tom mapp (standard: den aktuella).",
            file_okay=False,
            show_default=False,
        ),
    ] = Path(),
    förvaltning: Annotated[
        str | None,
        typer.Option(
            "--förvaltning",
            "--forvaltning",
            help='Förvaltningens namn, t.ex. "Förvaltningen för '
            'funktionsstöd" (frågas efter i en terminal).',
            show_default=False,
        ),
    ] = None,
    kod: Annotated[
        str | None,
        typer.Option(
            "--kod",
            help="Förvaltningens kod i Integrerad Digitalisering, 2–6 bokstäver, t.ex. FS.",
            show_default=False,
        ),
    ] = None,
    källa: Annotated[
        str | None,
        typer.Option(
            "--avoplan-källa",
            "--avoplan-kalla",
            help="Varifrån CI och pre-commit installerar "
            "avoplan, låst till en commit eller version: git+https://…/avoplan.git@COMMIT eller "
            "avoplan==VERSION (standard: där den här avoplan installerades från).",
            show_default=False,
        ),
    ] = None,
    no_git: Annotated[
        bool, typer.Option("--no-git", help="Hoppa över git init och första commit.")
    ] = False,
) -> int:
    from avoplan.commands.init import command

    return command.run(
        target,
        git=not no_git,
        förvaltning=förvaltning,
        kod=kod,
        källa=källa,
        interactive=sys.stdin.isatty(),
    )


@app.command(help="Visa organisationen: personer och roller, forum och avdelningar med id.")
def org(
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import org as command

    return command.run(portfolio, output_format.value)


@app.command(help="Visa ett behov eller projekt.")
def show(
    item_id: ItemIdArgument,
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import show as command

    return command.run(portfolio, item_id, output_format.value)


@app.command(
    name="list",
    help="Lista behov och projekt: sök, filtrera på steg, avdelning och "
    "dagar i steget, sortera; som tabell, JSON eller CSV.",
)
def list_items(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="behov|projekt",
            help="Bara behov eller bara projekt (utan: båda).",
            show_default=False,
        ),
    ] = None,
    steg: StegOption = None,
    avdelning: AvdelningOption = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Sök i titel och beskrivning (å ä ö spelar ingen roll).",
            show_default=False,
        ),
    ] = None,
    stale: Annotated[
        int | None,
        typer.Option(
            "--stale",
            min=0,
            help="Bara poster som stått minst så många dagar i sitt steg.",
            show_default=False,
        ),
    ] = None,
    sort_by: Annotated[
        str,
        typer.Option(
            "--sort",
            help="Sortera på id, titel, steg, avdelning, dagar (längst i steget först) "
            "eller senaste (äldsta beslutet först).",
        ),
    ] = "id",
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Utdata: text, json eller csv.")
    ] = ListFormat.TEXT,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import list_items as command

    return command.run(
        portfolio,
        kind,
        steg,
        avdelning,
        sort_by=sort_by,
        search=search,
        stale=stale,
        output_format=output_format.value,
    )


@app.command(
    help="Visa tavlan: behov per steg med dagar i steget (de som står still markerade) "
    "och vad varje forum har att besluta."
)
def board(
    stale: Annotated[
        int | None,
        typer.Option(
            "--stale",
            min=1,
            help="Markera behov som stått minst så många dagar i steget (standard 90).",
            show_default=False,
        ),
    ] = None,
    forum: Annotated[
        str | None,
        typer.Option(
            "--forum",
            autocompletion=completer("forums"),
            help="Visa bara vad detta forum har att besluta (id eller namn).",
            show_default=False,
        ),
    ] = None,
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import board as command

    return command.run(portfolio, stale, forum, output_format.value)


@app.command(help="Visa ett behovs beslut och vilken commit som registrerade varje beslut.")
def history(
    item_id: NeedIdArgument,
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import history as command

    return command.run(portfolio, item_id, output_format.value)


@app.command(help="Visa kostnaden för ett behov eller projekt enligt årets schablon (R20).")
def kostnad(
    item_id: ItemIdArgument,
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import kostnad as command

    return command.run(portfolio, item_id, output_format.value)


@app.command(
    help="Visa efterfrågan på årsarbeten per år och roll mot förvaltningsplanens kapacitet."
)
def kapacitet(
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import kapacitet as command

    return command.run(portfolio, output_format.value)


@app.command(help="Visa den prioriterade väntelistan: kostnad i förhållande till nytta (R21).")
def prioritet(
    portfolio: PortfolioOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Förklara varje plats steg för steg och visa formeln.")
    ] = False,
    budget: Annotated[
        int | None,
        typer.Option(
            "--budget",
            metavar="KR",
            min=0,
            help="Visa var en budget på KR kronor tar slut på listan, utan att skriva något (R38).",
            show_default=False,
        ),
    ] = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import prioritet as command

    return command.run(portfolio, explain=explain, output_format=output_format.value, budget=budget)


@app.command(
    help="Visa behov som liknar ett behov (R5: samordning mot liknande behov), med "
    "likhet och vad som matchade."
)
def liknande(
    item_id: NeedIdArgument,
    top: Annotated[int, typer.Option("--top", "-n", help="Högst så många behov.")] = 10,
    minimum: Annotated[
        float, typer.Option("--min", help="Lägsta likhet (0–100).", min=0, max=100)
    ] = 0.0,
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import liknande as command

    return command.run(portfolio, item_id, top, minimum, output_format.value)
