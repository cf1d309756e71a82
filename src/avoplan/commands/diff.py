"""`avoplan diff`: what a change does to the portfolio, for pull-request review.

Exit 0: the change introduces no errors; 1: it does; 2: the revisions cannot be compared.
Errors are the rules' and the decision check's of `verify` over the same range (R2), so the
pull-request comment and verify cannot disagree.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from avoplan.core.errors import UserError
from avoplan.git.history import Repository
from avoplan.granskning.portfolio_diff import Change, Issue, compare, file_edits, issues
from avoplan.models.portfolio import Portfolio
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(
    portfolio: Path | None,
    base: str | None,
    head: str | None,
    output_format: str,
    *,
    use_cache: bool = True,
) -> int:
    from avoplan.git.history import span
    from avoplan.granskning.verification import review
    from avoplan.ui import diff_output as diff_report

    workspace = Workspace.find(portfolio)
    repo = Repository.at(workspace.root)
    folder = repo.relative(workspace.root)
    wanted = span(repo, base, head)
    with tempfile.TemporaryDirectory(prefix="avoplan-diff-", dir=_memory_folder()) as tmp:
        side = _Side(repo, folder, workspace, use_cache=use_cache)
        old, old_issues = side.load(wanted.base, Path(tmp) / "bas")
        new, new_issues = side.load(wanted.head, Path(tmp) / "ny")
    files = file_edits(repo.changed_files(wanted.base, wanted.head, folder), new_issues)
    change = compare(old, new, old_issues, new_issues, _ranks(old, new), files)
    change.review = workspace.decision_range(wanted.base, wanted.head, worktree=wanted.head is None)
    change.verdict = review(change.review.changes, trust=change.review.trust)
    labels = (wanted.base_label, wanted.head_label)
    if output_format == "json":
        console.json(diff_report.as_dict(change, *labels, (wanted.base, wanted.head)))
    elif output_format == "github":
        console.raw(diff_report.github(change, folder + "/" if folder else ""))
    else:
        console.raw(diff_report.markdown(change, *labels))
    _step_summary(change, labels)
    return 1 if change.introduces_errors else 0


def _memory_folder() -> str | None:
    """A memory-backed folder for the other revision's files where there is one: writing
    and removing 10,000 small files on disk took longer than comparing them."""
    shm = "/dev/shm"  # noqa: S108 (a RAM-backed scratch folder, created privately by mkdtemp)
    return shm if Path(shm).is_dir() and os.access(shm, os.W_OK) else None


def _step_summary(change: Change, labels: tuple[str, str]) -> None:
    """In GitHub Actions, the job's summary page shows the Markdown report too."""
    from avoplan.ui.diff_output import markdown

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as out:
            out.write(markdown(change, *labels) + "\n")


class _Side:
    """One side of the comparison, read with as little work as the change allows: the
    working tree (or a revision it equals) through the warm cache; another revision
    written out and read through the working tree's cache, so only files that differ are
    parsed and validated."""

    def __init__(
        self, repo: Repository, folder: str, workspace: Workspace, *, use_cache: bool
    ) -> None:
        self.repo, self.folder, self.workspace, self.use_cache = (
            repo,
            folder,
            workspace,
            use_cache,
        )

    def load(self, rev: str | None, target: Path) -> tuple[Portfolio | None, list[Issue]]:
        if rev is None or self.repo.same_as_worktree(rev, self.folder):
            return _load(self.workspace, use_cache=self.use_cache)
        if not self.repo.archive(rev, self.folder, target):
            return None, []  # the portfolio did not exist yet at that revision
        return _load(Workspace(target), use_cache=self.use_cache, borrow=self.workspace)


def _load(
    workspace: Workspace, *, use_cache: bool, borrow: Workspace | None = None
) -> tuple[Portfolio | None, list[Issue]]:
    checked = workspace.check(
        use_cache=use_cache, borrow=borrow.root if borrow else None, models=True
    )
    return checked.portfolio, issues(checked.findings, workspace.root)


def _ranks(old: Portfolio | None, new: Portfolio | None) -> tuple[dict[str, int], dict[str, int]]:
    """Places on the priority list before and after, when the list can be made."""
    from avoplan.prioritet.ranking import prioritetslista

    def places(portfolio: Portfolio | None) -> dict[str, int]:
        if portfolio is None:
            return {}
        try:
            return {p.id: p.plats for p in prioritetslista(portfolio).placeringar}
        except UserError:
            return {}

    return places(old), places(new)
