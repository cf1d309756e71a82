"""Every rule of ../shared/RULES.md, declared once: its id, its level and its words.

The code that enforces a rule names the rule object (`R3.error(...)`) and says where it
enforces it with `@enforces("advance", R1, R2)`; `avoplan rules` is generated from these
declarations, so the table cannot drift from the code. The modules that declare sites are
listed in ENFORCING_MODULES (a test fails when a module enforces a rule but is missing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from avoplan.core.findings import Finding, Loc, Severity

F = TypeVar("F", bound=Callable[..., object])


class Niva(StrEnum):
    """A "ska" in the source is an error, a "bör" a warning (RULES.md)."""

    FEL = "fel"
    VARNING = "varning"
    FEL_OCH_VARNING = "fel/varning"
    PRINCIP = "princip"  # a principle the priority list follows, not a finding


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    titel: str
    nivå: Niva
    # Declared from RULES.md but not yet enforced anywhere: `avoplan rules` says so, and the
    # registry test requires a planned rule to have no site (enforcing one means unplanning it).
    planerad: bool = False
    sites: set[str] = field(default_factory=set, compare=False, repr=False)

    def error(
        self, message: str, file: Path | None = None, loc: Loc = (), hint: str | None = None
    ) -> Finding:
        return Finding(Severity.FEL, message, file, loc, self.id, hint=hint)

    def warning(
        self, message: str, file: Path | None = None, loc: Loc = (), hint: str | None = None
    ) -> Finding:
        return Finding(Severity.VARNING, message, file, loc, self.id, hint=hint)

    def finding(
        self,
        severity: Severity,
        message: str,
        file: Path | None = None,
        loc: Loc = (),
        hint: str | None = None,
    ) -> Finding:
        return Finding(severity, message, file, loc, self.id, hint=hint)


R1 = Rule("R1", "Fyra steg i ordning, ett steg i taget", Niva.FEL)
R2 = Rule(
    "R2", "Varje flytt är ett registrerat beslut; bortsorterat behåller fil och historik", Niva.FEL
)
R3 = Rule("R3", "Före BP1: behov och nytta dokumenterade, kontaktperson utsedd", Niva.FEL)
R4 = Rule(
    "R4",
    "BP1: avdelningschefen beslutar att gå vidare med idén/behovet eller sortera "
    "bort det; avstämning i lokalt utvecklingsteam eller operativa styr- och "
    "samordningsgruppen",
    Niva.FEL,
)
R5 = Rule("R5", "Grovsållning: rätt förstått, berörda, samordning mot liknande behov", Niva.FEL)
R6 = Rule(
    "R6",
    "BP2: utvecklingsteamet inom respektive berörd förvaltning ställer sig bakom, "
    "i ID-gemensamma utvecklingsteamet; delges operativa styr- och samordningsgruppen "
    "och berörda verksamheter; enbart egen förvaltning utan TID-beroende: förvaltningen "
    "beslutar",
    Niva.FEL,
)
R7 = Rule(
    "R7",
    "Beredning: fördjupning, konsekvensanalys, förvaltningsperspektiv, ~40 mantimmar",
    Niva.FEL_OCH_VARNING,
)
R8 = Rule(
    "R8",
    "BP3: beslutsunderlaget med konsekvensanalys bereds till Styr- och "
    "samordningsgruppen (parternas förvaltningsdirektörer), som beslutar som organ; enbart "
    "egen förvaltning utan TID-beroende: förvaltningen beslutar",
    Niva.FEL,
)
R9 = Rule("R9", "Klart för start: förutsättningar klara, projektorganisation klargjord", Niva.FEL)
R10 = Rule(
    "R10",
    "BP4: överlämning till projektgenomförande enligt PPS; projektkontoret styr "
    "i vilken ordning projekten startar",
    Niva.FEL,
)
R11 = Rule(
    "R11",
    "Beslut tas av ansvarig för berörd verksamhet; berörs flera avdelningar eller "
    "förvaltningar tas beslutet upp till den nivå som har mandatet enligt "
    "delegationsordningen; ingen beslutar ensam i ett behov hen är kontaktperson för",
    Niva.FEL,
)
R12 = Rule("R12", "Projekttyper; en avslutad utredning kan gå tillbaka till beredning", Niva.FEL)
R13 = Rule("R13", "Projekt utan behov som passerat BP4 flaggas", Niva.VARNING)
R14 = Rule("R14", "Projektägare beställer, utser projektledare och styrgrupp", Niva.FEL)
R15 = Rule("R15", "Effektägare ansvarar för effektmålen", Niva.FEL)
R16 = Rule(
    "R16",
    "Styrgruppen leds av PÄ och har högst fem personer; mottagare bör ingå",
    Niva.FEL_OCH_VARNING,
)
R17 = Rule(
    "R17", "Projektdirektiv, projektplan, projektledare och projektgrupp", Niva.FEL_OCH_VARNING
)
R18 = Rule(
    "R18",
    "Delat ägarskap 2025–2026: PÄ Kvalitet och utveckling och PÄ utförande "
    "avdelning; licenser respektive hårdvara",
    Niva.FEL,
)
R19 = Rule(
    "R19",
    "Projekt som leds av SLK/Intraservice och digitalt utanförskap prioriteras inte",
    Niva.VARNING,
)
R20 = Rule("R20", "Kostnadsskattning med årets schablon (fem poster)", Niva.FEL)
R21 = Rule("R21", "Kostnad i förhållande till nytta är främsta prioriteringsprincip", Niva.PRINCIP)
R22 = Rule("R22", "Uppföljning: PIOS, komplexitet, infrastruktur/direkt nytta, beroenden", Niva.FEL)
R23 = Rule("R23", "Fyra prioriterade mål; enskild enhet får inte upphandla egen lösning", Niva.FEL)
R24 = Rule("R24", "Projektklasser: strategiska, prioriterade, önskvärda", Niva.VARNING)
R25 = Rule("R25", "Effekttyp och effektomfattning", Niva.FEL)
R26 = Rule(
    "R26",
    "pm3-budget: VM/VU, verksamhetsnära/IT-nära, per nämnd, årsarbeten; summor stämmer",
    Niva.FEL,
)
R27 = Rule(
    "R27",
    "Digitaliseringsrådet: månadsvis, ordförande AC Kvalitet och utveckling",
    Niva.FEL_OCH_VARNING,
)
R28 = Rule(
    "R28",
    "System: namn, användare, drift; TID har avtalet och möter leverantören",
    Niva.FEL_OCH_VARNING,
)
R29 = Rule("R29", "Utvecklingsområden: område, ansvar, tidplan, bedömning", Niva.VARNING)
R30 = Rule("R30", "Planen anger period, antagande och portföljens commit", Niva.FEL)
R31 = Rule(
    "R31",
    "Forumsbeslut fattas på ett möte med datum, närvarande ledamöter och en "
    "dagordning vars paragrafer besluten pekar på; protokollet justeras och ändras inte "
    "därefter; beslutförhet är data i delegationsordningen",
    Niva.FEL,
)
R32 = Rule(
    "R32", "Mötesfrekvens: rådet månadsvis, ID:s styrgrupp minst tre gånger per år", Niva.VARNING
)
R33 = Rule(
    "R33",
    "Förändringar i system under tjänsteförvaltning beslutas av operativa "
    "styrgruppen; behov som nämner ett sådant system är TID-beroende om inte "
    "grovsållningen anger varför inte",
    Niva.FEL,
)
R34 = Rule(
    "R34",
    "Befintliga lösningar inom staden ska kunna återanvändas: grovsållningen "
    "anger vilka som övervägts",
    Niva.VARNING,
)
R35 = Rule(
    "R35",
    "Projektkontoret styr startordningen med hänsyn till beroenden; en lista och "
    "en ordning överallt",
    Niva.FEL,
)
R36 = Rule(
    "R36",
    "Styrgruppen, ledd av projektägaren, godkänner förflyttning i faser",
    Niva.FEL,
)
R37 = Rule(
    "R37",
    "Projektledaren ansvarar för löpande statusrapporter samt slutrapport",
    Niva.FEL_OCH_VARNING,
)
R38 = Rule(
    "R38",
    "Rådet bereder budgeten: löpande kostnader, budgettak, samverkan och "
    "kopplingen till Digitala hjälpmedel i samverkan och Millenium",
    Niva.FEL_OCH_VARNING,
)

RULES: tuple[Rule, ...] = (
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
    R7,
    R8,
    R9,
    R10,
    R11,
    R12,
    R13,
    R14,
    R15,
    R16,
    R17,
    R18,
    R19,
    R20,
    R21,
    R22,
    R23,
    R24,
    R25,
    R26,
    R27,
    R28,
    R29,
    R30,
    R31,
    R32,
    R33,
    R34,
    R35,
    R36,
    R37,
    R38,
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

# Where each site is declared; `avoplan rules` imports these to collect the sites.
ENFORCING_MODULES = (
    "avoplan.rules.behovsprocess",
    "avoplan.rules.projekt",
    "avoplan.rules.projekt_faser",
    "avoplan.behovsprocess.faser",
    "avoplan.rules.ekonomi",
    "avoplan.rules.styrning",
    "avoplan.rules.prioritering",
    "avoplan.rules.effekt",
    "avoplan.rules.federation",
    "avoplan.rules.moten",
    "avoplan.behovsprocess.beslut",
    "avoplan.behovsprocess.mandat",
    "avoplan.behovsprocess.moten",
    "avoplan.behovsprocess.forutsattningar",
    "avoplan.prioritet.ranking",
    "avoplan.ekonomi.kostnad",
    "avoplan.granskning.verification",
    "avoplan.documents.plan",
    "avoplan.documents.forvaltningsplan",
    "avoplan.documents.prioritet",
    "avoplan.documents.rad",
    "avoplan.documents.backlog",
    "avoplan.documents.budgetlinje",
    "avoplan.documents.kallelse",
    "avoplan.documents.protokoll",
    "avoplan.documents.dagordning",
    "avoplan.documents.portfoljrapport",
)
# The order sites are listed in, as a user meets them.
SITE_ORDER = ("advance", "check", "verify", "kostnad", "prioritet", "render")


def enforces(site: str, *rules: Rule) -> Callable[[F], F]:
    """Declare that the decorated function enforces `rules` in the command `site`."""
    for rule in rules:
        rule.sites.add(site)

    def keep(function: F) -> F:
        return function

    return keep


def sites(rule: Rule) -> list[str]:
    return sorted(rule.sites, key=lambda s: (SITE_ORDER.index(s) if s in SITE_ORDER else 99, s))
