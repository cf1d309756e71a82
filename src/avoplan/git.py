"""The one module that talks to git. gitpython is imported lazily: most commands never
need it, and importing it looks for the git executable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from avoplan.errors import UserError

if TYPE_CHECKING:
    from git import GitCommandError

CHANGED = "ändrad"


def head_commit(path: Path) -> str | None:
    """The short sha of HEAD of the repository holding `path`, marked '(ändrad)' when
    files under `path` differ from it; None when `path` is not in a git repository
    (or the repository has no commit yet)."""
    try:
        import git
    except ImportError:  # gitpython refuses to import without a git executable
        return None
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    with repo:
        try:
            if not repo.head.is_valid():
                return None
            sha = str(repo.git.rev_parse("HEAD", short=True))
            dirty = repo.is_dirty(untracked_files=True, path=str(path.resolve()))
        except git.GitCommandError as exc:
            raise user_error(exc) from exc
    return f"{sha} ({CHANGED})" if dirty else sha


def user_error(exc: GitCommandError) -> UserError:
    """A git failure as one Swedish line, with what usually fixes it."""
    detail = str(exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n")
    message = f"git misslyckades: {detail}" if detail else "git misslyckades"
    if "dubious ownership" in detail:
        return UserError(message, "lägg till mappen med 'git config --global --add "
                         "safe.directory MAPP' eller kör som mappens ägare")
    return UserError(message, "kontrollera att mappen är ett fungerande git-arkiv "
                     "('git status')")
