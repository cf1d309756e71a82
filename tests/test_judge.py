"""One judge of a decision (R1–R12): `advance` and `check` give the same verdict, in the
same words, on the same decision.

Each case puts a need of the embedded portfolio in a state (by keeping the first decisions
of its history and editing its content), then asks for one more decision. It is judged
three ways, which must agree:
- in-process, by `behovsprocess.beslut.judge` (a pure function; the table's expectation),
- by `avoplan advance` (refusal with reasons, or success with warnings),
- by `avoplan check` on a copy where the same decision was written into the file by hand,
  as a user editing the YAML would (the new findings on that need are its reasons).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from avoplan.behovsprocess.beslut import judge
from avoplan.behovsprocess.nytt_beslut import Request, propose, reason_text
from avoplan.core.findings import Finding, Severity
from avoplan.models.common import Steg
from avoplan.store.yaml_edit import append_item, edit_text
from avoplan.store.yaml_io import read_text
from avoplan.workspace.folder import Workspace
from tests.helpers import EMBEDDED, Cli, copy_portfolio, copy_unchanging

Edit = Callable[[Any], None]


@dataclass(frozen=True)
class Case:
    name: str
    need: str
    to: str
    who: str
    expect: tuple[str, ...]  # the rules of the blocking reasons; () = accepted
    keep: int | None = None  # keep the first N decisions of the history (None: all)
    forum: str | None = None
    datum: str = "2025-11-01"
    edit: Edit | None = None
    edit_file: tuple[str, Edit] | None = None  # another file of the portfolio, by path
    warns: tuple[str, ...] = field(default=())  # rules of the expected warnings
    deltagare: tuple[str, ...] = ()
    bakom: tuple[str, ...] = ()
    protokoll: str | None = None
    möte: str | None = None
    paragraf: int | None = None
    files: tuple[tuple[str, str], ...] = ()  # new files of the portfolio: (path, text)


def _set(path: str, value: Any) -> Edit:
    def apply(document: Any) -> None:
        *parents, last = path.split(".")
        node = document
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is None:
            del node[last]
        else:
            node[last] = value

    return apply


def _both(first: Edit, second: Edit) -> Edit:
    def apply(document: Any) -> None:
        first(document)
        second(document)

    return apply


# BEH-018 depends on BEH-017, which has not started: the BP4 cases about something else
# leave the dependency out (R35 has its own cases).
INDEPENDENT = _set("beroenden", None)
# BEH-002 and BEH-005 name Treserva and so depend on TID (R33): the cases about the own
# förvaltning's decisions take them without a system under tjänsteförvaltning.
LOCAL = _both(_set("system", []), _set("grovsållning.tid_beroende", False))
WIDE = _set("grovsållning.berörda.förvaltningar", ["avo", "funktionsstod"])
BODY_BP2: dict[str, Any] = {
    "deltagare": ("fatima-olsson", "maja-ek", "lina-ahmed"),
    "bakom": ("avo", "funktionsstod"),
    "protokoll": "ID-2025-11 § 2",
    "forum": "id-gemensamma",
}
BODY_BP3: dict[str, Any] = {
    "deltagare": ("camilla-ros", "eva-lindqvist", "gustav-ahl", "linnea-bjork"),
    "protokoll": "STY-2025-11 § 4",
    "forum": "styr-och-samordningsgruppen",
}

TID_CHANGE = _set("grovsållning.tid_förändring", True)
BODY_OPERATIVA: dict[str, Any] = {
    "deltagare": ("erik-sjoberg", "oskar-dahl", "ulla-strand"),
    "protokoll": "OPE-2025-11 § 2",
    "forum": "operativa",
}


def _styr_meeting(
    närvarande: str = "[camilla-ros, eva-lindqvist, gustav-ahl, emma-karlsson]", tail: str = ""
) -> tuple[tuple[str, str], ...]:
    """A meeting of the Styr- och samordningsgruppen with BEH-017 at § 2 (R31)."""
    text = f"""id: styr-2025-11-20
forum: styr-och-samordningsgruppen
datum: 2025-11-20
ordförande: camilla-ros
registrator: emma-karlsson
kallade: [camilla-ros, eva-lindqvist, gustav-ahl, linnea-bjork, robert-falk, henrik-moller]
närvarande: {närvarande}
dagordning:
  - {{nummer: 1, rubrik: Mötets öppnande}}
  - nummer: 2
    rubrik: BEH-017 till prioriterad väntelista
    typ: beslut
    avser: BEH-017
{tail}"""
    return (("möten/styr-2025-11-20.yaml", text),)


AT_STY: dict[str, Any] = {
    "möte": "styr-2025-11-20",
    "paragraf": 2,
    "datum": "2025-11-20",
    "keep": 2,
}
JUSTERAD = "justering: {datum: 2025-11-22, justerare: [camilla-ros, gustav-ahl]}\n"

CASES = [
    # BP1: "Avdelningschef beslutar om att prioritera och gå vidare med idén/behovet till
    # nästa steg alternativt sortera bort förslaget. Avstämning sker i lokalt
    # utvecklingsteam alternativt i operativa styr och samordningsgruppen."
    Case(
        "bp1 by the avdelningschef in the lokala utvecklingsteamet",
        "BEH-010",
        "grovsållning",
        "karin-holm",
        (),
        forum="lokalt-utvecklingsteam",
    ),
    Case(
        "bp1 without a forum: advance records one the chef decides in",
        "BEH-010",
        "grovsållning",
        "karin-holm",
        (),
    ),
    Case(
        "bp1 avstämning in the operativa styr- och samordningsgruppen",
        "BEH-010",
        "grovsållning",
        "karin-holm",
        (),
        forum="operativa",
    ),
    Case(
        "bp1 in a forum the delegationsordning does not name",
        "BEH-010",
        "grovsållning",
        "karin-holm",
        ("R4",),
        forum="digitaliseringsradet",
    ),
    Case("bp1 by another avdelning's chef", "BEH-010", "grovsållning", "johan-ek", ("R4",)),
    Case(
        "bp1 by the förvaltningsdirektör on a one-avdelning need",
        "BEH-010",
        "grovsållning",
        "eva-lindqvist",
        ("R4",),
    ),
    Case(
        "bp1 dated before the organisation data is only a warning",
        "BEH-010",
        "grovsållning",
        "johan-ek",
        (),
        datum="2024-06-01",
        warns=("R4",),
        edit=_set("registrerad", date(2024, 5, 2)),
    ),
    Case(
        "bp1 sorting out is a decision of the same chef",
        "BEH-010",
        "bortsorterad",
        "karin-holm",
        (),
    ),
    # R3: "klarlägga behoven och nyttan samt dokumentera dem på ett enhetligt sätt ...
    # utse en kontaktperson"
    Case(
        "bp1 without nytta",
        "BEH-010",
        "grovsållning",
        "karin-holm",
        ("R3",),
        edit=_set("nytta", None),
    ),
    Case(
        "bp1 without kontaktperson",
        "BEH-010",
        "grovsållning",
        "karin-holm",
        ("R3",),
        edit=_set("kontaktperson", None),
    ),
    Case(
        "bp1 with a kontaktperson outside the owning verksamhet",
        "BEH-010",
        "grovsållning",
        "karin-holm",
        ("R3",),
        edit=_set("kontaktperson", "johan-ek"),
    ),
    # R1: "Processen är uppdelad i fyra steg"
    Case("skipping grovsållning", "BEH-010", "beredning", "karin-holm", ("R1",)),
    Case("skipping straight to projekt", "BEH-010", "projekt", "karin-holm", ("R1",)),
    Case("going back from grovsållning", "BEH-007", "insamling", "karin-holm", ("R1",)),
    # BP2: "Avser utvecklingen enbart den egna förvaltningen, utan beroenden av
    # tjänsteförvaltning integrerad digitalisering, beslutar berörd förvaltning."
    Case(
        "bp2 by the chair of the lokala utvecklingsteamet",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        (),
        keep=1,
        edit=LOCAL,
    ),
    Case(
        "bp2 by a member of the lokala utvecklingsteamet",
        "BEH-005",
        "beredning",
        "david-lind",
        (),
        keep=1,
        edit=LOCAL,
    ),
    Case(
        "bp2 by someone outside the team",
        "BEH-005",
        "beredning",
        "karin-holm",
        ("R6",),
        keep=1,
        edit=LOCAL,
    ),
    Case(
        "bp2 by the need's own kontaktperson alone (jäv)",
        "BEH-005",
        "beredning",
        "david-lind",
        ("R6",),
        keep=1,
        edit=_both(LOCAL, _set("kontaktperson", "david-lind")),
    ),
    Case(
        "bp2 by the need's sole proposer alone (jäv)",
        "BEH-005",
        "beredning",
        "david-lind",
        ("R6",),
        keep=1,
        edit=_both(LOCAL, _set("förslagsställare", ["david-lind"])),
    ),
    Case(
        "bp2 by a team member from a förvaltning the need does not affect",
        "BEH-005",
        "beredning",
        "maja-ek",
        ("R6",),
        keep=1,
        edit=LOCAL,
        edit_file=(
            "organisation.yaml",
            _set("forum.0.ledamöter", ["david-lind", "hanna-berg", "maja-ek"]),
        ),
    ),
    # R5: grovsållning "i samarbete med tjänsteförvaltning integrerad digitalisering ...
    # koordinera mot liknande behov och intresse inom alla förvaltningar"
    Case(
        "bp2 without samordning against similar needs",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        ("R5",),
        keep=1,
        edit=_both(LOCAL, _set("grovsållning.samordning", None)),
    ),
    Case(
        "bp2 without anyone from TID in the objektiva bedömningen",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        ("R5",),
        keep=1,
        edit=_both(LOCAL, _set("grovsållning.tid_medverkande", [])),
    ),
    Case(
        "bp2 dated before the decision before it",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        ("R2",),
        keep=1,
        datum="2025-04-02",
        edit=LOCAL,
    ),
    # BP2: "Beslut att ställa sig bakom, tas av utvecklingsteam inom respektive berörd
    # förvaltning. Beslut tas i integrerad digitaliseringsgemensamma utvecklingsteamet och
    # delges den operativa styr och samordningsgruppen** samt berörda verksamheter."
    Case(
        "bp2 across förvaltningar in the ID-gemensamma utvecklingsteamet",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        (),
        keep=1,
        edit=WIDE,
        **BODY_BP2,
    ),
    Case(
        "bp2 across förvaltningar recorded by one member alone",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        ("R11",),
        keep=1,
        edit=WIDE,
    ),
    Case(
        "bp2 without funktionsstöd's utvecklingsteam behind it",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        ("R11",),
        keep=1,
        edit=WIDE,
        **{**BODY_BP2, "bakom": ("avo",)},
    ),
    Case(
        "bp2 with funktionsstöd behind it but nobody from it present",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        ("R11",),
        keep=1,
        edit=WIDE,
        **{**BODY_BP2, "deltagare": ("fatima-olsson", "lina-ahmed")},
    ),
    # An organ's decision points to its protokoll and paragraph (R11, README: "protokoll
    # med paragraf"): a protokoll without § is refused by advance and reported by check.
    Case(
        "bp2 by the ID-gemensamma with a protokoll without §",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        ("R11",),
        keep=1,
        edit=WIDE,
        **{**BODY_BP2, "protokoll": "IDU-2026-11"},
    ),
    Case(
        "bp3 by the Styr- och samordningsgruppen with a protokoll without §",
        "BEH-017",
        "klart för start",
        "eva-lindqvist",
        ("R11",),
        keep=2,
        **{**BODY_BP3, "protokoll": "STY-2025-11"},
    ),
    Case(
        "bp2 recorded on the forum's behalf by the registrator",
        "BEH-005",
        "beredning",
        "emma-karlsson",
        (),
        keep=1,
        edit=WIDE,
        **BODY_BP2,
    ),
    Case(
        "bp2 with someone outside the forum among the deltagare",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        ("R11",),
        keep=1,
        edit=WIDE,
        **{**BODY_BP2, "deltagare": ("fatima-olsson", "maja-ek", "karin-holm")},
    ),
    Case(
        "bp2 across förvaltningar by a member of the local team only",
        "BEH-005",
        "beredning",
        "david-lind",
        ("R11",),
        keep=1,
        edit=WIDE,
    ),
    Case(
        "bp2 with a TID dependency rises to ID-gemensamma",
        "BEH-005",
        "beredning",
        "david-lind",
        ("R11",),
        keep=1,
        edit=_set("grovsållning.tid_beroende", True),
    ),
    Case(
        "bp2 across avdelningar stays with the lokala utvecklingsteamet",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        (),
        keep=1,
        edit=_both(LOCAL, _set("grovsållning.berörda.avdelningar", ["myndighet", "hemtjanst"])),
    ),
    # BP3: "beslutsunderlag inklusive analys av konsekvenser bereds till Styr och
    # samordningsgruppen*"; own förvaltning without TID: "beslutar berörd förvaltning"
    Case(
        "bp3 by the avdelningschef in the digitaliseringsråd",
        "BEH-002",
        "klart för start",
        "lars-nyberg",
        (),
        keep=2,
        forum="digitaliseringsradet",
        edit=LOCAL,
    ),
    Case(
        "bp3 by another avdelning's chef",
        "BEH-002",
        "klart för start",
        "karin-holm",
        ("R8",),
        keep=2,
        edit=LOCAL,
    ),
    Case(
        "bp3 in the wrong forum",
        "BEH-002",
        "klart för start",
        "lars-nyberg",
        ("R8",),
        keep=2,
        forum="lokalt-utvecklingsteam",
        edit=LOCAL,
    ),
    # R7: "En fördjupad beskrivning görs (med en rimlig ambitionsnivå, omfattning runt 40
    # mantimmar) ... konsekvensanalysen dokumenteras i en enhetlig mall"
    Case(
        "bp3 without konsekvensanalys",
        "BEH-002",
        "klart för start",
        "lars-nyberg",
        ("R7",),
        keep=2,
        edit=_both(LOCAL, _set("beredning.konsekvensanalys", None)),
    ),
    Case(
        "bp3 after far more than 40 mantimmar is only a warning",
        "BEH-002",
        "klart för start",
        "lars-nyberg",
        (),
        keep=2,
        edit=_both(LOCAL, _set("beredning.mantimmar", 200)),
        warns=("R7",),
    ),
    Case(
        "bp3 without a cost estimate",
        "BEH-002",
        "klart för start",
        "lars-nyberg",
        ("R20",),
        keep=2,
        edit=_both(LOCAL, _set("kostnad", None)),
    ),
    Case(
        "bp3 across förvaltningar by an avdelningschef",
        "BEH-017",
        "klart för start",
        "lars-nyberg",
        ("R11",),
        keep=2,
    ),
    # "* Styr och samordningsgruppen består av parternas respektive förvaltningsdirektör."
    Case(
        "bp3 across förvaltningar in the Styr- och samordningsgruppen",
        "BEH-017",
        "klart för start",
        "eva-lindqvist",
        (),
        keep=2,
        **BODY_BP3,
    ),
    Case(
        "bp3 across förvaltningar by one förvaltningsdirektör alone",
        "BEH-017",
        "klart för start",
        "eva-lindqvist",
        ("R11",),
        keep=2,
    ),
    Case(
        "bp3 across förvaltningar by another förvaltning's director alone",
        "BEH-017",
        "klart för start",
        "gustav-ahl",
        ("R11",),
        keep=2,
    ),
    Case(
        "bp3 by the body without its protokoll",
        "BEH-017",
        "klart för start",
        "eva-lindqvist",
        ("R11",),
        keep=2,
        **{**BODY_BP3, "protokoll": None},
    ),
    # R33: "Inom detta uppdrag [TID:s förvaltande uppdrag] tas underlag fram till operativa
    # styrgruppen som fattar beslut om förändringar"
    Case(
        "r33 bp3 of a change within TID's uppdrag in the operativa styrgruppen",
        "BEH-017",
        "klart för start",
        "erik-sjoberg",
        (),
        keep=2,
        edit=TID_CHANGE,
        **BODY_OPERATIVA,
    ),
    Case(
        "r33 bp3 of a change within TID's uppdrag in the Styr- och samordningsgruppen",
        "BEH-017",
        "klart för start",
        "eva-lindqvist",
        ("R33",),
        keep=2,
        edit=TID_CHANGE,
        **BODY_BP3,
    ),
    Case(
        "r33 a change within TID's uppdrag naming no system under tjänsteförvaltning",
        "BEH-017",
        "klart för start",
        "erik-sjoberg",
        ("R33",),
        keep=2,
        edit=_both(TID_CHANGE, _set("system", [])),
        **BODY_OPERATIVA,
    ),
    # BP4: "Innebär överlämnande till projektgenomförandefasen ... Projekten drivs i
    # enlighet med projektmodellen PPS"; "Projektkontor styr i vilken ordningsföljd"
    Case("bp4 in the projektkontor", "BEH-018", "projekt", "oskar-dahl", (), edit=INDEPENDENT),
    Case(
        "bp4 by an avdelningschef",
        "BEH-018",
        "projekt",
        "karin-holm",
        ("R10",),
        edit=_both(INDEPENDENT, LOCAL),
    ),
    # R35: "Projektkontor styr i vilken ordningsföljd de enskilda projekten kan startas upp";
    # "Tajming i projekt och initiativ med hänsyn till beroenden"
    Case(
        "r35 bp4 before the need it depends on has started",
        "BEH-018",
        "projekt",
        "oskar-dahl",
        ("R35",),
    ),
    Case(
        "r35 bp4 after the project it depends on started",
        "BEH-018",
        "projekt",
        "oskar-dahl",
        (),
        edit=_set("beroenden", ["PRJ-021"]),
    ),
    Case(
        "r35 bp4 before the project it depends on started",
        "BEH-018",
        "projekt",
        "oskar-dahl",
        ("R35",),
        edit=_set("beroenden", ["PRJ-021"]),
        datum="2025-11-01",
        edit_file=("projekt/PRJ-021.yaml", _set("start", date(2025, 11, 3))),
    ),
    # R9: "Kvarstående förutsättningar utreds, projektorganisation klargörs"
    Case(
        "bp4 with a prerequisite not settled",
        "BEH-018",
        "projekt",
        "oskar-dahl",
        ("R9",),
        edit=_both(INDEPENDENT, _set("klart_för_start.förutsättningar.0.klar", False)),
    ),
    Case(
        "bp4 without an effektägare",
        "BEH-018",
        "projekt",
        "oskar-dahl",
        ("R9",),
        edit=_both(INDEPENDENT, _set("klart_för_start.projektorganisation.effektägare", None)),
    ),
    # R16: "Styrgrupp - Utses efter behov och leds av projektägaren ... bör inte innehålla
    # fler än fem personer"
    Case(
        "bp4 with a styrgrupp of seven",
        "BEH-018",
        "projekt",
        "oskar-dahl",
        ("R16",),
        edit=_both(
            INDEPENDENT,
            _set(
                "klart_för_start.projektorganisation.styrgrupp",
                [
                    "peter-wall",
                    "johan-ek",
                    "karin-holm",
                    "maria-sand",
                    "lars-nyberg",
                    "sara-lund",
                    "oskar-dahl",
                ],
            ),
        ),
    ),
    Case(
        "bp4 with a styrgrupp its projektägare does not lead",
        "BEH-018",
        "projekt",
        "oskar-dahl",
        ("R16",),
        edit=_both(
            INDEPENDENT, _set("klart_för_start.projektorganisation.styrgrupp", ["johan-ek"])
        ),
    ),
    # R18: "Projektägare Kvalitet och utveckling ... Projektägare utförande avdelning
    # (effektägare)"
    Case(
        "bp4 with the projektägare from an utförande avdelning",
        "BEH-018",
        "projekt",
        "oskar-dahl",
        ("R18",),
        edit=_both(
            INDEPENDENT, _set("klart_för_start.projektorganisation.projektägare", "johan-ek")
        ),
    ),
    Case(
        "bp4 with the effektägare from Kvalitet och utveckling",
        "BEH-018",
        "projekt",
        "oskar-dahl",
        ("R18",),
        edit=_both(
            INDEPENDENT, _set("klart_för_start.projektorganisation.effektägare", "peter-wall")
        ),
    ),
    # R12: "Är projektet någon typ av utredning, kan det när utredningen är klar, gå in i
    # steg tre i processen (beredning) igen"
    Case(
        "re-entry by the projektägare of the finished utredning",
        "BEH-002",
        "beredning",
        "peter-wall",
        (),
        keep=4,
    ),
    Case("re-entry by someone else", "BEH-002", "beredning", "karin-holm", ("R12",), keep=4),
    Case(
        "re-entry while the utredning still runs",
        "BEH-002",
        "beredning",
        "peter-wall",
        ("R12",),
        keep=4,
        edit_file=("projekt/PRJ-022.yaml", _set("status", "pågående")),
    ),
    # R33: "underlag … till operativa styrgruppen som fattar beslut om förändringar"; only
    # "utan beroenden av tjänsteförvaltning integrerad digitalisering, beslutar berörd
    # förvaltning"
    Case(
        "r33 bp2 of a need naming Treserva without TID dependency or reason",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        ("R33",),
        keep=1,
        edit=_set("grovsållning.tid_beroende", False),
    ),
    Case(
        "r33 bp2 of a need naming Treserva with the reason recorded",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        (),
        keep=1,
        edit=_both(
            _set("grovsållning.tid_beroende", False),
            _set("grovsållning.tid_undantag", "Bara rapportuttag; inget ändras i Treserva."),
        ),
    ),
    # R34: "säkerställa att befintliga lösningar inom staden kan återanvändas"
    Case(
        "r34 bp2 without the existing solutions considered is a warning",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        (),
        keep=1,
        edit=LOCAL,
        warns=("R34",),
    ),
    Case(
        "r34 bp2 with the existing solutions considered",
        "BEH-005",
        "beredning",
        "fatima-olsson",
        (),
        keep=1,
        edit=_both(LOCAL, _set("grovsållning.befintliga_lösningar", ["SAMSA"])),
    ),
    # R31: "Forumsbeslut fattas på ett möte ... en dagordning vars paragrafer besluten pekar
    # på; protokollet justeras och ändras inte därefter"
    Case(
        "r31 bp3 at the meeting, by its paragraph, recorded by the registrator",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        (),
        files=_styr_meeting(),
        **AT_STY,
    ),
    Case(
        "r31 bp3 at the meeting by a member who was absent",
        "BEH-017",
        "klart för start",
        "robert-falk",
        ("R31",),
        files=_styr_meeting(),
        **AT_STY,
    ),
    Case(
        "r31 bp3 naming an absent member among the deltagare",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=_styr_meeting(),
        deltagare=("eva-lindqvist", "gustav-ahl", "robert-falk"),
        **AT_STY,
    ),
    Case(
        "r31 bp3 dated another day than the meeting",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=_styr_meeting(),
        **{**AT_STY, "datum": "2025-11-21"},
    ),
    Case(
        "r31 bp3 in another forum than the meeting's",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R11", "R31"),
        files=_styr_meeting(),
        forum="digitaliseringsradet",
        **AT_STY,
    ),
    Case(
        "r31 bp3 at a paragraph not on the dagordning",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=_styr_meeting(),
        **{**AT_STY, "paragraf": 5},
    ),
    Case(
        "r31 bp3 at the meeting without naming its paragraph",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        # the protokoll taken from the meeting has no § either (R11: an organ's protokoll)
        ("R11", "R31"),
        files=_styr_meeting(),
        **{**AT_STY, "paragraf": None},
    ),
    Case(
        "r31 bp3 at an information paragraph",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=_styr_meeting(),
        **{**AT_STY, "paragraf": 1},
    ),
    Case(
        "r31 bp3 at a meeting without quorum",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=_styr_meeting("[camilla-ros, emma-karlsson]"),
        **AT_STY,
    ),
    Case(
        "r31 bp3 at a meeting whose attendance is not recorded",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=_styr_meeting("[]"),
        **AT_STY,
    ),
    Case(
        "r31 bp3 added after the protokoll was justerat without it",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        ("R31",),
        files=_styr_meeting(tail=JUSTERAD),
        **AT_STY,
    ),
    Case(
        "r31 bp3 that the justerat protokoll records",
        "BEH-017",
        "klart för start",
        "emma-karlsson",
        (),
        files=_styr_meeting(tail="    utfall: Beslutades.\n" + JUSTERAD),
        **AT_STY,
    ),
    # R2: a decision follows the need's registration and is recorded once taken
    Case(
        "a decision dated in the future",
        "BEH-010",
        "grovsållning",
        "karin-holm",
        ("R2",),
        datum="2099-01-01",
    ),
    Case(
        "a decision dated before the need was registered",
        "BEH-010",
        "grovsållning",
        "karin-holm",
        ("R2",),
        datum="2025-09-01",
    ),
    # R2: "sortera bort förslaget"; a sorted-out need keeps its history and stays put
    Case("a sorted-out need cannot move", "BEH-014", "grovsållning", "johan-ek", ("R2",)),
]


# --- setting a case up on real files ---------------------------------------------------


def _edit_file(path: Path, mutate: Edit) -> None:
    path.write_text(edit_text(read_text(path), mutate), encoding="utf-8")


Start = tuple[str, int | None, Edit | None, tuple[str, Edit] | None, tuple[tuple[str, str], ...]]


def _start(case: Case) -> Start:
    """What a case's starting state is made of: 81 cases start from 44 states (the edits
    are shared functions, so equal states are equal keys)."""
    return case.need, case.keep, case.edit, case.edit_file, case.files


def _prepare(case: Case, target: Path) -> Path:
    """A copy of the embedded portfolio with the case's need in its starting state (made
    once per starting state and test process: the two tests of a case take three copies)."""
    return copy_unchanging(_prepared(_start(case)), target)


@functools.cache
def _prepared(start: Start) -> Path:
    import atexit
    import shutil
    import tempfile

    need, keep, edit, edit_file, files = start
    root = Path(tempfile.mkdtemp(prefix="avoplan-judge-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    portfolio = copy_portfolio(EMBEDDED, root / "portfolio")
    need_file = portfolio / "behov" / f"{need}.yaml"

    def rewind(document: Any) -> None:
        if keep is not None:
            del document["beslut"][keep:]
            history = document["beslut"]
            document["steg"] = history[-1]["till"] if history else "insamling"
        if edit:
            edit(document)

    _edit_file(need_file, rewind)
    if edit_file:
        relative, mutate = edit_file
        _edit_file(portfolio / relative, mutate)
    for relative, text in files:
        (portfolio / relative).parent.mkdir(parents=True, exist_ok=True)
        (portfolio / relative).write_text(text, encoding="utf-8")
    return portfolio


# What check reports on a starting state before any decision: the same for every case
# that starts there (the same files), so asked once per state and test process.
_BASELINES: dict[Start, tuple[set[str], set[str]]] = {}


def _baseline(cli: Cli, case: Case, portfolio: Path) -> tuple[set[str], set[str]]:
    """(errors, warnings) check reports on the need of `portfolio`, a copy of the case's
    starting state."""
    start = _start(case)
    if start not in _BASELINES:
        _BASELINES[start] = _check(cli, portfolio, case.need)
    return _BASELINES[start]


def _request(case: Case, workspace: Workspace) -> tuple[Request, Any]:
    org = workspace.organisation()
    need = workspace.need(case.need)
    when = date.fromisoformat(case.datum)
    request = Request(
        Steg(case.to),
        workspace.person(org, case.who),
        when,
        "Beslutat enligt underlaget.",
        case.forum,
        case.protokoll,
        case.deltagare,
        case.bakom,
        case.möte,
        case.paragraf,
    )
    known = case.möte and (workspace.root / "möten" / f"{case.möte}.yaml").exists()
    meeting = workspace.meeting(case.möte) if case.möte and known else None
    return request, workspace.facts(need, org, when, meeting)


def _write_by_hand(case: Case, portfolio: Path) -> None:
    """The decision written into the file as a user would: the same fields advance writes."""
    request, facts = _request(case, Workspace(portfolio))
    beslut = propose(request, facts)
    entry = beslut.model_dump(mode="json", exclude_none=True, exclude_defaults=True)

    def append(document: Any) -> None:
        document["steg"] = case.to
        append_item(document, "beslut", entry)

    _edit_file(portfolio / "behov" / f"{case.need}.yaml", append)


# --- what each judge says ----------------------------------------------------------------


def _pure(case: Case, portfolio: Path) -> list[Finding]:
    request, facts = _request(case, Workspace(portfolio))
    return judge(propose(request, facts), facts).reasons


def _advance(cli: Cli, case: Case, portfolio: Path) -> tuple[int, set[str], set[str]]:
    """(exit code, blocking reasons, warnings) as advance reports them."""
    args = [
        "advance",
        case.need,
        "--to",
        case.to,
        "--beslutad-av",
        case.who,
        "--datum",
        case.datum,
        "--motivering",
        "Beslutat enligt underlaget.",
        "-p",
        str(portfolio),
    ]
    if case.forum:
        args += ["--forum", case.forum]
    if case.protokoll:
        args += ["--protokoll", case.protokoll]
    if case.deltagare:
        args += ["--deltagare", ",".join(case.deltagare)]
    if case.bakom:
        args += ["--bakom", ",".join(case.bakom)]
    if case.möte:
        args += ["--möte", case.möte]
    if case.paragraf is not None:
        args += ["--paragraf", str(case.paragraf)]
    result = cli(*args)
    reasons = {line[4:] for line in result.stderr.splitlines() if line.startswith("  - ")}
    warnings = {
        _plain(line.removeprefix("varning "))
        for line in result.stdout.splitlines()
        if line.startswith("varning ")
    }
    return result.exit_code, reasons, warnings


def _check(cli: Cli, portfolio: Path, need: str) -> tuple[set[str], set[str]]:
    """(errors, warnings) that check reports on the need's file, as reason texts."""
    result = cli("check", "-f", "json", "--no-cache", "-p", str(portfolio))
    found = json.loads(result.stdout)["fynd"]
    mine = [
        f
        for f in found
        if f["fil"].endswith(f"behov/{need}.yaml")
        and not (f["regel"] == "R10" and f["fält"] and f["fält"].startswith("projekt"))
    ]
    errors = {_text(f) for f in mine if f["nivå"] == "fel"}
    warnings = {_plain(f"{f['regel']} {f['meddelande']}") for f in mine if f["nivå"] == "varning"}
    return errors, warnings


def _text(row: dict[str, Any]) -> str:
    """A check finding in the words of advance's refusal: the field inside the decision."""
    loc = re.sub(r"^beslut\[\d+\]\.?", "", row["fält"] or "")
    finding = Finding(
        Severity(row["nivå"]),
        row["meddelande"],
        None,
        (loc,) if loc else (),
        row["regel"],
        hint=row["tips"],
    )
    return reason_text(finding)


def _plain(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_pure_judge_gives_the_expected_verdict(case: Case, tmp_path: Path) -> None:
    reasons = _pure(case, _prepare(case, tmp_path / "p"))
    blocking = sorted({r.rule or "" for r in reasons if r.severity == Severity.FEL})
    warned = sorted({r.rule or "" for r in reasons if r.severity == Severity.VARNING})
    assert blocking == sorted(set(case.expect)), [reason_text(r) for r in reasons]
    assert set(case.warns) <= set(warned), [reason_text(r) for r in reasons]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_advance_and_check_agree_in_verdict_and_words(case: Case, cli: Cli, tmp_path: Path) -> None:
    moved = _prepare(case, tmp_path / "advance")
    baseline_errors, baseline_warnings = _baseline(cli, case, moved)
    code, refused_with, warned_with = _advance(cli, case, moved)
    assert code == (1 if case.expect else 0), (refused_with, warned_with)

    by_hand = _prepare(case, tmp_path / "hand")
    _write_by_hand(case, by_hand)
    errors, warnings = _check(cli, by_hand, case.need)
    # Every reason advance gives, check gives on the same decision; and every error the
    # decision brings in check is one of advance's reasons (some, like a planned styrgrupp
    # of seven, check reports already before the decision).
    assert refused_with <= errors
    assert errors - baseline_errors <= refused_with
    if not case.expect:
        # What advance wrote, check accepts with the same warnings.
        after_errors, after_warnings = _check(cli, moved, case.need)
        assert after_errors - baseline_errors == set()
        assert after_warnings - baseline_warnings == warned_with
        assert warnings - baseline_warnings == warned_with
    assert {r.split()[0] for r in refused_with} == set(case.expect)


def test_the_table_holds_at_least_forty_cases_both_ways() -> None:
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if c.expect) >= 15
    assert sum(1 for c in CASES if not c.expect) >= 10
