"""`avoplan matning`: a follow-up measurement recorded with a minimal, atomic edit, also
after the project has closed (R15)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.helpers import Cli, git, replace_in, snapshot

PRJ21 = Path("projekt/PRJ-021.yaml")


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_measurement_appends_only_its_own_lines(cli: Cli, portfolio: Path) -> None:
    file = portfolio / PRJ21
    before = file.read_text(encoding="utf-8")
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmal",
        "1",
        "--varde",
        "6 100,5",
        "--datum",
        "2026-09-30",
        "--kalla",
        "Tidrapportering kvartal 3",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    assert "Ansvarig för uppföljningen: Karin Holm." in result.stdout
    assert changed_lines(before, file.read_text(encoding="utf-8")) == [
        "+        - datum: 2026-09-30",
        "+          värde: 6100.5",
        "+          källa: Tidrapportering kvartal 3",
    ]
    assert cli("check", "-p", portfolio).exit_code == 0


def test_measurement_lands_under_the_right_effektmal(cli: Cli, portfolio: Path) -> None:
    file = portfolio / PRJ21
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmål",
        "2",
        "--värde",
        "41",
        "--datum",
        "2026-10-01",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    text = file.read_text(encoding="utf-8")
    second = text.index("- beskrivning: Hälften")
    assert text.index("- datum: 2026-10-01") > second
    assert "källa" not in text[text.index("- datum: 2026-10-01") :]


def test_measurement_after_closing_starts_the_list_and_names_the_follow_up_owner(
    cli: Cli, portfolio: Path
) -> None:
    file = portfolio / "projekt" / "PRJ-007.yaml"
    replace_in(file, "      mätningar:\n", "")
    replace_in(
        file,
        "        - {datum: 2020-12-10, värde: 700, källa: Tidsstudie (exempel)}\n"
        "        - {datum: 2021-06-10, värde: 1700, källa: Tidsstudie (exempel)}\n",
        "",
    )
    result = cli(
        "matning",
        "PRJ-007",
        "--effektmal",
        "1",
        "--varde",
        "1800",
        "--datum",
        "2022-01-10",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    assert "Ansvarig för uppföljningen: vso." in result.stdout
    assert file.read_text(encoding="utf-8").endswith(
        "      mätningar:\n        - datum: 2022-01-10\n          värde: 1800\n"
    )


def test_refusals_leave_every_file_untouched(cli: Cli, portfolio: Path) -> None:
    before = snapshot(portfolio)
    cases = [
        (("PRJ-021", "--effektmal", "3", "--varde", "1"), 1, "har inget effektmål 3"),
        (("PRJ-022", "--effektmal", "1", "--varde", "1"), 1, "saknar indikator"),
        (("BEH-001", "--effektmal", "1", "--varde", "1"), 1, "är inget projekt"),
        (("PRJ-021", "--effektmal", "1", "--varde", "mycket"), 2, "ogiltigt tal"),
        (
            ("PRJ-021", "--effektmal", "1", "--varde", "1", "--datum", "2999-01-01"),
            2,
            "ligger i framtiden",
        ),
    ]
    for args, code, message in cases:
        result = cli("matning", *args, "-p", portfolio)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    assert snapshot(portfolio) == before


def test_commit_takes_only_the_measured_file(cli: Cli, repo: Path) -> None:
    (repo / "behov" / "BEH-013.yaml").write_text("# ej incheckad\n", encoding="utf-8")
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmal",
        "1",
        "--varde",
        "5000",
        "--datum",
        "2026-09-30",
        "-p",
        repo,
        "--commit",
    )
    assert result.exit_code == 0, result.output
    committed = git(repo.parent, "show", "--name-only", "--format=", "HEAD").split()
    assert committed == ["portfolio/projekt/PRJ-021.yaml"]
    assert git(repo.parent, "log", "-1", "--format=%s").strip() == (
        "PRJ-021: mätning av effektmål 1, 5\u00a0000 (2026-09-30)"
    )


def test_show_gives_each_effektmal_its_latest_measurement(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmal",
        "1",
        "--varde",
        "6100",
        "--datum",
        "2026-09-30",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    shown = " ".join(cli("show", "PRJ-021", "-p", portfolio).stdout.split())
    assert "senast mätt 6 100 timmar per år (2026-09-30)" in shown.replace("\u00a0", " ")
    closed = " ".join(cli("show", "PRJ-007", "-p", portfolio).stdout.split())
    assert "Uppföljningsansvar │ förvaltningsobjekt vso från 2020-12-31" in closed


def test_a_failed_commit_puts_the_file_back(cli: Cli, repo: Path) -> None:
    hook = repo.parent / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'stoppad av kroken' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = snapshot(repo)
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmal",
        "1",
        "--varde",
        "5000",
        "--datum",
        "2026-09-30",
        "-p",
        repo,
        "--commit",
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert snapshot(repo) == before
    assert git(repo.parent, "status", "--porcelain") == ""


# --- issue 23: impossible data is refused, a second value on a date is named -------------


@pytest.mark.parametrize(
    ("datum", "message"),
    [
        ("2025-01-01", "mätdatum 2025-01-01 ligger före utgångsläget (2025-05-05)"),
        ("2099-01-01", "mätdatum 2099-01-01 ligger i framtiden"),
    ],
)
def test_r15_a_measurement_before_the_baseline_or_in_the_future_is_refused(
    cli: Cli, portfolio: Path, datum: str, message: str
) -> None:
    before = snapshot(portfolio)
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmal",
        "1",
        "--varde",
        "6100",
        "--datum",
        datum,
        "-p",
        portfolio,
    )
    assert result.exit_code in (1, 2), result.output
    assert message in result.stderr
    assert snapshot(portfolio) == before


def test_r15_a_measurement_before_the_project_start_is_refused(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / PRJ21, "start: 2025-05-05", "start: 2025-06-01")
    before = snapshot(portfolio)
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmal",
        "1",
        "--varde",
        "6100",
        "--datum",
        "2025-05-20",
        "-p",
        portfolio,
    )
    assert result.exit_code == 1
    assert "ligger före projektets start (2025-06-01)" in result.stderr
    assert snapshot(portfolio) == before


def test_r15_the_unit_must_be_the_effektmals(cli: Cli, portfolio: Path) -> None:
    before = snapshot(portfolio)
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmal",
        "1",
        "--varde",
        "6100 kronor",
        "--datum",
        "2026-09-30",
        "-p",
        portfolio,
    )
    assert result.exit_code == 1
    assert "enheten 'kronor' stämmer inte med effektmålets enhet 'timmar per år'" in result.stderr
    assert snapshot(portfolio) == before
    assert (
        cli(
            "matning",
            "PRJ-021",
            "--effektmal",
            "1",
            "--varde",
            "6100 timmar per år",
            "--datum",
            "2026-09-30",
            "-p",
            portfolio,
        ).exit_code
        == 0
    )
    assert (
        cli(
            "matning",
            "PRJ-021",
            "--effektmal",
            "1",
            "--varde",
            "6200",
            "--enhet",
            "Timmar per år",
            "--datum",
            "2026-10-30",
            "-p",
            portfolio,
        ).exit_code
        == 0
    )


def test_r15_a_second_value_on_the_same_date_warns_and_the_last_counts_everywhere(
    cli: Cli, portfolio: Path
) -> None:
    for value in ("6100", "6100,5"):
        result = cli(
            "matning",
            "PRJ-021",
            "--effektmal",
            "1",
            "--varde",
            value,
            "--datum",
            "2026-09-30",
            "-p",
            portfolio,
        )
        assert result.exit_code == 0, result.output
    assert (
        "effektmål 1 har redan en mätning 2026-09-30 (6 100); den som registrerades "
        "sist, 6 100,5, är den som gäller"
    ) in words(result.stderr)
    shown = words(cli("show", "PRJ-021", "-p", portfolio).stdout)
    assert "senast mätt 6 100,5 timmar per år (2026-09-30)" in shown
    out = portfolio.parent / "out"
    assert cli("render", "uppfoljning", "-p", portfolio, "--out", out).exit_code == 0
    document = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "6\u00a0100,5" in document


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_commit_takes_the_projects_own_pending_changes_along(cli: Cli, repo: Path) -> None:
    assert cli("set", "PRJ-021", "titel=Nattillsyn", "-p", repo).exit_code == 0
    result = cli(
        "matning",
        "PRJ-021",
        "--effektmal",
        "1",
        "--varde",
        "5000",
        "--datum",
        "2026-09-30",
        "-p",
        repo,
        "--commit",
    )
    assert result.exit_code == 0, result.output
    assert "tar också med de ändringar" in result.stdout
    assert git(repo.parent, "status", "--porcelain") == ""
