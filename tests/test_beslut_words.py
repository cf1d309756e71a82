"""The judge's words (R2, R4, R6, R8, R10, R11, R12), as a user reads them: each reason of
a refused decision, exactly. tests/test_judge.py holds advance and check to the same words;
this pins what those words are, so a changed message, rule or severity is noticed."""

from __future__ import annotations

from pathlib import Path

import pytest

from avoplan.behovsprocess.nytt_beslut import reason_text
from tests.test_judge import AT_STY, CASES, LOCAL, Case, _prepare, _pure, _styr_meeting

# R38: the rådet decides these, and the need does not state its koppling.
R38_UNSTATED = (
    "varning|R38 kopplingar: beslutet tas i Digitaliseringsrådet, men behovet anger inte sin "
    "koppling till Digitala hjälpmedel i samverkan och Millenium, som ska finnas i rådet "
    "(ange kopplingar: [{till: Millenium, beskrivning: ...}], eller kopplingar: [] om "
    "behovet inte berör dem)"
)
WORDS: dict[str, list[str]] = {
    "bp1 in a forum the delegationsordning does not name": [
        "fel|R4 forum: beslutet ska tas i ÄVO:s lokala utvecklingsteam eller Operativa "
        "styr- och samordningsgruppen",
    ],
    "bp1 by another avdelning's chef": [
        "fel|R4 beslutad_av: Johan Ek saknar mandat för detta beslut (berör en "
        "avdelning); enligt delegationsordningen beslutar avdelningschef i ÄVO:s lokala "
        "utvecklingsteam eller Operativa styr- och samordningsgruppen (beslutet kan "
        "fattas av Karin Holm (avdelningschef för Hemtjänst))",
    ],
    "bp1 dated before the organisation data is only a warning": [
        "varning|R4 beslutad_av: Johan Ek saknar mandat för detta beslut (berör en "
        "avdelning); enligt delegationsordningen beslutar avdelningschef i ÄVO:s lokala "
        "utvecklingsteam eller Operativa styr- och samordningsgruppen (beslutet kan "
        "fattas av Karin Holm (avdelningschef för Hemtjänst))",
    ],
    "bp2 by someone outside the team": [
        "fel|R6 beslutad_av: Karin Holm saknar mandat för detta beslut (berör en "
        "avdelning); enligt delegationsordningen beslutar ledamot eller ordförande i "
        "ÄVO:s lokala utvecklingsteam (beslutet kan fattas av Fatima Olsson (ordförande i"
        " ÄVO:s lokala utvecklingsteam), David Lind (ledamot i ÄVO:s lokala "
        "utvecklingsteam), Hanna Berg (ledamot i ÄVO:s lokala utvecklingsteam))",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp2 by the need's own kontaktperson alone (jäv)": [
        "fel|R6 beslutad_av: David Lind är behovets kontaktperson och kan inte ensam "
        "besluta om det (jäv) (låt en annan med mandatet besluta)",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp2 by the need's sole proposer alone (jäv)": [
        "fel|R6 beslutad_av: David Lind har ensam föreslagit behovet och kan inte ensam "
        "besluta om det (jäv) (låt en annan med mandatet besluta)",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp2 by a team member from a förvaltning the need does not affect": [
        "fel|R6 beslutad_av: Maja Ek hör till Funktionsstöd, som inte berörs av behovet",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp2 dated before the decision before it": [
        "fel|R2 datum: beslutet är daterat före föregående beslut (2025-04-02 är före 2025-04-14)",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp2 across förvaltningar recorded by one member alone": [
        "fel|R11 protokoll: ID-gemensamma utvecklingsteamet beslutar som organ; "
        "protokollreferensen saknas (ange protokollet och paragrafen, t.ex. 'STY-2025-05 "
        "§ 4')",
        "fel|R11 deltagare: ID-gemensamma utvecklingsteamet beslutar som organ; minst två"
        " av dess ledamöter ska stå som deltagare (preliminär beslutförhet i "
        "delegationsordningen)",
        "fel|R11 bakom: utvecklingsteamet i ÄVO och Funktionsstöd har inte ställt sig "
        "bakom beslutet (beslutet tas av utvecklingsteamet inom respektive berörd "
        "förvaltning)",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp2 without funktionsstöd's utvecklingsteam behind it": [
        "fel|R11 bakom: utvecklingsteamet i Funktionsstöd har inte ställt sig bakom "
        "beslutet (beslutet tas av utvecklingsteamet inom respektive berörd förvaltning)",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp2 with funktionsstöd behind it but nobody from it present": [
        "fel|R11 deltagare: ingen från Funktionsstöd deltog i beslutet",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp2 with someone outside the forum among the deltagare": [
        "fel|R11 deltagare: karin-holm ingår inte i ID-gemensamma utvecklingsteamet",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp2 across förvaltningar by a member of the local team only": [
        "fel|R11 beslutad_av: David Lind saknar mandat för detta beslut (berör flera "
        "förvaltningar eller är beroende av TID); enligt delegationsordningen beslutar "
        "ordförande, ledamot eller registrator i ID-gemensamma utvecklingsteamet "
        "(beslutet kan fattas av Fatima Olsson (ledamot i ID-gemensamma "
        "utvecklingsteamet), Emma Karlsson (registrator), Erik Sjöberg (ordförande i "
        "ID-gemensamma utvecklingsteamet), Lina Ahmed (ledamot i ID-gemensamma "
        "utvecklingsteamet), Maja Ek (ledamot i ID-gemensamma utvecklingsteamet), Tobias "
        "Lund (ledamot i ID-gemensamma utvecklingsteamet), Jesper Ali (ledamot i "
        "ID-gemensamma utvecklingsteamet), Nora Lind (ledamot i ID-gemensamma "
        "utvecklingsteamet), Viktor Sand (ledamot i ID-gemensamma utvecklingsteamet))",
        "varning|R34 grovsållning.befintliga_lösningar: grovsållningen anger inte vilka "
        "befintliga lösningar inom staden som övervägts för återanvändning",
    ],
    "bp3 by another avdelning's chef": [
        "fel|R8 beslutad_av: Karin Holm saknar mandat för detta beslut (berör en "
        "avdelning); enligt delegationsordningen beslutar avdelningschef i "
        "Digitaliseringsrådet (beslutet kan fattas av Lars Nyberg (avdelningschef för "
        "Myndighet))",
        R38_UNSTATED,
    ],
    "bp3 in the wrong forum": [
        "fel|R8 forum: beslutet ska tas i Digitaliseringsrådet",
        R38_UNSTATED,
    ],
    "bp3 across förvaltningar by one förvaltningsdirektör alone": [
        "fel|R11 protokoll: Styr- och samordningsgruppen beslutar som organ; "
        "protokollreferensen saknas (ange protokollet och paragrafen, t.ex. 'STY-2025-05 "
        "§ 4')",
        "fel|R11 deltagare: Styr- och samordningsgruppen beslutar som organ; minst två av"
        " dess ledamöter ska stå som deltagare (preliminär beslutförhet i "
        "delegationsordningen)",
    ],
    "bp4 by an avdelningschef": [
        "fel|R10 beslutad_av: Karin Holm saknar mandat för detta beslut (berör en "
        "avdelning); enligt delegationsordningen beslutar ledamot eller ordförande i "
        "Projektkontoret (beslutet kan fattas av Oskar Dahl (ordförande i "
        "Projektkontoret), Fatima Olsson (ledamot i Projektkontoret), Jonas Berg (ledamot"
        " i Projektkontoret))",
    ],
    "re-entry by someone else": [
        "fel|R12 beslutad_av: Karin Holm saknar mandat för detta beslut (berör flera "
        "förvaltningar eller är beroende av TID); enligt delegationsordningen beslutar "
        "projektägare (beslutet kan fattas av Peter Wall (projektägare för PRJ-022))",
    ],
    "re-entry while the utredning still runs": [
        "fel|R12 bara en avslutad utredning, förstudie eller ett genomförbarhetstest kan "
        "föra behovet tillbaka till beredning",
    ],
    # R31: a decision against the meeting it names
    "r31 bp3 at the meeting by a member who was absent": [
        "fel|R31 beslutad_av: Robert Falk var inte närvarande på mötet styr-2025-11-20",
    ],
    "r31 bp3 naming an absent member among the deltagare": [
        "fel|R31 deltagare: Robert Falk var inte närvarande på mötet styr-2025-11-20",
    ],
    "r31 bp3 dated another day than the meeting": [
        "fel|R31 datum: mötet styr-2025-11-20 hölls 2025-11-20; beslutet är daterat 2025-11-21",
    ],
    "r31 bp3 in another forum than the meeting's": [
        "fel|R11 forum: beslutet ska tas i Styr- och samordningsgruppen",
        "fel|R31 forum: mötet styr-2025-11-20 hölls i Styr- och samordningsgruppen, inte i "
        "digitaliseringsradet",
    ],
    "r31 bp3 at a paragraph not on the dagordning": [
        "fel|R31 paragraf: § 5 finns inte på dagordningen för mötet styr-2025-11-20 "
        "(nominera ärendet och lägg till paragrafen före mötet)",
    ],
    "r31 bp3 at an information paragraph": [
        "fel|R31 paragraf: § 1 på mötet styr-2025-11-20 är en informationspunkt, inget "
        "beslutsärende",
    ],
    "r31 bp3 at a meeting without quorum": [
        "fel|R31 möte: mötet styr-2025-11-20 var inte beslutfört: 1 av Styr- och "
        "samordningsgruppens ledamöter närvarande, delegationsordningen kräver minst 2 "
        "(preliminär beslutförhet i delegationsordningen)",
    ],
    "r31 bp3 at a meeting whose attendance is not recorded": [
        "fel|R31 möte: närvaron på mötet styr-2025-11-20 är inte registrerad",
    ],
    "r31 bp3 added after the protokoll was justerat without it": [
        "fel|R31 möte: protokollet för mötet styr-2025-11-20 justerades 2025-11-22 utan utfall "
        "för § 2; ett justerat protokoll ändras inte",
    ],
    "a decision dated in the future": [
        "fel|R2 datum: beslutet är daterat i framtiden (2099-01-01); ett beslut "
        "registreras när det är fattat",
    ],
    "a sorted-out need cannot move": [
        "fel|R2 till: behovet är bortsorterat och kan inte flyttas (registrera ett nytt "
        "behov med avoplan new om idén väcks igen)",
    ],
}


@pytest.mark.parametrize("name", sorted(WORDS))
def test_r2_the_judge_refuses_in_these_words(name: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == name)
    portfolio = _prepare(case, tmp_path / "portfolio")
    found = [f"{r.severity.value}|{reason_text(r)}" for r in _pure(case, portfolio)]
    assert found == WORDS[name]


# R31 cases the judge's words are pinned for, beyond tests/test_judge.py's table (whose
# cases advance and check must also agree on): a paragraph without its meeting and a
# meeting without its paragraph cannot be given on the command line as such.
DR_MEETING = """id: dr-2025-11-01
forum: digitaliseringsradet
datum: 2025-11-01
ordförande: peter-wall
registrator: lars-nyberg
kallade: [peter-wall, lars-nyberg, eva-lindqvist]
närvarande: [peter-wall]
dagordning:
  - nummer: 1
    rubrik: BEH-002 klart för start
    typ: beslut
    avser: BEH-002
"""

MEETING_CASES = [
    Case(
        "r31 a paragraph without its meeting",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        **{
            **AT_STY,
            "möte": None,
            "protokoll": "STY-2025-11 § 2",
            "deltagare": ("camilla-ros", "eva-lindqvist"),
        },
    ),
    Case(
        "r31 a meeting without the paragraph",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=_styr_meeting(),
        **{**AT_STY, "paragraf": None},
    ),
    Case(
        "r31 a meeting not in möten/",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        **{**AT_STY, "möte": "styr-2099-01-01"},
    ),
    Case(
        "r31 a paragraph about another need",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=tuple(
            (path, text.replace("avser: BEH-017", "avser: BEH-999"))
            for path, text in _styr_meeting()
        ),
        **AT_STY,
    ),
    Case(
        "r31 an organ's registrator records the decision without attending",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        (),
        files=_styr_meeting("[camilla-ros, eva-lindqvist, gustav-ahl]"),
        **AT_STY,
    ),
    Case(
        "r31 two ledamöter present make the meeting beslutfört",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        (),
        files=_styr_meeting("[camilla-ros, eva-lindqvist, emma-karlsson]"),
        **{**AT_STY, "deltagare": ("camilla-ros", "eva-lindqvist")},
    ),
    Case(
        "r31 an absent deltagare unknown to the organisation is named by id",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=_styr_meeting(),
        deltagare=("eva-lindqvist", "gustav-ahl", "nils-okand"),
        **AT_STY,
    ),
    Case(
        "r31 a person deciding alone is present whatever the meeting's registrator",
        "BEH-002",
        "klart för start",
        "lars-nyberg",
        ("R31",),
        keep=2,
        edit=LOCAL,
        files=(("möten/dr-2025-11-01.yaml", DR_MEETING),),
        möte="dr-2025-11-01",
        paragraf=1,
    ),
]

MEETING_WORDS: dict[str, list[str]] = {
    "r31 a paragraph without its meeting": ["fel|R31 möte: paragraf utan möte; ange mötet"],
    "r31 a meeting without the paragraph": [
        "fel|R11 protokoll: Styr- och samordningsgruppen beslutar som organ; "
        "protokollreferensen 'styr-2025-11-20' saknar paragraf (§) (ange paragrafen, t.ex. "
        "'styr-2025-11-20 § 4')",
        "fel|R31 paragraf: paragraf saknas; beslutet ska peka på en paragraf på mötets "
        "dagordning (styr-2025-11-20)",
    ],
    "r31 a meeting not in möten/": [
        "fel|R31 möte: mötet 'styr-2099-01-01' finns inte i möten/ (skapa det med "
        "'avoplan möte ny')"
    ],
    "r31 a paragraph about another need": [
        "fel|R31 paragraf: § 2 på mötet styr-2025-11-20 avser BEH-999, inte BEH-017"
    ],
    # an organ's registrator records what the meeting decided, present or not
    "r31 an organ's registrator records the decision without attending": [],
    # the minimum of the delegationsordning (two), the registrator not counted
    "r31 two ledamöter present make the meeting beslutfört": [],
    "r31 an absent deltagare unknown to the organisation is named by id": [
        "fel|R31 deltagare: nils-okand var inte närvarande på mötet styr-2025-11-20"
    ],
    # a person deciding alone must attend, even as the meeting's registrator; and a person
    # is no organ, so the meeting's quorum (one of ten present) is not asked
    "r31 a person deciding alone is present whatever the meeting's registrator": [
        "fel|R31 beslutad_av: Lars Nyberg var inte närvarande på mötet dr-2025-11-01",
        R38_UNSTATED,
    ],
}


@pytest.mark.parametrize("case", MEETING_CASES, ids=lambda c: c.name)
def test_r31_the_judge_weighs_a_decision_against_its_meeting_in_these_words(
    case: Case, tmp_path: Path
) -> None:
    portfolio = _prepare(case, tmp_path / "portfolio")
    found = [f"{r.severity.value}|{reason_text(r)}" for r in _pure(case, portfolio)]
    assert found == MEETING_WORDS[case.name]
