"""`avoplan render`: which documents, where they go, what they state, and escaping."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import EMBEDDED, Cli, copy_portfolio, make_local, replace_in
from tests.mdtables import split_row, table, tables

DOCUMENTS = (
    "plan",
    "forvaltningsplan",
    "prioritet",
    "rad",
    "board",
    "uppfoljning",
    "backlog",
    "portfoljrapport",
)


def render(cli: Cli, *args: str | Path) -> str:
    result = cli("render", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A real git repository holding a copy of the embedded portfolio, committed."""
    root = tmp_path / "repo"
    copy_portfolio(EMBEDDED, root / "portfolio")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Portföljen")
    return root


def test_all_writes_markdown_and_html_of_every_document(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "build" / "docs"
    for fmt in ("md", "html"):
        result = cli("render", "all", "-p", portfolio, "--out", out, "--format", fmt)
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{d}.{fmt}" for d in DOCUMENTS for fmt in ("md", "html")
    )
    assert "Skrev build/docs/plan.html" in result.stdout


def test_one_document_without_out_goes_to_stdout(cli: Cli, portfolio: Path) -> None:
    text = render(cli, "rad", "-p", portfolio)
    assert text.startswith("# Kallelse till digitaliseringsrådet\n")


@pytest.mark.parametrize("document", ["plan", "prioritet", "rad"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_r30_every_document_states_period_adoption_and_commit(
    cli: Cli, repo: Path, document: str, fmt: str
) -> None:
    text = render(cli, document, "-p", repo / "portfolio", "--format", fmt)
    sha = git(repo, "rev-parse", "--short", "HEAD")
    assert "2025-01-01 – 2025-12-31, med inledande planering för 2026" in text
    assert "2025-02-20 av Eva Lindqvist (förvaltningsdirektör) i Digitaliseringsrådet" in text
    if fmt == "md":
        assert f"- Portföljversion: {sha}\n" in text
    else:
        assert f"<dt>Portföljversion</dt><dd>{sha}</dd>" in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_r30_forvaltningsplan_states_its_own_period_and_adoption(
    cli: Cli, repo: Path, fmt: str
) -> None:
    """Seed 004 is the 2020 plan of VSO; it never inherits the digitaliseringsplan's."""
    text = render(cli, "forvaltningsplan", "-p", repo / "portfolio", "--format", fmt)
    assert "Förvaltningsplan för Vård, stöd och omsorg (VSO) 2020" in text
    assert "2025-02-20" not in text and "Digitaliseringsrådet" not in text
    assert "uppgift saknas i förvaltningsplanen" in text
    if fmt == "md":
        assert "- Period: 2020\n" in text
        assert "- Dokumentägare: Objektledarna\n" in text


def test_r30_uncommitted_portfolio_changes_are_marked(cli: Cli, repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    (repo / "README.txt").write_text("utanför portföljen\n", encoding="utf-8")
    assert f"- Portföljversion: {sha}\n" in render(cli, "rad", "-p", repo / "portfolio")
    replace_in(repo / "portfolio" / "behov" / "BEH-010.yaml", "Talsyntes", "Tal till text")
    assert f"- Portföljversion: {sha} (ändrad)\n" in render(cli, "rad", "-p", repo / "portfolio")


def test_r30_portfolio_outside_git_is_unversioned(cli: Cli, portfolio: Path) -> None:
    assert "- Portföljversion: ej versionshanterad\n" in render(cli, "plan", "-p", portfolio)


def test_r30_repository_without_commits_is_unversioned(cli: Cli, portfolio: Path) -> None:
    git(portfolio.parent, "init", "-q")
    assert "- Portföljversion: ej versionshanterad\n" in render(cli, "rad", "-p", portfolio)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="handing the repository to another owner needs root",
)
def test_git_refusing_the_repository_is_a_user_error(cli: Cli, repo: Path) -> None:
    for path in [repo, *repo.rglob("*")]:
        os.chown(path, 4321, 4321, follow_symlinks=False)
    result = cli("render", "rad", "-p", repo / "portfolio")
    assert result.exit_code == 1, result.output
    assert "git misslyckades: detected dubious ownership" in result.stderr
    assert f"git config --global --add safe.directory {repo}" in result.stderr
    assert "Traceback" not in result.output


def test_plan_without_adoption_says_so(cli: Cli, portfolio: Path) -> None:
    adoption = "antagen:\n  datum: 2025-02-20\n  av: eva-lindqvist\n  forum: digitaliseringsradet\n"
    replace_in(portfolio / "plan.yaml", adoption, "")
    text = render(cli, "plan", "-p", portfolio)
    assert "- Antagen: planen är ännu inte antagen\n" in text
    assert "Den är ännu inte antagen" in text


def test_plan_counts_needs_per_step_live(cli: Cli, portfolio: Path) -> None:
    steps = table(render(cli, "plan", "-p", portfolio), "Behov per steg")
    counts = {row[0]: row[2] for row in steps.rows}
    assert counts == {
        "Insamling behov/idéer": "4",
        "Grovsållning": "3",
        "Beredning": "3",
        "Klart för start": "3",
        "Projekt": "3",
        "Bortsorterade": "3",
        "Totalt": "19",
    }
    replace_in(
        portfolio / "behov" / "BEH-013.yaml",
        "steg: insamling",
        "steg: insamling\nkommentar: oförändrat steg",
    )
    shutil.copy(portfolio / "behov" / "BEH-013.yaml", portfolio / "behov" / "BEH-020.yaml")
    replace_in(portfolio / "behov" / "BEH-020.yaml", "id: BEH-013", "id: BEH-020")
    steps = table(render(cli, "plan", "-p", portfolio), "Behov per steg")
    assert steps.rows[0][2:] == ["5", "BEH-010, BEH-011, BEH-012, BEH-013, BEH-020"]


def test_r19_bilaga_lists_led_elsewhere_and_utanforskap_apart(cli: Cli, portfolio: Path) -> None:
    text = render(cli, "plan", "-p", portfolio)
    prioritised = table(text, "Prioriterade projekt 2025")
    apart = table(text, "Andra IT-relaterade projekt")
    assert [r[0] for r in prioritised.rows] == ["PRJ-021", "PRJ-023"]
    assert [(r[0], r[2]) for r in apart.rows] == [
        ("PRJ-024", "Leds av Intraservice"),
        ("PRJ-025", "Arbetet mot digitalt utanförskap"),
    ]


def test_plan_shows_systems_roles_and_schablon(cli: Cli, portfolio: Path) -> None:
    text = render(cli, "plan", "-p", portfolio)
    systems = table(text, "System i tjänsteförvaltningen")
    assert systems.header == ["Applikation", "Ungefärligt antal användare", "Drift"]
    assert ["Treserva", "29\u00a0000", "Intraservice"] in systems.rows
    assert len(systems.rows) == 12
    roles = table(text, "Roller i planerade")
    assert [
        "PRJ-021 Digital nattillsyn i hemtjänsten",
        "Peter Wall",
        "Karin Holm",
        "Jonas Berg",
        "Peter Wall, Karin Holm, Oskar Dahl",
    ] in roles.rows
    assert [r[0] for r in table(text, "Schablon per år").rows] == ["2025", "2026"]
    assert len(table(text, "Prioriterade utvecklingsområden").rows) == 5


def test_one_valuation_year_values_freed_time_in_every_document(cli: Cli, portfolio: Path) -> None:
    """The priority model's värderingsår values freed time in the plan and the priority
    list alike, whatever year a document describes (PRJ-023 once got two values)."""
    text = render(cli, "plan", "-p", portfolio, "--year", "2026")
    row = next(r for r in table(text, "Kostnad och nytta").rows if r[0].startswith("PRJ-021"))
    assert row[3:] == ["9\u00a0000", "4\u00a0320\u00a0000"]  # 9 000 h × 480 kr (2025)
    assert table(text, "Prioriterade projekt 2026")
    replace_in(portfolio / "prioritering.yaml", "värderingsår: 2025", "värderingsår: 2026")
    text = render(cli, "plan", "-p", portfolio)
    row = next(r for r in table(text, "Kostnad och nytta").rows if r[0].startswith("PRJ-021"))
    assert row[3:] == ["9\u00a0000", "4\u00a0446\u00a0000"]  # 9 000 h × 494 kr (2026)
    listed = render(cli, "prioritet", "-p", portfolio)
    assert "schablonen för 2026" in listed


def test_r27_agenda_lists_needs_whose_next_decision_is_the_rads(cli: Cli, portfolio: Path) -> None:
    make_local(portfolio, "BEH-002", "BEH-005")
    text = render(cli, "rad", "-p", portfolio)
    assert "- Ordförande: Peter Wall (avdelningschef, Kvalitet och utveckling)\n" in text
    assert "- Mötesfrekvens: en gång i månaden, cirka 2 timmar per möte\n" in text
    agenda = table(text, "Ärenden som väntar")
    assert [r[0].split()[0] for r in agenda.rows] == ["BEH-002", "BEH-005", "BEH-006"]
    beh006 = agenda.rows[2]
    assert beh006[3:6] == [
        "BP3: Beslut om prioriterad väntelista",
        "förvaltningsdirektör i Digitaliseringsrådet",
        "berör flera avdelningar; TID-beroende: nej; koppling till Digitala hjälpmedel i "
        "samverkan och Millenium: inte angiven",
    ]
    assert agenda.rows[0][6] == "Komplett"
    assert "kostnadsskattningen saknas" in agenda.rows[1][6]


def test_r27_agenda_follows_the_delegationsordning(cli: Cli, portfolio: Path) -> None:
    # Decisions taken before the organisation's gäller_från are not re-judged (warnings).
    replace_in(
        portfolio / "organisation.yaml", "gäller_från: 2025-01-01", "gäller_från: 2026-01-01"
    )
    bp2_own_avdelning = "    en_avdelning:\n      beslutar: [ledamot, ordförande]\n      forum: "
    replace_in(
        portfolio / "delegationsordning.yaml",
        f"{bp2_own_avdelning}[lokalt-utvecklingsteam]",
        f"{bp2_own_avdelning}[digitaliseringsradet]",
    )
    agenda = table(render(cli, "rad", "-p", portfolio), "Ärenden som väntar")
    ids = [r[0].split()[0] for r in agenda.rows]
    assert "BEH-009" in ids  # grovsållning, one avdelning: BP2 now decided in the råd
    assert "BEH-010" not in ids


def test_r27_agenda_follows_the_needs_scope(cli: Cli, portfolio: Path) -> None:
    """A need affecting several avdelningar rises to the förvaltningsdirektör at BP3; at
    BP1 the owning avdelning's chef decides whatever grovsållning will later find."""
    make_local(portfolio, "BEH-002")
    replace_in(
        portfolio / "behov" / "BEH-002.yaml",
        "avdelningar: [myndighet]",
        "avdelningar: [myndighet, hemtjanst]",
    )
    replace_in(
        portfolio / "behov" / "BEH-011.yaml",
        "beslut: []",
        "grovsållning:\n  berörda:\n    avdelningar: [vard-och-omsorgsboende, hemtjanst]\n"
        "beslut: []",
    )
    agenda = table(render(cli, "rad", "-p", portfolio), "Ärenden som väntar")
    assert not [r for r in agenda.rows if r[0].startswith("BEH-011")]
    row = next(r for r in agenda.rows if r[0].startswith("BEH-002"))
    assert row[3:6] == [
        "BP3: Beslut om prioriterad väntelista",
        "förvaltningsdirektör i Digitaliseringsrådet",
        "berör flera avdelningar; TID-beroende: nej; koppling till Digitala hjälpmedel i "
        "samverkan och Millenium: inte angiven",
    ]


def test_r29_agenda_follows_up_only_the_rads_utvecklingsomraden(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "utvecklingsomraden.yaml",
        "    uppföljning: digitaliseringsradet\n",
        "    uppföljning: operativa\n",
    )
    areas = table(render(cli, "rad", "-p", portfolio), "Utvecklingsområden att följa upp")
    assert areas.rows[0][0].startswith("Framtagande av checklista")
    assert len(areas.rows) == 4


def test_html_is_autoescaped(cli: Cli, portfolio: Path) -> None:
    replace_in(
        portfolio / "plan.yaml",
        "titel: Digitaliseringsplan 2025–2026",
        'titel: "<script>alert(1)</script> & plan"',
    )
    replace_in(
        portfolio / "behov" / "BEH-002.yaml",
        "titel: E-tjänst för ansökan om bistånd inom äldreomsorgen",
        'titel: "E-tjänst <b>fet</b>"',
    )
    html = render(cli, "plan", "-p", portfolio, "--format", "html")
    assert "<script>" not in html
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; plan</title>" in html
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; plan</h1>" in html
    assert "<b>fet</b>" not in html
    assert "E-tjänst &lt;b&gt;fet&lt;/b&gt;" in html


def test_markdown_escapes_what_would_break_a_table(cli: Cli, portfolio: Path) -> None:
    make_local(portfolio, "BEH-002")
    replace_in(
        portfolio / "behov" / "BEH-002.yaml",
        "titel: E-tjänst för ansökan om bistånd inom äldreomsorgen",
        'titel: "E-tjänst | ansökan\\n\\nom bistånd \\\\"',
    )
    for document in ("plan", "rad"):
        text = render(cli, document, "-p", portfolio)
        for t in tables(text):
            assert all(len(row) == len(t.header) for row in t.rows), t.caption
        row = next(line for line in text.splitlines() if "BEH-002 E-tjänst" in line)
        assert "BEH-002 E-tjänst | ansökan om bistånd \\" in split_row(row)


def test_unknown_document_is_a_usage_error_with_a_suggestion(cli: Cli) -> None:
    result = cli("render", "forvaltningsplna")
    assert result.exit_code == 2
    assert "okänt dokument 'forvaltningsplna'" in result.stderr
    assert "menade du 'forvaltningsplan'?" in result.stderr


def test_all_needs_an_output_folder(cli: Cli, portfolio: Path) -> None:
    result = cli("render", "all", "-p", portfolio)
    assert result.exit_code == 2
    assert "ange --out MAPP" in result.stderr


def test_wrong_format_is_a_usage_error(cli: Cli, portfolio: Path) -> None:
    result = cli("render", "plan", "-p", portfolio, "--format", "docx")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_valuation_year_without_schablon_is_refused(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / "prioritering.yaml", "värderingsår: 2025", "värderingsår: 2031")
    result = cli("render", "plan", "-p", portfolio)
    assert result.exit_code == 1
    assert "schablon för 2031 saknas" in result.stderr
    assert "schablon/2031.yaml" in result.stderr


def test_portfolio_with_errors_is_not_rendered(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    replace_in(
        portfolio / "projekt" / "PRJ-021.yaml",
        "projektledare: jonas-berg",
        "projektledare: okand-person",
    )
    out = tmp_path / "build"
    result = cli("render", "all", "-p", portfolio, "--out", out)
    assert result.exit_code == 1
    assert "portföljen har 1 fel, så inga dokument tas fram" in result.stderr
    assert "PRJ-021.yaml" in result.stderr
    assert not out.exists()


def test_unwritable_output_is_a_user_error(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("", encoding="utf-8")
    result = cli("render", "rad", "-p", portfolio, "--out", blocker / "under")
    assert result.exit_code == 1
    assert "kan inte skriva" in result.stderr
    assert "Traceback" not in result.output


def test_prioritet_document_escapes_titles_and_explains_every_rank(
    cli: Cli, portfolio: Path
) -> None:
    replace_in(
        portfolio / "behov" / "BEH-018.yaml",
        "titel: Måltidsbeställning via surfplatta på boenden",
        'titel: "<script>x</script> | måltider"',
    )
    html = render(cli, "prioritet", "-p", portfolio, "--format", "html")
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; | måltider" in html
    markdown = render(cli, "prioritet", "-p", portfolio)
    listed = table(markdown, "Prioriterad väntelista")
    assert all(len(row) == len(listed.header) for row in listed.rows)
    for row in listed.rows:
        assert f"### {row[0].rstrip('*†')}. {row[1]}" in markdown
