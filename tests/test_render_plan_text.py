"""The rendered plan held against seed 000: every section heading in its order, the key
facts of each section, the deciders at each beslutspunkt from the delegationsordning, and
nothing of the tool (rule ids, command names) in what a reader gets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import Cli, replace_in
from tests.mdtables import table

# Seed 000's headings in its order (the goals and the steps numbered as printed).
SEED_HEADINGS = [
    "Varför en digitaliseringsplan?",
    "Giltighetstid",
    "Vem omfattas av planen?",
    "Koppling till andra styrande dokument",
    "Prioriterade utvecklingsområden",
    "Bakgrund",
    "Ny styrmodell 2022/2023",
    "Integrerad Digitalisering (ID)",
    "Utveckling",
    "Tjänsteförvaltning",
    "Färdplaner",
    "Arbete och förhållningssätt",
    "Förhållningssätt",
    "Behovsprocessen",
    "1. Insamling behov/idéer",
    "2. Grovsållning",
    "3. Beredning",
    "4. Klart för start",
    "Definition av projekt",
    "Systematisk insamling av behov",
    "Projektmodell och portföljstyrning",
    "PIOS",
    "Beslut och förankring",
    "Digitaliseringsråd",
    "Syfte",
    "Struktur",
    "Deltagande och förväntan på deltagande",
    "Beredande månadsmöten",
    "Prioriteringsgrunder",
    "Strategi och mål för digitaliseringsarbetet",
    "Prioriterade mål för det långsiktiga arbetet",
    "1. Konceptlösningar och standardisering för ökad effektivitet",
    "2. Utveckla långsiktigt hållbara lösningar",
    "3. Digitalt först",
    "4. Utveckla budgetutrymmet kring digitalisering",
    "Prioritering 2025–2026",
    "Ekonomisk skattning",
    "Prioriterade projekt 2025",
    "Andra IT-relaterade projekt",
    "Bilaga 1: Prioriterade projekt 2025",
]

KEY_FACTS = [
    "tioårsplan",
    "välfärdsutmaningen",
    "en befolkning med allt fler äldre",
    "Planen är ett komplement till våra ett-årsplaner",
    "antogs 2025-02-20 av Eva Lindqvist, förvaltningsdirektör, i Digitaliseringsrådet",
    "Kommunfullmäktige fattade i november 2021 beslut om ny riktlinje",
    "Nämnden för Intraservice ansvarar fortsatt",
    "Styrgruppen sammanträder minst tre gånger per år",
    "beslutades av styrgruppen för Integrerad Digitalisering i april 2024",
    "förvaltningsövergripande samverkan (FÖS)",
    "organiserad hos Socialförvaltningen Nordost",
    "avslutar arbetet med färdplaner",
    "omfattning runt 40 mantimmar",
    "överlämnande till projektgenomförandefasen",
    "Projekten drivs i enlighet med projektmodellen PPS",
    "kan det när utredningen är klar gå in i steg tre i processen (beredning) igen",
    "Innovationsguiden",
    "Projektdirektiv – Projektdirektivet beskriver effektmål",
    "Projektplan – Projektplanen beskriver vilka leveranser",
    "Projektgrupp – Medarbetare i projektet",
    "Göteborgs Stad har fattat beslut om att arbeta med PIOS",
    "Den 17 juni 2024 beslutades att inrätta ett digitaliseringsråd",
    "sedan september 2024 genomförs digitaliseringsråd återkommande varje månad",
    "kan man nominera in punkter till Digitaliseringsrådet",
    "Ordförande: Peter Wall (avdelningschef, Kvalitet och utveckling)",
    "Tajming i projekt och initiativ med hänsyn till beroenden och omvärld",
    "enskilda enheter upphandlar egna digitala lösningar",
    "Eventuell tillkommande konsultkostnad",
    "minska det digitala utanförskapet",
]

# (beslutspunkt, scope row, beslutar, forum, delges): seed 000's Behovsprocessen as the
# embedded delegationsordning states it.
DECIDERS = [
    (
        1,
        "Berör en avdelning",
        "Avdelningschefen för behovets avdelning",
        "ÄVO:s lokala utvecklingsteam eller Operativa styr- och samordningsgruppen",
        "–",
    ),
    (
        1,
        "Berör flera förvaltningar eller är beroende av TID",
        "Avdelningschefen för behovets avdelning",
        "ÄVO:s lokala utvecklingsteam eller Operativa styr- och samordningsgruppen",
        "–",
    ),
    (
        2,
        "Berör en avdelning",
        "Ledamot i forumet eller forumets ordförande",
        "ÄVO:s lokala utvecklingsteam",
        "Operativa styr- och samordningsgruppen och berörda verksamheter",
    ),
    (
        2,
        "Berör flera förvaltningar eller är beroende av TID",
        "Forumet som organ (protokoll och deltagare); utvecklingsteamet i varje berörd "
        "förvaltning ställer sig bakom",
        "ID-gemensamma utvecklingsteamet",
        "Operativa styr- och samordningsgruppen och berörda verksamheter",
    ),
    (
        3,
        "Berör en avdelning",
        "Avdelningschefen för behovets avdelning",
        "Digitaliseringsrådet",
        "–",
    ),
    (
        3,
        "Berör flera avdelningar",
        "Förvaltningsdirektören (Eva Lindqvist)",
        "Digitaliseringsrådet",
        "–",
    ),
    (
        3,
        "Berör flera förvaltningar eller är beroende av TID",
        "Forumet som organ (protokoll och deltagare)",
        "Styr- och samordningsgruppen",
        "–",
    ),
    (
        4,
        "Berör en avdelning",
        "Ledamot i forumet eller forumets ordförande",
        "Projektkontoret",
        "–",
    ),
]


def render(cli: Cli, portfolio: Path, *args: str) -> str:
    result = cli("render", "plan", "-p", portfolio, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def headings(markdown: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^#{2,6} (.+)$", markdown, re.MULTILINE)]


def test_plan_has_every_section_of_the_seed_in_its_order(cli: Cli, portfolio: Path) -> None:
    found = headings(render(cli, portfolio))
    positions: list[int] = []
    for heading in SEED_HEADINGS:
        assert heading in found, f"avsnittet '{heading}' saknas"
        positions.append(found.index(heading, positions[-1] if positions else 0))
    assert positions == sorted(positions)


def test_plan_states_the_key_facts_of_the_seed(cli: Cli, portfolio: Path) -> None:
    text = render(cli, portfolio)
    assert [fact for fact in KEY_FACTS if fact not in text] == []


def test_r11_deciders_per_beslutspunkt_come_from_the_delegationsordning(
    cli: Cli, portfolio: Path
) -> None:
    text = render(cli, portfolio)
    for point, reach, beslutar, forum, delges in DECIDERS:
        deciders = table(text, f"Vem beslutar vid beslutspunkt {point}")
        assert deciders.header == ["Behovet", "Beslutar", "Forum", "Delges"]
        assert [reach, beslutar, forum, delges] in deciders.rows, point


def test_r10_a_changed_delegationsordning_changes_the_plan(cli: Cli, portfolio: Path) -> None:
    # Decisions taken before the organisation's gäller_från are not re-judged.
    replace_in(
        portfolio / "organisation.yaml", "gäller_från: 2025-01-01", "gäller_från: 2026-01-01"
    )
    replace_in(
        portfolio / "delegationsordning.yaml",
        "forum: [projektkontor]",
        "forum: [digitaliseringsradet]",
    )
    bp4 = table(render(cli, portfolio), "Vem beslutar vid beslutspunkt 4")
    assert bp4.rows[0][2] == "Digitaliseringsrådet"


def test_plan_reproduces_the_ansvarsfordelning_and_the_systems(cli: Cli, portfolio: Path) -> None:
    text = render(cli, portfolio)
    shared = table(text, "Ansvarsfördelning")
    assert shared.header == [
        "Projektägare Kvalitet och utveckling",
        "Projektägare utförande avdelning (effektägare)",
    ]
    cells = [cell for row in shared.rows for cell in row if cell]
    assert len(cells) == 15
    assert [
        "Utser projektledare",
        "Avsätter resurser inom sin organisation beroende på projekt",
    ] in shared.rows
    systems = table(text, "System i tjänsteförvaltningen")
    assert len(systems.rows) == 12


def test_plan_prose_is_portfolio_data(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "plan.yaml", "omfattning runt 40 mantimmar", "omfattning runt 60 mantimmar"
    )
    text = render(cli, portfolio)
    assert "omfattning runt 60 mantimmar" in text
    assert "40 mantimmar" not in text


def test_live_sections_say_as_of_when(cli: Cli, portfolio: Path) -> None:
    text = render(cli, portfolio)
    before_counts = text.split("**Behov per steg i Behovsprocessen**")[0]
    assert re.search(r"Läget i portföljen per \d{4}-\d{2}-\d{2}:\n*$", before_counts)


@pytest.mark.parametrize("document", ["plan", "forvaltningsplan", "prioritet", "rad"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_rule_ids_or_tool_names_in_documents(
    cli: Cli, portfolio: Path, document: str, fmt: str
) -> None:
    result = cli("render", document, "-p", portfolio, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert not re.findall(r"\bR\d{1,2}\b", result.stdout)
    assert "avoplan" not in result.stdout


HOSTILE = '"<script>alert(1)</script> [klick](javascript:alert(1)) <img src=x onerror=alert(1)>"'


@pytest.mark.parametrize("document", ["plan", "prioritet"])
def test_markdown_escapes_html_and_links_from_titles(
    cli: Cli, portfolio: Path, document: str
) -> None:
    replace_in(
        portfolio / "projekt" / "PRJ-023.yaml",
        "titel: Konceptlösning för trygghetslarm",
        f"titel: {HOSTILE}",
    )
    result = cli("render", document, "-p", portfolio)
    assert result.exit_code == 0, result.output
    markdown = result.stdout
    assert "<script>" not in markdown
    assert "<img" not in markdown
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\[klick\\](javascript:alert(1))" in markdown


def test_markdown_and_html_escape_prose(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "plan.yaml",
        "      Nämnden för Intraservice ansvarar",
        "      <script>alert(1)</script> [x](javascript:alert(1)) Nämnden för "
        "Intraservice ansvarar",
    )
    markdown = render(cli, portfolio)
    assert "<script>" not in markdown
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)
    html = render(cli, portfolio, "--format", "html")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) Nämnden" in html
