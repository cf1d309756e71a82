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

    if not use_cache:
        result = load_portfolio(root)
        rules = run_rules(result.portfolio) if result.portfolio is not None else []
        return result, resolve_lines([*result.findings, *rules])
    from avoplan.cache import Cache

    cache = Cache.open(root)
    result = load_portfolio(root, cache.read)
    rules = []
    if result.portfolio is not None:
        digest = cache.portfolio_digest()
        cached = cache.rule_findings(digest)
        rules = cached if cached is not None else run_rules(result.portfolio)
        if cached is None:
            cache.store_rule_findings(digest, rules)
    cache.save()
    return result, resolve_lines([*result.findings, *rules])


def run(portfolio: Path | None, output_format: str, use_cache: bool = True) -> int:
    from avoplan.report import Summary, as_json, print_text

    result, findings = collect(find_portfolio(portfolio), use_cache)
    summary = Summary.of(findings, result.file_count)
    if output_format == "json":
        sys.stdout.write(as_json(findings, summary) + "\n")
    else:
        print_text(findings, summary)
    return 1 if summary.errors else 0
