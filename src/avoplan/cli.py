"""The `avoplan` command line. The only module that imports typer."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer import _click as click  # the click that typer bundles and raises from
from typer.core import TyperGroup

from avoplan.errors import UsageError, UserError

F = TypeVar("F", bound=Callable[..., int])

HELP_FLAGS = {"--help", "-h"}


class SwedishGroup(TyperGroup):
    """Runs a command and turns every outcome into a Swedish message and an exit code:
    0 ok, 1 user error or refused action, 2 wrong usage, 3 unexpected, 130 Ctrl-C."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not argv or HELP_FLAGS & set(argv):
            _swedish_help()
        code = _exit_code(lambda: super(SwedishGroup, self).main(
            argv, prog_name or "avoplan", complete_var, standalone_mode=False, **extra))
        if standalone_mode:
            sys.exit(code)
        return code


def _exit_code(invoke: Callable[[], Any]) -> int:
    from avoplan.console import error as print_error

    try:
        result = invoke()
    except click.exceptions.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            return 2
        from avoplan.usage import swedish

        command = exc.ctx.command_path if exc.ctx else "avoplan"
        print_error(swedish(exc), f"se '{command} --help'")
        return 2
    except UsageError as exc:
        print_error(exc.message, exc.hint)
        return 2
    except UserError as exc:
        print_error(exc.message, exc.hint, exc.details)
        return 1
    except (KeyboardInterrupt, typer.Abort):
        print_error("avbrutet")
        return 130
    except Exception:
        if os.environ.get("AVOPLAN_DEBUG"):
            raise
        return _crashed()
    return result if isinstance(result, int) else 0


def _crashed() -> int:
    """An unexpected error: the traceback goes to a crash log, the user gets its path
    (pre-commit's error_handler is the model)."""
    import traceback

    from avoplan.console import error
    from avoplan.files import write_crash_log

    log = write_crash_log(sys.argv, traceback.format_exc())
    where = f"detaljerna finns i {log}" if log else "kör igen med AVOPLAN_DEBUG=1 för detaljer"
    error("ett oväntat fel inträffade i avoplan", f"{where}; rapportera felet")
    return 3


def _swedish_help() -> None:
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argument"
    rich_utils.OPTIONS_PANEL_TITLE = "Flaggor"
    rich_utils.COMMANDS_PANEL_TITLE = "Kommandon"
    rich_utils.ERRORS_PANEL_TITLE = "Fel"
    rich_utils.REQUIRED_LONG_STRING = "[obligatorisk]"
    rich_utils.DEFAULT_STRING = "[standard: {}]"
    original = click.Command.get_help_option

    def swedish_help_option(command: click.Command, ctx: click.Context) -> Any:
        option = original(command, ctx)
        if option is not None:
            option.help = "Visa den här hjälpen och avsluta."
        return option

    click.Command.get_help_option = swedish_help_option  # type: ignore[method-assign,assignment]


app = typer.Typer(
    cls=SwedishGroup,
    name="avoplan",
    help="Digitaliseringsplanen som kod: behov, projekt och system som YAML i git.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Utformat(StrEnum):
    TEXT = "text"
    JSON = "json"


PortfolioOption = Annotated[
    Path | None,
    typer.Option("--portfolio", "-p", help="Portföljens mapp (annars närmaste, "
                 "$AVOPLAN_PORTFOLIO eller den inbyggda ÄVO-portföljen).",
                 file_okay=False, show_default=False),
]


@app.command(help="Kontrollera alla filer, referenser och regler i portföljen.")
def check(
    portfolio: PortfolioOption = None,
    output_format: Annotated[Utformat, typer.Option("--format", "-f",
                                                    help="Utdata: text eller json.")]
    = Utformat.TEXT,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Läs och validera varje fil på "
                                           "nytt, utan cachen i .avoplan-cache/.")] = False,
) -> int:
    from avoplan.commands import check as command

    return command.run(portfolio, output_format.value, use_cache=not no_cache)


@app.command(help="Lista reglerna från källdokumenten och var de kontrolleras.")
def rules() -> int:
    from avoplan.commands import rules as command

    return command.run()


@app.command(help="Registrera ett nytt behov med nästa lediga id.")
def new(
    kind: Annotated[str, typer.Argument(metavar="behov", help="Vad som skapas: behov.")],
    titel: Annotated[str, typer.Option("--titel", help="Behovets titel.")],
    avdelning: Annotated[str, typer.Option("--avdelning", help="Ägande avdelning (id).")],
    kontaktperson: Annotated[str | None, typer.Option(
        "--kontaktperson", help="Verksamhetens kontaktperson (id eller e-post).")] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import new as command

    return command.run(portfolio, kind, titel, avdelning, kontaktperson)


@app.command(help="Flytta ett behov en beslutspunkt framåt (eller sortera bort det) och "
             "registrera beslutet.")
def advance(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Behovets id, t.ex. BEH-042.")],
    to: Annotated[str, typer.Option("--to", help="Nästa steg: grovsållning, beredning, "
                                    "klart-för-start, projekt eller bortsorterad.")],
    motivering: Annotated[str | None, typer.Option("--motivering", help="Beslutets motivering.")]
    = None,
    beslutad_av: Annotated[str | None, typer.Option(
        "--beslutad-av", help="Beslutsfattare (id eller e-post); annars din git-e-post.")] = None,
    datum: Annotated[str | None, typer.Option("--datum", help="Beslutsdatum ÅÅÅÅ-MM-DD; "
                                              "annars i dag.")] = None,
    forum: Annotated[str | None, typer.Option("--forum", help="Forum där beslutet togs (id).")]
    = None,
    protokoll: Annotated[str | None, typer.Option(
        "--protokoll", help="Protokollreferens med paragraf, t.ex. 'STY-2025-05 § 4'.")] = None,
    deltagare: Annotated[str | None, typer.Option(
        "--deltagare", help="Vilka som deltog när ett forum beslutade som organ (id, "
        "kommaseparerade).")] = None,
    bakom: Annotated[str | None, typer.Option(
        "--bakom", help="BP2: berörda förvaltningar vars utvecklingsteam ställer sig bakom "
        "beslutet (id, kommaseparerade).")] = None,
    commit: Annotated[bool, typer.Option("--commit", help="Gör en git-commit av ändringen.")]
    = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.arguments import parse_date, parse_list
    from avoplan.commands import advance as command

    return command.run(portfolio, item_id, to, beslutad_av=beslutad_av, datum=parse_date(datum),
                       forum=forum, motivering=motivering, protokoll=protokoll,
                       deltagare=parse_list(deltagare), bakom=parse_list(bakom), commit=commit)


@app.command(help="Visa ett behov eller projekt.")
def show(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Id, t.ex. BEH-042 eller PRJ-012.")],
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import show as command

    return command.run(portfolio, item_id)


@app.command(name="list", help="Lista behov, filtrerade på steg och avdelning.")
def list_needs(
    steg: Annotated[str | None, typer.Option("--steg", help="Bara behov i detta steg.")] = None,
    avdelning: Annotated[str | None, typer.Option("--avdelning", help="Bara denna avdelning.")]
    = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import list_items as command

    return command.run(portfolio, steg, avdelning)


@app.command(help="Visa ett behovs beslut och vilken commit som registrerade varje beslut.")
def history(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Behovets id.")],
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import history as command

    return command.run(portfolio, item_id)


class Diffformat(StrEnum):
    MD = "md"
    JSON = "json"
    GITHUB = "github"


@app.command(help="Visa vad en ändring gör med portföljen: nya och flyttade behov, kostnader, "
             "prioritet och regelbrott. Exit 1 om ändringen inför fel.")
def diff(
    base: Annotated[str | None, typer.Argument(
        metavar="[BAS]", help="Jämför från (standard: gemensam bas med main).")] = None,
    head: Annotated[str | None, typer.Argument(
        metavar="[NY]", help="Jämför till (standard: arbetskatalogen).")] = None,
    output_format: Annotated[Diffformat, typer.Option(
        "--format", "-f", help="md (PR-kommentar), json eller github (annoteringar).")]
    = Diffformat.MD,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import diff as command

    return command.run(portfolio, base, head, output_format.value)


@app.command(help="Kontrollera att varje beslut registrerades av beslutsfattaren eller en "
             "registrator och aldrig ändrats i efterhand.")
def verify(
    since: Annotated[str | None, typer.Option(
        "--since", help="Granska bara commits efter denna revision.")] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import verify as command

    return command.run(portfolio, since)

@app.command(help="Visa kostnaden för ett behov eller projekt enligt årets schablon (R20).")
def kostnad(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Behovets eller projektets id, "
                                           "t.ex. BEH-004 eller PRJ-023.", show_default=False)],
    portfolio: PortfolioOption = None,
    output_format: Annotated[Utformat, typer.Option("--format", "-f",
                                                    help="Utdata: text eller json.")]
    = Utformat.TEXT,
) -> int:
    from avoplan.commands import kostnad as command

    return command.run(portfolio, item_id, output_format.value)


@app.command(help="Visa den prioriterade väntelistan: kostnad i förhållande till nytta (R21).")
def prioritet(
    portfolio: PortfolioOption = None,
    explain: Annotated[bool, typer.Option("--explain", help="Förklara varje plats steg för "
                                          "steg och visa formeln.")] = False,
    output_format: Annotated[Utformat, typer.Option("--format", "-f",
                                                    help="Utdata: text eller json.")]
    = Utformat.TEXT,
) -> int:
    from avoplan.commands import prioritet as command

    return command.run(portfolio, explain, output_format.value)

@app.command(help="Visa behov som liknar ett behov (R5: samordning mot liknande behov), med "
             "likhet och vad som matchade.")
def liknande(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Behovets id, t.ex. BEH-042.")],
    top: Annotated[int, typer.Option("--top", "-n", help="Högst så många behov.")] = 10,
    minimum: Annotated[float, typer.Option("--min", help="Lägsta likhet (0–100).",
                                           min=0, max=100)] = 0.0,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import liknande as command

    return command.run(portfolio, item_id, top, minimum)


federation_app = typer.Typer(
    name="federation", no_args_is_help=True,
    help="Integrerad Digitalisering: medlemmarnas portföljer, hämtade med git.")
app.add_typer(federation_app)


@federation_app.command("sync", help="Hämta varje medlems portfölj (läsande, med git) till "
                        "cachen; federerade kommandon arbetar sedan på den utan nät.")
def federation_sync(portfolio: PortfolioOption = None) -> int:
    from avoplan.commands import federation as command

    return command.sync(portfolio)


@federation_app.command("status", help="Visa medlemmarna och hur gammal senaste synkningen är.")
def federation_status(portfolio: PortfolioOption = None) -> int:
    from avoplan.commands import federation as command

    return command.status(portfolio)


class Dokumentformat(StrEnum):
    MD = "md"
    HTML = "html"


def _document_help() -> str:
    from avoplan.documents import ALL, DOCUMENTS
    from avoplan.text import join_sv

    return f"Dokumentet: {join_sv([*DOCUMENTS, ALL])} (alla)."


@app.command(help="Ta fram planens dokument (Markdown eller HTML) ur portföljen.")
def render(
    document: Annotated[str, typer.Argument(help=_document_help(), show_default=False)],
    portfolio: PortfolioOption = None,
    year: Annotated[int | None, typer.Option(
        "--year", "-y", min=2000, max=2100, show_default=False,
        help="Året dokumentet gäller (annars planens första år).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", file_okay=False, show_default=False,
        help="Mapp att skriva dokumenten i (annars skrivs ett dokument till terminalen).")]
    = None,
    output_format: Annotated[Dokumentformat, typer.Option(
        "--format", "-f", help="Utdata: md eller html.")] = Dokumentformat.MD,
) -> int:
    from avoplan.commands import render as command

    return command.run(document, portfolio, year, out, output_format.value)

@app.command(help="Exportera JSON Schema (draft 2020-12) för varje filtyp i portföljen.")
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp att skriva *.schema.json till.",
                                      show_default=False)],
) -> int:
    from avoplan.commands import schema as command

    return command.run(out)


@app.command("demo-portfolio",
             help="Skapa en syntetisk demoportfölj med N behov och projekt (för test och mätning).")
def demo_portfolio(
    items: Annotated[int, typer.Option("--items", "-n", help="Antal behov och projekt.",
                                       show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Ny eller tom mapp att skriva till.",
                                      show_default=False)],
    seed: Annotated[int, typer.Option("--seed", help="Frö; samma frö ger samma filer.")] = 2025,
    federation: Annotated[int | None, typer.Option(
        "--federation", help="Skapa N medlemmar i Integrerad Digitalisering (2–6), var och en "
        "ett eget git-förråd med N behov och projekt, i MAPP/<kod>/.", show_default=False)]
    = None,
) -> int:
    from avoplan.commands import demo_portfolio as command

    return command.run(items, out, seed, federation)


def main() -> None:
    app()
