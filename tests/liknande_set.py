"""A labelled set of needs for `avoplan liknande` (R5): pairs that are the same need
phrased differently (by two förvaltningar, say), and pairs that only share words.
Recall and precision at the STRONG threshold are stated in README.md."""

from __future__ import annotations

# (titel, beskrivning, nytta, system, mål)
Need = tuple[str, str, str, list[str], list[int]]

SAME: list[tuple[Need, Need]] = [
    (
        (
            "Digital nattillsyn i hemtjänsten",
            "Nattliga tillsynsbesök görs fysiskt även när brukaren "
            "sover; kamera kan ersätta besöket.",
            "Färre störande nattbesök och frigjord personaltid.",
            ["treserva"],
            [3],
        ),
        (
            "Kameratillsyn nattetid för brukare med hemtjänst",
            "Tillsyn på natten via kamera i stället för fysiska besök hos brukare som samtycker.",
            "Brukaren störs mindre nattetid; personalen får tid till andra insatser.",
            ["treserva"],
            [3, 1],
        ),
    ),
    (
        (
            "E-signering av journalanteckningar",
            "Journalanteckningar signeras i dag på papper och skannas in.",
            "Snabbare signering och säkrare dokumentation.",
            ["treserva"],
            [2],
        ),
        (
            "Elektronisk signering av journaler",
            "Signering av journalen sker på papper; vi vill signera anteckningarna digitalt.",
            "Dokumentationen blir säkrare och signeringen går snabbare.",
            ["treserva"],
            [2],
        ),
    ),
    (
        (
            "Läkemedelsrobot i ordinärt boende",
            "Brukare i ordinärt boende behöver påminnelser och hjälp att ta läkemedel.",
            "Färre läkemedelsbesök av hemtjänsten och säkrare läkemedelsintag.",
            [],
            [1],
        ),
        (
            "Automatisk läkemedelsdispenser för hemmaboende",
            "En dispenser påminner brukaren och lämnar ut läkemedel vid rätt tid i hemmet.",
            "Säkrare läkemedelshantering och färre besök för att ge läkemedel.",
            [],
            [1],
        ),
    ),
    (
        (
            "Schemaläggning med digitalt bemanningsverktyg",
            "Scheman läggs i Excel och bemanningen planeras manuellt per enhet.",
            "Mindre tid till schemaläggning och bättre bemanning.",
            ["time-care"],
            [4],
        ),
        (
            "Bemanningsplanering i ett schemasystem",
            "Enheterna planerar bemanning och scheman manuellt i kalkylark.",
            "Bemanningen planeras snabbare och scheman blir bättre.",
            ["time-care"],
            [4],
        ),
    ),
    (
        (
            "Videomöten mellan biståndshandläggare och brukare",
            "Uppföljningsmöten kräver resor; handläggaren kan träffa brukaren via video.",
            "Kortare restid för biståndshandläggare.",
            ["teams"],
            [1],
        ),
        (
            "Digitala uppföljningsmöten i myndighetsutövningen",
            "Biståndshandläggarnas uppföljning av beslut kan göras som videomöte med brukaren.",
            "Handläggarna sparar restid.",
            ["teams"],
            [1],
        ),
    ),
    (
        (
            "Digitala inköp i hemtjänsten",
            "Personal handlar mat åt brukare och hanterar kontanter och kvitton.",
            "Inga kontanter hos personalen och mindre tid i butik.",
            [],
            [3],
        ),
        (
            "Matinköp via e-handel för brukare",
            "Hemtjänstens personal gör brukarnas inköp i butik med kontanter.",
            "Hantering av kontanter upphör och tiden i butiken minskar.",
            [],
            [3],
        ),
    ),
    (
        (
            "Sensorer för fallupptäckt på särskilt boende",
            "Fall upptäcks sent nattetid på särskilda boenden.",
            "Snabbare hjälp vid fall och tryggare boende.",
            ["careium"],
            [2],
        ),
        (
            "Fallsensorer på äldreboenden",
            "Nattpersonalen upptäcker fall sent; sensorer larmar när en boende faller.",
            "Boende får hjälp snabbare efter fall.",
            ["careium"],
            [2],
        ),
    ),
    (
        (
            "Digital nyckelhantering i hemtjänsten",
            "Fysiska nycklar till brukarnas bostäder hämtas och lämnas på kontoret.",
            "Ingen tid går till att hämta nycklar och risken att tappa nycklar försvinner.",
            ["phoniro"],
            [3],
        ),
        (
            "Digitala lås hos hemtjänstens brukare",
            "Personalen hämtar nycklar på kontoret; med digitala lås öppnas dörren med mobilen.",
            "Tid som går till nyckelhämtning frigörs.",
            ["phoniro"],
            [3],
        ),
    ),
]

SHARED_WORDS: list[tuple[Need, Need]] = [
    (
        (
            "Digital nattillsyn i hemtjänsten",
            "Nattliga tillsynsbesök görs fysiskt även när brukaren "
            "sover; kamera kan ersätta besöket.",
            "Färre störande nattbesök och frigjord personaltid.",
            ["treserva"],
            [3],
        ),
        (
            "Digital nyckelhantering i hemtjänsten",
            "Fysiska nycklar till brukarnas bostäder hämtas och lämnas på kontoret.",
            "Ingen tid går till att hämta nycklar.",
            ["phoniro"],
            [3],
        ),
    ),
    (
        (
            "E-signering av journalanteckningar",
            "Journalanteckningar signeras i dag på papper och skannas in.",
            "Snabbare signering och säkrare dokumentation.",
            ["treserva"],
            [2],
        ),
        (
            "Journalföring i socialtjänstens myndighetsutövning",
            "Handläggarna vill ha mallar för utredning och beslut i verksamhetssystemet.",
            "Enhetlig dokumentation av utredningar.",
            ["treserva"],
            [2],
        ),
    ),
    (
        (
            "Läkemedelsrobot i ordinärt boende",
            "Brukare i ordinärt boende behöver påminnelser och hjälp att ta läkemedel.",
            "Färre läkemedelsbesök av hemtjänsten.",
            [],
            [1],
        ),
        (
            "Wifi i särskilt boende",
            "De boende saknar trådlöst nätverk i sina lägenheter på särskilt boende.",
            "Boende kan ringa videosamtal till anhöriga.",
            [],
            [1],
        ),
    ),
    (
        (
            "Schemaläggning med digitalt bemanningsverktyg",
            "Scheman läggs i Excel och bemanningen planeras manuellt per enhet.",
            "Mindre tid till schemaläggning.",
            ["time-care"],
            [4],
        ),
        (
            "Digitalt verktyg för avvikelserapportering",
            "Avvikelser rapporteras på blankett och sammanställs manuellt per enhet.",
            "Snabbare hantering av avvikelser.",
            [],
            [4],
        ),
    ),
    (
        (
            "Videomöten mellan biståndshandläggare och brukare",
            "Uppföljningsmöten kräver resor; handläggaren kan träffa brukaren via video.",
            "Kortare restid för biståndshandläggare.",
            ["teams"],
            [1],
        ),
        (
            "Videotolkning vid hembesök",
            "Tolkar bokas till hembesök och kommer på plats.",
            "Tolk finns snabbare tillgänglig.",
            ["teams"],
            [1],
        ),
    ),
    (
        (
            "Digitala inköp i hemtjänsten",
            "Personal handlar mat åt brukare och hanterar kontanter och kvitton.",
            "Inga kontanter hos personalen.",
            [],
            [3],
        ),
        (
            "Digital fakturering av hemtjänstavgifter",
            "Avgifterna för hemtjänst faktureras på papper.",
            "Brukaren får e-faktura.",
            ["treserva"],
            [3],
        ),
    ),
    (
        (
            "Sensorer för fallupptäckt på särskilt boende",
            "Fall upptäcks sent nattetid på särskilda boenden.",
            "Snabbare hjälp vid fall.",
            ["careium"],
            [2],
        ),
        (
            "Sensorer som mäter inomhusklimat i lokaler",
            "Temperatur och luftkvalitet i förvaltningens lokaler mäts manuellt.",
            "Bättre arbetsmiljö.",
            [],
            [2],
        ),
    ),
    (
        (
            "Digital nyckelhantering i hemtjänsten",
            "Fysiska nycklar till brukarnas bostäder hämtas och lämnas på kontoret.",
            "Ingen tid går till att hämta nycklar.",
            ["phoniro"],
            [3],
        ),
        (
            "Digital kompetensportal för personal i hemtjänsten",
            "Utbildningar för personalen bokas på papper och följs inte upp.",
            "Personalens kompetens följs upp.",
            [],
            [3],
        ),
    ),
]
