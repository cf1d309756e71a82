"""JSON Schema (draft 2020-12) of every portfolio file kind, generated from the models.

Editors and check-jsonschema use these to validate single files; `avoplan check` stays
the authority (references and rules span files). The schemas accept exactly what the
models accept where JSON Schema can say it: unknown keys are refused (extra=forbid),
and a vocabulary word may be written with ASCII letters, dashes or capitals as the CLI
accepts it (`klart-for-start`).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from avoplan.core.text import fold
from avoplan.models.common import SvEnum
from avoplan.models.portfolio import FileKind

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:avoplan:schema:"


# Section names as a reader spells them; the class names are ASCII.
_SECTION_TITLES = {
    "Arsarbetsrad": "Årsarbetsrad",
    "Berorda": "Berörda",
    "Forutsattning": "Förutsättning",
    "Forvaltning": "Förvaltning",
    "Grovsallning": "Grovsållning",
    "KlartForStart": "Klart för start",
    "Mal": "Mål",
    "Motesniva": "Mötesnivå",
    "Namndkolumn": "Nämndkolumn",
    "Namndrad": "Nämndrad",
    "Utvecklingsomrade": "Utvecklingsområde",
}


# Hover texts of the keys a user meets most (a field's own description wins).
_DESCRIPTIONS = {
    "id": "Filens id; samma som filnamnet utan .yaml.",
    "titel": "En kort rubrik som säger vad behovet eller projektet gäller.",
    "namn": "Namnet som det skrivs i planen.",
    "beskrivning": "Vad det gäller, med verksamhetens egna ord.",
    "nytta": "Vilken nytta det ger, och för vem.",
    "avdelning": "Ägande avdelning (id ur organisation.yaml).",
    "avdelningar": "Avdelningar (id ur organisation.yaml).",
    "förvaltning": "Förvaltning (id ur organisation.yaml).",
    "förvaltningar": "Förvaltningar (id ur organisation.yaml).",
    "kontaktperson": "Verksamhetens kontaktperson (person-id ur organisation.yaml).",
    "steg": "Var behovet står i Behovsprocessen; ändras med 'avoplan advance'.",
    "registrerad": "Datum då behovet registrerades (ÅÅÅÅ-MM-DD).",
    "beslut": "Registrerade beslut, äldst först. Ett beslut ändras eller tas aldrig bort; "
    "ett nytt beslut ersätter det (R2).",
    "prioritet": "Prioritetsbeslut, äldst först; ändras aldrig i efterhand (R2).",
    "beslutspunkt": "Beslutspunkt 1–4 i Behovsprocessen; utelämnas vid återinträde.",
    "datum": "Datum ÅÅÅÅ-MM-DD.",
    "från": "Steget före beslutet.",
    "till": "Steget efter beslutet.",
    "beslutad_av": "Den som fattade beslutet (person-id ur organisation.yaml).",
    "roll": "Beslutsfattarens roll när beslutet fattades.",
    "forum": "Forum där beslutet togs (id ur organisation.yaml).",
    "motivering": "Varför beslutet fattades.",
    "protokoll": "Referens till protokollet.",
    "delges": "Forum eller avdelningar som beslutet delges (id).",
    "projekt": "Projekt som behovet lett till (PRJ-id).",
    "kommentar": "Fri kommentar; syns inte i planens dokument.",
    "plats": "Plats på prioritetslistan (1 är högst).",
    "epost": "E-postadressen som personen checkar in med i git.",
    "roller": "Roller, t.ex. registrator.",
}

# Every other field's hover text (issue 21: every field of every schema has one). Where a
# name means different things in different places, _IN_SECTION says it per section, and
# the prose sections of the plans are described from their own names.
_FIELD_DESCRIPTIONS = {
    # behov and projekt
    "effektomfattning": "Hur stor effekten är (R25): låg, medel, hög, hög–mycket hög eller "
    "mycket hög; väger nyttan i prioriteringen.",
    "effekttyp": "Effekttyp (R25), en eller flera: tidsbesparande, kvalitetshöjande, "
    "kundupplevelse, miljö, kostnadsbesparande, infrastruktur, patientsäkerhet, "
    "stöd för styrning och ledning.",
    "frigjord_tid_timmar_per_år": "Uppskattat antal frigjorda arbetstimmar per år; "
    "värderas i kronor med schablonen (R21).",
    "grovsållning": "Det utvecklingsteamet och TID kom fram till i grovsållningen (R5).",
    "klart_för_start": "Det som är avgjort när behovet är klart för start (R9): "
    "projekttyp, projektorganisation och förutsättningar.",
    "beredning": "Beredningens fördjupade beskrivning och konsekvensanalys (R7).",
    "komplexitet": "Enkel eller komplex (R22).",
    "nyttotyp": "Vilken sorts nytta: för vem och hur den märks (R22).",
    "kostnad": "Kostnadsskattning för 2025–2026 (R20).",
    "system": "System som berörs (id ur system/).",
    "behov": "Behov som projektet genomför (BEH-id).",
    "klass": "Projektklass (R24): strategiskt, prioriterat eller övrigt.",
    "typ": "Vilken sort det är.",
    "status": "Läget just nu.",
    "ledning": "Vem som leder projektet (R19): förvaltningen, stadsledningskontoret eller "
    "Intraservice.",
    "digitalt_utanförskap": "Projektet gäller arbetet mot digitalt utanförskap (R19).",
    "enskild_enhet_upphandlar": "En enskild enhet upphandlar en egen lösning (mål 1 "
    "förbjuder det; check varnar).",
    "start": "Planerad eller faktisk start (ÅÅÅÅ-MM-DD).",
    "slut": "Planerat eller faktiskt slut (ÅÅÅÅ-MM-DD).",
    "projektägare": "Projektägare, PÄ (person-id, R14).",
    "effektägare": "Effektägare, EÄ (person-id, R15).",
    "projektledare": "Projektledare (person-id).",
    "förvaltningsansvarig": "Den som tar emot resultatet i förvaltning (person-id).",
    "förvaltningsobjekt": "Förvaltningsobjekt enligt pm3 (id ur forvaltningsobjekt/).",
    "styrgrupp": "Styrgruppen: PÄ leder den och den har högst fem personer (R16).",
    "projektgrupp": "Projektgruppens personer (person-id).",
    "projektdirektiv": "Projektdirektivet (R17): effektmål, ramar och förutsättningar.",
    "projektplan": "Projektplanen (R17): vad, hur, vem och när.",
    "budgetansvar": "Vem som bär kostnaden för licenser och hårdvara efter projektet.",
    "licenser": "Licenskostnad och vem som bär den.",
    "hårdvara": "Hårdvarukostnad och vem som bär den.",
    "ansvarig": "Den som bär kostnaden (person-id).",
    "kr": "Belopp i kronor.",
    "post": "Vad kostnaden avser, t.ex. vikarier eller utbildning.",
    # grovsållning, beredning, klart för start
    "rätt_förstått": "Hur behovet har förståtts: utvecklingsteamets sammanfattning.",
    "tid_beroende": "Behovet beror av TID:s system eller tjänster.",
    "samordning": "Vad som behöver samordnas, och med vilka.",
    "berörda": "Avdelningar och förvaltningar som berörs (R6).",
    "liknande_behov": "Liknande behov som prövats mot detta (R5), lokala eller globala id.",
    "fördjupning": "Den fördjupade beskrivningen (R7).",
    "förvaltningsperspektiv": "Hur lösningen ska förvaltas efter införandet.",
    "konsekvensanalys": "Konsekvensanalysen i beslutsunderlaget (R8).",
    "mantimmar": "Nedlagda timmar i beredningen (rimlig ambition: omkring 40).",
    "medverkande": "Personer som medverkat (person-id).",
    "projekttyp": "Utredning, förstudie, genomförbarhetstest eller genomförandeprojekt (R12).",
    "projektorganisation": "Föreslagen projektorganisation.",
    "förutsättningar": "Förutsättningar som ska vara uppfyllda.",
    "klar": "Förutsättningen är uppfylld.",
    "underlag": "Underlag som beslutet fattades på.",
    "avser": "Vilken lista beslutet gäller: väntelistan eller startordningen.",
    # effektmål and measurements
    "effektmål": "Effektmål som ska hemtas och mätas (R15).",
    "ramar": "Projektets ramar: tid, kostnad och omfattning (R17).",
    "vad": "Vad projektet ska göra (R17).",
    "hur": "Hur arbetet ska göras (R17).",
    "vem": "Vem som gör vad (R17).",
    "när": "När det ska göras: tidplan och milstolpar (R17).",
    "indikator": "Vad som mäts.",
    "utgångsläge": "Värdet före införandet, och när och hur det mättes.",
    "målvärde": "Värdet som ska nås, och när.",
    "mätningar": "Genomförda mätningar, äldst först.",
    "mäts_av": "Den som mäter (person-id).",
    "värde": "Uppmätt eller eftersträvat värde.",
    "källa": "Var uppgiften kommer ifrån.",
    "händelse": "Händelse i omvärlden som initiativet måste tajmas mot (R22).",
    "person": "Person (person-id ur organisation.yaml).",
    # organisation
    "egen_förvaltning": "Den egna förvaltningens id i förvaltningar; plan.yaml och "
    "federation.yaml ska ange samma förvaltning.",
    "kortnamn": "Kort namn eller kod, t.ex. FS.",
    "nämnd": "Nämnden.",
    "förvaltningsdirektör": "Förvaltningsdirektören (person-id).",
    "avdelningschef": "Avdelningschefen (person-id); beslutar vid beslutspunkt 1 (R4).",
    "tid": "Tjänsteförvaltning Integrerad Digitalisering (TID).",
    "förkortning": "Förkortning som den skrivs i planen.",
    "organiserad_hos": "Förvaltningen som TID är organiserad hos (id).",
    "enhet": "Enheten personen hör till.",
    "personer": "Personerna: id, namn, e-post, förvaltning, avdelning och titel.",
    "ordförande": "Forumets ordförande (person-id).",
    "ledamöter": "Forumets ledamöter (person-id).",
    "mötesfrekvens": "Hur ofta forumet möts, t.ex. en gång i månaden.",
    "mötestid_timmar": "Mötets längd i timmar.",
    # delegationsordning
    "beslutspunkter": "Vem som beslutar vid beslutspunkt 1–4, efter hur många som berörs.",
    "återinträde": "Vem som beslutar när ett behov går tillbaka till ett tidigare steg.",
    "en_avdelning": "Mandatet när en avdelning berörs.",
    "flera_avdelningar": "Mandatet när flera avdelningar berörs.",
    "flera_förvaltningar": "Mandatet när flera förvaltningar berörs.",
    "beslutar": "Roller som beslutar, t.ex. avdelningschef.",
    "organ": "Forumet beslutar som organ: mötet, protokollet och minst två deltagare anges.",
    "samtycke": "Varje berörd förvaltnings utvecklingsteam ska stå bakom beslutet (BP2).",
    "väntelista": "Vem som placerar på den gemensamma väntelistan (R8).",
    "startordning": "Vem som bestämmer i vilken ordning projekt startar (R10).",
    # plan
    "giltighet": "Planens period och året för inledande planering (R30).",
    "antagen": "Antagandet: datum, förvaltningsdirektören och digitaliseringsrådet (R30). "
    "Utan antagande är planen ett utkast.",
    "revidering": "Hur planen följs upp och revideras.",
    "syfte": "Planens syfte.",
    "vem_omfattas": "Vilka planen gäller för.",
    "styrande_dokument": "Stadens styrande dokument som planen följer.",
    "prioriterade_mål": "De prioriterade målen (R23).",
    "prioriteringsprinciper": "Principerna för prioritering (R21).",
    "nummer": "Målets nummer.",
    "av": "Den som antog planen (person-id): förvaltningsdirektören.",
    "rubrik": "Underrubrik i texten.",
    "vänster": "Vänstra kolumnens punkter.",
    "höger": "Högra kolumnens punkter.",
    "rubrik_vänster": "Rubrik över vänstra kolumnen.",
    "rubrik_höger": "Rubrik över högra kolumnen.",
    # utvecklingsområden and register
    "område": "Utvecklingsområdet.",
    "ansvar": "Vem som ansvarar (R29).",
    "tidplan": "När det ska göras (R29).",
    "bedömning": "Bedömning av läget.",
    "uppföljning": "Hur det följs upp (R29).",
    "utvecklingsområden": "Utvecklingsområdena (R29).",
    "leverantör": "Systemets leverantör (R28).",
    "avtalsansvar": "Vem som har avtalet (R28: TID).",
    "leverantörsmöten": "Möten med leverantören på varje nivå (R28).",
    "drift": "Drift.",
    "tjänsteförvaltning": "Förvaltas inom TID:s tjänsteförvaltning (R28).",
    # federation and prioritering
    "hem": "Den egna portföljens kod bland medlemmarna; samma förvaltning som "
    "egen_förvaltning i organisation.yaml.",
    "medlemmar": "Medlemsportföljerna i federationen.",
    "högst_antal_effekttyper": "Högst så många effekttyper ger tillägg.",
    # förvaltningsobjekt (pm3, R26)
    "förvaltningsmodell": "Förvaltningsmodell, t.ex. pm3.",
    "dokumentägare": "Förvaltningsplanens ägare.",
    "år": "Året uppgifterna gäller.",
    "budget": "Budgeten per huvudaktivitet (R26).",
    "per_nämnd": "Kostnaden fördelad per nämnd, i kkr.",
    "per_nämnd_summa": "Summaraden per nämnd som källan skriver den.",
    "årsarbeten": "Årsarbeten per huvudaktivitet.",
    "avvikelser": "Avvikelser som källan själv innehåller; redovisas som varningar.",
    "huvudaktivitet": "Huvudaktivitet i pm3.",
    "delaktivitet": "Delaktivitet.",
    "verksamhetsnära": "Verksamhetsnära del (vidmakthållande och vidareutveckling).",
    "it_nära": "IT-nära del (vidmakthållande och vidareutveckling).",
    "ökning_verksamhetsnära": "Ökning av den verksamhetsnära delen.",
    "ökning_it_nära": "Ökning av den IT-nära delen.",
    "vm": "Vidmakthållande (VM).",
    "vu": "Vidareutveckling (VU).",
    "nämndkolumn": "Kolumnen i tabellen per nämnd som raden hör till.",
    "kolumn": "Kolumnen avvikelsen gäller.",
    "projektklass": "Projektklass (R24).",
    "användarstöd": "Användarstöd, kkr.",
    "förvaltningsledning": "Förvaltningsledning, kkr.",
    "utveckling": "Utveckling, kkr.",
    "summa": "Radsumman som källan skriver den, kkr.",
    "konsult_kr": "Konsultkostnad i kronor.",
    "leverantör_kr": "Leverantörskostnad i kronor.",
    "projektledare_timmar": "Projektledarens timmar.",
    "projektgrupp_timmar": "Projektgruppens timmar.",
    "styrgrupp_timmar": "Styrgruppens timmar.",
    "övrigt": "Övriga kostnader.",
    "text": "Text i planen: stycken, punktlistor och underrubriker.",
}

_IN_SECTION = {
    ("system", "drift"): "Var och hur systemet driftas (R28).",
    ("system", "tjänsteförvaltning"): "Systemet förvaltas inom TID:s tjänsteförvaltning (R28).",
    ("prioritering", "status"): "Modellens status, t.ex. preliminär.",
    ("projekt", "status"): "Projektets status: planerad, pågående, avslutad och så vidare.",
    ("projekt", "typ"): "Projekttyp (R12): utredning, förstudie, genomförbarhetstest eller "
    "genomförandeprojekt.",
    ("Forum", "typ"): "Forumets typ ur källorna; varje typ finns en gång i organisationen.",
    ("schablon", "år"): "Året schablonen gäller.",
    ("Kostnadsskattning", "år"): "Året vars schablon prissätter skattningen.",
    ("delegationsordning", "prioritering"): "Vem som placerar på väntelistan och "
    "bestämmer startordningen (R8, R10).",
    ("Stegtext", "text"): "Planens text om vad steget är.",
    ("Stegtext", "beslutspunkt"): "Planens text om vad beslutspunkten innebär; vem som "
    "beslutar står i delegationsordning.yaml.",
    ("forvaltningsobjekt", "text"): "Förvaltningsplanens text, avsnitt för avsnitt.",
    ("plan", "text"): "Planens text, avsnitt för avsnitt.",
}
_PROSE = {"Plantext": "Planens", "Forvaltningsplantext": "Förvaltningsplanens"}


def _describe(section: str, node: dict[str, Any]) -> None:
    """Hover texts that depend on where a field is (see _IN_SECTION)."""
    for name, prop in node.get("properties", {}).items():
        if not isinstance(prop, dict) or prop.get("description"):
            continue
        if (section, name) in _IN_SECTION:
            prop["description"] = _IN_SECTION[section, name]
        elif section in _PROSE:
            prop["description"] = (
                f"{_PROSE[section]} text i avsnittet "
                f"'{name.replace('_', ' ')}': stycken, punktlistor och "
                "underrubriker."
            )
        elif section == "Behovsprocesstext":
            prop["description"] = (
                f"Planens text om steget {name.replace('_', ' ')} i Behovsprocessen."
            )


# Swedish messages for the YAML language server (`patternErrorMessage`, its own keyword).
_PATTERN_MESSAGES = {
    r"^BEH-\d{3,}$": "Ett behovs id skrivs BEH och minst tre siffror, t.ex. BEH-042.",
    r"^PRJ-\d{3,}$": "Ett projekts id skrivs PRJ och minst tre siffror, t.ex. PRJ-012.",
    r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$": "Ett id skrivs med små bokstäver a–z, siffror och "
    "bindestreck, t.ex. hemtjanst eller karin-holm.",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "En e-postadress, t.ex. namn@avo.exempel.se.",
}


def json_schema(kind: FileKind) -> dict[str, Any]:
    """The schema of one kind, with $schema, $id and Swedish title and description."""
    body = kind.model.model_json_schema(schema_generator=_Generator)
    _describe(kind.name, body)
    for name, section in body.get("$defs", {}).items():
        _describe(name, section)
        # Class docstrings are English notes for developers, not for users.
        section.pop("description", None)
        section["title"] = _SECTION_TITLES.get(section.get("title", ""), section.get("title"))
    body.pop("description", None)
    body.pop("title", None)
    _swedish(body)
    head = {
        "$schema": DIALECT,
        "$id": f"{ID_PREFIX}{kind.name}",
        "title": kind.title,
        "description": kind.description,
    }
    return head | body


def _swedish(node: Any) -> None:
    """Titles from the key as a reader writes it ("Beslutad av", not pydantic's "Beslutad
    Av"), Swedish hover texts and pattern messages, and no example that would suggest a
    system id where a person or avdelning is meant."""
    if isinstance(node, list):
        for item in node:
            _swedish(item)
        return
    if not isinstance(node, dict):
        return
    for name, prop in node.get("properties", {}).items():
        if isinstance(prop, dict):
            prop["title"] = name.replace("_", " ").capitalize()
            if name in _DESCRIPTIONS:
                prop.setdefault("description", _DESCRIPTIONS[name])
            elif name in _FIELD_DESCRIPTIONS:
                prop.setdefault("description", _FIELD_DESCRIPTIONS[name])
    pattern = node.get("pattern")
    if isinstance(pattern, str) and pattern in _PATTERN_MESSAGES:
        node["patternErrorMessage"] = _PATTERN_MESSAGES[pattern]
    if node.get("examples") == ["treserva"]:
        node.pop("examples")
    for value in node.values():
        _swedish(value)


class _Generator(GenerateJsonSchema):
    def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
        # An empty list is every model's default_factory=list (pydantic deep-copies a
        # default [] for each instance it builds, 128 000 times in a cold check of
        # 10 000 files): the schema still says what a reader may leave out.
        if schema.get("default_factory") is list:
            return []
        return super().get_default_value(schema)

    def enum_schema(self, schema: core_schema.EnumSchema) -> JsonSchemaValue:
        value = super().enum_schema(schema)
        cls = schema["cls"]
        if not (isinstance(cls, type) and issubclass(cls, SvEnum)):
            return value
        words = [str(member.value) for member in cls]
        # Editors suggest the canonical words; the pattern admits the other spellings
        # SvEnum._missing_ accepts (any case, ASCII letters, dashes, no spaces).
        value.pop("enum", None)
        message = "Tillåtna värden: " + ", ".join(words) + "."
        # errorMessage: the YAML language server's own keyword for a Swedish message.
        value["anyOf"] = [
            {"enum": words, "errorMessage": message},
            {"pattern": folded_pattern(words), "patternErrorMessage": message},
        ]
        value["errorMessage"] = message
        return value


def folded_pattern(words: list[str]) -> str:
    """A regex matching every spelling that `fold` turns into one of `words`' folds."""
    return "^(?:" + "|".join(_folded_word(fold(w)) for w in words) + ")$"


_SEPARATOR = "[^0-9A-Za-zÅÄÖÉÜåäöéü]*"
_VARIANTS = {"a": "aAåÅäÄ", "o": "oOöÖ", "e": "eEéÉ", "u": "uUüÜ"}


def _folded_word(key: str) -> str:
    parts = [_SEPARATOR]
    for char in key:
        variants = _VARIANTS.get(char, char + char.upper() if char.isalpha() else char)
        parts.append(f"[{re.escape(variants)}]" if len(variants) > 1 else re.escape(variants))
        parts.append(_SEPARATOR)
    return "".join(parts)
