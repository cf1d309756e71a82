"""Commands for review: diff, verify and allowed-signers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from avoplan.cli.group import app
from avoplan.cli.options import (
    DiffFormat,
    PortfolioOption,
    VerifyFormat,
)


@app.command(
    help="Visa vad en ändring gör med portföljen: ändrade filer, nya och flyttade "
    "behov, ändrade beslut, kostnader, prioritet och regelbrott. Exit 1 om ändringen "
    "inför fel, 2 om den inte går att jämföra."
)
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BAS",
            help="Jämför från den gemensamma basen med BAS (standard: "
            "$GITHUB_BASE_REF, uppströmsgrenen, origin/HEAD eller main). A...B och A..B "
            "(topparna) går också.",
        ),
    ] = None,
    head: Annotated[
        str | None, typer.Argument(metavar="NY", help="Jämför till (standard: arbetskatalogen).")
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="md (PR-kommentar), json eller github (annoteringar)."),
    ] = DiffFormat.MD,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Läs och validera varje fil på nytt, utan cachen.")
    ] = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import diff as command

    return command.run(portfolio, base, head, output_format.value, use_cache=not no_cache)


@app.command(
    help="Kontrollera att varje beslut registrerades av beslutsfattaren eller en "
    "registrator och aldrig ändrats i efterhand, även i sammanslagningar; identiteter "
    "och roller gäller som de var vid --sedan. "
    "Exit 1 vid problem, 2 om historiken inte kan läsas."
)
def verify(
    since: Annotated[
        str | None,
        typer.Option(
            "--sedan",
            "--since",
            metavar="REV",
            help="Granska bara commits efter denna revision "
            "(i CI: basen för pushen eller pull requesten). Standard: taggen avoplan-verifierad "
            "om den finns, annars hela historiken.",
        ),
    ] = None,
    require_signed: Annotated[
        bool,
        typer.Option(
            "--require-signed",
            help="Kräv att beslutsfattaren eller registrator signerat varje "
            "commit med beslut (SSH-nycklar i nycklar/, som de är incheckade i --sedan).",
        ),
    ] = False,
    output_format: Annotated[
        VerifyFormat, typer.Option("--format", "-f", help="text, json eller github (annoteringar).")
    ] = VerifyFormat.TEXT,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import verify as command

    return command.run(portfolio, since, output_format.value, require_signed=require_signed)


@app.command(
    "allowed-signers",
    help="Skriv gits allowed-signers-fil ur organisation.yaml och "
    "de publika nycklarna i nycklar/<person-id>.pub.",
)
def allowed_signers(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            dir_okay=False,
            show_default=False,
            help="Fil att skriva (annars till terminalen).",
        ),
    ] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import allowed_signers as command

    return command.run(portfolio, out)
