"""Every rule of ../shared/RULES.md with where avoplan enforces it, and the checks
`avoplan check` runs over a loaded portfolio."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from avoplan.findings import Finding
from avoplan.loader import Portfolio


@dataclass(frozen=True)
class Rule:
    id: str
    titel: str
    nivå: str
    var: str


RULES: tuple[Rule, ...] = (
    Rule("R1", "Fyra steg i ordning, ett steg i taget", "fel", "advance, check"),
    Rule("R2", "Varje flytt är ett registrerat beslut; bortsorterat behåller fil och historik",
         "fel", "advance, check, verify"),
    Rule("R3", "Före BP1: behov och nytta dokumenterade, kontaktperson utsedd", "fel",
         "advance, check"),
    Rule("R4", "BP1 beslutas av avdelningschef; avstämning i lokalt utvecklingsteam eller "
         "operativa styr- och samordningsgruppen", "fel", "advance, check"),
    Rule("R5", "Grovsållning: rätt förstått, berörda, samordning mot liknande behov", "fel",
         "advance, check"),
    Rule("R6", "BP2 beslutas i ID-gemensamma utvecklingsteamet, eller av egen förvaltning",
         "fel", "advance, check"),
    Rule("R7", "Beredning: fördjupning, konsekvensanalys, förvaltningsperspektiv, ~40 mantimmar",
         "fel/varning", "advance, check"),
    Rule("R8", "BP3 beslutas av styr- och samordningsgruppen, eller av egen förvaltning", "fel",
         "advance, check"),
    Rule("R9", "Klart för start: förutsättningar klara, projektorganisation klargjord", "fel",
         "advance, check"),
    Rule("R10", "BP4 lämnar över till projekt (PPS); projektkontoret styr startordningen",
         "fel", "advance, check"),
    Rule("R11", "Beslut tas av den som har mandat enligt delegationsordningen", "fel",
         "advance, check"),
    Rule("R12", "Projekttyper; en avslutad utredning kan gå tillbaka till beredning", "fel",
         "advance, check"),
    Rule("R13", "Projekt utan behov som passerat BP4 flaggas", "varning", "check"),
    Rule("R14", "Projektägare beställer, utser projektledare och styrgrupp", "fel", "check"),
    Rule("R15", "Effektägare ansvarar för effektmålen", "fel", "check"),
    Rule("R16", "Styrgruppen leds av PÄ och har högst fem personer; mottagare bör ingå",
         "fel/varning", "check"),
    Rule("R17", "Projektdirektiv, projektplan, projektledare och projektgrupp", "fel/varning",
         "check"),
    Rule("R18", "Delat ägarskap 2025–2026: PÄ Kvalitet och utveckling och PÄ utförande "
         "avdelning; licenser respektive hårdvara", "fel", "check"),
    Rule("R19", "Projekt som leds av SLK/Intraservice och digitalt utanförskap prioriteras inte",
         "varning", "check, prioritet"),
    Rule("R20", "Kostnadsskattning med årets schablon (fem poster)", "fel", "check, kostnad"),
    Rule("R21", "Kostnad i förhållande till nytta är främsta prioriteringsprincip", "-",
         "prioritet, render"),
    Rule("R22", "Uppföljning: PIOS, komplexitet, infrastruktur/direkt nytta, beroenden", "fel",
         "check, prioritet"),
    Rule("R23", "Fyra prioriterade mål; enskild enhet får inte upphandla egen lösning", "fel",
         "check, prioritet"),
    Rule("R24", "Projektklasser: strategiska, prioriterade, önskvärda", "varning", "check"),
    Rule("R25", "Effekttyp och effektomfattning", "fel", "check, prioritet"),
    Rule("R26", "pm3-budget: VM/VU, verksamhetsnära/IT-nära, per nämnd, årsarbeten; summor "
         "stämmer", "fel", "check, render"),
    Rule("R27", "Digitaliseringsrådet: månadsvis, ordförande AC Kvalitet och utveckling",
         "fel/varning", "check, render"),
    Rule("R28", "System: namn, användare, drift; TID har avtalet och möter leverantören",
         "fel/varning", "check"),
    Rule("R29", "Utvecklingsområden: område, ansvar, tidplan, bedömning", "varning",
         "check, render"),
    Rule("R30", "Planen anger period, antagande och portföljens commit", "fel", "check, render"),
)

Check = Callable[[Portfolio], Iterable[Finding]]


def checks() -> list[Check]:
    from avoplan.rules import behovsprocess, ekonomi, projekt, references, styrning

    return [
        *references.CHECKS,
        *behovsprocess.CHECKS,
        *projekt.CHECKS,
        *ekonomi.CHECKS,
        *styrning.CHECKS,
    ]


def run_rules(portfolio: Portfolio) -> list[Finding]:
    return [finding for check in checks() for finding in check(portfolio)]
