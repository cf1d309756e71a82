"""R11: a decision is judged against the organisation in force on its date. In a git
repository, earlier versions of organisation.yaml (each valid from its gäller_från) judge
the decisions of their time; a later reorganisation never turns them into errors."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Cli, git, replace_in


def _reorganise(portfolio: Path) -> None:
    """From 2025-06-01 Hanna Berg leaves the lokala utvecklingsteamet."""
    org = portfolio / "organisation.yaml"
    replace_in(org, "gäller_från: 2025-01-01", "gäller_från: 2025-06-01")
    replace_in(org, "ledamöter: [david-lind, hanna-berg]", "ledamöter: [david-lind]")


def test_r11_an_earlier_decision_is_judged_by_the_organisation_of_its_date(
    cli: Cli, repo: Path
) -> None:
    need = repo / "behov" / "BEH-005.yaml"  # BP2 dated 2025-05-12, in the lokala teamet
    replace_in(need, "    beslutad_av: fatima-olsson", "    beslutad_av: hanna-berg")
    git(repo.parent, "commit", "-qam", "BP2 av Hanna Berg")
    _reorganise(repo)
    git(repo.parent, "commit", "-qam", "Omorganisation från 2025-06-01")
    result = cli("check", "--no-cache", "-p", repo)
    assert result.exit_code == 0, result.stdout
    assert "Hanna Berg saknar mandat" not in result.stdout


def test_r11_a_decision_after_the_reorganisation_is_judged_by_the_new_one(
    cli: Cli, repo: Path
) -> None:
    _reorganise(repo)
    git(repo.parent, "commit", "-qam", "Omorganisation från 2025-06-01")
    need = repo / "behov" / "BEH-005.yaml"
    replace_in(need, "    beslutad_av: fatima-olsson", "    beslutad_av: hanna-berg")
    replace_in(need, "datum: 2025-05-12", "datum: 2025-07-01")
    result = cli("check", "--no-cache", "-p", repo)
    assert result.exit_code == 1
    assert "Hanna Berg saknar mandat för detta beslut" in result.stdout


def test_r11_outside_git_the_current_organisation_judges_and_older_is_a_warning(
    cli: Cli, portfolio: Path
) -> None:
    need = portfolio / "behov" / "BEH-005.yaml"
    replace_in(need, "    beslutad_av: fatima-olsson", "    beslutad_av: hanna-berg")
    _reorganise(portfolio)
    result = cli("check", "--no-cache", "-p", portfolio)
    assert "varning R6" in result.stdout and "Hanna Berg saknar mandat" in result.stdout
