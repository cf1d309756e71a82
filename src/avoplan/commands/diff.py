"""`avoplan diff`: what a change does to the portfolio, for pull-request review."""

from __future__ import annotations

import tempfile
from pathlib import Path

from avoplan import console
from avoplan.errors import UserError
from avoplan.models.portfolio import Portfolio
from avoplan.portfolio_diff import Issue, compare, issues
from avoplan.workspace import Workspace


def run(portfolio: Path | None, base: str | None, head: str | None, output_format: str) -> int:
    from avoplan import diff_report
    from avoplan.git import merge_base, repo_relative

    workspace = Workspace.find(portfolio)
    root = workspace.root
    base_rev = base or merge_base(root)
    with tempfile.TemporaryDirectory(prefix="avoplan-diff-") as tmp:
        old, old_issues = _version(root, base_rev, Path(tmp) / "bas")
        if head:
            new, new_issues = _version(root, head, Path(tmp) / "ny")
        else:
            new, new_issues = _load(workspace)
        change = compare(old, new, old_issues, new_issues, _ranks(old, new))
    labels = (base_rev[:10], head or "arbetskatalogen")
    if output_format == "json":
        console.json(diff_report.as_dict(change, *labels))
    elif output_format == "github":
        prefix = repo_relative(root)
        console.raw(diff_report.github(change, "" if prefix == "." else prefix + "/"))
    else:
        console.raw(diff_report.markdown(change, *labels))
    return 1 if change.introduces_errors else 0


def _version(root: Path, rev: str, target: Path) -> tuple[Portfolio | None, list[Issue]]:
    from avoplan.git import export_tree

    try:
        export_tree(root, rev, root, target)
    except UserError as exc:
        if "finns inte i" in exc.message:
            return None, []  # the portfolio did not exist yet at that revision
        raise
    return _load(Workspace(target))


def _load(workspace: Workspace) -> tuple[Portfolio | None, list[Issue]]:
    checked = workspace.check(use_cache=False)
    return checked.portfolio, issues(checked.findings, workspace.root)


def _ranks(old: Portfolio | None, new: Portfolio | None
           ) -> tuple[dict[str, int], dict[str, int]]:
    """Places on the priority list before and after, when the list can be made."""
    from avoplan.prioritet import prioritetslista

    def places(portfolio: Portfolio | None) -> dict[str, int]:
        if portfolio is None:
            return {}
        try:
            return {p.id: p.plats for p in prioritetslista(portfolio).placeringar}
        except UserError:
            return {}

    return places(old), places(new)
