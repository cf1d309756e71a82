"""`avoplan federation sync|status`: the members of Integrerad Digitalisering."""

from __future__ import annotations

import typer

from avoplan.cli.group import app
from avoplan.cli.options import (
    PortfolioOption,
    TextOrJson,
    TextOrJsonOption,
)

federation_app = typer.Typer(
    name="federation",
    no_args_is_help=True,
    subcommand_metavar="KOMMANDO",
    options_metavar="[FLAGGOR]",
    help="Integrerad Digitalisering: medlemmarnas portföljer, hämtade med git.",
)


app.add_typer(federation_app)


@federation_app.command(
    "sync",
    help="Hämta varje medlems portfölj (läsande, med git) till "
    "cachen; federerade kommandon arbetar sedan på den utan nät.",
)
def federation_sync(
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import federation as command

    return command.sync(portfolio, output_format.value)


@federation_app.command("status", help="Visa medlemmarna och hur gammal senaste synkningen är.")
def federation_status(
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import federation as command

    return command.status(portfolio, output_format.value)
