"""`avoplan diff` complete and safe to post: every file kind, renames, decision edits,
invalid files, plain Swedish JSON, Markdown that fits a GitHub comment and pings no one,
annotations nothing can inject into."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Cli, git, replace_in


@pytest.fixture
def branch(repo: Path) -> Path:
    git(repo.parent, "switch", "-q", "-c", "forslag")
    return repo


def diff_json(cli: Cli, portfolio: Path, *args: str) -> dict[str, Any]:
    result = cli("diff", *args, "-p", portfolio, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert "datetime" not in result.stdout and "<Steg." not in result.stdout
    body: dict[str, Any] = json.loads(result.stdout)
    return body


def test_diff_lists_deleted_renamed_and_edited_files_of_every_kind(cli: Cli, branch: Path) -> None:
    root = branch.parent
    git(root, "rm", "-q", "portfolio/system/pmo.yaml")
    git(root, "mv", "portfolio/system/npo.yaml", "portfolio/system/npo-ny.yaml")
    replace_in(
        branch / "organisation.yaml",
        "titel: Utvecklingsledare}\n  - {id: hanna-berg",
        "titel: Verksamhetsutvecklare II}\n  - {id: hanna-berg",
    )
    git(root, "commit", "-qam", "System och organisation")
    body = diff_json(cli, branch, "main", "HEAD")
    files = {(f["status"], f["fil"], f["tidigare_fil"], f["typ"]) for f in body["filer"]}
    assert ("borttagen", "system/pmo.yaml", None, "System") in files
    assert ("ändrad", "organisation.yaml", None, "Organisation") in files
    renamed = [f for f in files if f[0] == "bytte namn"]
    assert renamed == [("bytte namn", "system/npo-ny.yaml", "system/npo.yaml", "System")]
    markdown = cli("diff", "main", "HEAD", "-p", branch).stdout
    assert "borttagen: <code>system/pmo.yaml</code> (System)" in markdown
    assert "Ändringen påverkar inte portföljen" not in markdown


def test_diff_shows_an_edited_and_a_removed_decision(cli: Cli, branch: Path) -> None:
    need = branch / "behov" / "BEH-003.yaml"
    replace_in(
        need,
        "motivering: Gemensamt behov för boenden och hemtjänst.",
        "motivering: Ändrad i efterhand.",
    )
    body = diff_json(cli, branch)
    edits = body["ändrade_beslut"]
    assert edits == [
        {
            "id": "BEH-003",
            "titel": edits[0]["titel"],
            "lista": "beslut",
            "nummer": 1,
            "ändring": "ändrat",
            "nivå": "fel",
            "regel": "R2",
            "beslut": edits[0]["beslut"],
            "orsak": None,
            "fält": [
                {
                    "fält": "motivering",
                    "före": "Gemensamt behov för boenden och hemtjänst.",
                    "efter": "Ändrad i efterhand.",
                }
            ],
        }
    ]
    assert edits[0]["beslut"]["datum"] == "2025-02-03"
    markdown = cli("diff", "-p", branch).stdout
    assert "### Ändrade eller borttagna beslut" in markdown
    assert "beslut 1 (2025-02-03" in markdown and "ändrat i efterhand" in markdown


def test_diff_shows_an_invalid_file_as_invalid_not_deleted(cli: Cli, branch: Path) -> None:
    replace_in(
        branch / "behov" / "BEH-004.yaml", "leverantör_kr: 90000", "leverantör_kr: nittiotusen"
    )
    result = cli("diff", "-p", branch, "--format", "json")
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["borttagna"] == [] and body["kostnader"] == []
    [invalid] = [f for f in body["filer"] if f["ogiltig"]]
    assert invalid["fil"] == "behov/BEH-004.yaml" and "leverantör_kr" not in invalid["fil"]
    markdown = cli("diff", "-p", branch).stdout
    assert "### Ogiltiga filer" in markdown and "### Borttagna" not in markdown


def test_diff_json_has_swedish_keys_and_plain_values(cli: Cli, branch: Path) -> None:
    result = cli(
        "advance",
        "BEH-013",
        "--to",
        "grovsållning",
        "-p",
        branch,
        "--beslutad-av",
        "karin-holm",
        "--datum",
        "2025-11-24",
        "--motivering",
        "Enligt underlaget.",
    )
    assert result.exit_code == 0, result.output
    body = diff_json(cli, branch)
    [move] = body["flyttade"]
    assert (move["från"], move["till"]) == ("insamling", "grovsållning")
    assert move["beslut"][0]["datum"] == "2025-11-24"
    assert move["beslut"][0]["till"] == "grovsållning"
    assert {"bas", "ny", "bas_commit", "inför_fel", "nya", "nya_fynd"} <= body.keys()


def test_diff_markdown_escapes_mentions_references_and_html(cli: Cli, branch: Path) -> None:
    title = "Stöd för @karin-holm och #12 <img src=x onerror=alert(1)> *fet*"
    assert (
        cli("new", "behov", "--titel", title, "--avdelning", "hemtjanst", "-p", branch).exit_code
        == 0
    )
    markdown = cli("diff", "-p", branch).stdout
    assert "@karin-holm" not in markdown and "#12" not in markdown
    assert "<img" not in markdown and "&lt;img" in markdown
    assert "\\*fet\\*" in markdown


@pytest.mark.slow
def test_diff_markdown_fits_a_github_comment_and_says_what_it_left_out(
    cli: Cli, branch: Path, tmp_path: Path
) -> None:
    demo = tmp_path / "demo"
    # 400 new items are already far past what a comment holds: 1 740 of the list's lines
    # are left out (4 532 with 1 000 items, in twice the time, for the same case).
    assert cli("demo-portfolio", "--items", "400", "--out", demo).exit_code == 0
    for folder in ("behov", "projekt"):
        for file in (demo / folder).glob("*.yaml"):
            (branch / folder / file.name).write_bytes(file.read_bytes())
    markdown = cli("diff", "-p", branch).stdout
    assert len(markdown) < 65_536
    assert markdown.startswith("<!-- avoplan-diff -->\n")
    assert "<details><summary>" in markdown
    assert "Listan är avkortad:" in markdown


def test_diff_github_annotations_cannot_be_injected_through_a_file_name(
    cli: Cli, branch: Path
) -> None:
    (branch / "behov" / "BEH-777\n::error title=falsk::inskjuten.yaml").write_text(
        "id: BEH-777\n", encoding="utf-8"
    )
    result = cli("diff", "-p", branch, "--format", "github")
    assert result.stdout, result.output
    assert all(line.startswith("::") for line in result.stdout.splitlines())
    assert not any(line.startswith("::error title=falsk") for line in result.stdout.splitlines())
    assert "%0A%3A%3Aerror title=falsk%3A%3Ainskjuten.yaml" in result.stdout


def test_diff_writes_the_github_step_summary(
    cli: Cli, branch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    replace_in(branch / "behov" / "BEH-004.yaml", "leverantör_kr: 90000", "leverantör_kr: 95000")
    cli("diff", "-p", branch, "--format", "github")
    assert "**BEH-004**" in summary.read_text(encoding="utf-8")
