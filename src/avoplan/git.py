"""The one module that talks to git. gitpython is imported lazily: most commands never
need it, and importing it looks for the git executable."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from avoplan.errors import UserError

if TYPE_CHECKING:
    from git import GitCommandError, Repo

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
            sha = str(repo.git.rev_parse("HEAD", short=True))
            dirty = repo.is_dirty(untracked_files=True, path=str(path.resolve()))
        except git.GitCommandError as exc:
            if _unborn(repo):
                return None
            raise user_error(exc) from exc
    return f"{sha} ({CHANGED})" if dirty else sha


def _unborn(repo: Repo) -> bool:
    """A repository without a first commit; read from the files, so a repository git
    refuses to open (dubious ownership) is not mistaken for one."""
    from git import SymbolicReference

    try:
        SymbolicReference.dereference_recursive(repo, "HEAD")
    except ValueError:
        return True
    return False


def user_error(exc: GitCommandError) -> UserError:
    """A git failure as one Swedish line, with what usually fixes it."""
    stderr = str(exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n")
    first = stderr.splitlines()[0].removeprefix("fatal:").strip() if stderr else ""
    message = f"git misslyckades: {first}" if first else "git misslyckades"
    if "dubious ownership" in stderr:
        found = re.search(r"git config --global --add safe\.directory \S+", stderr)
        command = found[0] if found else "git config --global --add safe.directory MAPP"
        return UserError(message, f"kör '{command}' eller arbeta som mappens ägare")
    return UserError(message, "kontrollera att mappen är ett fungerande git-arkiv "
                     "('git status')")
