"""Issue 2's done-criterion: a portfolio with many broken references at once, and
`avoplan check` reports every one of them with its file and its line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import Cli, finding_lines, line_of, replace_in


@dataclass(frozen=True)
class Break:
    file: str
    old: str
    new: str
    line: str  # regex for the broken line in the edited file
    finding: str  # `fält: meddelande` as reported


BREAKS = [
    # one behov with five broken ids of different kinds
    Break(
        "behov/BEH-005.yaml",
        "avdelning: myndighet",
        "avdelning: myndigheten",
        r"^avdelning:",
        "avdelning: okänd avdelning 'myndigheten'",
    ),
    Break(
        "behov/BEH-005.yaml",
        "kontaktperson: petra-johansson",
        "kontaktperson: petra-johanson",
        r"^kontaktperson:",
        "kontaktperson: okänd person 'petra-johanson'",
    ),
    Break(
        "behov/BEH-005.yaml",
        "system: [treserva]",
        "system: [treserv]",
        r"^system:",
        "system[0]: okänt system 'treserv'",
    ),
    Break(
        "behov/BEH-005.yaml",
        "förvaltningar: [avo]",
        "förvaltningar: [avo, sf-norr]",
        r"förvaltningar: \[avo, sf-norr\]",
        "grovsållning.berörda.förvaltningar[1]: okänd förvaltning 'sf-norr'",
    ),
    Break(
        "behov/BEH-005.yaml",
        "    forum: lokalt-utvecklingsteam\n",
        "    forum: lokala\n",
        r"forum: lokala",
        "beslut[0].forum: okänt forum 'lokala'",
    ),
    # links between behov and projekt
    Break(
        "behov/BEH-002.yaml",
        "registrerad:",
        "beroenden: [BEH-004, PRJ-098]\nregistrerad:",
        r"^beroenden:",
        "beroenden[1]: okänt behov eller projekt 'PRJ-098'",
    ),
    Break(
        "behov/BEH-002.yaml",
        "  samordning:",
        "  liknande_behov: [BEH-097]\n  samordning:",
        r"liknande_behov:",
        "grovsållning.liknande_behov[0]: okänt behov 'BEH-097'",
    ),
    Break(
        "behov/BEH-002.yaml",
        "medverkande: [david-lind,",
        "medverkande: [david-lindh,",
        r"^  medverkande:",
        "beredning.medverkande[0]: okänd person 'david-lindh'",
    ),
    Break(
        "behov/BEH-001.yaml",
        "projekt: [PRJ-021]",
        "projekt: [PRJ-021, PRJ-099]",
        r"^projekt:",
        "projekt[1]: okänt projekt 'PRJ-099'",
    ),
    Break(
        "behov/BEH-001.yaml",
        "beslutad_av: fatima-olsson",
        "beslutad_av: fatima-olson",
        r"beslutad_av: fatima-olson",
        "beslut[1].beslutad_av: okänd person 'fatima-olson'",
    ),
    Break(
        "behov/BEH-001.yaml",
        "delges: [operativa, hemtjanst]",
        "delges: [operativ, hemtjanst]",
        r"delges: \[operativ,",
        "beslut[1].delges[0]: okänt forum eller avdelning 'operativ'",
    ),
    Break(
        "behov/BEH-001.yaml",
        "    effektägare: karin-holm",
        "    effektägare: karin-holmm",
        r"effektägare: karin-holmm",
        "klart_för_start.projektorganisation.effektägare: okänd person 'karin-holmm'",
    ),
    # projekt
    Break(
        "projekt/PRJ-021.yaml",
        "projektledare: jonas-berg",
        "projektledare: jonas-bergh",
        r"^projektledare:",
        "projektledare: okänd person 'jonas-bergh'",
    ),
    Break(
        "projekt/PRJ-021.yaml",
        "styrgrupp: [peter-wall, karin-holm, oskar-dahl]",
        "styrgrupp: [peter-wall, karin-holm, oskar]",
        r"^styrgrupp:",
        "styrgrupp[2]: okänd person 'oskar'",
    ),
    Break(
        "projekt/PRJ-021.yaml",
        "{ansvarig: peter-wall, kr: 120000}",
        "{ansvarig: peter-vall, kr: 120000}",
        r"licenser:",
        "budgetansvar.licenser.ansvarig: okänd person 'peter-vall'",
    ),
    Break(
        "projekt/PRJ-002.yaml",
        "förvaltningsobjekt: vso",
        "förvaltningsobjekt: vsoo",
        r"^förvaltningsobjekt:",
        "förvaltningsobjekt: okänt förvaltningsobjekt 'vsoo'",
    ),
    Break(
        "projekt/PRJ-023.yaml",
        "behov: BEH-003",
        "behov: BEH-095",
        r"^behov:",
        "behov: okänt behov 'BEH-095'",
    ),
    Break(
        "projekt/PRJ-023.yaml",
        "beroenden: [PRJ-021]",
        "beroenden: [PRJ-021, PRJ-094]",
        r"^beroenden:",
        "beroenden[1]: okänt behov eller projekt 'PRJ-094'",
    ),
    # the organisation and the other singletons
    Break(
        "organisation.yaml",
        "ledamöter: [jonas-berg, fatima-olsson]",
        "ledamöter: [jonas-berg, fatima-olson]",
        r"ledamöter: \[jonas-berg, fatima-olson\]",
        "forum[5].ledamöter[1]: okänd person 'fatima-olson'",
    ),
    Break(
        "organisation.yaml",
        "förvaltningsdirektör: henrik-moller",
        "förvaltningsdirektör: henrik-mollr",
        r"henrik-mollr",
        "förvaltningar[5].förvaltningsdirektör: okänd person 'henrik-mollr'",
    ),
    Break(
        "organisation.yaml",
        "organiserad_hos: sf-nordost",
        "organiserad_hos: sf-nordvast",
        r"organiserad_hos:",
        "tid.organiserad_hos: okänd förvaltning 'sf-nordvast'",
    ),
    Break(
        "delegationsordning.yaml",
        "      delges: [operativa]",
        "      delges: [operativ]",
        r"delges: \[operativ\]",
        "beslutspunkter[1].en_avdelning.delges[0]: okänt forum eller avdelning 'operativ'",
    ),
    Break(
        "plan.yaml",
        "  forum: digitaliseringsradet",
        "  forum: digitaliseringsrad",
        r"forum: digitaliseringsrad$",
        "antagen.forum: okänt forum 'digitaliseringsrad'",
    ),
    Break(
        "utvecklingsomraden.yaml",
        "    uppföljning: digitaliseringsradet\n  - id: kostnad",
        "    uppföljning: radet\n  - id: kostnad",
        r"uppföljning: radet",
        "utvecklingsområden[0].uppföljning: okänt forum 'radet'",
    ),
]

UNKNOWN = ("okänd ", "okänt ")


def _break_all(portfolio: Path) -> list[str]:
    for b in BREAKS:
        replace_in(portfolio / b.file, b.old, b.new)
    return [
        f"{Path('portfolio') / b.file}:{line_of(portfolio / b.file, b.line)}: fel {b.finding}"
        for b in BREAKS
    ]


def test_every_broken_reference_is_reported_with_file_and_line(cli: Cli, portfolio: Path) -> None:
    expected = _break_all(portfolio)

    result = cli("check", "-p", portfolio)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = finding_lines(result.stdout)
    missing = [want for want in expected if want not in lines]
    assert not missing, "\n".join(["saknas:", *missing, "fick:", *lines])
    reported = [line for line in lines if any(f": {word}" in line for word in UNKNOWN)]
    assert sorted(reported) == sorted(expected)


def test_broken_references_in_json(cli: Cli, portfolio: Path) -> None:
    _break_all(portfolio)

    result = cli("check", "-p", portfolio, "--format", "json")

    assert result.exit_code == 1
    report = json.loads(result.stdout)
    rows = {(r["fil"], r["rad"], r["fält"]) for r in report["fynd"] if r["nivå"] == "fel"}
    for b in BREAKS:
        field = b.finding.split(": ", 1)[0]
        where = (str(Path("portfolio") / b.file), line_of(portfolio / b.file, b.line), field)
        assert where in rows, where


def test_near_misses_get_a_suggestion_and_missing_files_are_named(
    cli: Cli, portfolio: Path
) -> None:
    _break_all(portfolio)

    result = cli("check", "-p", portfolio)

    assert "tips: menade du 'petra-johansson'?" in result.stdout
    assert "tips: menade du 'treserva'?" in result.stdout
    # ids are numbers: BEH-097 is not a misspelt BEH-019, the file simply does not exist
    assert "tips: filen behov/BEH-097.yaml finns inte" in result.stdout
    assert "tips: filen projekt/PRJ-098.yaml finns inte" in result.stdout
    assert "menade du 'BEH-0" not in result.stdout
    assert "menade du 'PRJ-0" not in result.stdout


def test_unknown_ids_do_not_turn_into_rule_errors(cli: Cli, portfolio: Path) -> None:
    """An unknown id is reported once; judging a rule against it would only repeat it as
    a misleading error (a mandate under R4/R11, a budget owner under R18, R13 tracing)."""
    _break_all(portfolio)

    result = cli("check", "-p", portfolio)

    assert "saknar mandat" not in result.stdout
    assert "beslutet ska tas i" not in result.stdout
    assert "licenskostnader budgeteras" not in result.stdout
    assert "går inte att spåra" not in result.stdout
