"""`avoplan diff` and `avoplan verify` on real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Cli, git, line_of, replace_in


def advance(cli: Cli, repo: Path, item: str, to: str, who: str, *extra: str) -> None:
    result = cli(
        "advance",
        item,
        "--to",
        to,
        "-p",
        repo,
        "--beslutad-av",
        who,
        "--datum",
        "2025-11-24",
        "--motivering",
        "Enligt underlaget.",
        *extra,
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def branch(repo: Path) -> Path:
    git(repo.parent, "switch", "-q", "-c", "forslag")
    return repo


def test_diff_describes_moves_costs_and_new_items_in_markdown(
    cli: Cli, branch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "karin.holm@avo.exempel.se")
    advance(cli, branch, "BEH-013", "grovsållning", "karin-holm", "--commit")
    replace_in(branch / "behov" / "BEH-004.yaml", "leverantör_kr: 90000", "leverantör_kr: 190000")
    assert (
        cli("new", "behov", "--titel", "Ny idé", "--avdelning", "hemtjanst", "-p", branch).exit_code
        == 0
    )
    result = cli("diff", "-p", branch)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("<!-- avoplan-diff -->\n## Portföljändringar (")
    assert "### Nya" in text and "**BEH-020** Ny idé" in text
    assert "**BEH-013** Digital signering av genomförandeplaner: insamling → grovsållning" in text
    assert "BP1 2025-11-24: karin-holm (avdelningschef för Hemtjänst)" in text
    assert "**BEH-004**" in text and "(+100\u00a0000\u00a0kr)" in text
    assert "Ändringen inför inga fel." in text


def test_diff_exits_1_and_annotates_new_errors_for_github(cli: Cli, branch: Path) -> None:
    need = branch / "behov" / "BEH-005.yaml"
    replace_in(need, "kontaktperson: petra-johansson", "kontaktperson: petra-johanson")
    result = cli("diff", "main", "-p", branch, "--format", "github")
    assert result.exit_code == 1
    line = line_of(need, "^kontaktperson:")
    assert (
        f"::error file=portfolio/behov/BEH-005.yaml,line={line},title=avoplan::"
        "okänd person 'petra-johanson'"
    ) in result.stdout


def test_diff_reports_fixed_violations_between_two_commits(cli: Cli, branch: Path) -> None:
    root = branch.parent
    replace_in(
        branch / "behov" / "BEH-005.yaml", "kontaktperson: petra-johansson", "kontaktperson: okand"
    )
    git(root, "commit", "-qam", "Bryt")
    broken = git(root, "rev-parse", "HEAD").strip()
    replace_in(
        branch / "behov" / "BEH-005.yaml", "kontaktperson: okand", "kontaktperson: petra-johansson"
    )
    git(root, "commit", "-qam", "Laga")
    result = cli("diff", broken, "HEAD", "-p", branch, "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["inför_fel"] is False
    assert [i["fil"] for i in body["åtgärdade_fynd"]] == ["behov/BEH-005.yaml"]
    assert body["nya_fynd"] == []


def test_diff_without_changes_says_so(cli: Cli, repo: Path) -> None:
    result = cli("diff", "-p", repo)
    assert result.exit_code == 0
    assert "Ändringen påverkar inte portföljen." in result.stdout


def test_diff_outside_git_is_a_clear_error(cli: Cli, portfolio: Path) -> None:
    result = cli("diff", "-p", portfolio)
    assert result.exit_code == 2
    assert "git" in result.stderr and "Traceback" not in result.output


def test_r2_verify_accepts_decisions_committed_by_their_deciders(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = git(repo.parent, "rev-parse", "HEAD").strip()
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "karin.holm@avo.exempel.se")
    advance(cli, repo, "BEH-013", "grovsållning", "karin-holm", "--commit")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "emma.karlsson@avo.exempel.se")  # registrator
    advance(cli, repo, "BEH-012", "grovsållning", "johan-ek", "--commit")
    result = cli("verify", "--since", start, "-p", repo)
    assert result.exit_code == 0, result.output
    assert "2 beslut i 2 commits" in result.stdout


def test_r2_verify_reports_a_forged_decision_with_commit_and_file(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = git(repo.parent, "rev-parse", "HEAD").strip()
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "david.lind@avo.exempel.se")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "David Lind")
    advance(cli, repo, "BEH-013", "grovsållning", "karin-holm")
    git(repo.parent, "commit", "-qam", "BP1")  # plain git: advance --commit would refuse
    sha = git(repo.parent, "rev-parse", "--short=10", "HEAD").strip()
    result = cli("verify", "--since", start, "-p", repo)
    assert result.exit_code == 1
    assert f"portfolio/behov/BEH-013.yaml: fel R2 commit {sha}" in result.stdout
    assert "fattat av Karin Holm men registrerades av David Lind" in result.stdout


def test_r2_verify_reports_rewritten_and_removed_decisions(cli: Cli, repo: Path) -> None:
    root = repo.parent
    need = repo / "behov" / "BEH-003.yaml"
    replace_in(
        need,
        "motivering: Gemensamt behov för boenden och hemtjänst.",
        "motivering: Ändrad i efterhand.",
    )
    git(root, "commit", "-qam", "Skriv om")
    rewritten = git(root, "rev-parse", "--short=10", "HEAD").strip()
    text = need.read_text(encoding="utf-8")
    need.write_text(text[: text.rindex("  - beslutspunkt: 4")], encoding="utf-8")
    git(root, "commit", "-qam", "Ta bort")
    removed = git(root, "rev-parse", "--short=10", "HEAD").strip()
    result = cli("verify", "--since", "HEAD~2", "-p", repo)
    assert result.exit_code == 1
    assert (
        f"commit {rewritten}: beslut 1 (BP1 2025-02-03: insamling → grovsållning) "
        "ändrades i efterhand" in result.stdout
    )
    assert (
        f"commit {removed}: beslut 4 (BP4 2025-06-02: klart för start → projekt) togs bort"
        in result.stdout
    )


def test_verify_unknown_revision_cannot_compare_exit_2(cli: Cli, repo: Path) -> None:
    result = cli("verify", "--since", "finns-inte", "-p", repo)
    assert result.exit_code == 2
    assert "okänd revision 'finns-inte'" in result.stderr


def test_diff_shows_priority_rank_moves(cli: Cli, branch: Path) -> None:
    replace_in(
        branch / "projekt" / "PRJ-023.yaml",
        "frigjord_tid_timmar_per_år: 3000",
        "frigjord_tid_timmar_per_år: 300000",
    )
    result = cli("diff", "-p", branch, "--format", "json")
    assert result.exit_code == 0, result.output
    moves = {r["id"]: (r["före"], r["efter"]) for r in json.loads(result.stdout)["prioritet"]}
    before, after = moves["PRJ-023"]
    assert after < before
    markdown = cli("diff", "-p", branch).stdout
    assert f"**PRJ-023** Konceptlösning för trygghetslarm: plats {before} → {after}" in markdown
