"""Revisions as CI gives them, and history read in bulk, through the git executable.

Pull-request review runs on actions/checkout's defaults: a shallow clone, a detached
HEAD, the base branch only as `$GITHUB_BASE_REF`. This module finds the base, fetches
what a shallow clone lacks when a remote answers, and otherwise says which
`fetch-depth` to set (exit 2: the change cannot be compared). Blobs are read through one
`git cat-file --batch` process, since a process (or a tree walk) per file is what made
`verify` slow.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from avoplan.core.errors import UsageError
from avoplan.git import runner

DEPTH_HINT = (
    "hämta hela historiken: 'fetch-depth: 0' i actions/checkout (eller 'git fetch --unshallow')"
)


class CannotCompare(UsageError):
    """The revisions cannot be compared (missing history, unknown revision): exit 2."""


@dataclass(frozen=True)
class Repository:
    """A git work tree, run through the git executable."""

    top: Path

    @classmethod
    def at(cls, path: Path) -> Repository:
        folder = path if path.is_dir() else path.parent
        done = _git_raw(folder, "rev-parse", "--show-toplevel")
        if "dubious ownership" in done.stderr:
            found = re.search(r"git config --global --add safe\.directory \S+", done.stderr)
            command = found[0] if found else f"git config --global --add safe.directory {folder}"
            raise CannotCompare(
                f"git vägrar läsa förrådet i {folder}: det ägs av en annan "
                "användare (dubious ownership)",
                f"lita på mappen med '{command}' eller arbeta som dess ägare",
            )
        if done.returncode != 0:
            raise CannotCompare(
                f"{path} ligger inte i ett git-förråd",
                "diff och verify jämför versioner i git; kör 'git init'",
            )
        return cls(Path(done.stdout.strip()))

    def run(self, *args: str, check: bool = True) -> str:
        done = _git_raw(self.top, *args)
        if check and done.returncode != 0:
            first = (done.stderr.strip().splitlines() or [""])[0].removeprefix("fatal:").strip()
            raise CannotCompare(
                f"git {args[0]} misslyckades: {first}",
                "kontrollera revisionerna ('git log --oneline')",
            )
        return done.stdout if done.returncode == 0 else ""

    def ok(self, *args: str) -> bool:
        return _git_raw(self.top, *args).returncode == 0

    def relative(self, path: Path) -> str:
        rel = path.resolve().relative_to(self.top.resolve()).as_posix()
        return "" if rel == "." else rel

    @property
    def shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository", check=False).strip() == "true"

    def remote(self) -> str | None:
        names = self.run("remote", check=False).split()
        return "origin" if "origin" in names else (names[0] if names else None)

    # --- revisions ---------------------------------------------------------------------

    def commit(self, rev: str) -> str | None:
        if rev.startswith("-"):
            return None
        out = self.run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        return out.strip() or None

    def resolve(self, rev: str) -> str:
        """The full sha of `rev`, fetching a remote branch a shallow clone has not seen."""
        sha = self.commit(rev)
        if sha is None and self._fetch_branch(rev):
            sha = self.commit(rev)
        if sha is None:
            raise CannotCompare(
                f"okänd revision '{rev}'",
                "ange en commit, gren eller tagg som finns i klonen; i CI: " + DEPTH_HINT,
            )
        return sha

    def _fetch_branch(self, rev: str) -> bool:
        remote = self.remote()
        if remote is None or rev.startswith("-") or not rev.startswith(f"{remote}/"):
            return False
        branch = rev.removeprefix(f"{remote}/")
        return self.ok(
            "fetch",
            "--quiet",
            "--no-tags",
            remote,
            f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}",
        )

    def default_base(self) -> str:
        """`$GITHUB_BASE_REF` (a pull request's target), the branch's upstream when it
        is another branch, `origin/HEAD`, else `main`."""
        remote = self.remote() or "origin"
        target = os.environ.get("GITHUB_BASE_REF")
        if target:
            return f"{remote}/{target}" if self.remote() else target
        upstream = self.run(
            "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}", check=False
        ).strip()
        branch = self.run("rev-parse", "--abbrev-ref", "HEAD", check=False).strip()
        if upstream and upstream.split("/", 1)[-1] != branch:
            return upstream
        if self.commit(f"{remote}/HEAD"):
            return self.run("rev-parse", "--abbrev-ref", f"{remote}/HEAD").strip()
        return "main"

    def merge_base(self, base: str, head: str) -> str:
        """Where `head` left `base`, deepening a shallow clone when a remote answers."""
        found = self.run("merge-base", base, head, check=False).strip()
        if not found and self.shallow and self.unshallow():
            found = self.run("merge-base", base, head, check=False).strip()
        if not found:
            raise CannotCompare(
                f"hittar ingen gemensam bas för {base} och {head}"
                + (" (grund klon)" if self.shallow else ""),
                DEPTH_HINT,
            )
        return found

    def unshallow(self) -> bool:
        remote = self.remote()
        return remote is not None and self.ok(
            "fetch", "--quiet", "--no-tags", "--unshallow", remote
        )

    def require_history(self, since: str | None) -> None:
        """A whole-history read in a shallow clone would take the shallow edge for the first
        commit; fetch the rest, or refuse."""
        if not self.shallow:
            return
        if since is not None and self.ok("merge-base", "--is-ancestor", since, "HEAD"):
            return
        if not self.unshallow():
            raise CannotCompare(
                "klonen är grund, så historiken " + (f"sedan {since} " if since else "") + "saknas",
                DEPTH_HINT,
            )

    # --- bulk reading ------------------------------------------------------------------

    def blobs(self, names: Iterable[str]) -> dict[str, tuple[str, bytes] | None]:
        """Each object name (`sha`, `rev:path`) as (blob sha, bytes), None when missing;
        all in one `git cat-file --batch`."""
        wanted = list(dict.fromkeys(names))
        if not wanted:
            return {}
        if any("\n" in name for name in wanted):
            raise CannotCompare(
                "ett filnamn innehåller en radbrytning",
                "byt namn på filen; git-objekt läses rad för rad",
            )
        done = runner.run(
            ["cat-file", "--batch"], self.top, stdin="".join(f"{n}\n" for n in wanted).encode()
        )
        return dict(zip(wanted, _batch_objects(done.stdout), strict=True))

    def file_versions(self, rev: str, folders: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """Every committed version of each file under `folders` up to `rev`, by path from
        the repository's top: (commit sha, blob sha), oldest first. One `git log --raw`;
        no blob is read. A file deleted in a commit has no version there."""
        if not folders:
            return {}
        log = self.run(*RAW_LOG, "--format=%x01%H", rev, "--", *folders)
        found: dict[str, list[tuple[str, str]]] = {}
        for sha, _, blob, path in raw_versions(log):
            found.setdefault(path, []).append((sha.strip(), blob))
        return found

    def files_at(self, rev: str, folder: str) -> dict[str, bytes]:
        """Every file under `folder` as committed at `rev`, by path below `folder`."""
        listing = self.run("ls-tree", "-r", "-z", "--name-only", rev, "--", folder)
        paths = [p for p in listing.split("\0") if p]
        found = self.blobs(f"{rev}:{p}" for p in paths)
        return {
            p.removeprefix(folder + "/"): blob[1]
            for p in paths
            if (blob := found.get(f"{rev}:{p}"))
        }

    def same_as_worktree(self, rev: str, folder: str) -> bool:
        """Whether the files under `folder` in the work tree are exactly those of `rev`
        (no change, no untracked file)."""
        spec = folder or "."
        return (
            self.ok("diff", "--quiet", "--no-ext-diff", rev, "--", spec)
            and not self.run(
                "ls-files", "--others", "--exclude-standard", "--", spec, check=False
            ).strip()
        )

    def changed_files(
        self, base: str, head: str | None, folder: str
    ) -> list[tuple[str, str | None, str | None]]:
        """(status letter A/D/M/R, path before, path after) of each file under `folder`
        between `base` and `head` (None: the working tree, untracked files included),
        paths relative to `folder`, renames found."""
        out = self.run(
            "diff",
            "--name-status",
            "-M",
            "-z",
            "--no-ext-diff",
            base,
            *([head] if head else []),
            "--",
            folder or ".",
        )
        fields = out.split("\0")
        found: list[tuple[str, str | None, str | None]] = []
        index = 0
        while index + 1 < len(fields) and fields[index]:
            letter = fields[index][0]
            if letter in "RC":
                old, new = fields[index + 1], fields[index + 2]
                index += 3
            else:
                old = new = fields[index + 1]
                index += 2
            found.append(
                (
                    letter,
                    None if letter == "A" else _below(old, folder),
                    None if letter == "D" else _below(new, folder),
                )
            )
        if head is None:
            untracked = self.run(
                "ls-files", "-z", "--others", "--exclude-standard", "--", folder or "."
            )
            found += [("A", None, _below(p, folder)) for p in untracked.split("\0") if p]
        return found

    def archive(self, rev: str, folder: str, target: Path) -> bool:
        """Write the files under `folder` at `rev` into `target` (git's own checkout into
        a private index: C speed for 10,000 files); False when the folder did not exist."""
        spec = f"{rev}:{folder}" if folder else f"{rev}:"
        if not self.ok("cat-file", "-e", spec):
            return False
        target.mkdir(parents=True, exist_ok=True)
        index = target.parent / f".{target.name}.index"
        env = {"GIT_INDEX_FILE": str(index)}
        for args in (["read-tree", spec], ["checkout-index", "-a", f"--prefix={target}/"]):
            done = runner.run(args, self.top, env=env)
            if done.returncode != 0:
                raise CannotCompare(f"git kunde inte läsa {spec}", DEPTH_HINT)
        index.unlink(missing_ok=True)
        return True


def _below(path: str, folder: str) -> str:
    return path.removeprefix(folder + "/") if folder else path


def _batch_objects(out: bytes) -> Iterable[tuple[str, bytes] | None]:
    pos = 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].decode("utf-8", "replace").split(" ")
        pos = end + 1
        if header[-1] == "missing" or header[-1] == "ambiguous":
            yield None
            continue
        size = int(header[2])
        body = out[pos : pos + size]
        pos += size + 1
        yield (header[0], body) if header[1] == "blob" else None


def _git_raw(cwd: Path, *args: str) -> runner.Completed[str]:
    return runner.run_text(args, cwd)


@dataclass(frozen=True)
class Span:
    """What a diff compares: full shas (head None: the working tree) and the names the
    user gave, never cut short."""

    base: str
    head: str | None
    base_label: str
    head_label: str


def span(repo: Repository, base: str | None, head: str | None) -> Span:
    """`A...B` and `A B` compare B with where it left A (the merge base, as a pull
    request does); `A..B` compares the two tips. No base: `Repository.default_base`."""
    if base and ".." in base:
        if head:
            raise CannotCompare(f"ange antingen '{base}' eller två revisioner, inte båda")
        three = "..." in base
        left, right = base.split("..." if three else "..", 1)
        left, right = left or "HEAD", right or "HEAD"
        tip, new = repo.resolve(left), repo.resolve(right)
        return Span(repo.merge_base(tip, new) if three else tip, new, left, right)
    name = base or repo.default_base()
    old = repo.resolve(name)
    head_sha = repo.resolve(head) if head else None
    return Span(
        repo.merge_base(old, head_sha or repo.resolve("HEAD")),
        head_sha,
        name,
        head or "arbetskatalogen",
    )


# `git log` listing each commit's file versions, oldest first: with a format that starts
# with %x01 and ends its header line, `raw_versions` reads what it prints.
RAW_LOG = (
    "-c",
    "core.quotePath=false",
    "log",
    "--reverse",
    "--no-renames",
    "--raw",
    "--no-abbrev",
)


def raw_versions(log: str) -> Iterator[tuple[str, str, str, str]]:
    """(commit header, new mode, blob sha, path) of every file version that `log` (a
    `git log` run with RAW_LOG) lists; a deletion has no version and is left out."""
    for block in log.split("\x01")[1:]:
        header, _, rest = block.partition("\n")
        for line in rest.splitlines():
            if line.startswith(":") and "\t" in line:
                info, path = line.split("\t", 1)
                fields = info.split()
                blob = blob_name(fields[3])
                if blob:
                    yield header, fields[1], blob, unquote(path)


def blob_name(sha: str) -> str | None:
    return None if set(sha) == {"0"} else sha


def unquote(path: str) -> str:
    """git quotes a path holding control characters as a C string."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    import codecs

    raw = codecs.escape_decode(path[1:-1].encode("utf-8"))[0]
    return bytes(raw).decode("utf-8", "replace")
