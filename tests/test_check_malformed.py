"""`avoplan check` on broken input: every case names its file and line, exits 1 and
never shows a traceback.

Each row breaks one file of a private copy of the embedded portfolio the way a person
editing YAML by hand might, then checks the report line `file:line: fel ...`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import Cli, finding_lines, line_of, replace_in

Edit = Callable[[str], str | bytes | None]


def sub(old: str, new: str) -> Edit:
    """Replace the first `old`; the test fails if it is not there."""

    def edit(text: str) -> str:
        assert old in text, f"{old!r} not found"
        return text.replace(old, new, 1)

    return edit


def whole(content: str | bytes | None) -> Edit:
    """Replace the whole file (None deletes it)."""
    return lambda _text: content


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    edit: Edit
    message: str
    line: str | None = None  # regex for the expected line in the edited file; None = line 1
    hint: str | None = None
    line_before_edit: bool = False  # for files that are no longer UTF-8 after the edit


BEH = "behov/BEH-005.yaml"
PRJ = "projekt/PRJ-021.yaml"
ORG = "organisation.yaml"

CASES = [
    # --- YAML syntax ------------------------------------------------------------------
    Case(
        "unclosed-flow-sequence",
        BEH,
        sub("system: [treserva]", "system: [treserva"),
        "listan som börjar här avslutas aldrig",
        r"^system: \[treserva$",
    ),
    Case(
        "unclosed-flow-mapping",
        PRJ,
        sub("kr: 120000}", "kr: 120000"),
        "samlingen som börjar här avslutas aldrig",
        r"licenser: \{",
    ),
    Case(
        "unclosed-double-quote",
        BEH,
        sub("titel: Automatiserad", 'titel: "Automatiserad'),
        "citattecknet som börjar här avslutas aldrig",
        r'^titel: "',
    ),
    Case(
        "unclosed-single-quote",
        "plan.yaml",
        sub("titel: Digital", "titel: 'Digital"),
        "citattecknet som börjar här avslutas aldrig",
        r"^titel: '",
    ),
    Case(
        "colon-inside-plain-value",
        BEH,
        sub("titel: Automatiserad", "titel: Auto: matiserad"),
        "kolon på fel ställe",
        r"^titel: Auto: ",
        hint="sätt citattecken",
    ),
    Case(
        "missing-colon-after-key",
        BEH,
        sub("steg: beredning", "steg beredning"),
        "kolon saknas efter nyckeln",
        r"^steg beredning",
    ),
    Case(
        "wrong-indentation",
        BEH,
        sub("  tid_beroende: true", "   tid_beroende: true"),
        "indraget stämmer inte",
        r"^   tid_beroende",
    ),
    Case(
        "list-item-inside-mapping",
        BEH,
        sub("steg: beredning\n", "steg: beredning\n- x\n"),
        "indraget stämmer inte",
        r"^- x$",
    ),
    Case(
        "tab-indentation",
        BEH,
        sub("  tid_beroende: true", "\ttid_beroende: true"),
        "tabbtecken får inte användas för indrag",
        r"^\ttid_beroende",
        hint="mellanslag",
    ),
    Case(
        "reserved-start-character",
        BEH,
        sub("steg: beredning", "steg: @beredning"),
        "tecken som inte får inleda ett värde",
        r"^steg: @",
    ),
    Case(
        "second-document",
        BEH,
        sub("steg: beredning\n", "steg: beredning\n---\nx: 1\n"),
        "filen får bara innehålla ett dokument",
        r"^---$",
    ),
    Case(
        "unknown-tag",
        BEH,
        sub("steg: beredning", "steg: !status beredning"),
        "taggar (!...) används inte",
        r"^steg: !status",
    ),
    Case(
        "bad-escape-in-double-quotes",
        ORG,
        sub("namn: HR\n", 'namn: "H\\R"\n'),
        "okänd escape-sekvens",
        r'namn: "H\\R"',
    ),
    Case(
        "control-character",
        BEH,
        sub("steg: beredning", "steg: bered\x07ning"),
        "otillåtet kontrolltecken (U+0007)",
        r"^steg: bered",
    ),
    # libyaml's rarer messages reach the user in Swedish too (issue 21)
    Case(
        "anchor-without-name",
        BEH,
        sub("steg: beredning", "steg: & beredning"),
        "ankaret eller aliaset (& eller *) saknar namn",
        r"^steg: & ",
    ),
    Case(
        "bad-hex-escape",
        ORG,
        sub("namn: HR\n", 'namn: "H\\xZZ"\n'),
        "ogiltig \\x-, \\u- eller \\U-sekvens",
        r'namn: "H',
    ),
    Case(
        "yaml-directive-of-another-version",
        BEH,
        lambda text: "%YAML 2.0\n---\n" + text,
        "YAML-versionen stöds inte",
        r"^%YAML",
        hint="ta bort raden som börjar med %",
    ),
    Case(
        "document-marker-inside-quotes",
        BEH,
        sub("titel: Automatiserad", "titel: 'Auto\n---\nmatiserad"),
        "'---' eller '...' mitt i en text",
        r"^---$",
    ),
    Case(
        "block-indicator-zero",
        BEH,
        sub("steg: beredning", "steg: |0\n  beredning"),
        "indragsangivelsen efter | eller > får inte vara 0",
        r"^steg: \|0",
    ),
    Case(
        "duplicate-key",
        BEH,
        sub("steg: beredning\n", "steg: beredning\nsteg: insamling\n"),
        "nyckeln 'steg' förekommer två gånger",
        r"^steg: insamling",
    ),
    Case(
        "duplicate-nested-key",
        BEH,
        sub("  tid_beroende: true\n", "  tid_beroende: true\n  tid_beroende: false\n"),
        "nyckeln 'tid_beroende' förekommer två gånger",
        r"^  tid_beroende: false",
    ),
    # --- encoding and empty files -----------------------------------------------------
    Case(
        "utf8-bom",
        BEH,
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        "filen börjar med en BOM",
        hint="UTF-8 utan BOM",
    ),
    Case(
        "latin-1",
        BEH,
        lambda text: text.encode("latin-1"),
        "filen är inte giltig UTF-8",
        r"^titel: .*ö",
        hint="UTF-8",
        line_before_edit=True,
    ),
    Case("empty-file", BEH, whole(""), "filen är tom"),
    Case(
        "only-a-comment",
        BEH,
        whole("# bara en kommentar\n"),
        "filen innehåller inga fält, bara kommentarer",
    ),
    Case(
        "list-at-top-level",
        "plan.yaml",
        whole("- titel: Plan\n- förvaltning: avo\n"),
        "filen ska innehålla fält (nyckel: värde) på översta nivån",
    ),
    Case(
        "scalar-at-top-level",
        "system/npo.yaml",
        whole("NPÖ\n"),
        "filen ska innehålla fält (nyckel: värde) på översta nivån",
    ),
    # --- wrong types --------------------------------------------------------------------
    Case(
        "text-given-a-list",
        BEH,
        sub(
            "titel: Automatiserad uppföljning av biståndsbeslut",
            "titel: [Automatiserad, uppföljning]",
        ),
        "titel: ska vara text, inte en lista",
        r"^titel:",
    ),
    Case(
        "integer-given-words",
        "system/npo.yaml",
        sub("användare: 1600", "användare: många"),
        "användare: ska vara ett heltal, inte 'många'",
        r"^användare:",
    ),
    Case(
        "boolean-given-ja",
        BEH,
        sub("tid_beroende: true", "tid_beroende: ja"),
        "grovsållning.tid_beroende: ska vara true eller false, inte 'ja'",
        r"tid_beroende: ja",
    ),
    Case(
        "list-given-a-single-value",
        BEH,
        sub("effekttyp: [tidsbesparande, kvalitetshöjande]", "effekttyp: tidsbesparande"),
        "effekttyp: ska vara en lista",
        r"^effekttyp:",
        hint="skriv [tidsbesparande]",
    ),
    Case(
        "list-where-mapping-expected",
        "plan.yaml",
        sub(
            "giltighet:\n  från: 2025-01-01\n  till: 2025-12-31\n  inledande_planering: 2026\n",
            "giltighet:\n  - 2025-01-01\n  - 2025-12-31\n",
        ),
        "giltighet: ska vara en samling fält (nyckel: värde)",
        r"^giltighet:",
    ),
    Case(
        "integer-with-decimals",
        BEH,
        sub("mål: [2]", "mål: [1.5]"),
        "mål[0]: ska vara ett heltal utan decimaler",
        r"^mål:",
    ),
    Case(
        "required-text-left-empty",
        BEH,
        sub("titel: Automatiserad uppföljning av biståndsbeslut", "titel:"),
        "titel: fältet är tomt",
        r"^titel:$",
    ),
    Case(
        "text-quoted-empty",
        BEH,
        sub("titel: Automatiserad uppföljning av biståndsbeslut", "titel: ''"),
        "titel: får inte vara tomt",
        r"^titel: ''",
    ),
    Case(
        "list-left-empty",
        BEH,
        sub("system: [treserva]", "system:"),
        "system: fältet är tomt",
        r"^system:$",
        hint="skriv [] för en tom lista",
    ),
    Case(
        "enum-given-a-list",
        BEH,
        sub("steg: beredning", "steg: [beredning]"),
        "steg: ska vara ett enda värde, inte en lista",
        r"^steg:",
    ),
    Case(
        "number-as-key",
        BEH,
        sub("steg: beredning\n", "steg: beredning\n1: ett\n"),
        "nyckeln 1 ska vara text",
        r"^1: ett",
    ),
    # --- unknown keys -------------------------------------------------------------------
    Case(
        "unknown-key-close-to-known",
        BEH,
        sub("kontaktperson:", "kontakperson:"),
        "kontakperson: okänt fält 'kontakperson'",
        r"^kontakperson:",
        hint="menade du 'kontaktperson'?",
    ),
    Case(
        "unknown-nested-key",
        "behov/BEH-002.yaml",
        sub("mantimmar: 38", "mantimer: 38"),
        "beredning.mantimer: okänt fält 'mantimer'",
        r"mantimer:",
        hint="menade du 'mantimmar'?",
    ),
    Case(
        "unknown-key-ascii-spelling",
        ORG,
        sub("    utförande: true\n", "    utforande: true\n"),
        "avdelningar[0].utforande: okänt fält 'utforande'",
        r"utforande:",
        hint="menade du 'utförande'?",
    ),
    Case(
        "unknown-key-far-from-any",
        "schablon/2026.yaml",
        sub("källa:", "pris: 5\nkälla:"),
        "pris: okänt fält 'pris'",
        r"^pris:",
        hint="tillåtna fält här: år, ",
    ),
    # --- ids and file names ---------------------------------------------------------------
    Case(
        "id-does-not-match-file-name",
        BEH,
        sub("id: BEH-005", "id: BEH-006"),
        "id 'BEH-006' stämmer inte med filnamnet BEH-005.yaml",
        r"^id:",
        hint="döp om filen till BEH-006.yaml",
    ),
    Case(
        "behov-id-without-padding",
        BEH,
        sub("id: BEH-005", "id: BEH-5"),
        "id: ska vara ett behov-id som BEH-042",
        r"^id:",
        hint="menade du 'BEH-005'?",
    ),
    Case(
        "projekt-id-with-letters",
        PRJ,
        sub("id: PRJ-021", "id: PRJ-x"),
        "id: ska vara ett projekt-id som PRJ-012",
        r"^id:",
    ),
    Case(
        "behov-reference-malformed",
        PRJ,
        sub("behov: BEH-001", "behov: BEH-1"),
        "behov: ska vara ett behov-id som BEH-042",
        r"^behov:",
        hint="menade du 'BEH-001'?",
    ),
    Case(
        "slug-written-as-name",
        BEH,
        sub("avdelning: myndighet", "avdelning: Myndighet"),
        "avdelning: ska vara ett id av små bokstäver",
        r"^avdelning:",
        hint="menade du 'myndighet'?",
    ),
    Case(
        "system-id-does-not-match-file",
        "system/npo.yaml",
        sub("id: npo", "id: npoe"),
        "id 'npoe' stämmer inte med filnamnet npo.yaml",
        r"^id:",
    ),
    Case(
        "schablon-year-does-not-match-file",
        "schablon/2026.yaml",
        sub("år: 2026", "år: 2027"),
        "år '2027' stämmer inte med filnamnet 2026.yaml",
        r"^år:",
    ),
    # --- enum values ----------------------------------------------------------------------
    Case(
        "bad-steg",
        BEH,
        sub("steg: beredning", "steg: beredningen"),
        "steg: ogiltigt värde 'beredningen'",
        r"^steg:",
        hint="menade du 'beredning'?",
    ),
    Case(
        "bad-effekttyp",
        BEH,
        sub("effekttyp: [tidsbesparande,", "effekttyp: [snabbare,"),
        "effekttyp[0]: ogiltigt värde 'snabbare'; tillåtna värden: tidsbesparande",
        r"^effekttyp:",
    ),
    Case(
        "bad-effektomfattning",
        BEH,
        sub("effektomfattning: hög", "effektomfattning: enorm"),
        "effektomfattning: ogiltigt värde 'enorm'",
        r"^effektomfattning:",
    ),
    Case(
        "bad-drift",
        "system/npo.yaml",
        sub("drift: leverantör", "drift: molnet"),
        "drift: ogiltigt värde 'molnet'; tillåtna värden: intraservice eller leverantör",
        r"^drift:",
    ),
    Case(
        "bad-projekttyp",
        PRJ,
        sub("typ: införande", "typ: pilot"),
        "typ: ogiltigt värde 'pilot'",
        r"^typ:",
    ),
    Case(
        "bad-status",
        PRJ,
        sub("status: pågående", "status: klar"),
        "status: ogiltigt värde 'klar'",
        r"^status:",
    ),
    Case(
        "bad-forumtyp",
        ORG,
        sub("    typ: projektkontor\n", "    typ: projektkontoret\n"),
        "typ: ogiltigt värde 'projektkontoret'",
        r"typ: projektkontoret",
        hint="menade du 'projektkontor'?",
    ),
    Case(
        "bad-namndkolumn",
        "forvaltningsobjekt/vso.yaml",
        sub("nämndkolumn: drift", "nämndkolumn: driften"),
        "nämndkolumn: ogiltigt värde 'driften'",
        r"nämndkolumn: driften",
        hint="menade du 'drift'?",
    ),
    Case(
        "bad-leverantorsmote",
        "system/npo.yaml",
        sub("[operativ, taktisk, strategisk]", "[operativ, taktik]"),
        "leverantörsmöten[1]: ogiltigt värde 'taktik'",
        r"^leverantörsmöten:",
    ),
    # --- dates ----------------------------------------------------------------------------
    Case(
        "impossible-date",
        BEH,
        sub("registrerad: 2025-04-01", "registrerad: 2025-02-30"),
        "registrerad: ska vara ett giltigt datum (ÅÅÅÅ-MM-DD), inte '2025-02-30'",
        r"^registrerad:",
    ),
    Case(
        "date-in-words",
        BEH,
        sub("registrerad: 2025-04-01", "registrerad: 1 april 2025"),
        "registrerad: ska vara ett giltigt datum",
        r"^registrerad:",
    ),
    Case(
        "thirteenth-month",
        "plan.yaml",
        sub("från: 2025-01-01", "från: 2025-13-01"),
        "giltighet.från: ska vara ett giltigt datum",
        r"från: 2025-13-01",
    ),
    Case(
        "date-as-number",
        BEH,
        sub("    datum: 2025-05-12", "    datum: 20250512"),
        "beslut[1].datum: ska vara ett datum (ÅÅÅÅ-MM-DD)",
        r"datum: 20250512",
    ),
    Case(
        "date-with-time",
        BEH,
        sub("    datum: 2025-05-12", "    datum: 2025-05-12 10:30:00"),
        "beslut[1].datum: ska vara ett datum utan klockslag",
        r"datum: 2025-05-12 10",
    ),
    # --- numbers out of range -------------------------------------------------------------
    Case(
        "negative-hours",
        BEH,
        sub("frigjord_tid_timmar_per_år: 1200", "frigjord_tid_timmar_per_år: -5"),
        "frigjord_tid_timmar_per_år: ska vara minst 0",
        r"^frigjord_tid",
    ),
    Case(
        "negative-kronor",
        PRJ,
        sub("leverantör_kr: 450000", "leverantör_kr: -1"),
        "kostnad.leverantör_kr: ska vara minst 0",
        r"leverantör_kr:",
    ),
    Case(
        "zero-rate",
        "schablon/2026.yaml",
        sub("styrgrupp_kr_per_timme: 979", "styrgrupp_kr_per_timme: 0"),
        "styrgrupp_kr_per_timme: ska vara större än 0",
        r"^styrgrupp_kr",
    ),
    Case(
        "negative-meeting-time",
        ORG,
        sub("mötestid_timmar: 2", "mötestid_timmar: -2"),
        "mötestid_timmar: ska vara större än 0",
        r"mötestid_timmar:",
    ),
    Case(
        "beslutspunkt-out-of-range",
        "delegationsordning.yaml",
        sub("  - beslutspunkt: 4", "  - beslutspunkt: 5"),
        "beslutspunkter[3].beslutspunkt: får vara högst 4",
        r"beslutspunkt: 5",
    ),
    # --- missing fields and files ---------------------------------------------------------
    Case(
        "missing-top-level-field",
        BEH,
        sub("titel: Automatiserad uppföljning av biståndsbeslut\n", ""),
        "titel: obligatoriskt fält saknas",
    ),
    Case(
        "missing-field-in-list-item",
        ORG,
        sub("    avdelningschef: ali-hassan\n", ""),
        "avdelningar[7].avdelningschef: obligatoriskt fält saknas",
        r"- id: hr$",
    ),
    Case(
        "missing-field-in-decision",
        BEH,
        sub("    motivering: Behov och nytta dokumenterade.\n", ""),
        "beslut[0].motivering: obligatoriskt fält saknas",
        r"- beslutspunkt: 1",
    ),
    Case(
        "missing-ansvar",
        "utvecklingsomraden.yaml",
        sub("    ansvar: Avdelningschef Ekonomi\n", ""),
        "utvecklingsområden[3].ansvar: obligatoriskt fält saknas",
        r"- id: plan-budget-verksamhetsplan",
    ),
    Case("plan-deleted", "plan.yaml", whole(None), "filen saknas"),
    Case("delegationsordning-deleted", "delegationsordning.yaml", whole(None), "filen saknas"),
    # --- references to ids that do not exist ------------------------------------------------
    Case(
        "unknown-person",
        BEH,
        sub("kontaktperson: petra-johansson", "kontaktperson: petra-johanson"),
        "kontaktperson: okänd person 'petra-johanson'",
        r"^kontaktperson:",
        hint="menade du 'petra-johansson'?",
    ),
    Case(
        "unknown-avdelning",
        BEH,
        sub("avdelning: myndighet", "avdelning: myndigheten"),
        "avdelning: okänd avdelning 'myndigheten'",
        r"^avdelning:",
        hint="menade du 'myndighet'?",
    ),
    Case(
        "unknown-forvaltning",
        BEH,
        sub("förvaltningar: [avo]", "förvaltningar: [avo, sf-norr]"),
        "grovsållning.berörda.förvaltningar[1]: okänd förvaltning 'sf-norr'",
        r"förvaltningar: \[avo, sf-norr\]",
    ),
    Case(
        "unknown-forum",
        BEH,
        sub("    forum: lokalt-utvecklingsteam\n", "    forum: lokala\n"),
        "beslut[0].forum: okänt forum 'lokala'",
        r"forum: lokala",
    ),
    Case(
        "unknown-system",
        BEH,
        sub("system: [treserva]", "system: [treserv]"),
        "system[0]: okänt system 'treserv'",
        r"^system:",
        hint="menade du 'treserva'?",
    ),
    Case(
        "unknown-behov",
        PRJ,
        sub("behov: BEH-001", "behov: BEH-096"),
        "behov: okänt behov 'BEH-096'",
        r"^behov:",
        hint="filen behov/BEH-096.yaml finns inte",
    ),
    Case(
        "unknown-projekt",
        "behov/BEH-001.yaml",
        sub("projekt: [PRJ-021]", "projekt: [PRJ-021, PRJ-099]"),
        "projekt[1]: okänt projekt 'PRJ-099'",
        r"^projekt:",
        hint="filen projekt/PRJ-099.yaml finns inte",
    ),
    Case(
        "unknown-forvaltningsobjekt",
        "projekt/PRJ-002.yaml",
        sub("förvaltningsobjekt: vso", "förvaltningsobjekt: vsoo"),
        "förvaltningsobjekt: okänt förvaltningsobjekt 'vsoo'",
        r"^förvaltningsobjekt:",
        hint="menade du 'vso'?",
    ),
    Case(
        "unknown-beroende",
        "behov/BEH-002.yaml",
        sub("registrerad:", "beroenden: [PRJ-098]\nregistrerad:"),
        "beroenden[0]: okänt behov eller projekt 'PRJ-098'",
        r"^beroenden:",
        hint="filen projekt/PRJ-098.yaml finns inte",
    ),
    Case(
        "unknown-liknande-behov",
        "behov/BEH-002.yaml",
        sub("  samordning:", "  liknande_behov: [BEH-097]\n  samordning:"),
        "grovsållning.liknande_behov[0]: okänt behov 'BEH-097'",
        r"liknande_behov:",
    ),
    Case(
        "unknown-person-in-organisation",
        ORG,
        sub("avdelningschef: nina-forsberg", "avdelningschef: nina-forsber"),
        "avdelningar[8].avdelningschef: okänd person 'nina-forsber'",
        r"nina-forsber$",
    ),
    Case(
        "unknown-forum-in-delegationsordning",
        "delegationsordning.yaml",
        sub("forum: [projektkontor]", "forum: [projektkontoret]"),
        "okänt forum 'projektkontoret'",
        r"forum: \[projektkontoret\]",
    ),
    Case(
        "unknown-adopter-of-plan",
        "plan.yaml",
        sub("av: eva-lindqvist", "av: eva-lindkvist"),
        "antagen.av: okänd person 'eva-lindkvist'",
        r"av: eva-lindkvist",
    ),
    Case(
        "unknown-follow-up-forum",
        "utvecklingsomraden.yaml",
        sub("uppföljning: digitaliseringsradet", "uppföljning: radet"),
        "utvecklingsområden[0].uppföljning: okänt forum 'radet'",
        r"uppföljning: radet",
    ),
    Case(
        "unknown-budget-owner",
        PRJ,
        sub("{ansvarig: karin-holm,", "{ansvarig: karin,"),
        "budgetansvar.hårdvara.ansvarig: okänd person 'karin'",
        r"hårdvara:",
    ),
    Case(
        "unknown-styrgrupp-member",
        PRJ,
        sub(
            "styrgrupp: [peter-wall, karin-holm, oskar-dahl]",
            "styrgrupp: [peter-wall, karin-holm, oskar]",
        ),
        "styrgrupp[2]: okänd person 'oskar'",
        r"^styrgrupp:",
    ),
]


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 45
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_malformed_input_is_reported_with_file_and_line(
    cli: Cli, portfolio: Path, case: Case
) -> None:
    path = portfolio / case.file
    expected_line = _expected_line(path, case) if case.line_before_edit else None
    _apply(path, case.edit)
    if expected_line is None:
        expected_line = _expected_line(path, case)

    result = cli("check", "-p", portfolio)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    where = f"{Path('portfolio') / case.file}:{expected_line}: fel "
    matching = [
        line
        for line in finding_lines(result.stdout)
        if line.startswith(where) and case.message in line
    ]
    assert matching, f"no line starting {where!r} with {case.message!r} in:\n{result.stdout}"
    if case.hint:
        assert f"tips: {case.hint}" in result.stdout or case.hint in result.stdout
    english = re.compile(r"\b(found|expected|while|could not|not allowed|exceeded)\b")
    assert not english.search(result.stdout), result.stdout  # the parser's own words


def test_a_parsers_own_nesting_limit_reads_as_avoplans(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml 0.2.6 refuses deep flow nesting itself, looking ahead past avoplan's guard;
    whichever libyaml is installed, the user reads the same Swedish refusal (issue 21)."""
    import yaml

    from avoplan.store import yaml_io, yaml_problems

    mark = yaml.Mark("<unicode string>", 1003, 0, 1003, None, 0)

    def limited(*_args: object, **_kwargs: object) -> Iterator[object]:
        raise yaml.scanner.ScannerError(
            "while increasing flow level", mark, "exceeded maximum nesting depth", mark
        )
        yield  # a generator, as yaml.parse is

    monkeypatch.setattr(yaml, "parse", limited)
    with pytest.raises(yaml_problems.YamlFileError) as refused:
        yaml_io.parse("id: " + "[" * 100 + "]" * 100)
    assert "för djupt nästlade listor eller samlingar" in str(refused.value)
    assert refused.value.line == 1


def test_a_parser_message_no_table_knows_is_still_swedish() -> None:
    from avoplan.store import yaml_problems

    message, hint = yaml_problems.translate_problem("found a brand new kind of trouble")
    assert message == "YAML-parsern kan inte läsa filen här"
    assert hint is not None and "found a brand new kind of trouble" in hint


def _apply(path: Path, edit: Edit) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    new = edit(text)
    if new is None:
        path.unlink()
    elif isinstance(new, bytes):
        path.write_bytes(new)
    else:
        path.write_text(new, encoding="utf-8")


def _expected_line(path: Path, case: Case) -> int:
    return line_of(path, case.line) if case.line else 1


def test_bounds_are_written_as_people_write_numbers(cli: Cli, portfolio: Path) -> None:
    path = portfolio / ORG
    _apply(path, sub("mötestid_timmar: 2", "mötestid_timmar: 0"))
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    line = next(line for line in finding_lines(result.stdout) if "mötestid_timmar" in line)
    assert line.endswith("ska vara större än 0"), line


def test_broken_file_is_reported_once_not_at_every_reference(cli: Cli, portfolio: Path) -> None:
    """treserva.yaml is named by many behov and projekt; when it cannot be loaded, only
    the file itself is reported, not an 'okänt system' in every file that names it."""
    _apply(portfolio / "system" / "treserva.yaml", sub("drift: intraservice", "drift: moln"))
    _apply(portfolio / "schablon" / "2025.yaml", sub("år: 2025", "år: 2024"))
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    errors = [line for line in finding_lines(result.stdout) if ": fel " in line]
    assert len(errors) == 2, "\n".join(errors)
    assert "okänt system" not in result.stdout
    assert "schablon för 2025 saknas" not in result.stdout


def test_unknown_forum_in_a_decision_is_not_also_a_mandate_error(cli: Cli, portfolio: Path) -> None:
    path = portfolio / BEH
    _apply(path, sub("    forum: lokalt-utvecklingsteam\n", "    forum: lokala\n"))
    _apply(
        portfolio / "delegationsordning.yaml",
        sub("forum: [projektkontor]", "forum: [projektkontoret]"),
    )
    result = cli("check", "-p", portfolio)
    errors = [line for line in finding_lines(result.stdout) if ": fel " in line]
    assert len(errors) == 2, "\n".join(errors)
    assert "mandat" not in result.stdout


def test_folder_in_place_of_a_file_is_reported(cli: Cli, portfolio: Path) -> None:
    (portfolio / "behov" / "BEH-099.yaml").mkdir()
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        f"{Path('portfolio/behov/BEH-099.yaml')}:1: fel kan inte läsa filen: är en mapp, "
        "inte en fil"
    ) in finding_lines(result.stdout)


def test_decomposed_unicode_is_read_as_the_same_letters(cli: Cli, portfolio: Path) -> None:
    """Some editors save 'å' as 'a' plus a combining ring (NFD). It looks the same, so
    'mål' must still be the field 'mål', and an error is still found on its line."""
    import unicodedata

    path = portfolio / BEH
    _apply(path, sub("kontaktperson: petra-johansson", "kontaktperson: petra-johanson"))
    _apply(path, lambda text: unicodedata.normalize("NFD", text))
    assert "mål" not in path.read_text(encoding="utf-8")

    result = cli("check", "-p", portfolio)

    assert result.exit_code == 1
    errors = [line for line in finding_lines(result.stdout) if ": fel " in line]
    assert errors == [
        f"{Path('portfolio') / BEH}:{line_of(path, '^kontaktperson:')}: fel "
        "kontaktperson: okänd person 'petra-johanson'"
    ]


def test_deleted_organisation_means_no_portfolio(cli: Cli, portfolio: Path) -> None:
    (portfolio / ORG).unlink()
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "är ingen portfölj (organisation.yaml saknas)" in result.stderr


def test_yml_file_is_not_silently_ignored(cli: Cli, portfolio: Path) -> None:
    (portfolio / "behov" / "BEH-005.yaml").rename(portfolio / "behov" / "BEH-005.yml")
    result = cli("check", "-p", portfolio)
    assert "Traceback" not in result.output
    assert (
        f"{Path('portfolio/behov/BEH-005.yml')}:1: varning filen ingår inte i portföljen "
        "och kontrolleras inte"
    ) in finding_lines(result.stdout)


@pytest.mark.parametrize("value", ["0", "1747008000", "2025.5"])
def test_a_number_is_not_a_date(cli: Cli, portfolio: Path, value: str) -> None:
    need = portfolio / "behov" / "BEH-010.yaml"
    replace_in(need, "registrerad: 2025-10-06", f"registrerad: {value}")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    line = line_of(need, "^registrerad:")
    assert (
        f"portfolio/behov/BEH-010.yaml:{line}: fel registrerad: ska vara ett datum (ÅÅÅÅ-MM-DD)"
    ) in result.stdout
