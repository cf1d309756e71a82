"""`avoplan möte ny|nominera|närvaro|justera` (`mote` in ASCII): the forums' meetings
(R31)."""

from __future__ import annotations

from typing import Annotated

import typer

from avoplan.cli.group import app
from avoplan.cli.options import (
    ItemIdArgument,
    PortfolioOption,
)

mote_app = typer.Typer(
    name="möte",
    no_args_is_help=True,
    subcommand_metavar="KOMMANDO",
    options_metavar="[FLAGGOR]",
    help="Forumens möten (R31): dagordning före mötet, närvaro, protokoll och justering.",
)


app.add_typer(mote_app)


app.add_typer(mote_app, name="mote", hidden=True)  # the ASCII spelling


@mote_app.command(
    "ny",
    help="Skapa ett möte i möten/ med en dagordning utkastad ur det som "
    "väntar på forumet: beslutsärenden, nomineringar och uppföljning.",
)
def mote_ny(
    forum: Annotated[str, typer.Argument(metavar="FORUM", help="Forumet (id eller namn).")],
    datum: Annotated[str, typer.Option("--datum", help="Mötesdatum ÅÅÅÅ-MM-DD.")],
    tid: Annotated[str | None, typer.Option("--tid", help="Tid, t.ex. 13.00–15.00.")] = None,
    plats: Annotated[str | None, typer.Option("--plats", help="Plats.")] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import mote_ny as command
    from avoplan.ui.arguments import parse_date

    day = parse_date(datum)
    assert day is not None  # a required option
    return command.run(portfolio, forum, day, tid=tid, plats=plats)


@mote_app.command(
    "nominera",
    help="Nominera ett behov eller projekt till ett forums "
    "dagordning (från de beredande månadsmötena).",
)
def mote_nominera(
    item_id: ItemIdArgument,
    till: Annotated[str, typer.Option("--till", help="Forumet (id eller namn).")],
    av: Annotated[
        str | None, typer.Option("--av", help="Vem som nominerar; annars din git-e-post.")
    ] = None,
    datum: Annotated[str | None, typer.Option("--datum", help="ÅÅÅÅ-MM-DD; annars i dag.")] = None,
    kommentar: Annotated[str | None, typer.Option("--kommentar", help="Varför.")] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import mote_nominera as command
    from avoplan.ui.arguments import parse_date

    return command.run(
        portfolio, item_id, till, av=av, datum=parse_date(datum), kommentar=kommentar
    )


@mote_app.command("närvaro", help="Registrera vilka som var närvarande på mötet.")
def mote_narvaro(
    mote: Annotated[str, typer.Argument(metavar="MÖTE", help="Mötets id.")],
    narvarande: Annotated[
        str, typer.Option("--närvarande", "--narvarande", help="Personer (id, kommaseparerade).")
    ],
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import mote_narvaro as command
    from avoplan.ui.arguments import parse_list

    return command.run(portfolio, mote, parse_list(narvarande))


mote_app.command("narvaro", hidden=True)(mote_narvaro)


@mote_app.command("justera", help="Justera mötets protokoll; därefter ändras det inte.")
def mote_justera(
    mote: Annotated[str, typer.Argument(metavar="MÖTE", help="Mötets id.")],
    justerare: Annotated[
        str | None,
        typer.Option("--justerare", help="Justerare (id, kommaseparerade); annars ordföranden."),
    ] = None,
    datum: Annotated[str | None, typer.Option("--datum", help="ÅÅÅÅ-MM-DD; annars i dag.")] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import mote_justera as command
    from avoplan.ui.arguments import parse_date, parse_list

    return command.run(portfolio, mote, parse_list(justerare), datum=parse_date(datum))
