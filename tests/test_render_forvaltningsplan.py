"""`render forvaltningsplan` held against seed 004: its chapters in order and the
narrative figures of the source."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import Cli

CHAPTERS = [
    "1 Inledning",
    "1.1 Syfte och målgrupp",
    "1.2 Strategisk inriktning och fokusområden",
    "2 Beskrivning av arbetet inom objektet Vård, stöd och omsorg",
    "2.1 Vidmakthållande",
    "2.2 Vidareutveckling",
    "2.3 Nyutveckling",
    "2.4 Strategiska nyutvecklingsprojekt",
    "2.5 Övriga prioriterade utvecklingsprojekt",
    "3 Budget och personalresurser",
]

FIGURES = [
    "ett 50-tal önskvärda projekt",
    "cirka 11 årsarbeten, som uppgår till 16 000 timmar",
    "larmgruppen, som består av 4 personer",
    "cirka 350 000 låsningar och upplåsningar",
    "objektledare IT och verksamhet, som beräknas uppgå till 1,5 årsarbeten",
    "Treserva (4 500 användare) och TES (2 500+ användare)",
    "personalkostnaden för vidmakthållande beräknas till cirka 6,1 miljoner kronor",
    "Den beräknas uppgå till 15,6 miljoner kronor under 2020",
    "WiFi inom omsorgen (5,6 miljoner), larmcentral (4,2 miljoner) samt Treserva (3,8 miljoner)",
    "Samtlig övrig drift och licenskostnad uppgår till cirka 2 miljoner kronor",
    "5 beslutsstödsprojekt",
    "Dokumentet ägs av objektledarna",
]


def test_forvaltningsplan_has_the_chapters_and_figures_of_seed_004(
    cli: Cli, portfolio: Path
) -> None:
    result = cli("render", "forvaltningsplan", "-p", portfolio)
    assert result.exit_code == 0, result.output
    text = result.stdout
    headings = re.findall(r"^#{2,3} (.+)$", text, re.MULTILINE)
    assert [h for h in headings if h in CHAPTERS] == CHAPTERS
    assert [f for f in FIGURES if f not in text] == []
