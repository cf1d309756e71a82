"""Golden files: the Markdown of each document on the embedded portfolio.

Regenerate after an intended change with
`AVOPLAN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render_golden.py` and review the
diff. The commit line and the day live data stands at ("läget per DATUM", "försenade
per DATUM") are masked: they change with every commit and every day.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.helpers import Cli

GOLDEN = Path(__file__).parent / "golden"
COMMIT_LINE = re.compile(r"^- Portföljversion: .*$", re.MULTILINE)
AS_OF = re.compile(
    r"(?<=läget i portföljen per )\d{4}-\d{2}-\d{2}"
    r"|(?<=är försenade per )\d{4}-\d{2}-\d{2}",
    re.IGNORECASE,
)


def masked(markdown: str) -> str:
    return AS_OF.sub("<datum>", COMMIT_LINE.sub("- Portföljversion: <commit>", markdown))


@pytest.mark.parametrize("document", ["plan", "forvaltningsplan", "prioritet", "rad"])
def test_markdown_matches_golden_file(
    cli: Cli, portfolio: Path, tmp_path: Path, document: str
) -> None:
    out = tmp_path / "build"
    result = cli("render", document, "-p", portfolio, "--out", out)
    assert result.exit_code == 0, result.output
    rendered = masked((out / f"{document}.md").read_text(encoding="utf-8"))
    golden = GOLDEN / f"{document}.md"
    if os.environ.get("AVOPLAN_UPDATE_GOLDEN") == "1":
        golden.write_text(rendered, encoding="utf-8")
    assert golden.is_file(), f"run with AVOPLAN_UPDATE_GOLDEN=1 to create {golden.name}"
    assert rendered == golden.read_text(encoding="utf-8")


def test_commit_line_is_masked_and_present() -> None:
    for golden in sorted(GOLDEN.glob("*.md")):
        assert "- Portföljversion: <commit>" in golden.read_text(encoding="utf-8"), golden.name
