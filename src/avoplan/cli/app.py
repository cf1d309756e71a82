"""The `avoplan` command line: one declaration per command, each handing its options to
`commands/<verb>.run`. With exits, swedish_help and options the only place that imports
typer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from avoplan.cli.options import (
    DiffFormat,
    DocumentFormat,
    ListFormat,
    PortfolioOption,
    SheetFormat,
    TextOrJson,
    TextOrJsonOption,
    VerifyFormat,
)
from avoplan.cli.swedish_help import SwedishGroup
from avoplan.core.errors import UsageError

app = typer.Typer(
    cls=SwedishGroup,
    name="avoplan",
    help="Digitaliseringsplanen som kod: behov, projekt och system som YAML i git.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(show: bool) -> None:
    if show:
        from avoplan.cli.version import describe

        sys.stdout.write(describe() + "\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", help="Visa avoplans version och den commit den byggdes från, och avsluta.",
        is_eager=True, callback=_show_version)] = False,
) -> None:
    """Digitaliseringsplanen som kod: behov, projekt och system som YAML i git."""


def _completer(name: str) -> Any:
    """A shell completion of `name` (a function of avoplan.workspace.completion) over the
    portfolio the command line names, or the one it would find."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from avoplan.workspace import completion

        given = ctx.params.get("portfolio")
        return completion.safely(getattr(completion, name), given, incomplete)

    return complete


@app.command(help="Kontrollera alla filer, referenser och regler i portföljen.")
def check(
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Läs och validera varje fil på "
                                           "nytt, utan cachen i .avoplan-cache/.")] = False,
) -> int:
    from avoplan.commands import check as command

    return command.run(portfolio, output_format.value, use_cache=not no_cache)


@app.command(help="Lista reglerna från källdokumenten och var de kontrolleras.")
def rules(
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import rules as command

    return command.run(output_format.value)


@app.command(help="Skapa ett utkast till en förvaltnings portfölj: organisation, "
             "delegationsordning och plan ur ÄVO:s exempel med förvaltningens namn och kod, "
             "scheman och editorinställningar, pre-commit och CI som installerar just den här "
             "avoplan, CODEOWNERS, README, git init och första commit.")
def init(
    target: Annotated[Path, typer.Argument(metavar="MAPP", help="Ny eller tom mapp "
                                           "(standard: den aktuella).", file_okay=False,
                                           show_default=False)] = Path(),
    förvaltning: Annotated[str | None, typer.Option(
        "--förvaltning", "--forvaltning", help="Förvaltningens namn, t.ex. \"Förvaltningen för "
        "funktionsstöd\" (frågas efter i en terminal).", show_default=False)] = None,
    kod: Annotated[str | None, typer.Option(
        "--kod", help="Förvaltningens kod i Integrerad Digitalisering, 2–6 bokstäver, t.ex. FS.",
        show_default=False)] = None,
    källa: Annotated[str | None, typer.Option(
        "--avoplan-källa", "--avoplan-kalla", help="Varifrån CI och pre-commit installerar "
        "avoplan, låst till en commit eller version: git+https://…/avoplan.git.repo@COMMIT eller "
        "avoplan==VERSION (standard: där den här avoplan installerades från).",
        show_default=False)] = None,
    no_git: Annotated[bool, typer.Option("--no-git", help="Hoppa över git init och första "
                                         "commit.")] = False,
) -> int:
    from avoplan.commands import init as command

    return command.run(target, not no_git, förvaltning, kod, källa,
                       interactive=sys.stdin.isatty())


@app.command(help="Visa organisationen: personer och roller, forum och avdelningar med id.")
def org(
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import org as command

    return command.run(portfolio, output_format.value)


@app.command(help="Registrera ett nytt behov med nästa lediga id. I en terminal frågar avoplan "
             "efter det som saknas (avdelning, kontaktperson, system och mål att välja bland).")
def new(
    kind: Annotated[str, typer.Argument(metavar="behov", help="Vad som skapas: behov.")],
    titel: Annotated[str | None, typer.Option("--titel", help="Behovets titel (krävs utanför "
                                              "en terminal).", show_default=False)] = None,
    avdelning: Annotated[str | None, typer.Option(
        "--avdelning", autocompletion=_completer("avdelningar"),
        help="Ägande avdelning (id, namn eller entydig början; krävs utanför "
        "en terminal).", show_default=False)] = None,
    kontaktperson: Annotated[str | None, typer.Option(
        "--kontaktperson", autocompletion=_completer("people"),
        help="Verksamhetens kontaktperson (id, e-post eller namn).",
        show_default=False)] = None,
    beskrivning: Annotated[str | None, typer.Option(
        "--beskrivning", help="Vad behövs och varför?", show_default=False)] = None,
    nytta: Annotated[str | None, typer.Option(
        "--nytta", help="Vilken nytta ger det, och för vem?", show_default=False)] = None,
    system: Annotated[str | None, typer.Option(
        "--system", help="Berörda system (id eller namn), med komma emellan.",
        show_default=False)] = None,
    mal: Annotated[str | None, typer.Option(
        "--mal", "--mål", help="Prioriterade mål i planen (nummer), med komma emellan.",
        show_default=False)] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.cli.arguments import parse_list
    from avoplan.commands import new as command

    return command.run(portfolio, kind, titel, avdelning, kontaktperson,
                       interactive=sys.stdin.isatty(), beskrivning=beskrivning, nytta=nytta,
                       system=parse_list(system), mal=parse_list(mal))


@app.command(name="set", help="Ändra fält i ett behov eller projekt utan att öppna YAML-filen: "
             "kontrolleras före skrivning, bara de ändrade raderna ändras. Tomt värde tar bort "
             "fältet. Steg och beslut ändras med 'advance'.")
def set_field(
    item_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=_completer("ids"),
                                           help="Id, t.ex. BEH-042 eller PRJ-012.",
                                           show_default=False)],
    assignments: Annotated[list[str] | None, typer.Argument(
        metavar="FÄLT=VÄRDE...", help="T.ex. titel=\"Ny titel\" kontaktperson=\"Sofia "
        "Nilsson\" frigjord_tid_timmar_per_år=1200 effekttyp=tidsbesparande,miljö "
        "kostnad.år=2026. Listor: styrgrupp+=\"Johan Ek\" lägger till, styrgrupp-=\"Johan "
        "Ek\" tar bort, klart_för_start.förutsättningar[0].klar=ja ändrar den första posten "
        "(räknat från [0], som 'check' anger fält) och förutsättningar[0]= tar bort den.",
        show_default=False)] = None,
    redigera: Annotated[str | None, typer.Option(
        "--redigera", metavar="FÄLT", help="Öppna bara fältet (t.ex. "
        "klart_för_start.förutsättningar) i $EDITOR som YAML; kontrolleras före skrivning.",
        show_default=False)] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import set_field as command

    return command.run(portfolio, item_id, assignments or [], redigera)


@app.command(help="Flytta ett behov en beslutspunkt framåt (eller sortera bort det) och "
             "registrera beslutet.")
def advance(
    item_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=_completer("needs"),
                                           help="Behovets id, t.ex. BEH-042.")],
    to: Annotated[str, typer.Option("--to", autocompletion=_completer("steps"),
                                    help="Nästa steg: grovsållning, beredning, "
                                    "klart-för-start, projekt eller bortsorterad.")],
    motivering: Annotated[str, typer.Option("--motivering", help="Beslutets motivering.",
                                            show_default=False)],
    beslutad_av: Annotated[str | None, typer.Option(
        "--beslutad-av", autocompletion=_completer("people"),
        help="Beslutsfattare (id, e-post eller namn); annars din "
        "git-e-post.")] = None,
    datum: Annotated[str | None, typer.Option("--datum", help="Beslutsdatum ÅÅÅÅ-MM-DD; "
                                              "annars i dag.")] = None,
    forum: Annotated[str | None, typer.Option("--forum", autocompletion=_completer("forums"),
                                              help="Forum där beslutet togs (id eller "
                                              "namn).")]
    = None,
    protokoll: Annotated[str | None, typer.Option(
        "--protokoll", help="Protokollreferens med paragraf, t.ex. 'STY-2025-05 § 4'.")] = None,
    deltagare: Annotated[str | None, typer.Option(
        "--deltagare", autocompletion=_completer("people"),
        help="Vilka som deltog när ett forum beslutade som organ (id, "
        "kommaseparerade).")] = None,
    bakom: Annotated[str | None, typer.Option(
        "--bakom", help="BP2: berörda förvaltningar vars utvecklingsteam ställer sig bakom "
        "beslutet (id, kommaseparerade).")] = None,
    mote: Annotated[str | None, typer.Option(
        "--möte", "--mote", help="Mötet där beslutet fattades (möten/<id>.yaml); forum, datum "
        "och närvarande hämtas därifrån.")] = None,
    paragraf: Annotated[int | None, typer.Option(
        "--paragraf", min=1, help="Paragrafen på mötets dagordning.")] = None,
    commit: Annotated[bool, typer.Option("--commit", help="Gör en git-commit av ändringen.")]
    = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.cli.arguments import parse_date, parse_list
    from avoplan.commands import advance as command

    return command.run(portfolio, item_id, to, beslutad_av=beslutad_av, datum=parse_date(datum),
                       forum=forum, motivering=motivering, protokoll=protokoll,
                       deltagare=parse_list(deltagare), bakom=parse_list(bakom), möte=mote,
                       paragraf=paragraf, commit=commit)


@app.command(help="Registrera en uppföljande mätning av ett projekts effektmål, även efter "
             "att projektet avslutats.")
def matning(
    item_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=_completer("projects"),
                                           help="Projektets id, t.ex. PRJ-021.")],
    effektmal: Annotated[int, typer.Option("--effektmal", "--effektmål",
                                           help="Effektmålets nummer, från 1.")],
    varde: Annotated[str, typer.Option("--varde", "--värde", help="Uppmätt värde.")],
    datum: Annotated[str | None, typer.Option("--datum", help="Mätdatum ÅÅÅÅ-MM-DD; "
                                              "annars i dag.")] = None,
    kalla: Annotated[str | None, typer.Option("--kalla", "--källa",
                                              help="Varifrån värdet kommer.")] = None,
    enhet: Annotated[str | None, typer.Option(
        "--enhet", help="Värdets enhet; ska vara effektmålets (kan också skrivas efter "
        "värdet: --varde \"6100 timmar per år\").", show_default=False)] = None,
    commit: Annotated[bool, typer.Option("--commit", help="Gör en git-commit av ändringen.")]
    = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.cli.arguments import parse_date
    from avoplan.commands import matning as command

    return command.run(portfolio, item_id, effektmal, varde, datum=parse_date(datum),
                       kalla=kalla, enhet=enhet, commit=commit)


@app.command(help="Visa ett behov eller projekt.")
def show(
    item_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=_completer("ids"),
                                           help="Id, t.ex. BEH-042 eller PRJ-012.")],
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import show as command

    return command.run(portfolio, item_id, output_format.value)


@app.command(name="list", help="Lista behov och projekt: sök, filtrera på steg, avdelning och "
             "dagar i steget, sortera; som tabell, JSON eller CSV.")
def list_items(
    kind: Annotated[str | None, typer.Argument(metavar="behov|projekt", help="Bara behov "
                                               "eller bara projekt (utan: båda).",
                                               show_default=False)] = None,
    steg: Annotated[str | None, typer.Option("--steg", autocompletion=_completer("steps"),
                                             help="Bara behov i detta steg.",
                                             show_default=False)] = None,
    avdelning: Annotated[str | None, typer.Option(
        "--avdelning", autocompletion=_completer("avdelningar"),
        help="Bara denna avdelning (id, namn eller entydig början).",
        show_default=False)] = None,
    search: Annotated[str | None, typer.Option(
        "--search", "-s", help="Sök i titel och beskrivning (å ä ö spelar ingen roll).",
        show_default=False)] = None,
    stale: Annotated[int | None, typer.Option(
        "--stale", min=0, help="Bara poster som stått minst så många dagar i sitt steg.",
        show_default=False)] = None,
    sort_by: Annotated[str, typer.Option(
        "--sort", help="Sortera på id, titel, steg, avdelning, dagar (längst i steget först) "
        "eller senaste (äldsta beslutet först).")] = "id",
    output_format: Annotated[ListFormat, typer.Option("--format", "-f",
                                                      help="Utdata: text, json eller csv.")]
    = ListFormat.TEXT,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import list_items as command

    return command.run(portfolio, kind, steg, avdelning, sort_by=sort_by, search=search,
                       stale=stale, output_format=output_format.value)


@app.command(help="Visa tavlan: behov per steg med dagar i steget (de som står still markerade) "
             "och vad varje forum har att besluta.")
def board(
    stale: Annotated[int | None, typer.Option(
        "--stale", min=1, help="Markera behov som stått minst så många dagar i steget "
        "(standard 90).", show_default=False)] = None,
    forum: Annotated[str | None, typer.Option(
        "--forum", autocompletion=_completer("forums"),
        help="Visa bara vad detta forum har att besluta (id eller namn).",
        show_default=False)] = None,
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import board as command

    return command.run(portfolio, stale, forum, output_format.value)


@app.command(help="Exportera behov, projekt, prioritetslistan eller systemen till Excel (xlsx) "
             "eller CSV med svenska rubriker.")
def export(
    what: Annotated[str, typer.Argument(metavar="behov|projekt|prioritet|system",
                                        help="Vad som exporteras.", show_default=False)],
    output_format: Annotated[SheetFormat, typer.Option(
        "--format", "-f", help="xlsx eller csv (semikolon och BOM för svenska Excel).")]
    = SheetFormat.CSV,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", dir_okay=False, help="Fil att skriva (krävs för xlsx; annars skrivs "
        "CSV till terminalen).", show_default=False)] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import export as command

    return command.run(portfolio, what, output_format.value, out)


@app.command(name="import", help="Importera en behovslista från Excel (xlsx) eller CSV: "
             "rader med ett befintligt id uppdaterar behovet, rader utan id blir nya behov. "
             "Provkörning som standard (före → efter och varje fel); --write skriver. Steg "
             "och beslut ändras aldrig genom import.")
def import_sheet(
    file: Annotated[Path, typer.Argument(metavar="FIL.xlsx|FIL.csv",
                                         help="Excel- eller CSV-filen.",
                                         show_default=False, dir_okay=False)],
    mapping: Annotated[str | None, typer.Option(
        "--mapping", "-m", help="Vilken kolumn som är vilket fält: \"Rubrik=titel,Avd="
        "avdelning,Kommentar=-\" (- lämnar kolumnen utanför) eller en YAML-fil med "
        "'Rubrik: fält'. Utan: rubrikerna från 'avoplan export behov'.",
        show_default=False)] = None,
    sheet: Annotated[str | None, typer.Option("--blad", help="Bladets namn (annars det "
                                              "första).", show_default=False)] = None,
    write: Annotated[bool, typer.Option("--write", help="Skriv ändringarna och de nya "
                                        "behoven (annars bara provkörning).")] = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import import_sheet as command

    return command.run(portfolio, file, mapping, sheet, write)


@app.command(help="Visa ett behovs beslut och vilken commit som registrerade varje beslut.")
def history(
    item_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=_completer("needs"),
                                           help="Behovets id.")],
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import history as command

    return command.run(portfolio, item_id, output_format.value)


@app.command(help="Visa vad en ändring gör med portföljen: ändrade filer, nya och flyttade "
             "behov, ändrade beslut, kostnader, prioritet och regelbrott. Exit 1 om ändringen "
             "inför fel, 2 om den inte går att jämföra.")
def diff(
    base: Annotated[str | None, typer.Argument(
        metavar="BAS", help="Jämför från den gemensamma basen med BAS (standard: "
        "$GITHUB_BASE_REF, uppströmsgrenen, origin/HEAD eller main). A...B och A..B "
        "(topparna) går också.")] = None,
    head: Annotated[str | None, typer.Argument(
        metavar="NY", help="Jämför till (standard: arbetskatalogen).")] = None,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="md (PR-kommentar), json eller github (annoteringar).")]
    = DiffFormat.MD,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Läs och validera varje fil "
                                           "på nytt, utan cachen.")] = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import diff as command

    return command.run(portfolio, base, head, output_format.value, use_cache=not no_cache)


@app.command(help="Kontrollera att varje beslut registrerades av beslutsfattaren eller en "
             "registrator och aldrig ändrats i efterhand, även i sammanslagningar; identiteter "
             "och roller gäller som de var vid --sedan. "
             "Exit 1 vid problem, 2 om historiken inte kan läsas.")
def verify(
    since: Annotated[str | None, typer.Option(
        "--sedan", "--since", metavar="REV", help="Granska bara commits efter denna revision "
        "(i CI: basen för pushen eller pull requesten). Standard: taggen avoplan-verifierad "
        "om den finns, annars hela historiken.")]
    = None,
    require_signed: Annotated[bool, typer.Option(
        "--require-signed", help="Kräv att beslutsfattaren eller registrator signerat varje "
        "commit med beslut (SSH-nycklar i nycklar/, som de är incheckade i --sedan).")]
    = False,
    output_format: Annotated[VerifyFormat, typer.Option(
        "--format", "-f", help="text, json eller github (annoteringar).")] = VerifyFormat.TEXT,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import verify as command

    return command.run(portfolio, since, output_format.value, require_signed)


@app.command("allowed-signers", help="Skriv gits allowed-signers-fil ur organisation.yaml och "
             "de publika nycklarna i nycklar/<person-id>.pub.")
def allowed_signers(
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", dir_okay=False, show_default=False,
        help="Fil att skriva (annars till terminalen).")] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import allowed_signers as command

    return command.run(portfolio, out)

@app.command(help="Visa kostnaden för ett behov eller projekt enligt årets schablon (R20).")
def kostnad(
    item_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=_completer("ids"),
                                           help="Behovets eller projektets id, "
                                           "t.ex. BEH-004 eller PRJ-023.", show_default=False)],
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import kostnad as command

    return command.run(portfolio, item_id, output_format.value)


@app.command(help="Visa den prioriterade väntelistan: kostnad i förhållande till nytta (R21).")
def prioritet(
    portfolio: PortfolioOption = None,
    explain: Annotated[bool, typer.Option("--explain", help="Förklara varje plats steg för "
                                          "steg och visa formeln.")] = False,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import prioritet as command

    return command.run(portfolio, explain, output_format.value)

@app.command(help="Visa behov som liknar ett behov (R5: samordning mot liknande behov), med "
             "likhet och vad som matchade.")
def liknande(
    item_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=_completer("needs"),
                                           help="Behovets id, t.ex. BEH-042.")],
    top: Annotated[int, typer.Option("--top", "-n", help="Högst så många behov.")] = 10,
    minimum: Annotated[float, typer.Option("--min", help="Lägsta likhet (0–100).",
                                           min=0, max=100)] = 0.0,
    portfolio: PortfolioOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> int:
    from avoplan.commands import liknande as command

    return command.run(portfolio, item_id, top, minimum, output_format.value)


federation_app = typer.Typer(
    name="federation", no_args_is_help=True, subcommand_metavar="KOMMANDO",
    options_metavar="[FLAGGOR]",
    help="Integrerad Digitalisering: medlemmarnas portföljer, hämtade med git.")
app.add_typer(federation_app)


@federation_app.command("sync", help="Hämta varje medlems portfölj (läsande, med git) till "
                        "cachen; federerade kommandon arbetar sedan på den utan nät.")
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


mote_app = typer.Typer(
    name="möte", no_args_is_help=True, subcommand_metavar="KOMMANDO",
    options_metavar="[FLAGGOR]",
    help="Forumens möten (R31): dagordning före mötet, närvaro, protokoll och justering.")
app.add_typer(mote_app)
app.add_typer(mote_app, name="mote", hidden=True)  # the ASCII spelling


@mote_app.command("ny", help="Skapa ett möte i möten/ med en dagordning utkastad ur det som "
                  "väntar på forumet: beslutsärenden, nomineringar och uppföljning.")
def mote_ny(
    forum: Annotated[str, typer.Argument(metavar="FORUM", help="Forumet (id eller namn).")],
    datum: Annotated[str, typer.Option("--datum", help="Mötesdatum ÅÅÅÅ-MM-DD.")],
    tid: Annotated[str | None, typer.Option("--tid", help="Tid, t.ex. 13.00–15.00.")] = None,
    plats: Annotated[str | None, typer.Option("--plats", help="Plats.")] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.cli.arguments import parse_date
    from avoplan.commands import mote_ny as command

    day = parse_date(datum)
    assert day is not None  # a required option
    return command.run(portfolio, forum, day, tid=tid, plats=plats)


@mote_app.command("nominera", help="Nominera ett behov eller projekt till ett forums "
                  "dagordning (från de beredande månadsmötena).")
def mote_nominera(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Behov eller projekt.")],
    till: Annotated[str, typer.Option("--till", help="Forumet (id eller namn).")],
    av: Annotated[str | None, typer.Option("--av", help="Vem som nominerar; annars din "
                                           "git-e-post.")] = None,
    datum: Annotated[str | None, typer.Option("--datum", help="ÅÅÅÅ-MM-DD; annars i dag.")]
    = None,
    kommentar: Annotated[str | None, typer.Option("--kommentar", help="Varför.")] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.cli.arguments import parse_date
    from avoplan.commands import mote_nominera as command

    return command.run(portfolio, item_id, till, av=av, datum=parse_date(datum),
                       kommentar=kommentar)


@mote_app.command("närvaro", help="Registrera vilka som var närvarande på mötet.")
def mote_narvaro(
    mote: Annotated[str, typer.Argument(metavar="MÖTE", help="Mötets id.")],
    narvarande: Annotated[str, typer.Option("--närvarande", "--narvarande",
                                            help="Personer (id, kommaseparerade).")],
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.cli.arguments import parse_list
    from avoplan.commands import mote_narvaro as command

    return command.run(portfolio, mote, parse_list(narvarande))


mote_app.command("narvaro", hidden=True)(mote_narvaro)


@mote_app.command("justera", help="Justera mötets protokoll; därefter ändras det inte.")
def mote_justera(
    mote: Annotated[str, typer.Argument(metavar="MÖTE", help="Mötets id.")],
    justerare: Annotated[str | None, typer.Option(
        "--justerare", help="Justerare (id, kommaseparerade); annars ordföranden.")] = None,
    datum: Annotated[str | None, typer.Option("--datum", help="ÅÅÅÅ-MM-DD; annars i dag.")]
    = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.cli.arguments import parse_date, parse_list
    from avoplan.commands import mote_justera as command

    return command.run(portfolio, mote, parse_list(justerare), datum=parse_date(datum))


def _document_help() -> str:
    from avoplan.core.text import join_sv
    from avoplan.documents.registry import ALL, DOCUMENTS

    return f"Dokumentet: {join_sv([*DOCUMENTS, ALL])} (alla)."


@app.command(help="Ta fram planens dokument (Markdown, HTML eller PDF) ur portföljen.")
def render(
    document: Annotated[str, typer.Argument(metavar="DOKUMENT", help=_document_help(),
                                            show_default=False)],
    mote: Annotated[str | None, typer.Argument(
        metavar="[MÖTE]", help="Mötet (möten/<id>.yaml) för kallelse och protokoll.",
        show_default=False)] = None,
    portfolio: PortfolioOption = None,
    year: Annotated[int | None, typer.Option(
        "--year", "-y", min=2000, max=2100, show_default=False,
        help="Året dokumentet gäller (annars planens första år).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", file_okay=False, show_default=False, metavar="MAPP",
        help="Mapp att skriva dokumenten i (annars skrivs ett dokument till terminalen).")]
    = None,
    output_format: Annotated[DocumentFormat, typer.Option(
        "--format", "-f", help="Utdata: md, html eller pdf (A4, PDF/A-2a; kräver --out).")]
    = DocumentFormat.MD,
    at: Annotated[str | None, typer.Option(
        "--at", show_default=False, metavar="REV",
        help="Ta fram dokumentet ur portföljen som den var i en git-revision (commit, gren "
             "eller tagg, t.ex. plan-2025-antagen); arbetskatalogen lämnas orörd.")] = None,
    datum: Annotated[str | None, typer.Option(
        "--datum", show_default=False, help="Rådets mötesdatum ÅÅÅÅ-MM-DD (dagordningen).")]
    = None,
    tid: Annotated[str | None, typer.Option(
        "--tid", show_default=False, help="Mötets tid, t.ex. 13.00–15.00 (dagordningen).")]
    = None,
    plats: Annotated[str | None, typer.Option(
        "--plats", show_default=False, help="Mötets plats (dagordningen).")] = None,
) -> int:
    from avoplan.cli.arguments import parse_date
    from avoplan.commands import render as command
    from avoplan.documents.base import Mote

    day = parse_date(datum)
    if day is None and (tid or plats):
        raise UsageError("--tid och --plats gäller ett möte och behöver --datum",
                         "ange --datum ÅÅÅÅ-MM-DD")
    möte = Mote(day, tid, plats) if day else None
    return command.run(document, portfolio, year, out, output_format.value, at=at, möte=möte,
                       möte_id=mote)

@app.command(help="Exportera uppföljningens fyra dimensioner per planerat eller pågående "
             "initiativ (PIOS, komplex/enkel, infrastruktur/direkt nytta, tajming) som CSV "
             "eller xlsx att föra in i PIOS.")
def pios(
    portfolio: PortfolioOption = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", dir_okay=False, show_default=False,
        help="Fil att skriva (annars skrivs CSV till terminalen).")] = None,
    output_format: Annotated[SheetFormat, typer.Option("--format", "-f", help="csv eller xlsx.")]
    = SheetFormat.CSV,
) -> int:
    from avoplan.commands import pios as command

    return command.run(portfolio, out, output_format.value)


@app.command(help="Exportera JSON Schema (draft 2020-12, med svenska texter) för varje filtyp "
             "i portföljen, så att redigerare som VS Code kontrollerar filerna medan man skriver.")
def schema(
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", show_default=False,
        help="Mapp att skriva *.schema.json till (standard: portföljens schema/, dit "
        "raden '# yaml-language-server: $schema=../schema/…' i nya filer pekar).")] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import schema as command

    return command.run(out, portfolio)


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
