"""The one module that talks to git (gitpython, imported lazily: it is slow to load).

Every git failure becomes a UserError with a Swedish hint.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avoplan.core.errors import UserError

if TYPE_CHECKING:
    from git import GitCommandError, Repo


@dataclass(frozen=True)
class Version:
    """One commit's version of a file."""

    sha: str
    author_name: str
    author_email: str
    when: datetime
    text: str


def repo_for(path: Path) -> Repo | None:
    """The git repository holding `path`, or None when it is not versioned."""
    from git import InvalidGitRepositoryError, NoSuchPathError, Repo

    try:
        return Repo(path if path.is_dir() else path.parent, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        return None


def _run(action: str, call: Any, *args: Any, **kwargs: Any) -> Any:
    from git import GitCommandError

    try:
        return call(*args, **kwargs)
    except GitCommandError as exc:
        raise user_error(exc, action) from None


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


@dataclass(frozen=True)
class Revision:
    """A commit as a rendered document names it: short sha and the day it was made."""

    short: str
    day: date


def revision(path: Path, rev: str = "HEAD") -> Revision | None:
    """`rev` of the repository holding `path`; None outside git or without commits."""
    repo = repo_for(path)
    if repo is None or _unborn(repo):
        return None
    with repo:
        sha = _resolve(repo, rev)
        short = str(_run("läsa revisionen", repo.git.rev_parse, sha, short=True))
        day = str(_run("läsa revisionen", repo.git.log, "-1", "--format=%cs", sha)).strip()
    return Revision(short, date.fromisoformat(day))


def _resolve(repo: Repo, rev: str) -> str:
    from git import BadName

    try:
        return str(repo.commit(rev).hexsha)
    except (BadName, ValueError):
        raise UserError(f"okänd revision '{rev}'", "ange en commit, gren eller tagg") from None


def _unborn(repo: Repo) -> bool:
    """A repository without a first commit; read from the files, so a repository git
    refuses to open (dubious ownership) is not mistaken for one."""
    from git import SymbolicReference

    try:
        SymbolicReference.dereference_recursive(repo, "HEAD")
    except ValueError:
        return True
    return False


def user_error(exc: GitCommandError, action: str | None = None) -> UserError:
    """A git failure as one Swedish line, with what usually fixes it."""
    stderr = str(exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n")
    first = stderr.splitlines()[0].removeprefix("fatal:").strip() if stderr else ""
    failed = f"git kunde inte {action}" if action else "git misslyckades"
    message = f"{failed}: {first}" if first else failed
    if "dubious ownership" in stderr:
        found = re.search(r"git config --global --add safe\.directory \S+", stderr)
        command = found[0] if found else "git config --global --add safe.directory MAPP"
        return UserError(message, f"kör '{command}' eller arbeta som mappens ägare")
    return UserError(message, "kontrollera att mappen är ett fungerande git-arkiv ('git status')")


def user_email(path: Path) -> str | None:
    """Who runs the command, as git would record the author."""
    if os.environ.get("GIT_AUTHOR_EMAIL"):
        return os.environ["GIT_AUTHOR_EMAIL"]
    repo = repo_for(path)
    if repo is None:
        return None
    reader = repo.config_reader()
    value = reader.get_value("user", "email", default="")
    return str(value) or None


def ids_on_branches(path: Path, folder: Path) -> set[str]:
    """File stems under `folder` on every local branch (ids taken elsewhere)."""
    repo = repo_for(path)
    if repo is None or not repo.head.is_valid():
        return set()
    rel = _relative(repo, folder)
    stems: set[str] = set()
    for head in repo.heads:
        listing = _run("lista filer", repo.git.ls_tree, "-r", "--name-only", head.name, "--", rel)
        stems |= {Path(name).stem for name in listing.splitlines() if name}
    return stems


def has_uncommitted_changes(file: Path) -> bool:
    """A tracked file that differs from HEAD (staged or not); new files do not count."""
    repo = repo_for(file)
    if repo is None or not repo.head.is_valid():
        return False
    status = _run("läsa status", repo.git.status, "--porcelain", "--", _relative(repo, file))
    return any(line and not line.startswith("??") for line in status.splitlines())


def commit_files(files: list[Path], message: str) -> str:
    """Commit exactly `files` (other staged changes stay staged); returns the short sha."""
    repo = repo_for(files[0])
    if repo is None:
        raise UserError(
            "portföljen ligger inte i ett git-förråd", "kör 'git init' eller utelämna --commit"
        )
    rel = [_relative(repo, f) for f in files]
    _run("lägga till filerna", repo.git.add, "--", *rel)
    try:
        _run("göra commit", repo.git.commit, "--only", "-m", message, "--", *rel)
    except UserError:
        # Staged for this commit only: unstage them so a refused commit (a hook, say)
        # leaves the index as it was; the caller puts the files themselves back.
        _unstage(repo, rel)
        raise
    return str(repo.head.commit.hexsha[:10])


def init_repository(root: Path, message: str) -> str:
    """`git init` at `root` (branch main), add every file and make the first commit;
    returns the short sha."""
    from git import Repo

    repo = _run("skapa git-förrådet", Repo.init, root, initial_branch="main")
    _run("lägga till filerna", repo.git.add, "-A")
    _run("göra den första commiten", repo.git.commit, "-q", "-m", message)
    return str(repo.head.commit.hexsha[:10])


def _unstage(repo: Any, rel: list[str]) -> None:
    from git import GitCommandError

    with contextlib.suppress(GitCommandError):
        repo.git.reset("-q", "--", *rel)


def file_history(file: Path) -> list[Version]:
    """Every committed version of `file`, oldest first."""
    repo = repo_for(file)
    if repo is None or not repo.head.is_valid():
        return []
    rel = _relative(repo, file)
    log = _run(
        "läsa historiken",
        repo.git.log,
        "--reverse",
        "--diff-filter=ACMRT",
        "--format=%H%x00%an%x00%ae%x00%aI",
        "--",
        rel,
    )
    versions = []
    for line in log.splitlines():
        sha, name, email, when = line.split("\x00")
        text = _run("läsa filen", repo.git.show, f"{sha}:{rel}", strip_newline_in_stdout=False)
        versions.append(Version(sha, name, email, datetime.fromisoformat(when), text))
    return versions


def export_tree(path: Path, rev: str, folder: Path, target: Path) -> str:
    """Write the files under `folder` as they were at `rev` into `target`; returns the
    full sha of `rev`."""
    repo = repo_for(path)
    if repo is None:
        raise UserError("portföljen ligger inte i ett git-förråd", "diff jämför versioner i git")
    sha = _resolve(repo, rev)
    rel = _relative(repo, folder)
    tree = repo.commit(sha).tree
    try:
        sub = tree[rel] if rel != "." else tree
    except KeyError:
        raise UserError(f"{rel} finns inte i {rev}") from None
    from git import Blob

    for blob in sub.traverse():
        if not isinstance(blob, Blob):
            continue
        out = target / Path(blob.path).relative_to(rel) if rel != "." else target / blob.path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(blob.data_stream.read())
    return sha


def _relative(repo: Repo, path: Path) -> str:
    root = Path(repo.working_tree_dir or ".").resolve()
    return str(path.resolve().relative_to(root))


def commit_everything(root: Path, message: str) -> str:
    """Make `root` a repository (branch main) with one commit of all its files, authored
    by the demo generator unless git already knows who runs it; returns the short sha."""
    from git import Repo

    repo = _run("skapa ett git-förråd", Repo.init, root, initial_branch="main")
    with repo:
        if not os.environ.get("GIT_AUTHOR_EMAIL"):  # a synthetic repository: say so
            with repo.config_writer() as config:
                config.set_value("user", "name", "avoplan demo-portfolio")
                config.set_value("user", "email", "demo@avoplan.invalid")
        _run("lägga till filerna", repo.git.add, "-A")
        _run("göra commit", repo.git.commit, "--quiet", "-m", message)
        return str(repo.head.commit.hexsha[:10])


def work_tree_state(path: Path) -> str | None:
    """HEAD's full sha and what `git status` says of the files under `path`, as text: equal
    texts mean the same commit and the same uncommitted changes. None outside git or
    before a first commit. Plain git, not gitpython: it runs before every cached render,
    where importing gitpython alone costs more than the answer."""
    from avoplan.git.runner import run_text

    try:
        head = run_text(["rev-parse", "--verify", "-q", "HEAD"], path, timeout=60)
        status = run_text(
            ["status", "--porcelain", "-z", "--untracked-files=all", "--", "."], path, timeout=60
        )
    except (OSError, UserError):
        return None
    if head.returncode != 0 or status.returncode != 0:
        return None
    return head.stdout.strip() + "\n" + status.stdout
