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


def _strategic_rows(markdown: str) -> dict[str, list[str]]:
    """The strategic table's rows by project title, cells as rendered."""
    table = markdown.split("**Strategiska nyutvecklingsprojekt 2020**", 1)[1].split("\n\n")[1]
    rows = [line.strip("|").split(" | ") for line in table.splitlines()[2:]]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows}


def test_r25_effekttyp_is_printed_in_seed_004s_own_words(cli: Cli, portfolio: Path) -> None:
    """The source writes "kvalité", "miljöförbättring" and "förutsättningar för andra
    tjänster"; the förvaltningsplan prints them, the normalised types stay for sorting."""
    from avoplan.store.yaml_io import parse, read_text

    result = cli("render", "forvaltningsplan", "-p", portfolio)
    assert result.exit_code == 0, result.output
    rows = _strategic_rows(result.stdout)
    kept = {}
    for path in sorted((portfolio / "projekt").glob("PRJ-*.yaml")):
        data = parse(read_text(path))
        if data.get("effekttyp_i_källan"):
            kept[data["titel"]] = (data["effekttyp_i_källan"], data["effekttyp"])
    assert len(kept) == len(rows)
    assert {title: rows[title][1] for title in kept} == {t: w for t, (w, _) in kept.items()}
    for words in ("kvalité", "miljöförbättring", "förutsättningar för andra tjänster"):
        assert any(words in row[1] for row in rows.values()), words
    beata = next(v for t, v in kept.items() if "Beata" in t)
    assert beata == ("Tidsbesparande, kvalité", ["tidsbesparande", "kvalitetshöjande"])


def test_r25_without_the_sources_words_the_normalised_types_are_printed(
    cli: Cli, portfolio: Path
) -> None:
    path = portfolio / "projekt" / "PRJ-004.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(line for line in text.splitlines() if "effekttyp_i_källan" not in line) + "\n",
        encoding="utf-8",
    )
    result = cli("render", "forvaltningsplan", "-p", portfolio)
    assert result.exit_code == 0, result.output
    rows = _strategic_rows(result.stdout)
    assert rows["Tillsyn på annat sätt (projekt Beata)"][1] == "Tidsbesparande, kvalitetshöjande"
