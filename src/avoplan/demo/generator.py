"""A synthetic, realistic portfolio of any size, for trying avoplan and for `make bench`.

The organisation, delegationsordning, plan, systems, schabloner and förvaltningsobjekt
are taken from a real portfolio (the embedded ÄVO one); behov and projekt are generated:
a funnel with needs in every step, sorted-out needs at every beslutspunkt, handed-over
needs with their PPS project, and a few utredningar that sent their need back to
beredning (R12). Every decision is taken by someone the delegationsordning gives the
mandate (the same `behovsprocess.mandat.find_authority` that `check` asks), so the result passes
`avoplan check` with 0 errors. The same seed always gives the same files.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from avoplan.behovsprocess.beslut import receivers, underlag_of
from avoplan.behovsprocess.mandat import (
    Context,
    affected_forvaltningar,
    find_authority,
    mandate,
    scope,
)
from avoplan.behovsprocess.steg import Move, plan_move
from avoplan.core.errors import UserError
from avoplan.models.behov import Behov
from avoplan.models.common import FUNNEL, Steg
from avoplan.models.delegation import Scope
from avoplan.models.organisation import Forumtyp
from avoplan.models.portfolio import BEHOV, PROJEKT, Portfolio
from avoplan.models.projekt import Projekt


@dataclass(frozen=True)
class DemoFile:
    path: str  # relative to the portfolio root, e.g. "behov/BEH-00042.yaml"
    text: str


@dataclass(frozen=True)
class Theme:
    titel: str
    beskrivning: str
    nytta: str
    system: tuple[str, ...]
    effekttyp: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme("Digital nattillsyn", "Nattliga tillsynsbesök görs fysiskt även när brukaren sover. "
          "Kamera eller sensor kan ersätta en del av besöken där brukaren samtycker.",
          "Färre störande nattbesök och frigjord personaltid till insatser där behov uppstår.",
          ("treserva",), ("tidsbesparande", "kundupplevelse")),
    Theme("Digital läkemedelssignering", "Given läkemedelsdos signeras på papperslistor som "
          "sedan förs över för hand. Signeringen ska göras digitalt i journalsystemet.",
          "Ökad patientsäkerhet och mindre tid för att föra över signeringar.",
          ("pascal",), ("patientsäkerhet", "tidsbesparande")),
    Theme("Taligenkänning i dokumentationen", "Dokumentation i mobilen är tidskrävande, "
          "särskilt för medarbetare med svenska som andraspråk. Tal till text efterfrågas.",
          "Bättre dokumentationskvalitet och mindre tid vid skärmen.",
          ("treserva",), ("tidsbesparande", "kvalitetshöjande")),
    Theme("Digitala nycklar", "Fysiska nycklar till brukarnas hem hämtas och lämnas i "
          "nyckelskåp varje pass. Digitala lås kan ersätta nyckelhanteringen.",
          "Kortare restider, färre borttappade nycklar och tryggare brukare.",
          ("alfa-welfare",), ("tidsbesparande", "arbetsmiljö")),
    Theme("Videomöten med anhöriga", "Anhöriga som bor långt bort vill delta i "
          "vårdplaneringar och möten. Boendena saknar ett enkelt och säkert verktyg.",
          "Fler anhöriga deltar och färre möten behöver flyttas.",
          (), ("kundupplevelse",)),
    Theme("Optimerad schemaläggning", "Scheman läggs manuellt i kalkylark per enhet. Ett "
          "verktyg för bemanningsplanering kan ta hänsyn till kompetens och önskemål.",
          "Mindre tid för schemaläggning och färre obemannade pass.",
          ("alfa-welfare",), ("tidsbesparande", "stöd för styrning och ledning")),
    Theme("E-tjänst för ansökan om insats", "Ansökningar om bistånd kommer i dag på papper "
          "eller per telefon. En e-tjänst med e-legitimation efterfrågas.",
          "Snabbare handläggning och en enklare väg in för den enskilde.",
          ("treserva",), ("kundupplevelse", "tidsbesparande")),
    Theme("Digital avvikelsehantering", "Avvikelser rapporteras på blankett och sammanställs "
          "för hand. Ett digitalt flöde ger överblick och snabbare åtgärder.",
          "Säkrare vård och bättre underlag för det systematiska kvalitetsarbetet.",
          ("treserva",), ("kvalitetshöjande", "patientsäkerhet")),
    Theme("Sensorer för fallrisk", "Fall nattetid upptäcks ofta sent. Sensorer i rummet kan "
          "larma personalen när en brukare med fallrisk lämnar sängen.",
          "Färre fallskador och tryggare brukare och anhöriga.",
          (), ("patientsäkerhet", "kvalitetshöjande")),
    Theme("Digital tidrapportering", "Arbetad tid och övertid rapporteras på papper och förs "
          "in i lönesystemet av administratörer.",
          "Frigjord administrativ tid och säkrare underlag för lön och uppföljning.",
          (), ("tidsbesparande", "stöd för styrning och ledning")),
    Theme("Beslutsstöd för uppföljning", "Uppföljningen av insatser sammanställs manuellt ur "
          "flera system. Ett beslutsstöd med färdiga rapporter efterfrågas.",
          "Bättre underlag för styrning och prioritering av insatser.",
          ("treserva", "websesam"), ("stöd för styrning och ledning",)),
    Theme("Digital träning och rehabilitering", "Träningsprogram delas ut på papper och "
          "följs sällan upp. Digitala program med video kan stödja brukarens träning.",
          "Bättre effekt av rehabiliteringen och färre uppföljningsbesök.",
          ("exorlive",), ("kvalitetshöjande", "kundupplevelse")),
    Theme("Automatiserad fakturakontroll", "Fakturor för köpta platser kontrolleras rad för "
          "rad mot beslut. Kontrollen kan automatiseras.",
          "Lägre kostnader och färre felaktiga utbetalningar.",
          ("swedbank-portal",), ("kostnadsbesparande", "tidsbesparande")),
    Theme("Digital introduktion för nyanställda", "Introduktionen av nya medarbetare och "
          "timanställda ser olika ut på varje enhet. Ett digitalt introduktionspaket efterfrågas.",
          "Snabbare och mer enhetlig introduktion och bättre arbetsmiljö.",
          (), ("kvalitetshöjande", "arbetsmiljö")),
    Theme("Trygghetslarm med ny teknik", "Analoga trygghetslarm fasas ut när telenäten "
          "byggs om. Larmen behöver ersättas med digitala larm och ny larmhantering.",
          "Fungerande larm för brukarna och en säker larmkedja.",
          ("treserva",), ("infrastruktur", "patientsäkerhet")),
    Theme("Trådlöst nätverk på boenden", "Flera boenden saknar täckning för trådlöst nätverk, "
          "vilket hindrar mobil dokumentation och välfärdsteknik.",
          "En grund för mobila arbetssätt och ny teknik på boendena.",
          (), ("infrastruktur",)),
    Theme("Digitala matbeställningar", "Måltider beställs per telefon och papperslistor från "
          "varje avdelning. Beställningen kan göras digitalt.",
          "Mindre matsvinn och frigjord tid för personalen.",
          ("matilda",), ("miljö", "tidsbesparande")),
    Theme("Elektroniska körjournaler", "Körjournaler för verksamhetens bilar förs för hand. "
          "Elektroniska körjournaler ger underlag för bilpoolens storlek.",
          "Färre bilar, lägre kostnader och mindre miljöpåverkan.",
          (), ("miljö", "kostnadsbesparande")),
    Theme("Läkemedelspåminnelser i hemmet", "Brukare med hemtjänst glömmer läkemedel mellan "
          "besöken. En digital påminnelse kan ersätta en del av besöken.",
          "Säkrare läkemedelshantering och färre korta besök.",
          ("pascal",), ("patientsäkerhet", "kundupplevelse")),
    Theme("Samordnad vårdplanering", "Planering inför utskrivning från sjukhus sker i flera "
          "system med dubbeldokumentation.",
          "Kortare väntan på hemgång och mindre dubbeldokumentation.",
          ("samsa", "npo"), ("kvalitetshöjande", "tidsbesparande")),
)

# How a realistic funnel looks: where needs stand, and where sorted-out ones left it.
FINAL_STEPS: tuple[tuple[str, int], ...] = (
    ("insamling", 18), ("grovsållning", 12), ("beredning", 12), ("klart för start", 8),
    ("projekt", 28), ("bortsorterad", 22),
)
SORTED_OUT_AT = ((1, 30), (2, 35), (3, 30), (4, 5))
REACH = ((Scope.EN_AVDELNING, 60), (Scope.FLERA_AVDELNINGAR, 15),
         (Scope.FLERA_FORVALTNINGAR, 25))
PROJEKTTYP = (("införande", 50), ("upphandling", 15), ("förstudie", 15), ("utredning", 12),
              ("genomförbarhetstest", 8))
STATUS = (("planerad", 25), ("pågående", 42), ("pausad", 3), ("avslutad", 30))
REENTRY_SHARE = 0.25  # of finished investigations, how many sent their need back (R12)
FIRST_DAY = date(2025, 1, 2)
LATEST_REENTRY = date(2026, 6, 1)  # every generated decision lies in the past

MOTIVERING = {
    1: ("Behovet är väl beskrivet och har stöd i avdelningens färdplan.",
        "Tydligt behov med uppskattad tidsvinst.", "Nyttan är bekräftad av verksamheten."),
    2: ("Lagt på den gemensamma backloggen för fördjupning.",
        "Rätt förstått; fördjupas i beredning.", "Samordnat med liknande behov; går vidare."),
    3: ("Beslutsunderlaget visar hög nytta i förhållande till kostnad.",
        "Står på den prioriterade väntelistan.", "Konsekvensanalysen är godtagbar."),
    4: ("Förutsättningarna är klara; projektkontoret startar projektet.",
        "Projektorganisationen är klar och resurser finns.",),
}
BORTSORTERAD = ("Sorteras bort: behovet täcks av en befintlig lösning i staden.",
                "Sorteras bort: nyttan står inte i proportion till kostnaden.",
                "Sorteras bort: enskilda enheter får inte upphandla egna lösningar (mål 1).",
                "Sorteras bort: slås ihop med ett liknande behov.")
REENTRY = "Utredningen är klar; behovet går tillbaka till beredning med nytt underlag (R12)."


def generate(base: Portfolio, items: int, seed: int) -> Iterator[DemoFile]:
    """`items` behov and projekt files (a handed-over need and its project count as two)."""
    return _Generator(base, seed).files(items)


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class _Started:
    id: str
    status: str
    start: date


class _Generator:
    def __init__(self, base: Portfolio, seed: int) -> None:
        self.base, self.org, self.rng = base, base.organisation, random.Random(seed)
        self.seed = seed
        self.deciders: dict[tuple[Any, ...], list[tuple[str, str | None, str]]] = {}
        self.projects: list[_Started] = []
        self.need_ids: list[str] = []
        # Most needs come from the utförande verksamhet; staff units raise a few. Only
        # avdelningar with staff besides the chef: the kontaktperson never decides BP1 (jäv).
        self.avdelningar = [(a.id, 8 if a.utförande else 1) for a in self.org.avdelningar
                            if any(p.avdelning == a.id and p.id != a.avdelningschef
                                   for p in self.org.personer)]
        self.systems = sorted(base.system)
        self.goals = [m.nummer for m in base.plan.prioriterade_mål]
        self.years = sorted(int(y) for y in base.schablon)
        team = self.org.forum_of_type(Forumtyp.LOKALT_UTVECKLINGSTEAM)
        self.team = sorted(team.members()) if team else []
        self.tid = [p.id for p in self.org.personer if self.org.in_tid(p)]
        unit = self.org.avdelning(self.org.utvecklingsavdelning)
        if unit is None or not self.team:
            raise UserError("portföljen saknar utvecklingsavdelning eller lokalt utvecklingsteam",
                            "demo-portföljen bygger på den inbyggda ÄVO-portföljens organisation")
        self.owner = unit.avdelningschef
        self.leaders = [p.id for p in self.org.personer
                        if p.avdelning == unit.id and p.id != self.owner]

    def files(self, items: int) -> Iterator[DemoFile]:
        width = max(3, len(str(items)))
        made, need_no, project_no = 0, 0, 0
        while made < items:
            need_no += 1
            final = _pick(self.rng, FINAL_STEPS)
            if final == "projekt" and items - made < 2:
                final = "beredning"
            project_id = None
            if final == "projekt":
                project_no += 1
                project_id = f"{PROJEKT.prefix}-{project_no:0{width}d}"
            need, project = self.need(f"{BEHOV.prefix}-{need_no:0{width}d}", Steg(final),
                                          project_id)
            yield DemoFile(f"{BEHOV.folder}/{need['id']}.yaml", to_yaml(need, self._header(need)))
            made += 1
            if project is not None:
                yield DemoFile(f"{PROJEKT.folder}/{project['id']}.yaml",
                               to_yaml(project, f"Projekt enligt PPS ur {need['id']} "
                                       f"(syntetiskt, frö {self.seed})."))
                made += 1

    def _header(self, need: dict[str, Any]) -> str:
        return (f"Syntetiskt behov ur 'avoplan demo-portfolio' (frö {self.seed}).\n"
                f"Flytta det med 'avoplan advance {need['id']} --to STEG'.")

    # --- one need -----------------------------------------------------------------

    def need(self, need_id: str, final: Steg,
             project_id: str | None) -> tuple[dict[str, Any], dict[str, Any] | None]:
        path = self._path(final)
        reached = set(path)
        reach = _pick(self.rng, REACH) if Steg.GROVSALLNING in reached else Scope.EN_AVDELNING
        avdelning = _pick(self.rng, tuple(self.avdelningar))
        theme = self.rng.choice(THEMES)
        registrerad = FIRST_DAY + timedelta(days=self.rng.randint(0, 300))
        data = self._basics(need_id, theme, avdelning, registrerad, reached)
        if Steg.GROVSALLNING in reached:
            data["grovsållning"] = self._grovsallning(avdelning, reach)
        if Steg.BEREDNING in reached:
            data["beredning"] = self._beredning(data, passed=Steg.KLART_FOR_START in reached)
            data |= self._beslutsunderlag(theme, registrerad)
        if Steg.KLART_FOR_START in reached:
            data["klart_för_start"] = self._klart_for_start(
                avdelning, passed=Steg.PROJEKT in reached)
        project = None
        if project_id is not None:
            data["projekt"] = [project_id]
        decisions, handover = self._decisions(data, path, project_id)
        data["steg"] = path[-1].value
        data["beslut"] = decisions
        if project_id is not None and handover is not None:
            project = self._project(project_id, data, handover)
            if project["status"] == "avslutad" and _is_investigation(project) and \
                    self.rng.random() < REENTRY_SHARE and project["slut"] < LATEST_REENTRY:
                data["beslut"].append(self._reentry(data, project))
                data["steg"] = Steg.BEREDNING.value
        self.need_ids.append(need_id)
        return _ordered_need(data), project

    def _path(self, final: Steg) -> list[Steg]:
        if final == Steg.BORTSORTERAD:
            point = _pick(self.rng, SORTED_OUT_AT)
            return [*FUNNEL[:point], Steg.BORTSORTERAD]
        return list(FUNNEL[:FUNNEL.index(final) + 1])

    def _basics(self, need_id: str, theme: Theme, avdelning: str, registrerad: date,
                reached: set[Steg]) -> dict[str, Any]:
        unit = self.org.avdelning(avdelning)
        data: dict[str, Any] = {
            "id": need_id,
            "titel": f"{theme.titel} inom {unit.namn.lower() if unit else avdelning}",
            "avdelning": avdelning,
            "kontaktperson": self._contact(avdelning),
            "registrerad": registrerad,
            "beskrivning": theme.beskrivning,
            "nytta": theme.nytta,
            "system": [s for s in theme.system if s in self.base.system],
        }
        if self.rng.random() < 0.1 and self.need_ids:
            data["beroenden"] = [self.rng.choice(self.need_ids[-200:])]
        if Steg.GROVSALLNING in reached or self.rng.random() < 0.4:
            data["effekttyp"] = list(theme.effekttyp)
            data["mål"] = sorted(self.rng.sample(self.goals, k=min(2, len(self.goals))))
        return data

    def _contact(self, avdelning: str) -> str:
        people = [p for p in self.org.personer if p.avdelning == avdelning]
        unit = self.org.avdelning(avdelning)
        chef = unit.avdelningschef if unit else self.owner
        staff = [p.id for p in people if p.id != chef]
        return self.rng.choice(staff) if staff else chef

    def _grovsallning(self, avdelning: str, reach: Scope) -> dict[str, Any]:
        own = self.org.egen_förvaltning
        avdelningar, forvaltningar, tid = [avdelning], [own], False
        others = [a for a, _ in self.avdelningar if a != avdelning]
        if reach == Scope.FLERA_AVDELNINGAR:
            avdelningar += sorted(self.rng.sample(others, k=self.rng.randint(1, 2)))
        elif reach == Scope.FLERA_FORVALTNINGAR:
            tid = self.rng.random() < 0.6
            foreign = [f.id for f in self.org.förvaltningar if f.id != own]
            if not tid or self.rng.random() < 0.5:
                forvaltningar.append(self.rng.choice(foreign))
        section: dict[str, Any] = {
            "rätt_förstått": "Ja; behovet har stämts av med kontaktpersonen",
            "berörda": {"avdelningar": avdelningar, "förvaltningar": forvaltningar},
            "tid_beroende": tid,
            "tid_medverkande": [self.rng.choice(self.tid)] if self.tid else [],
            "samordning": ("Samordnas med de andra socialförvaltningarna i ID-gemensamma "
                           "utvecklingsteamet." if reach == Scope.FLERA_FORVALTNINGAR else
                           "Inga liknande behov i de andra socialförvaltningarna enligt "
                           "ID-gemensamma backloggen."),
        }
        if self.need_ids and self.rng.random() < 0.1:
            section["liknande_behov"] = [self.rng.choice(self.need_ids[-500:])]
        return section

    def _beredning(self, data: dict[str, Any], passed: bool) -> dict[str, Any]:
        affected = data["grovsållning"]["berörda"]["avdelningar"]
        verksamhet = [p.id for p in self.org.personer if p.avdelning in affected]
        medverkande = [self.rng.choice(self.team), data["kontaktperson"]]
        if verksamhet and self.rng.random() < 0.3:
            medverkande.append(self.rng.choice(verksamhet))
        if self.tid:
            medverkande.append(self.rng.choice(self.tid))
        section: dict[str, Any] = {
            "fördjupning": "Nuläge och önskat läge beskrivna i den enhetliga mallen, med "
                           "processkarta.",
            "konsekvensanalys": "Påverkan på arbetssätt, bemanning, informationssäkerhet och "
                                "andra system är bedömd.",
            "förvaltningsperspektiv": "Lösningen förvaltas i TID:s förvaltningsobjekt; support "
                                      "via ordinarie servicedesk.",
            "mantimmar": self.rng.randint(24, 60) if passed or self.rng.random() < 0.5 else None,
            "medverkande": list(dict.fromkeys(medverkande)),
        }
        return section

    def _beslutsunderlag(self, theme: Theme, registrerad: date) -> dict[str, Any]:
        year = registrerad.year if registrerad.year in self.years else self.years[-1]
        estimate: dict[str, Any] = {
            "år": year,
            "projektledare_timmar": self.rng.randrange(100, 1200, 10),
            "projektgrupp_timmar": self.rng.randrange(100, 2400, 20),
            "styrgrupp_timmar": self.rng.randrange(10, 80, 2),
            "leverantör_kr": self.rng.randrange(0, 900_000, 10_000),
        }
        if self.rng.random() < 0.2:
            estimate["konsult_kr"] = self.rng.randrange(50_000, 400_000, 10_000)
        return {
            "effekttyp": list(theme.effekttyp),
            "effektomfattning": self.rng.choice(("hög", "hög", "mycket hög", "medel")),
            "frigjord_tid_timmar_per_år": self.rng.randrange(0, 9000, 100),
            "komplexitet": self.rng.choice(("komplex", "enkel")),
            "nyttotyp": "infrastruktur" if "infrastruktur" in theme.effekttyp else "direkt nytta",
            "pios": self.rng.random() < 0.8,
            "kostnad": estimate,
        }

    def _klart_for_start(self, avdelning: str, passed: bool) -> dict[str, Any]:
        receiver = self._effektagare(avdelning)
        styrgrupp = [self.owner, receiver]
        if self.rng.random() < 0.5:
            styrgrupp.append(self.rng.choice(self.team))
        return {
            "förutsättningar": [
                {"beskrivning": "Finansiering beslutad", "klar": True},
                {"beskrivning": "Resurser från verksamheten avsatta",
                 "klar": passed or self.rng.random() < 0.5},
            ],
            "projekttyp": _pick(self.rng, PROJEKTTYP),
            "projektorganisation": {
                "projektägare": self.owner,
                "effektägare": receiver,
                "projektledare": self.rng.choice(self.leaders or [self.owner]),
                "styrgrupp": list(dict.fromkeys(styrgrupp)),
            },
        }

    def _effektagare(self, avdelning: str) -> str:
        """R18: the effektägare heads an utförande avdelning, the need's own if it is one."""
        unit = self.org.avdelning(avdelning)
        if unit is not None and unit.utförande:
            return unit.avdelningschef
        return self.rng.choice([a.avdelningschef for a in self.org.avdelningar if a.utförande])

    # --- decisions ------------------------------------------------------------------

    def _decisions(self, data: dict[str, Any], path: list[Steg],
                   project_id: str | None) -> tuple[list[dict[str, Any]], date | None]:
        need = Behov.model_validate({**data, "steg": path[0].value})
        ctx = Context(need, self.org)
        day: date = data["registrerad"]
        decisions: list[dict[str, Any]] = []
        for current, target in itertools.pairwise(path):
            move = plan_move(current, target)
            assert isinstance(move, Move)  # the path is built from legal moves
            day += timedelta(days=self.rng.randint(7, 40))
            decisions.append(self._decision(move, ctx, day))
        handover = day if path[-1] == Steg.PROJEKT and project_id else None
        return decisions, handover

    def _decision(self, move: Move, ctx: Context, day: date) -> dict[str, Any]:
        person, forum, roll = self.rng.choice(self._deciders(move, ctx))
        point = move.beslutspunkt or 0
        texts = BORTSORTERAD if move.till == Steg.BORTSORTERAD else MOTIVERING[point]
        decision: dict[str, Any] = {
            "beslutspunkt": move.beslutspunkt,
            "datum": day,
            "från": move.från.value,
            "till": move.till.value,
            "beslutad_av": person,
            "roll": roll,
            "forum": forum,
            "motivering": self.rng.choice(texts),
        }
        if forum:
            decision["protokoll"] = (f"{forum[:3].upper()}-{day.year}-{day.month:02d} "
                                     f"§ {self.rng.randint(2, 12)}")
        mandat = mandate(move, ctx.need, self.org, self.base.delegationsordning)
        if mandat and mandat.organ and forum:
            decision |= self._body(move, ctx, forum, mandat.samtycke)
        if mandat and receivers(move, mandat, ctx):
            decision["delges"] = receivers(move, mandat, ctx)
        basis = underlag_of(ctx, move)
        if basis is not None:
            decision["underlag"] = basis.model_dump(mode="json")
        return decision

    def _body(self, move: Move, ctx: Context, forum_id: str, consent: bool) -> dict[str, Any]:
        """A forum deciding as a body: who took part and, at BP2, which affected
        förvaltningar stood behind it (one team member from each)."""
        forum = self.org.forum_by_id(forum_id)
        members = sorted(forum.members()) if forum else []
        affected = sorted(affected_forvaltningar(ctx.need, self.org, move))
        present = [next((m for m in members if self._forvaltning(m) == f), None)
                   for f in affected]
        deltagare = [m for m in present if m] + [m for m in members if m in self.tid]
        deltagare += [m for m in members if m not in deltagare][:max(0, 2 - len(deltagare))]
        body: dict[str, Any] = {"deltagare": list(dict.fromkeys(deltagare))}
        if consent:
            body["bakom"] = affected
        return body

    def _forvaltning(self, person_id: str) -> str | None:
        person = self.org.person(person_id)
        return person.förvaltning if person else None

    def _deciders(self, move: Move, ctx: Context) -> list[tuple[str, str | None, str]]:
        """Everyone who may take this decision, with the forum and role they take it in."""
        key = (move.från, move.till, scope(ctx.need, self.org), ctx.need.avdelning,
               tuple(p.id for p in ctx.projects), ctx.need.kontaktperson,
               tuple(sorted(affected_forvaltningar(ctx.need, self.org, move))))
        if key not in self.deciders:
            self.deciders[key] = self._find_deciders(move, ctx)
        return self.deciders[key]

    def _find_deciders(self, move: Move, ctx: Context) -> list[tuple[str, str | None, str]]:
        mandat = mandate(move, ctx.need, self.org, self.base.delegationsordning)
        found: list[tuple[str, str | None, str]] = []
        forums: list[str | None] = [*mandat.forum] if mandat and mandat.forum else [None]
        affected = affected_forvaltningar(ctx.need, self.org, move)
        for forum in forums:
            for person in self.org.personer:
                authority = find_authority(person, mandat, ctx, forum) if mandat else None
                alone = mandat is not None and not mandat.organ
                # One person alone: never the kontaktperson (jäv), always from an affected
                # förvaltning, as the judge requires.
                if alone and (person.id == ctx.need.kontaktperson
                              or person.förvaltning not in affected):
                    continue
                if authority:
                    found.append((person.id, forum, authority.roll))
        if not found:
            raise UserError(f"ingen i organisationen har mandat för beslutspunkt "
                            f"{move.beslutspunkt or move.från.beslutspunkt or '-'}",
                            "kontrollera delegationsordning.yaml och organisation.yaml")
        return found

    def _reentry(self, data: dict[str, Any], project: dict[str, Any]) -> dict[str, Any]:
        need = Behov.model_validate({**data, "steg": Steg.PROJEKT.value})
        ctx = Context(need, self.org, (Projekt.model_validate(project),))
        move = Move(Steg.PROJEKT, Steg.BEREDNING, None)
        person, forum, roll = self.rng.choice(self._deciders(move, ctx))
        day: date = project["slut"] + timedelta(days=self.rng.randint(7, 30))
        return {"datum": day, "från": move.från.value, "till": move.till.value,
                "beslutad_av": person, "roll": roll, "forum": forum, "motivering": REENTRY}

    # --- the project of a handed-over need -------------------------------------------

    def _project(self, project_id: str, need: dict[str, Any], handover: date) -> dict[str, Any]:
        team = need["klart_för_start"]["projektorganisation"]
        start = handover + timedelta(days=self.rng.randint(7, 60))
        status = _pick(self.rng, STATUS)
        klass = self.rng.choice(("strategisk", "prioriterad", "prioriterad", "önskvärd"))
        data: dict[str, Any] = {
            "id": project_id,
            "titel": need["titel"],
            "behov": need["id"],
            "avdelning": need["avdelning"],
            "typ": need["klart_för_start"]["projekttyp"],
            "klass": klass,
            "status": status,
            "start": start,
            "slut": start + timedelta(days=self.rng.randint(90, 540)),
            "effekttyp": need["effekttyp"],
            "effektomfattning": need["effektomfattning"],
            "mål": need.get("mål", []),
            "system": need["system"],
            "kostnad": need["kostnad"],
            "budget_kkr": None if klass == "önskvärd" else self.rng.randrange(100, 5000, 50),
            "projektägare": team["projektägare"],
            "effektägare": team["effektägare"],
            "projektledare": team["projektledare"],
            "styrgrupp": team["styrgrupp"],
            "projektgrupp": self._projektgrupp(need["kontaktperson"]),
            "projektdirektiv": {
                "effektmål": [_hours_goal(need, start, team["effektägare"], status)],
                "ramar": "Budget enligt kostnadsskattningen.",
                "förutsättningar": "Verksamheten avsätter tid för projektgruppen.",
            },
            "projektplan": {
                "vad": need["titel"] + ".",
                "hur": "Pilot på en enhet, utvärdering, sedan breddinförande.",
                "vem": "Projektgrupp med verksamhet, utvecklingsteamet och TID.",
                "när": f"{start.isoformat()} och framåt.",
            },
            "budgetansvar": {
                "licenser": {"ansvarig": team["projektägare"],
                             "kr": self.rng.randrange(0, 300_000, 10_000)},
                "hårdvara": {"ansvarig": team["effektägare"],
                             "kr": self.rng.randrange(0, 300_000, 10_000)},
            },
        }
        for key in ("komplexitet", "nyttotyp", "pios"):
            if key in need:
                data[key] = need[key]
        if status == "avslutad":
            data["uppföljningsansvar"] = {"person": team["effektägare"]}
        dependencies = self._project_dependencies(status, start)
        if dependencies:
            data["beroenden"] = dependencies
        self.projects.append(_Started(project_id, status, start))
        return data

    def _projektgrupp(self, contact: str) -> list[str]:
        """R17: the verksamhet, the utvecklingsteam and TID work in the project."""
        members = [contact, self.rng.choice(self.team)]
        if self.tid:
            members.append(self.rng.choice(self.tid))
        return list(dict.fromkeys(members))

    def _project_dependencies(self, status: str, start: date) -> list[str]:
        """R22: a started project depends only on projects that started before it."""
        if self.rng.random() > 0.1 or not self.projects:
            return []
        candidate = self.rng.choice(self.projects[-200:])
        started = candidate.status in ("pågående", "avslutad")
        if status in ("pågående", "avslutad") and not (started and candidate.start <= start):
            return []
        return [candidate.id]


def _hours_goal(need: dict[str, Any], start: date, owner: str,
                status: str) -> dict[str, Any]:
    """The frigjord-tid estimate that ranked the need as the project's first effektmål;
    a started project is measured on its target date (four fifths of the estimate)."""
    estimate = need.get("frigjord_tid_timmar_per_år") or 0
    due = start + timedelta(days=365)
    goal: dict[str, Any] = {
        "beskrivning": f"Nyttan realiserad: {need['nytta']}",
        "indikator": "Frigjorda arbetstimmar per år", "enhet": "timmar per år",
        "utgångsläge": {"värde": 0, "datum": start, "källa": "Tidsstudie vid start"},
        "målvärde": {"värde": estimate, "datum": due}, "effektägare": owner}
    if status in ("pågående", "avslutad"):
        goal["mätningar"] = [{"datum": due, "värde": estimate * 4 // 5, "källa": "Tidsstudie"}]
    return goal


def _is_investigation(project: dict[str, Any]) -> bool:
    return project["typ"] in ("utredning", "förstudie", "genomförbarhetstest")


NEED_ORDER = ("id", "titel", "avdelning", "kontaktperson", "steg", "registrerad",
              "beskrivning", "nytta", "effekttyp", "effektomfattning",
              "frigjord_tid_timmar_per_år", "mål", "system", "komplexitet", "nyttotyp", "pios",
              "beroenden", "kostnad", "grovsållning", "beredning", "klart_för_start", "projekt",
              "beslut")


def _ordered_need(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in NEED_ORDER if key in data}


# --- writing ------------------------------------------------------------------------
# A tiny block-style emitter for the plain data above (str, int, bool, date, lists,
# mappings): ruamel's round-trip dump takes about 19 ms a file, which is minutes for a
# 10,000-item portfolio; this takes microseconds and writes the layout of the
# hand-written files. `check` parses every file it writes.

WIDTH = 90
_PLAIN = re.compile(r"[A-Za-zÅÄÖåäöÉé][\w .,:;()/–%-]*")
_FLOW_UNSAFE = re.compile(r"[,:]")
_KEYWORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def to_yaml(data: Mapping[str, Any], comment: str = "") -> str:
    lines = [f"# {line}" for line in comment.splitlines()]
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(data: Mapping[str, Any], indent: int, lines: list[str], lead: str = "") -> None:
    for key, value in data.items():
        if value is None:
            continue
        _entry(lead or " " * indent, key, value, indent, lines)
        lead = ""


def _entry(lead: str, key: str, value: Any, indent: int, lines: list[str]) -> None:
    if isinstance(value, Mapping):
        lines.append(f"{lead}{key}:")
        _mapping(value, indent + 2, lines)
    elif isinstance(value, list) and value and isinstance(value[0], Mapping):
        lines.append(f"{lead}{key}:")
        for item in value:
            _mapping(item, indent + 4, lines, lead=" " * (indent + 2) + "- ")
    elif isinstance(value, list):
        flow = [_scalar(v) for v in value]
        if all(not isinstance(v, str) or _is_plain(v, flow=True) for v in value) \
                and len(value) < 8:
            lines.append(f"{lead}{key}: [{', '.join(flow)}]")
        else:
            lines.append(f"{lead}{key}:")
            lines += [f"{' ' * (indent + 2)}- {item}" for item in flow]
    elif isinstance(value, str) and indent + len(key) + len(value) > WIDTH - 2 \
            and "  " not in value and value == value.strip():
        lines.append(f"{lead}{key}: >-")
        pad = " " * (indent + 2)
        lines += [pad + part for part in textwrap.wrap(
            value, WIDTH - indent - 2, break_on_hyphens=False, break_long_words=False)]
    else:
        lines.append(f"{lead}{key}: {_scalar(value)}")


def _is_plain(text: str, flow: bool = False) -> bool:
    """Whether `text` reads back as the same string without quotes."""
    if not _PLAIN.fullmatch(text) or text.endswith((" ", ":")) or ": " in text:
        return False
    return text.lower() not in _KEYWORDS and not (flow and _FLOW_UNSAFE.search(text))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | date):
        return str(value)
    text = str(value)
    return text if _is_plain(text) else json.dumps(text, ensure_ascii=False)
