"""What the demo is made of, data only: the themes of its needs (realistic titles,
descriptions and benefits from elderly care, with the systems and effect types they
touch), the shape of a realistic funnel, the motivations of its decisions and the order
of a need's keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from avoplan.models.delegation import Scope


@dataclass(frozen=True)
class Theme:
    titel: str
    beskrivning: str
    nytta: str
    system: tuple[str, ...]
    effekttyp: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        "Digital nattillsyn",
        "Nattliga tillsynsbesök görs fysiskt även när brukaren sover. "
        "Kamera eller sensor kan ersätta en del av besöken där brukaren samtycker.",
        "Färre störande nattbesök och frigjord personaltid till insatser där behov uppstår.",
        ("treserva",),
        ("tidsbesparande", "kundupplevelse"),
    ),
    Theme(
        "Digital läkemedelssignering",
        "Given läkemedelsdos signeras på papperslistor som "
        "sedan förs över för hand. Signeringen ska göras digitalt i journalsystemet.",
        "Ökad patientsäkerhet och mindre tid för att föra över signeringar.",
        ("pascal",),
        ("patientsäkerhet", "tidsbesparande"),
    ),
    Theme(
        "Taligenkänning i dokumentationen",
        "Dokumentation i mobilen är tidskrävande, "
        "särskilt för medarbetare med svenska som andraspråk. Tal till text efterfrågas.",
        "Bättre dokumentationskvalitet och mindre tid vid skärmen.",
        ("treserva",),
        ("tidsbesparande", "kvalitetshöjande"),
    ),
    Theme(
        "Digitala nycklar",
        "Fysiska nycklar till brukarnas hem hämtas och lämnas i "
        "nyckelskåp varje pass. Digitala lås kan ersätta nyckelhanteringen.",
        "Kortare restider, färre borttappade nycklar och tryggare brukare.",
        ("alfa-welfare",),
        ("tidsbesparande", "arbetsmiljö"),
    ),
    Theme(
        "Videomöten med anhöriga",
        "Anhöriga som bor långt bort vill delta i "
        "vårdplaneringar och möten. Boendena saknar ett enkelt och säkert verktyg.",
        "Fler anhöriga deltar och färre möten behöver flyttas.",
        (),
        ("kundupplevelse",),
    ),
    Theme(
        "Optimerad schemaläggning",
        "Scheman läggs manuellt i kalkylark per enhet. Ett "
        "verktyg för bemanningsplanering kan ta hänsyn till kompetens och önskemål.",
        "Mindre tid för schemaläggning och färre obemannade pass.",
        ("alfa-welfare",),
        ("tidsbesparande", "stöd för styrning och ledning"),
    ),
    Theme(
        "E-tjänst för ansökan om insats",
        "Ansökningar om bistånd kommer i dag på papper "
        "eller per telefon. En e-tjänst med e-legitimation efterfrågas.",
        "Snabbare handläggning och en enklare väg in för den enskilde.",
        ("treserva",),
        ("kundupplevelse", "tidsbesparande"),
    ),
    Theme(
        "Digital avvikelsehantering",
        "Avvikelser rapporteras på blankett och sammanställs "
        "för hand. Ett digitalt flöde ger överblick och snabbare åtgärder.",
        "Säkrare vård och bättre underlag för det systematiska kvalitetsarbetet.",
        ("treserva",),
        ("kvalitetshöjande", "patientsäkerhet"),
    ),
    Theme(
        "Sensorer för fallrisk",
        "Fall nattetid upptäcks ofta sent. Sensorer i rummet kan "
        "larma personalen när en brukare med fallrisk lämnar sängen.",
        "Färre fallskador och tryggare brukare och anhöriga.",
        (),
        ("patientsäkerhet", "kvalitetshöjande"),
    ),
    Theme(
        "Digital tidrapportering",
        "Arbetad tid och övertid rapporteras på papper och förs "
        "in i lönesystemet av administratörer.",
        "Frigjord administrativ tid och säkrare underlag för lön och uppföljning.",
        (),
        ("tidsbesparande", "stöd för styrning och ledning"),
    ),
    Theme(
        "Beslutsstöd för uppföljning",
        "Uppföljningen av insatser sammanställs manuellt ur "
        "flera system. Ett beslutsstöd med färdiga rapporter efterfrågas.",
        "Bättre underlag för styrning och prioritering av insatser.",
        ("treserva", "websesam"),
        ("stöd för styrning och ledning",),
    ),
    Theme(
        "Digital träning och rehabilitering",
        "Träningsprogram delas ut på papper och "
        "följs sällan upp. Digitala program med video kan stödja brukarens träning.",
        "Bättre effekt av rehabiliteringen och färre uppföljningsbesök.",
        ("exorlive",),
        ("kvalitetshöjande", "kundupplevelse"),
    ),
    Theme(
        "Automatiserad fakturakontroll",
        "Fakturor för köpta platser kontrolleras rad för "
        "rad mot beslut. Kontrollen kan automatiseras.",
        "Lägre kostnader och färre felaktiga utbetalningar.",
        ("swedbank-portal",),
        ("kostnadsbesparande", "tidsbesparande"),
    ),
    Theme(
        "Digital introduktion för nyanställda",
        "Introduktionen av nya medarbetare och "
        "timanställda ser olika ut på varje enhet. Ett digitalt introduktionspaket efterfrågas.",
        "Snabbare och mer enhetlig introduktion och bättre arbetsmiljö.",
        (),
        ("kvalitetshöjande", "arbetsmiljö"),
    ),
    Theme(
        "Trygghetslarm med ny teknik",
        "Analoga trygghetslarm fasas ut när telenäten "
        "byggs om. Larmen behöver ersättas med digitala larm och ny larmhantering.",
        "Fungerande larm för brukarna och en säker larmkedja.",
        ("treserva",),
        ("infrastruktur", "patientsäkerhet"),
    ),
    Theme(
        "Trådlöst nätverk på boenden",
        "Flera boenden saknar täckning för trådlöst nätverk, "
        "vilket hindrar mobil dokumentation och välfärdsteknik.",
        "En grund för mobila arbetssätt och ny teknik på boendena.",
        (),
        ("infrastruktur",),
    ),
    Theme(
        "Digitala matbeställningar",
        "Måltider beställs per telefon och papperslistor från "
        "varje avdelning. Beställningen kan göras digitalt.",
        "Mindre matsvinn och frigjord tid för personalen.",
        ("matilda",),
        ("miljö", "tidsbesparande"),
    ),
    Theme(
        "Elektroniska körjournaler",
        "Körjournaler för verksamhetens bilar förs för hand. "
        "Elektroniska körjournaler ger underlag för bilpoolens storlek.",
        "Färre bilar, lägre kostnader och mindre miljöpåverkan.",
        (),
        ("miljö", "kostnadsbesparande"),
    ),
    Theme(
        "Läkemedelspåminnelser i hemmet",
        "Brukare med hemtjänst glömmer läkemedel mellan "
        "besöken. En digital påminnelse kan ersätta en del av besöken.",
        "Säkrare läkemedelshantering och färre korta besök.",
        ("pascal",),
        ("patientsäkerhet", "kundupplevelse"),
    ),
    Theme(
        "Samordnad vårdplanering",
        "Planering inför utskrivning från sjukhus sker i flera system med dubbeldokumentation.",
        "Kortare väntan på hemgång och mindre dubbeldokumentation.",
        ("samsa", "npo"),
        ("kvalitetshöjande", "tidsbesparande"),
    ),
)


# How a realistic funnel looks: where needs stand, and where sorted-out ones left it.
FINAL_STEPS: tuple[tuple[str, int], ...] = (
    ("insamling", 18),
    ("grovsållning", 12),
    ("beredning", 12),
    ("klart för start", 8),
    ("projekt", 28),
    ("bortsorterad", 22),
)
SORTED_OUT_AT = ((1, 30), (2, 35), (3, 30), (4, 5))
REACH = ((Scope.EN_AVDELNING, 60), (Scope.FLERA_AVDELNINGAR, 15), (Scope.FLERA_FORVALTNINGAR, 25))
PROJEKTTYP = (
    ("införande", 50),
    ("upphandling", 15),
    ("förstudie", 15),
    ("utredning", 12),
    ("genomförbarhetstest", 8),
)
STATUS = (("planerad", 25), ("pågående", 42), ("pausad", 3), ("avslutad", 30))
REENTRY_SHARE = 0.25  # of finished investigations, how many sent their need back (R12)
FIRST_DAY = date(2025, 1, 2)
LATEST_REENTRY = date(2026, 6, 1)  # every generated decision lies in the past

MOTIVERING = {
    1: (
        "Behovet är väl beskrivet och har stöd i avdelningens färdplan.",
        "Tydligt behov med uppskattad tidsvinst.",
        "Nyttan är bekräftad av verksamheten.",
    ),
    2: (
        "Lagt på den gemensamma backloggen för fördjupning.",
        "Rätt förstått; fördjupas i beredning.",
        "Samordnat med liknande behov; går vidare.",
    ),
    3: (
        "Beslutsunderlaget visar hög nytta i förhållande till kostnad.",
        "Står på den prioriterade väntelistan.",
        "Konsekvensanalysen är godtagbar.",
    ),
    4: (
        "Förutsättningarna är klara; projektkontoret startar projektet.",
        "Projektorganisationen är klar och resurser finns.",
    ),
}
BORTSORTERAD = (
    "Sorteras bort: behovet täcks av en befintlig lösning i staden.",
    "Sorteras bort: nyttan står inte i proportion till kostnaden.",
    "Sorteras bort: enskilda enheter får inte upphandla egna lösningar (mål 1).",
    "Sorteras bort: slås ihop med ett liknande behov.",
)
REENTRY = "Utredningen är klar; behovet går tillbaka till beredning med nytt underlag (R12)."


NEED_ORDER = (
    "id",
    "titel",
    "avdelning",
    "kontaktperson",
    "steg",
    "registrerad",
    "beskrivning",
    "nytta",
    "effekttyp",
    "effektomfattning",
    "frigjord_tid_timmar_per_år",
    "mål",
    "system",
    "komplexitet",
    "nyttotyp",
    "pios",
    "beroenden",
    "kostnad",
    "grovsållning",
    "beredning",
    "klart_för_start",
    "projekt",
    "beslut",
)
