"""`avoplan check`: validate every file, every reference and every rule."""

from __future__ import annotations

import sys
from pathlib import Path

from avoplan.findings import Finding
from avoplan.loader import LoadResult, find_portfolio, load_portfolio


def collect(root: Path) -> tuple[LoadResult, list[Finding]]:
    """All findings for the portfolio at `root`, with lines resolved, in file order."""
    from avoplan.report import resolve_lines
    from avoplan.rules import run_rules

    result = load_portfolio(root)
    findings = list(result.findings)
    if result.portfolio is not None:
        findings += run_rules(result.portfolio)
    return result, resolve_lines(findings)


def run(portfolio: Path | None, output_format: str) -> int:
    from avoplan.report import Summary, as_json, print_text

    result, findings = collect(find_portfolio(portfolio))
    summary = Summary.of(findings, result.file_count)
    if output_format == "json":
        sys.stdout.write(as_json(findings, summary) + "\n")
    else:
        print_text(findings, summary)
    return 1 if summary.errors else 0
