"""Commands that write behov and projekt: new, set, advance, matning, lägesrapport and
import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from avoplan.cli.group import app
from avoplan.cli.options import (
    AvdelningOption,
    CommitOption,
    ItemIdArgument,
    PortfolioOption,
    ProjectIdArgument,
    completer,
)


@app.command(
    help="Registrera ett nytt behov med nästa lediga id. I en terminal frågar avoplan "
    "efter det som saknas (avdelning, kontaktperson, system och mål att välja bland)."
)
def new(
    kind: Annotated[str, typer.Argument(metavar="behov", help="Vad som skapas: behov.")],
    titel: Annotated[
        str | None,
        typer.Option(
            "--titel", help="Behovets titel (krävs utanför en terminal).", show_default=False
        ),
    ] = None,
    avdelning: AvdelningOption = None,
    kontaktperson: Annotated[
        str | None,
        typer.Option(
            "--kontaktperson",
            autocompletion=completer("people"),
            help="Verksamhetens kontaktperson (id, e-post eller namn).",
            show_default=False,
        ),
    ] = None,
    beskrivning: Annotated[
        str | None, typer.Option("--beskrivning", help="Vad behövs och varför?", show_default=False)
    ] = None,
    nytta: Annotated[
        str | None,
        typer.Option("--nytta", help="Vilken nytta ger det, och för vem?", show_default=False),
    ] = None,
    system: Annotated[
        str | None,
        typer.Option(
            "--system",
            help="Berörda system (id eller namn), med komma emellan.",
            show_default=False,
        ),
    ] = None,
    mal: Annotated[
        str | None,
        typer.Option(
            "--mal",
            "--mål",
            help="Prioriterade mål i planen (nummer), med komma emellan.",
            show_default=False,
        ),
    ] = None,
    fran_arende: Annotated[
        Path | None,
        typer.Option(
            "--från-ärende",
            "--fran-arende",
            dir_okay=False,
            metavar="HÄNDELSE.json",
            help="Läs behovet ur ett GitHub-ärende skrivet med formuläret 'Nytt behov': "
            "GitHubs issues-händelse (GITHUB_EVENT_PATH). Allt i ärendet granskas.",
            show_default=False,
        ),
    ] = None,
    kommentar: Annotated[
        Path | None,
        typer.Option(
            "--kommentar",
            dir_okay=False,
            metavar="FIL",
            help="Med --från-ärende: skriv svaret till ärendet (nytt id eller felen) i FIL.",
            show_default=False,
        ),
    ] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import new as command
    from avoplan.core.errors import UsageError
    from avoplan.ui.arguments import parse_list

    if fran_arende is not None:
        given = [titel, avdelning, kontaktperson, beskrivning, nytta, system, mal]
        if any(value is not None for value in given) or kind.strip().lower() != "behov":
            raise UsageError(
                "--från-ärende läser behovets fält ur ärendet",
                "ange bara 'avoplan new behov --från-ärende HÄNDELSE.json'",
            )
        return command.run_from_issue(portfolio, fran_arende, kommentar)
    if kommentar is not None:
        raise UsageError("--kommentar gäller bara --från-ärende")
    return command.run(
        portfolio,
        kind,
        titel,
        avdelning,
        kontaktperson,
        interactive=sys.stdin.isatty(),
        beskrivning=beskrivning,
        nytta=nytta,
        system=parse_list(system),
        mal=parse_list(mal),
    )


@app.command(
    name="set",
    help="Ändra fält i ett behov eller projekt utan att öppna YAML-filen: "
    "kontrolleras före skrivning, bara de ändrade raderna ändras. Tomt värde tar bort "
    "fältet. Steg och beslut ändras med 'advance'.",
)
def set_field(
    item_id: ItemIdArgument,
    assignments: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FÄLT=VÄRDE...",
            help='T.ex. titel="Ny titel" kontaktperson="Sofia '
            'Nilsson" frigjord_tid_timmar_per_år=1200 effekttyp=tidsbesparande,miljö '
            'kostnad.år=2026. Listor: styrgrupp+="Johan Ek" lägger till, styrgrupp-="Johan '
            'Ek" tar bort, klart_för_start.förutsättningar[0].klar=ja ändrar den första posten '
            "(räknat från [0], som 'check' anger fält) och förutsättningar[0]= tar bort den.",
            show_default=False,
        ),
    ] = None,
    redigera: Annotated[
        str | None,
        typer.Option(
            "--redigera",
            metavar="FÄLT",
            help="Öppna bara fältet (t.ex. "
            "klart_för_start.förutsättningar) i $EDITOR som YAML; kontrolleras före skrivning.",
            show_default=False,
        ),
    ] = None,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import set_field as command

    return command.run(portfolio, item_id, assignments or [], redigera)


@app.command(
    help="Flytta ett behov en beslutspunkt framåt (eller sortera bort det), eller ett "
    "projekt till nästa fas i projektmodellen, och registrera beslutet."
)
def advance(
    item_id: ItemIdArgument,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            autocompletion=completer("steps"),
            help="Nästa steg: grovsållning, beredning, "
            "klart-för-start, projekt eller bortsorterad; för ett projekt nästa fas i "
            "projektmodell.yaml (t.ex. planering, genomförande, avslut).",
        ),
    ],
    motivering: Annotated[
        str, typer.Option("--motivering", help="Beslutets motivering.", show_default=False)
    ],
    beslutad_av: Annotated[
        str | None,
        typer.Option(
            "--beslutad-av",
            autocompletion=completer("people"),
            help="Beslutsfattare (id, e-post eller namn); annars din git-e-post.",
        ),
    ] = None,
    datum: Annotated[
        str | None, typer.Option("--datum", help="Beslutsdatum ÅÅÅÅ-MM-DD; annars i dag.")
    ] = None,
    forum: Annotated[
        str | None,
        typer.Option(
            "--forum",
            autocompletion=completer("forums"),
            help="Forum där beslutet togs (id eller namn).",
        ),
    ] = None,
    protokoll: Annotated[
        str | None,
        typer.Option(
            "--protokoll", help="Protokollreferens med paragraf, t.ex. 'STY-2025-05 § 4'."
        ),
    ] = None,
    deltagare: Annotated[
        str | None,
        typer.Option(
            "--deltagare",
            autocompletion=completer("people"),
            help="Vilka som deltog när ett forum beslutade som organ (id, kommaseparerade).",
        ),
    ] = None,
    bakom: Annotated[
        str | None,
        typer.Option(
            "--bakom",
            help="BP2: berörda förvaltningar vars utvecklingsteam ställer sig bakom "
            "beslutet (id, kommaseparerade).",
        ),
    ] = None,
    mote: Annotated[
        str | None,
        typer.Option(
            "--möte",
            "--mote",
            help="Mötet där beslutet fattades (möten/<id>.yaml); forum, datum "
            "och närvarande hämtas därifrån.",
        ),
    ] = None,
    paragraf: Annotated[
        int | None, typer.Option("--paragraf", min=1, help="Paragrafen på mötets dagordning.")
    ] = None,
    commit: CommitOption = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.models.portfolio import PROJEKT, numbered_kind
    from avoplan.ui.arguments import parse_date, parse_list

    if numbered_kind(item_id.rsplit(":", 1)[-1]) is PROJEKT:
        from avoplan.commands import fasbeslut

        return fasbeslut.run(
            portfolio,
            item_id,
            to,
            motivering=motivering,
            beslutad_av=beslutad_av,
            datum=parse_date(datum),
            protokoll=protokoll,
            deltagare=parse_list(deltagare),
            commit=commit,
        )
    from avoplan.commands import advance as command

    return command.run(
        portfolio,
        item_id,
        to,
        beslutad_av=beslutad_av,
        datum=parse_date(datum),
        forum=forum,
        motivering=motivering,
        protokoll=protokoll,
        deltagare=parse_list(deltagare),
        bakom=parse_list(bakom),
        möte=mote,
        paragraf=paragraf,
        commit=commit,
    )


@app.command(
    help="Registrera en uppföljande mätning av ett projekts effektmål, även efter "
    "att projektet avslutats."
)
def matning(
    item_id: ProjectIdArgument,
    effektmal: Annotated[
        int, typer.Option("--effektmal", "--effektmål", help="Effektmålets nummer, från 1.")
    ],
    varde: Annotated[str, typer.Option("--varde", "--värde", help="Uppmätt värde.")],
    datum: Annotated[
        str | None, typer.Option("--datum", help="Mätdatum ÅÅÅÅ-MM-DD; annars i dag.")
    ] = None,
    kalla: Annotated[
        str | None, typer.Option("--kalla", "--källa", help="Varifrån värdet kommer.")
    ] = None,
    enhet: Annotated[
        str | None,
        typer.Option(
            "--enhet",
            help="Värdets enhet; ska vara effektmålets (kan också skrivas efter "
            'värdet: --varde "6100 timmar per år").',
            show_default=False,
        ),
    ] = None,
    commit: CommitOption = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import matning as command
    from avoplan.ui.arguments import parse_date

    return command.run(
        portfolio,
        item_id,
        effektmal,
        varde,
        datum=parse_date(datum),
        kalla=kalla,
        enhet=enhet,
        commit=commit,
    )


@app.command(
    name="lägesrapport",
    help="Lägg till en daterad lägesrapport för ett projekt: tid, kostnad och omfattning "
    "som grön, gul eller röd, en kommentar och arbetad tid (R37).",
)
def lagesrapport(
    item_id: ProjectIdArgument,
    tid: Annotated[str, typer.Option("--tid", help="Tidplanen: grön, gul eller röd.")],
    kostnad: Annotated[str, typer.Option("--kostnad", help="Kostnaden: grön, gul eller röd.")],
    omfattning: Annotated[
        str, typer.Option("--omfattning", help="Omfattning och kvalitet: grön, gul eller röd.")
    ],
    kommentar: Annotated[
        str | None, typer.Option("--kommentar", help="Vad som hänt och vad som avviker.")
    ] = None,
    arbetad_tid: Annotated[
        float | None,
        typer.Option(
            "--arbetad-tid", min=0, help="Arbetad tid i projektet sedan förra rapporten, timmar."
        ),
    ] = None,
    av: Annotated[
        str | None,
        typer.Option(
            "--av",
            autocompletion=completer("people"),
            help="Vem som rapporterar (id, e-post eller namn); annars projektledaren.",
        ),
    ] = None,
    datum: Annotated[
        str | None, typer.Option("--datum", help="Rapportdatum ÅÅÅÅ-MM-DD; annars i dag.")
    ] = None,
    commit: CommitOption = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import lagesrapport as command
    from avoplan.ui.arguments import parse_date

    return command.run(
        portfolio,
        item_id,
        tid=tid,
        kostnad=kostnad,
        omfattning=omfattning,
        kommentar=kommentar,
        arbetad_tid=arbetad_tid,
        av=av,
        datum=parse_date(datum),
        commit=commit,
    )


app.command("lagesrapport", hidden=True)(lagesrapport)  # the ASCII spelling


@app.command(
    name="import",
    help="Importera en behovslista från Excel (xlsx) eller CSV: "
    "rader med ett befintligt id uppdaterar behovet, rader utan id blir nya behov. "
    "Provkörning som standard (före → efter och varje fel); --write skriver. Steg "
    "och beslut ändras aldrig genom import.",
)
def import_sheet(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FIL.xlsx|FIL.csv",
            help="Excel- eller CSV-filen.",
            show_default=False,
            dir_okay=False,
        ),
    ],
    mapping: Annotated[
        str | None,
        typer.Option(
            "--mapping",
            "-m",
            help='Vilken kolumn som är vilket fält: "Rubrik=titel,Avd='
            'avdelning,Kommentar=-" (- lämnar kolumnen utanför) eller en YAML-fil med '
            "'Rubrik: fält'. Utan: rubrikerna från 'avoplan export behov'.",
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--blad", help="Bladets namn (annars det första).", show_default=False),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Skriv ändringarna och de nya behoven (annars bara provkörning)."
        ),
    ] = False,
    portfolio: PortfolioOption = None,
) -> int:
    from avoplan.commands import import_sheet as command

    return command.run(portfolio, file, mapping, sheet, write=write)
