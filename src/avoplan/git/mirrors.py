"""The federation members' copies (R22): fetched into bare repositories in parallel,
read through git objects only (a link is listed as a link, never followed; sizes
bounded), with git's errors told in Swedish."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from avoplan.core.errors import UserError
from avoplan.git import runner
from avoplan.git.history import RAW_LOG, Repository, raw_versions

MIRROR_BRANCH = "synk"
SHORT = 10  # a commit as documents name it


def fetch_all(jobs: Sequence[tuple[str, str, Path]]) -> list[str]:
    """Fetch each (source, revision, target) at once, one git per member in parallel,
    into a bare repository at `target` (made on first use) whose HEAD is the fetched
    commit; returns the full shas in order. Nothing is checked out: what is read later
    comes from the objects. A failure is a UserError naming the revision and source."""
    from concurrent.futures import ThreadPoolExecutor

    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(lambda job: _fetch_one(*job), jobs))


def _fetch_one(source: str, revision: str, target: Path) -> str:
    if source.startswith("-") or revision.startswith("-"):
        raise UserError(
            f"ogiltigt förråd eller revision: {source} {revision}",
            "ange en sökväg, en git-URL och en gren, tagg eller commit",
        )
    if not (target / "HEAD").is_file():
        target.mkdir(parents=True, exist_ok=True)
        _mirror_git(
            target,
            f"skapa en lokal kopia i {target}",
            "init",
            "--quiet",
            "--bare",
            f"--initial-branch={MIRROR_BRANCH}",
        )
    _mirror_git(
        target, f"hämta {revision} från {source}", "fetch", "--quiet", "--no-tags", source, revision
    )
    sha = _mirror_git(
        target, f"läsa {revision} från {source}", "rev-parse", "--verify", "FETCH_HEAD^{commit}"
    ).strip()
    _mirror_git(
        target, "spara den hämtade versionen", "update-ref", f"refs/heads/{MIRROR_BRANCH}", sha
    )
    return sha


def _mirror_git(target: Path, action: str, *args: str) -> str:
    done = runner.run_text(args, target)
    if done.returncode != 0:
        raise UserError(
            f"git kunde inte {action}: {_swedish(done.stderr, done.returncode)}",
            "kontrollera förrådet och revisionen i federation.yaml",
        )
    return done.stdout


# What git says when a member cannot be fetched (its own words, in English whatever the
# locale), and how the user is told; git's detail goes to the debug log only.
_GIT_SAYS = (
    (
        (
            "does not appear to be a git repository",
            "not a git repository",
            "no such file",
            "repository not found",
            "not found",
        ),
        "förrådet finns inte eller är inget git-förråd",
    ),
    (
        (
            "couldn't find remote ref",
            "invalid refspec",
            "bad revision",
            "unknown revision",
            "not a valid object name",
            "needed a single revision",
            "not our ref",
        ),
        "grenen, taggen eller commiten finns inte i förrådet",
    ),
    (
        (
            "could not resolve host",
            "unable to access",
            "connection refused",
            "timed out",
            "network is unreachable",
            "could not read from remote",
        ),
        "förrådet kunde inte nås (nätverk eller adress)",
    ),
    (
        ("permission denied", "authentication failed", "terminal prompts disabled"),
        "åtkomst nekad till förrådet",
    ),
    (
        ("unsafe repository", "dubious ownership"),
        "förrådet ägs av en annan användare (git:s safe.directory)",
    ),
)


def _swedish(stderr: str, code: int) -> str:
    """git's error in Swedish; the English original is logged (AVOPLAN_DEBUG shows it)."""
    import logging

    logging.getLogger("avoplan.git.mirrors").debug(
        "git avslutade med kod %s: %s", code, stderr.strip()
    )
    said = stderr.lower()
    for words, swedish in _GIT_SAYS:
        if any(word in said for word in words):
            return swedish
    return f"git avslutade med felkod {code}"


def versions_of(
    top: Path, rev: str, paths: Sequence[str], max_bytes: int | None = None
) -> list[tuple[str, str, str, bytes]]:
    """(short sha, commit day, path, bytes) of every committed version of `paths` up to
    `rev`, oldest first, read from `git log` and one `git cat-file --batch` (a bare
    repository too). With `max_bytes`, a larger version is left out unread."""
    if not paths:
        return []
    log = _mirror_git(
        top,
        "läsa historiken",
        *RAW_LOG,
        "--format=%x01%H%x00%cs",
        rev,
        "--",
        *paths,
    )
    found: list[tuple[str, str, str, str]] = []
    for header, mode, blob, path in raw_versions(log):
        if mode != "120000":  # never a link
            sha, day = header.split("\x00")
            found.append((sha[:SHORT], day, path, blob))
    if max_bytes is not None:
        sizes = _sizes(top, [b for *_, b in found])
        found = [f for f in found if sizes.get(f[3], max_bytes + 1) <= max_bytes]
    blobs = Repository(top).blobs(b for *_, b in found)
    return [
        (sha, day, path, got[1])
        for sha, day, path, blob in found
        if (got := blobs.get(blob)) is not None
    ]


def _sizes(top: Path, shas: Sequence[str]) -> dict[str, int]:
    """Each blob's size, from `git cat-file --batch-check` (nothing is read)."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    done = runner.run(
        ["cat-file", "--batch-check"], top, stdin="".join(f"{sha}\n" for sha in wanted).encode()
    )
    sizes: dict[str, int] = {}
    for line in done.stdout.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
            sizes[parts[0]] = int(parts[2])
    return sizes


def has_path(top: Path, rev: str, path: str) -> bool:
    return runner.run_text(["cat-file", "-e", f"{rev}:{path}"], top).returncode == 0


@dataclass(frozen=True)
class Entry:
    """One entry of a committed tree: git's mode, object, size (None: not a blob), path."""

    mode: str
    sha: str
    size: int | None
    path: str

    @property
    def regular(self) -> bool:
        """A plain file (not a link, not a submodule)."""
        return self.mode in ("100644", "100755") and self.size is not None

    @property
    def link(self) -> bool:
        return self.mode == "120000"


def tree_at(top: Path, rev: str, folder: str) -> list[Entry]:
    """Every entry under `folder` as committed at `rev`, read from git's objects alone
    (a link is listed as a link, never followed)."""
    out = _mirror_git(
        top,
        "lista filerna",
        "ls-tree",
        "-r",
        "-z",
        "-l",
        "--full-tree",
        rev,
        "--",
        *([folder] if folder else []),
    )
    found: list[Entry] = []
    for record in out.split("\0"):
        info, tab, path = record.partition("\t")
        if not tab:
            continue
        mode, _, sha, size = info.split(maxsplit=3)
        found.append(Entry(mode, sha, int(size) if size.strip().isdigit() else None, path))
    return found


def safe_relative(path: str) -> bool:
    """Whether a path from a tree stays below the folder it is written into."""
    parts = path.split("/")
    return all(part not in ("", ".", "..", ".git") and "\\" not in part for part in parts)


CHUNK_BYTES = 64 * 1024 * 1024  # blobs read per `git cat-file --batch`: bounded memory


def write_blobs(top: Path, entries: Sequence[tuple[Entry, str]], target: Path) -> None:
    """Write each (entry, path below `target`) as a new regular file, from git's objects
    (never through a link: the folder is new and every file is created exclusively)."""
    chunk: list[tuple[Entry, str]] = []
    size = 0
    for entry, relative in entries:
        chunk.append((entry, relative))
        size += entry.size or 0
        if size >= CHUNK_BYTES:
            _write_chunk(top, chunk, target)
            chunk, size = [], 0
    _write_chunk(top, chunk, target)


def _write_chunk(top: Path, chunk: Sequence[tuple[Entry, str]], target: Path) -> None:
    if not chunk:
        return
    blobs = Repository(top).blobs(entry.sha for entry, _ in chunk)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for entry, relative in chunk:
        found = blobs.get(entry.sha)
        if found is None:
            raise UserError(
                f"git kunde inte läsa {entry.path} i {top}", "kör 'avoplan federation sync' igen"
            )
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o644)
        with os.fdopen(fd, "wb") as file:
            file.write(found[1])
