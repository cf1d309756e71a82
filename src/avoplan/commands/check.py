"""`avoplan check`: validate every file, every reference and every rule."""

from __future__ import annotations

import sys
from pathlib import Path

from avoplan.findings import Finding
from avoplan.loader import LoadResult, find_portfolio, load_portfolio


def collect(root: Path, use_cache: bool = False) -> tuple[LoadResult, list[Finding]]:
    """All findings for the portfolio at `root`, with lines resolved, in file order."""
    from avoplan.report import resolve_lines
    from avoplan.rules import run_rules

    result = _load(root, use_cache)
    findings = list(result.findings)
    if result.portfolio is not None:
        findings += run_rules(result.portfolio)
    return result, resolve_lines(findings)


def _load(root: Path, use_cache: bool) -> LoadResult:
    if not use_cache:
        return load_portfolio(root)
    from avoplan.cache import Cache

    cache = Cache.open(root)
    result = load_portfolio(root, cache.read)
    cache.save()
    return result


def run(portfolio: Path | None, output_format: str, use_cache: bool = True) -> int:
    from avoplan.report import Summary, as_json, print_text

    result, findings = collect(find_portfolio(portfolio), use_cache)
    summary = Summary.of(findings, result.file_count)
    if output_format == "json":
        sys.stdout.write(as_json(findings, summary) + "\n")
    else:
        print_text(findings, summary)
    return 1 if summary.errors else 0
