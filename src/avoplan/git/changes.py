"""Every change to a set of files over a range of commits, read in bulk: one `git log
--raw` for the commits (merges against each parent), one `cat-file --batch` for every blob
they name, with the organisation.yaml and .mailmap each commit is judged against. What
`verify` and the history commands read; `history.Repository` runs git for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from avoplan.git.history import Repository, blob_name, unquote


@dataclass(frozen=True)
class Touched:
    """One file as one commit left it, against each of the commit's parents (a merge has
    several), with what judging it needs as committed before the commit: organisation.yaml
    and .mailmap of the first parent (the commit's own for a first commit)."""

    sha: str
    author_name: str
    author_email: str
    when: datetime
    signature: str  # git's %G? letter: G good, N none, B bad, U untrusted, ...
    signer: str  # the principal (e-mail) a good SSH signature was made by
    path: str
    after: bytes | None
    befores: tuple[bytes | None, ...]
    organisation: bytes | None
    mailmap: bytes | None


_LOG_FORMAT = "%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%G?%x00%GS"


def touched(
    repo: Repository,
    folders: list[str],
    organisation: str,
    since: str | None,
    signers: Path | None = None,
    until: str | None = None,
) -> list[Touched]:
    """Every change to files under `folders` from `since` (exclusive) to `until` (HEAD),
    oldest first, merges included with their own changes against each parent
    (`--full-history -m`, so an evil merge is seen). With `signers` (an allowed-signers
    file) signatures are checked."""
    repo.require_history(since)
    tip = repo.resolve(until) if until else "HEAD"
    span = f"{repo.resolve(since)}..{tip}" if since else tip
    config = ["-c", f"gpg.ssh.allowedSignersFile={signers}"] if signers else []
    form = _LOG_FORMAT if signers else _LOG_FORMAT.replace("%G?", "N").replace("%GS", "")
    log = repo.run(
        *config,
        "-c",
        "core.quotePath=false",
        "log",
        "--reverse",
        "--full-history",
        "-m",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        f"--format={form}",
        span,
        "--",
        *(folders or ["."]),
    )
    commits = _commits(log)
    names = [name for c in commits for name in _wanted(c, organisation)]
    blobs = repo.blobs(names)

    def text(name: str | None) -> bytes | None:
        found = blobs.get(name) if name else None
        return found[1] if found else None

    return [
        Touched(
            c.sha,
            c.name,
            c.email,
            c.when,
            c.signature,
            c.signer,
            path,
            text(c.after(path)),
            tuple(text(n) for n in c.befores(path)),
            text(f"{c.origin}:{organisation}"),
            text(f"{c.origin}:.mailmap"),
        )
        for c in commits
        for path in c.paths
    ]


@dataclass
class _Commit:
    sha: str
    parents: list[str]
    name: str
    email: str
    when: datetime
    signature: str
    signer: str
    paths: list[str]
    raw: dict[str, tuple[str, str]]  # path -> (blob before, blob after) from the first block

    @property
    def origin(self) -> str:
        """Where the rules in force come from: the first parent, or the commit itself."""
        return self.parents[0] if self.parents else self.sha

    def after(self, path: str) -> str | None:
        """The object name of `path` in this commit: the blob git's raw diff names (no
        tree walk), or `sha:path` for a merge."""
        if len(self.parents) > 1:
            return f"{self.sha}:{path}"
        return blob_name(self.raw[path][1])

    def befores(self, path: str) -> list[str | None]:
        if len(self.parents) > 1:
            return [f"{p}:{path}" for p in self.parents]
        return [blob_name(self.raw[path][0])] if self.parents else []


def _commits(log: str) -> list[_Commit]:
    found: dict[str, _Commit] = {}
    for block in log.split("\x01")[1:]:
        header, _, rest = block.partition("\n")
        sha, parents, name, email, when, signature, signer = header.split("\x00")
        commit = found.setdefault(
            sha,
            _Commit(
                sha,
                parents.split(),
                name,
                email,
                datetime.fromisoformat(when),
                signature,
                signer,
                [],
                {},
            ),
        )
        for line in rest.splitlines():
            if line.startswith(":") and "\t" in line:
                info, path = line.split("\t", 1)
                path = unquote(path)
                if path not in commit.paths:
                    commit.paths.append(path)
                    fields = info.split()
                    commit.raw[path] = (fields[2], fields[3])
    return list(found.values())


def _wanted(commit: _Commit, organisation: str) -> list[str]:
    names = [f"{commit.origin}:{organisation}", f"{commit.origin}:.mailmap"]
    for path in commit.paths:
        names += [n for n in (commit.after(path), *commit.befores(path)) if n]
    return names
