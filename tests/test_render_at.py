"""The adopted plan against the current one: the title block (diarienummer, status,
beslutande, datum, version), `render --at REV` from git without touching the work tree,
and live data dated by the commit it stands at."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import Cli, git, make_repo, replace_in, snapshot

TAG = "plan-2025-antagen"


def commit(root: Path, message: str, day: str) -> None:
    """Commit everything with both dates set, as the day the plan was adopted."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"{day}T12:00:00+01:00",
        "GIT_COMMITTER_DATE": f"{day}T12:00:00+01:00",
    }
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env=env)


@pytest.fixture
def adopted(tmp_path: Path) -> Path:
    """A real repository whose commit of 2025-02-20 is tagged as the adopted plan."""
    portfolio = make_repo(tmp_path / "repo")
    replace_in(
        portfolio / "plan.yaml",
        "förvaltning: avo\n",
        "förvaltning: avo\ndiarienummer: ÄVO 2025-00042\n",
    )
    commit(tmp_path / "repo", "Planen antagen", "2025-02-20")
    git(tmp_path / "repo", "tag", TAG)
    return portfolio


def render_to(cli: Cli, portfolio: Path, out: Path, *args: str) -> dict[str, bytes]:
    for fmt in ("md", "html"):
        result = cli("render", "all", "-p", portfolio, "--out", out, "--format", fmt, *args)
        assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_render_at_an_older_commit_reproduces_its_documents_byte_for_byte(
    cli: Cli, adopted: Path, tmp_path: Path
) -> None:
    repo = adopted.parent
    then = render_to(cli, adopted, tmp_path / "antagen")
    # The portfolio moves on: a committed change and an uncommitted one.
    replace_in(adopted / "behov" / "BEH-010.yaml", "Talsyntes", "Tal till text")
    replace_in(
        adopted / "plan.yaml", "omfattning runt 40 mantimmar", "omfattning runt 60 mantimmar"
    )
    commit(repo, "Ny text", "2025-09-01")
    replace_in(
        adopted / "behov" / "BEH-011.yaml",
        "steg: insamling",
        "steg: insamling\nkommentar: ej incheckad",
    )
    before = snapshot(repo)
    head_before = git(repo, "rev-parse", "HEAD")

    again = render_to(cli, adopted, tmp_path / "igen", "--at", TAG)

    assert sorted(again) == sorted(then)
    for name, content in then.items():
        assert again[name] == content, name
    assert snapshot(repo) == before  # the work tree is untouched
    assert git(repo, "rev-parse", "HEAD") == head_before
    now = render_to(cli, adopted, tmp_path / "nu")
    assert now["plan.md"] != then["plan.md"]


def test_title_block_of_the_adopted_plan(cli: Cli, adopted: Path) -> None:
    result = cli("render", "plan", "-p", adopted, "--at", TAG)
    assert result.exit_code == 0, result.output
    sha = git(adopted.parent, "rev-parse", "--short", TAG).strip()
    assert (
        "- Diarienummer: ÄVO 2025-00042\n- Status: Fastställd\n"
        "- Beslutande: Förvaltningsdirektör (Eva Lindqvist) i Digitaliseringsrådet\n"
        "- Datum: 2025-02-20\n"
    ) in result.stdout
    assert f"- Portföljversion: {sha}\n" in result.stdout


def test_live_data_stands_at_the_commits_day(cli: Cli, adopted: Path) -> None:
    replace_in(adopted / "behov" / "BEH-010.yaml", "Talsyntes", "Tal till text")
    commit(adopted.parent, "Senare läge", "2025-06-30")
    text = cli("render", "plan", "-p", adopted).stdout
    assert "Läget i portföljen per 2025-06-30:" in text
    at_tag = cli("render", "plan", "-p", adopted, "--at", TAG).stdout
    assert "Läget i portföljen per 2025-02-20:" in at_tag


def test_uncommitted_changes_make_a_draft_dated_today(cli: Cli, adopted: Path) -> None:
    replace_in(adopted / "behov" / "BEH-010.yaml", "Talsyntes", "Tal till text")
    text = cli("render", "plan", "-p", adopted).stdout
    today = date.today().isoformat()
    assert (
        f"- Status: Utkast\n- Beslutande: Förvaltningsdirektör (Eva Lindqvist) i "
        f"Digitaliseringsrådet\n- Datum: {today}\n" in text
    )
    assert f"Läget i portföljen per {today}:" in text


def test_unknown_revision_is_a_user_error(cli: Cli, adopted: Path) -> None:
    result = cli("render", "plan", "-p", adopted, "--at", "plan-1999")
    assert result.exit_code == 1
    assert "okänd revision 'plan-1999'" in result.stderr
    assert "Traceback" not in result.output
