"""Review that tells the truth (R2): `diff` and `verify` give one verdict over the same
range, and trust comes from the range's base, on real repositories through the real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Cli, git, replace_in

KARIN = ("karin.holm@avo.exempel.se", "Karin Holm")
DAVID = ("david.lind@avo.exempel.se", "David Lind")
EMMA = ("emma.karlsson@avo.exempel.se", "Emma Karlsson")  # registrator


def as_author(monkeypatch: pytest.MonkeyPatch, who: tuple[str, str]) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", who[0])
    monkeypatch.setenv("GIT_AUTHOR_NAME", who[1])


def decide(cli: Cli, repo: Path, item: str, who: str) -> None:
    result = cli(
        "advance",
        item,
        "--to",
        "grovsållning",
        "-p",
        repo,
        "--beslutad-av",
        who,
        "--datum",
        "2025-11-24",
        "--motivering",
        "Enligt underlaget.",
    )
    assert result.exit_code == 0, result.output


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def errors(annotations: str) -> set[str]:
    return {line for line in annotations.splitlines() if line.startswith("::error")}


# --- the changes a pull request may hold --------------------------------------------


def legitimate(cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    as_author(monkeypatch, KARIN)
    decide(cli, repo, "BEH-013", "karin-holm")
    commit(repo.parent, "BP1 för BEH-013")


def forged(cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    as_author(monkeypatch, DAVID)
    decide(cli, repo, "BEH-012", "johan-ek")
    commit(repo.parent, "BP1 för BEH-012")


def edited(cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replace_in(
        repo / "behov" / "BEH-003.yaml",
        "motivering: Gemensamt behov för boenden och hemtjänst.",
        "motivering: Ändrad i efterhand.",
    )
    commit(repo.parent, "Skriv om")


def deleted(cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo.parent, "rm", "-q", "portfolio/behov/BEH-009.yaml")
    commit(repo.parent, "Ta bort BEH-009")


def renamed(cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo.parent, "mv", "portfolio/behov/BEH-009.yaml", "portfolio/behov/BEH-099.yaml")
    replace_in(repo / "behov" / "BEH-099.yaml", "id: BEH-009", "id: BEH-099")
    commit(repo.parent, "Byt namn")


def plain_edit(cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replace_in(repo / "behov" / "BEH-005.yaml", "titel: Automatiserad", "titel: Automatisk")
    commit(repo.parent, "Titel")


Change = Callable[[Cli, Path, pytest.MonkeyPatch], None]
TABLE: list[tuple[str, list[Change], int]] = [
    ("legitimate", [legitimate], 0),
    ("plain edit", [plain_edit], 0),
    ("forged", [forged], 1),
    ("edited", [edited], 1),
    ("deleted", [deleted], 1),
    ("renamed", [renamed], 1),
    ("all at once", [legitimate, forged, edited, deleted], 1),
]


@pytest.mark.parametrize(
    ("changes", "exit_code"), [(c, e) for _, c, e in TABLE], ids=[name for name, _, _ in TABLE]
)
def test_r2_diff_and_verify_agree_over_a_table_of_changes(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch, changes: list[Change], exit_code: int
) -> None:
    root = repo.parent
    git(root, "switch", "-q", "-c", "pr-1")
    for change in changes:
        change(cli, repo, monkeypatch)
    verify = cli("verify", "--sedan", "main", "-p", repo, "-f", "github")
    diff = cli("diff", "main...pr-1", "-p", repo, "-f", "github")
    assert verify.exit_code == exit_code, verify.output
    assert diff.exit_code == exit_code, diff.output
    assert errors(diff.stdout) == errors(verify.stdout)
    assert bool(errors(verify.stdout)) == bool(exit_code)
    markdown = cli("diff", "main...pr-1", "-p", repo)
    assert markdown.exit_code == exit_code
    assert ("Ändringen inför inga fel." in markdown.stdout) == (exit_code == 0)
    body = json.loads(cli("diff", "main...pr-1", "-p", repo, "-f", "json").stdout)
    assert body["inför_fel"] is bool(exit_code)
    checked = json.loads(cli("verify", "--sedan", "main", "-p", repo, "-f", "json").stdout)
    assert {(p["fil"], p["commit"], p["meddelande"]) for p in body["beslutsfel"]} == {
        (p["fil"], p["commit"], p["meddelande"]) for p in checked["problem"]
    }


def test_r2_diff_of_a_forged_edited_and_deleted_pr_lists_every_decision(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo.parent
    git(root, "switch", "-q", "-c", "pr-1")
    for change in (legitimate, forged, edited, deleted):
        change(cli, repo, monkeypatch)
    result = cli("diff", "main...pr-1", "-p", repo)
    assert result.exit_code == 1
    text = result.stdout
    assert "Ändringen inför inga fel" not in text
    assert "**Ändringen inför fel; rätta dem innan den slås ihop.**" in text
    assert "### Beslut som inte håller (fel R2)" in text
    assert "fattat av Johan Ek men registrerades av David Lind" in text
    assert "ändrades i efterhand" in text and "filen med 1 beslut togs bort" in text
    assert (
        "fel R2 **BEH-003** Konceptlösning för trygghetslarm: beslut 1 (2025-02-03, "
        "johan-ek) ändrat i efterhand<br>motivering: Gemensamt behov för boenden och "
        "hemtjänst. → Ändrad i efterhand."
    ) in text
    assert (
        "**BEH-009** Digital kallelse till hälsosamtal 75+: beslut 1 (2025-09-22, "
        "sara-lund) borttaget i efterhand (filen behov/BEH-009.yaml togs bort)<br>Beslutet "
        "var: beslutspunkt: 1; datum: 2025-09-22"
    ) in text
    assert "motivering: Stämmer med avdelningens färdplan.; protokoll: LOK-2025-09" in text
    body = json.loads(cli("diff", "main...pr-1", "-p", repo, "-f", "json").stdout)
    edit = next(d for d in body["ändrade_beslut"] if d["id"] == "BEH-003")
    assert edit["nivå"] == "fel" and edit["fält"] == [
        {
            "fält": "motivering",
            "före": "Gemensamt behov för boenden och hemtjänst.",
            "efter": "Ändrad i efterhand.",
        }
    ]
    gone = next(d for d in body["ändrade_beslut"] if d["id"] == "BEH-009")
    assert gone["ändring"] == "borttaget" and gone["beslut"]["beslutad_av"] == "sara-lund"


def test_r2_diff_of_a_renamed_file_lists_its_decisions_as_removed(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo.parent, "switch", "-q", "-c", "pr-1")
    renamed(cli, repo, monkeypatch)
    result = cli("diff", "main...pr-1", "-p", repo)
    assert result.exit_code == 1
    assert "(filen behov/BEH-009.yaml bytte namn till behov/BEH-099.yaml)" in result.stdout
    assert "Beslutet var: beslutspunkt: 1; datum: 2025-09-22" in result.stdout


def test_r2_diff_of_the_working_tree_judges_uncommitted_decisions_too(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo.parent, "switch", "-q", "-c", "pr-1")
    replace_in(
        repo / "behov" / "BEH-003.yaml",
        "motivering: Gemensamt behov för boenden och hemtjänst.",
        "motivering: Ändrad i efterhand.",
    )
    result = cli("diff", "main", "-p", repo)
    assert result.exit_code == 1
    assert (
        "arbetskatalogen: beslut 1 (BP1 2025-02-03: insamling → grovsållning) ändrades"
        in result.stdout
    )


# --- trust from the base --------------------------------------------------------------


FORGER = "forfalskare@example.org"


def swap_karins_address(repo: Path, old: str, new: str) -> None:
    replace_in(repo / "organisation.yaml", f"epost: {old}", f"epost: {new}")
    commit(repo.parent, "Ny adress")


@pytest.mark.parametrize("swap_back", [False, True], ids=["forward", "swapped back"])
def test_r2_an_identity_swapped_inside_the_change_cannot_carry_a_decision(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch, swap_back: bool
) -> None:
    root = repo.parent
    git(root, "switch", "-q", "-c", "pr-1")
    swap_karins_address(repo, KARIN[0], FORGER)
    as_author(monkeypatch, (FORGER, "Karin Holm"))
    decide(cli, repo, "BEH-013", "karin-holm")
    commit(root, "BP1")
    if swap_back:
        swap_karins_address(repo, FORGER, KARIN[0])
    result = cli("verify", "--sedan", "main", "-p", repo)
    assert result.exit_code == 1, result.output
    assert (
        "fattat av Karin Holm men registrerades av Karin Holm <forfalskare@example.org>"
        in result.stdout
    )
    assert "bygger på en identitetsändring i samma ändring" in result.stdout
    diff = cli("diff", "main...pr-1", "-p", repo, "-f", "github")
    verify = cli("verify", "--sedan", "main", "-p", repo, "-f", "github")
    assert diff.exit_code == verify.exit_code == 1
    assert errors(diff.stdout) == errors(verify.stdout) != set()
    if not swap_back:
        assert (
            "granska R2 identiteten för Karin Holm (karin-holm) ändras: e-post "
            f"{KARIN[0]} → {FORGER}"
        ) in result.stdout
        assert (
            "::warning file=portfolio/organisation.yaml,title=avoplan R2 identitet::"
            "identiteten för Karin Holm" in diff.stdout
        )


def test_r2_an_identity_change_is_reported_for_review_and_trusted_once_landed(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo.parent
    new = "karin.holm@goteborg.se"
    swap_karins_address(repo, KARIN[0], new)
    alone = cli("verify", "--sedan", "HEAD~1", "-p", repo)
    assert alone.exit_code == 0, alone.output  # no decision leans on it: review, not error
    assert "granska R2 identiteten för Karin Holm (karin-holm) ändras" in alone.stdout
    markdown = cli("diff", "HEAD~1", "HEAD", "-p", repo).stdout
    assert "### Identitetsändringar att granska" in markdown
    landed = git(root, "rev-parse", "HEAD").strip()
    as_author(monkeypatch, (new, "Karin Holm"))
    decide(cli, repo, "BEH-013", "karin-holm")
    commit(root, "BP1")
    result = cli("verify", "--sedan", landed, "-p", repo)
    assert result.exit_code == 0, result.output


def test_r2_a_registrator_role_granted_inside_the_change_is_not_trusted(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo.parent
    git(root, "switch", "-q", "-c", "pr-1")
    replace_in(
        repo / "organisation.yaml",
        "titel: Utvecklingsledare}\n  - {id: hanna-berg",
        "titel: Utvecklingsledare, roller: [registrator]}\n  - {id: hanna-berg",
    )
    commit(root, "David blir registrator")
    as_author(monkeypatch, DAVID)
    decide(cli, repo, "BEH-013", "karin-holm")
    commit(root, "BP1")
    result = cli("verify", "--sedan", "main", "-p", repo)
    assert result.exit_code == 1
    assert (
        "identiteten för David Lind (david-lind) ändras: roller [] → [registrator]; "
        "registrator nej → ja" in result.stdout
    )


# --- commits avoplan makes -----------------------------------------------------------


def test_r2_advance_commit_refuses_a_git_identity_verify_would_reject(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo.parent
    head = git(root, "rev-parse", "HEAD")
    need = repo / "behov" / "BEH-013.yaml"
    before = need.read_bytes()
    as_author(monkeypatch, DAVID)
    result = cli(
        "advance",
        "BEH-013",
        "--to",
        "grovsållning",
        "-p",
        repo,
        "--beslutad-av",
        "Karin Holm",
        "--datum",
        "2025-11-24",
        "--motivering",
        "Enligt underlaget.",
        "--commit",
    )
    assert result.exit_code == 1
    assert (
        "commiten skulle underkännas av 'avoplan verify': git-identiteten "
        "david.lind@avo.exempel.se är varken beslutsfattaren Karin Holm "
        "<karin.holm@avo.exempel.se> eller registrator"
    ) in result.stderr
    assert "git config user.email karin.holm@avo.exempel.se" in result.stderr
    assert "Traceback" not in result.output
    assert need.read_bytes() == before and git(root, "rev-parse", "HEAD") == head


def test_r2_every_commit_advance_makes_passes_verify(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo.parent
    start = git(root, "rev-parse", "HEAD").strip()
    for who, item, decider in [
        (KARIN, "BEH-013", "karin-holm"),
        (EMMA, "BEH-012", "johan-ek"),
        (DAVID, "BEH-010", "karin-holm"),
    ]:
        as_author(monkeypatch, who)
        result = cli(
            "advance",
            item,
            "--to",
            "grovsållning",
            "-p",
            repo,
            "--beslutad-av",
            decider,
            "--datum",
            "2025-11-24",
            "--motivering",
            "Enligt underlaget.",
            "--commit",
        )
        assert result.exit_code == (1 if who == DAVID else 0), result.output
    verified = cli("verify", "--sedan", start, "-p", repo)
    assert verified.exit_code == 0, verified.output
    assert "2 beslut i 2 commits" in verified.stdout


# --- a baseline ----------------------------------------------------------------------


def test_r2_a_baseline_tag_lets_ci_pass_again_after_one_bad_commit_on_main(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo.parent
    forged(cli, repo, monkeypatch)  # one bad commit lands on main
    bad = git(root, "rev-parse", "HEAD").strip()
    assert cli("verify", "-p", repo).exit_code == 1  # every later run would fail ...
    git(root, "tag", "avoplan-verifierad", bad)  # ... until the reviewed point is recorded
    legitimate(cli, repo, monkeypatch)
    result = cli("verify", "-p", repo)
    assert result.exit_code == 0, result.output
    assert "Granskat sedan avoplan-verifierad." in result.stdout
    assert "1 beslut i 1 commits" in result.stdout
    assert cli("verify", "--sedan", "HEAD~2", "-p", repo).exit_code == 1  # still found
    assert cli("verify", "--since", "HEAD~1", "-p", repo).exit_code == 0  # old spelling
    forged_later = cli(
        "advance",
        "BEH-010",
        "--to",
        "grovsållning",
        "-p",
        repo,
        "--beslutad-av",
        "karin-holm",
        "--motivering",
        "Enligt underlaget.",
    )
    assert forged_later.exit_code == 0
    as_author(monkeypatch, DAVID)
    commit(root, "BP1 för BEH-010")
    assert cli("verify", "-p", repo).exit_code == 1  # after the tag, nothing passes unseen


def test_r2_verify_sedan_a_new_branchs_before_reads_from_the_baseline(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legitimate(cli, repo, monkeypatch)
    result = cli("verify", "--sedan", "0" * 40, "-p", repo)  # GitHub's before, first push
    assert result.exit_code == 1  # the first commit's decisions are nobody's: all history
    assert "Granskat hela historiken." in result.stdout


def test_r2_verify_sedan_a_moved_base_trusts_where_the_change_left_it(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo.parent
    git(root, "switch", "-q", "-c", "pr-1")
    as_author(monkeypatch, (FORGER, "Karin Holm"))
    decide(cli, repo, "BEH-013", "karin-holm")
    commit(root, "BP1")
    git(root, "switch", "-q", "main")  # main later gives Karin the forger's address
    swap_karins_address(repo, KARIN[0], FORGER)
    git(root, "switch", "-q", "pr-1")
    result = cli("verify", "--sedan", "main", "-p", repo)
    assert result.exit_code == 1, result.output  # judged at the merge base, not main's tip


def test_init_workflow_verifies_from_the_last_verified_point(cli: Cli, tmp_path: Path) -> None:
    source = "git+https://github.com/goteborg/avoplan.git@" + "0" * 40
    result = cli(
        "init",
        tmp_path / "ny",
        "--no-git",
        "--förvaltning",
        "Förvaltningen för funktionsstöd",
        "--kod",
        "FS",
        "--avoplan-källa",
        source,
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ny" / ".github" / "workflows" / "avoplan.yml").read_text(encoding="utf-8")
    assert '- run: avoplan verify --sedan "$SEDAN"' in text
    assert "SEDAN: ${{ github.event.pull_request.base.sha || github.event.before }}" in text
    assert "fetch-depth: 0" in text
    from tests.test_workflows import actionlint

    binary = actionlint()
    if binary is not None:
        import subprocess

        # the pinned actions are issue 21's; this test holds the verify step
        done = subprocess.run(
            [
                binary,
                "-no-color",
                "-ignore",
                "is deprecated",
                str(tmp_path / "ny" / ".github" / "workflows" / "avoplan.yml"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


# --- protocol paragraphs ---------------------------------------------------------------


def test_r8_a_priority_decision_by_an_organ_names_its_paragraph(cli: Cli, portfolio: Path) -> None:
    need = portfolio / "behov" / "BEH-004.yaml"
    replace_in(need, "    forum: projektkontor\n", "    forum: styr-och-samordningsgruppen\n")
    replace_in(need, "    beslutad_av: oskar-dahl\n", "    beslutad_av: eva-lindqvist\n")
    replace_in(need, "avser: startordning", "avser: väntelista")
    assert cli("check", "-p", portfolio).exit_code == 0, "the organ's decision with § passes"
    replace_in(need, "protokoll: PRO-2025-11 § 2", "protokoll: STY-2025-11")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    assert (
        "fel R8 prioritet[0].protokoll: prioritetsbeslutet fattas av ett organ; "
        "protokollreferensen 'STY-2025-11' "
        "saknar paragraf (§)"
    ) in result.stdout


def test_advance_commit_outside_git_still_says_to_init_or_leave_out_commit(
    cli: Cli, portfolio: Path
) -> None:
    result = cli(
        "advance",
        "BEH-013",
        "--to",
        "grovsållning",
        "-p",
        portfolio,
        "--beslutad-av",
        "karin-holm",
        "--motivering",
        "Enligt underlaget.",
        "--commit",
    )
    assert result.exit_code == 1
    assert "portföljen ligger inte i ett git-förråd" in result.stderr
    assert "utelämna --commit" in result.stderr
