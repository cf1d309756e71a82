"""A Workspace's committed history: every change to behov and projekt as data, with the
organisation and .mailmap committed before it, and the SSH keys that sign decisions."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from avoplan.core.errors import UserError
from avoplan.core.findings import has_errors
from avoplan.models.organisation import Organisation, Person
from avoplan.models.portfolio import BEHOV, MOTE, ORGANISATION, PROJEKT
from avoplan.workspace.checking import Checker
from avoplan.workspace.items import KEYS, Items

if TYPE_CHECKING:
    from avoplan.git.history import Repository
    from avoplan.granskning.verification import DecisionRange, FileChange

BASELINE = "avoplan-verifierad"  # the tag CI moves to the last verified commit
T = TypeVar("T")


class History:
    """What git says of the portfolio (verify, allowed-signers): reads the work tree
    through `items`, the keys in nycklar/ through `checker`."""

    def __init__(self, items: Items, checker: Checker) -> None:
        self.items, self.checker = items, checker
        self.root = items.root

    def need_history(
        self, wanted: Mapping[str, Sequence[str]], rev: str = "HEAD"
    ) -> dict[str, list[tuple[str, str, str, Any]]]:
        """Every committed version of the wanted needs, by member code (the home code, or
        '' outside a federation, for this portfolio's own git history up to `rev`; the
        others from their synced copies), as (short sha, day, need id, data), oldest
        first."""
        from avoplan.git.history import CannotCompare, Repository
        from avoplan.git.mirrors import versions_of

        home = self.items.home_code() or ""
        synced = self.items.federation_copies().synced()
        found: dict[str, list[tuple[str, str, str, Any]]] = {}
        for code, needs in wanted.items():
            if code == home:
                try:
                    repo = Repository.at(self.root)
                except CannotCompare:  # not in git: no history to read
                    continue
                paths = [repo.relative(self.items.item_path(n)) for n in needs]
                rows = (
                    [
                        (s, d, Path(p).stem, raw)
                        for s, d, p, raw in versions_of(repo.top, rev, paths)
                    ]
                    if repo.commit(rev)
                    else []
                )
            elif code in synced:
                rows = self.items.federation_copies().history(code, synced[code], needs)
            else:
                continue
            found[code] = [(s, d, need, _data(raw)) for s, d, need, raw in rows]
        return found

    def decision_changes(
        self, since: str | None, signers: Path | None = None, until: str | None = None
    ) -> list[FileChange]:
        """Every committed change to behov, projekt and möten files after `since` up to
        `until` (HEAD), oldest first, as data, each with the organisation and .mailmap
        committed before it (never the working tree). With `signers` (an allowed-signers
        file) each commit's signature is checked."""
        from avoplan.git.changes import touched
        from avoplan.git.history import Repository
        from avoplan.granskning.verification import FileChange

        repo = Repository.at(self.root)
        folders, organisation = self._review_paths(repo)
        orgs = _Memo(_organisation)
        maps = _Memo(_aliases)
        data = _Memo(_data)  # a file's version after one commit is the next one's before
        return [
            FileChange(
                t.sha,
                t.author_name,
                t.author_email,
                t.when,
                t.path,
                tuple(data(b) for b in t.befores),
                data(t.after),
                orgs(t.organisation),
                maps(t.mailmap),
                t.signature,
                t.signer,
            )
            for t in touched(repo, folders, organisation, since, signers, until)
        ]

    def item_commits(
        self, decisions: Mapping[str, Sequence[tuple[str, str]]]
    ) -> dict[str, tuple[str | None, list[str | None]]]:
        """For each behov or projekt (by id) and its decisions as (datum, till): the last
        commit that changed its file, and the commit that first held each decision in its
        place. One `git log --raw` over the files' folders, and the blobs of earlier
        versions only for files with decisions changed more than once. None for what is
        not committed; nothing outside git or in a shallow clone (whatever came before
        its first commit is not known there)."""
        from avoplan.git.history import CannotCompare, Repository

        try:
            repo = Repository.at(self.root)
        except CannotCompare:
            return {}
        if not decisions or repo.shallow or repo.commit("HEAD") is None:
            return {}
        base = repo.relative(self.root)
        paths = {
            key: f"{base}/{path}" if base else path
            for key in decisions
            if (path := self.items.item_path(key).relative_to(self.root).as_posix())
        }
        folders = sorted({path.rsplit("/", 1)[0] for path in paths.values()})
        versions = repo.file_versions("HEAD", folders)
        listed = repo.run("status", "--porcelain", "-z", "--", *folders, check=False)
        dirty = {entry[3:] for entry in listed.split("\0") if len(entry) > 3}
        blobs = repo.blobs(
            blob
            for key, path in paths.items()
            if decisions[key]
            for blob in _to_read(versions.get(path, []), dirty=path in dirty)
        )
        data = _Memo(_data)
        found: dict[str, tuple[str | None, list[str | None]]] = {}
        for key, path in paths.items():
            held = versions.get(path, [])
            last = None if path in dirty or not held else held[-1][0]
            before = held[:-1] if last else held
            found[key] = (
                held[-1][0] if held else None,
                [
                    next(
                        (sha for sha, blob in before if _holds(data(_raw(blobs, blob)), i, d)),
                        last,
                    )
                    for i, d in enumerate(decisions[key])
                ],
            )
        return found

    def refuse_unverifiable_commit(self, decider: Person) -> None:
        """Before `advance --commit`: refuse a commit `verify` would reject, one whose git
        author is neither `decider` nor a registrator in organisation.yaml (and .mailmap)
        as committed at HEAD, which is what verify judges the commit by."""
        from avoplan.git.history import CannotCompare, Repository
        from avoplan.git.repo import user_email
        from avoplan.granskning.verification import may_register

        try:
            repo = Repository.at(self.root)
        except CannotCompare:  # outside git: the commit itself refuses, saying why
            return
        _, organisation = self._review_paths(repo)
        committed = repo.commit("HEAD") is not None
        org = (
            _organisation(_blob(repo, "HEAD", organisation))
            if committed
            else self._worktree_organisation()
        )
        aliases = _aliases(_blob(repo, "HEAD", ".mailmap") if committed else None)
        email = user_email(self.root)
        if org is not None and email and may_register(org, aliases, decider.id, email):
            return
        raise UserError(
            f"commiten skulle underkännas av 'avoplan verify': git-identiteten "
            f"{email or '(saknas)'} är varken beslutsfattaren {decider.namn} "
            f"<{decider.epost}> eller registrator i den incheckade organisation.yaml",
            f"gör commiten som beslutsfattaren eller en registrator (sätt 'git config "
            f"user.email {decider.epost}' eller en registrators adress), eller utelämna "
            "--commit och låt registrator checka in beslutet",
        )

    def baseline(self) -> str | None:
        """The tag `avoplan-verifierad` when the repository has it: verify starts there."""
        from avoplan.git.history import Repository

        return BASELINE if Repository.at(self.root).commit(f"refs/tags/{BASELINE}") else None

    def decision_range(
        self,
        since: str | None,
        until: str | None = None,
        signers: Path | None = None,
        *,
        worktree: bool = False,
    ) -> DecisionRange:
        """What judging the decisions of a range needs: its changes (with `worktree`, the
        uncommitted ones as well, as the git identity would commit them), and, when the
        range has a base (where `until` left `since`: a pull request's merge base), the
        trust taken from it and the identities the range alters."""
        from avoplan.git.history import Repository
        from avoplan.granskning.verification import (
            DecisionRange,
            Trust,
            alias_changes,
            identity_changes,
        )

        repo = Repository.at(self.root)
        _, organisation = self._review_paths(repo)
        changes = self.decision_changes(since, signers, until)
        if worktree:
            changes += self._uncommitted_changes(repo)
        if since is None:
            return DecisionRange(changes, None, [], organisation)
        base = repo.merge_base(repo.resolve(since), repo.resolve(until or "HEAD"))
        found = repo.blobs([f"{base}:{organisation}", f"{base}:.mailmap"])
        raw_org, raw_map = (found.get(f"{base}:{n}") for n in (organisation, ".mailmap"))
        trust = Trust(
            _organisation(raw_org[1] if raw_org else None),
            _aliases(raw_map[1] if raw_map else None),
        )
        head, aliases = self._identities_at(repo, None if worktree else until or "HEAD")
        return DecisionRange(
            changes,
            trust,
            identity_changes(trust.organisation, head) + alias_changes(trust.aliases, aliases),
            organisation,
        )

    def _identities_at(
        self, repo: Repository, rev: str | None
    ) -> tuple[Organisation | None, dict[str, str]]:
        """The organisation and .mailmap aliases at `rev`, or in the working tree (None)."""
        _, organisation = self._review_paths(repo)
        if rev is not None:
            return (
                _organisation(_blob(repo, rev, organisation)),
                _aliases(_blob(repo, rev, ".mailmap")),
            )
        mailmap = repo.top / ".mailmap"
        return (
            self._worktree_organisation(),
            _aliases(mailmap.read_bytes() if mailmap.is_file() else None),
        )

    def _review_paths(self, repo: Repository) -> tuple[list[str], str]:
        folders = [repo.relative(self.root / str(k.folder)) for k in (BEHOV, PROJEKT, MOTE)]
        return folders, repo.relative(self.root / str(ORGANISATION.file))

    def _worktree_organisation(self) -> Organisation | None:
        path = self.root / str(ORGANISATION.file)
        return _organisation(path.read_bytes() if path.is_file() else None)

    def _uncommitted_changes(self, repo: Repository) -> list[FileChange]:
        """The behov and projekt files that differ from HEAD, as one change the git
        identity would commit (sha ''), judged by the organisation at HEAD."""
        from datetime import datetime

        from avoplan.git.repo import user_email
        from avoplan.granskning.verification import FileChange

        folders, organisation = self._review_paths(repo)
        if repo.commit("HEAD") is None:
            return []
        changed = repo.changed_files("HEAD", None, "")
        paths = sorted(
            {p for _, old, new in changed for p in (old, new) if p and _under(p, folders)}
        )
        if not paths:
            return []
        email = user_email(self.root) or ""
        tracked = {old for letter, old, _ in changed if letter != "A" and old}
        befores = repo.blobs(f"HEAD:{p}" for p in paths if p in tracked)
        org = _organisation(_blob(repo, "HEAD", organisation))
        maps = _aliases(_blob(repo, "HEAD", ".mailmap"))
        top = repo.top
        return [
            FileChange(
                "",
                email,
                email,
                datetime.now().astimezone(),
                p,
                (_data(b[1]) if (b := befores.get(f"HEAD:{p}")) else None,),
                _data((top / p).read_bytes()) if (top / p).is_file() else None,
                org,
                maps,
            )
            for p in paths
        ]

    def allowed_signers(self, rev: str | None = None) -> str:
        """git's allowed-signers file for signed decisions: each person's address in
        organisation.yaml with their public keys in nycklar/<person-id>.pub, from the
        working tree, or as committed at `rev` (verify trusts only committed files)."""
        from avoplan.granskning.nycklar import allowed_signers

        if rev is None:
            keys, _ = self.checker.key_files()
            return allowed_signers(self.items.organisation(), keys)
        from avoplan.git.history import Repository

        repo = Repository.at(self.root)
        sha = repo.resolve(rev)
        name = f"{sha}:{repo.relative(self.root / str(ORGANISATION.file))}"
        found = repo.blobs([name]).get(name)
        org = _organisation(found[1] if found else None)
        if org is None:
            raise UserError(
                f"organisation.yaml kan inte läsas i {rev}",
                "signerade beslut prövas mot organisationen som den är incheckad",
            )
        files = repo.files_at(sha, repo.relative(self.root / KEYS))
        return allowed_signers(
            org,
            {
                Path(n).stem: b.decode("utf-8", "replace")
                for n, b in files.items()
                if n.endswith(".pub")
            },
        )

    @contextmanager
    def allowed_signers_file(self, since: str | None) -> Iterator[Path]:
        """The allowed signers as committed where HEAD left `since` (the reviewed base: a
        change cannot add its own key), or at HEAD, in a temporary file for git."""
        import tempfile

        base = None
        if since:
            from avoplan.git.history import Repository

            repo = Repository.at(self.root)
            base = repo.merge_base(repo.resolve(since), repo.resolve("HEAD"))
        text = self.allowed_signers(base or "HEAD")
        with tempfile.TemporaryDirectory(prefix="avoplan-signers-") as tmp:
            path = Path(tmp) / "allowed_signers"
            path.write_text(text, encoding="utf-8")
            yield path


def _raw(blobs: Mapping[str, tuple[str, bytes] | None], name: str) -> bytes | None:
    found = blobs.get(name)
    return found[1] if found else None


def _to_read(versions: list[tuple[str, str]], *, dirty: bool) -> list[str]:
    """The blobs to read to tell which version added a decision: every version but the
    last when the work tree holds the last (it holds every decision), else all."""
    return [blob for _, blob in (versions if dirty else versions[:-1])]


def _holds(data: Any, index: int, wanted: tuple[str, str]) -> bool:
    """Whether a version's data has the decision (datum, till) at `index`."""
    beslut = data.get("beslut") if isinstance(data, dict) else None
    if not isinstance(beslut, list) or len(beslut) <= index:
        return False
    entry = beslut[index]
    return isinstance(entry, dict) and (str(entry.get("datum")), str(entry.get("till"))) == wanted


def _under(path: str, folders: list[str]) -> bool:
    return any(path.startswith(f"{folder}/") or not folder for folder in folders)


def _blob(repo: Repository, rev: str, path: str) -> bytes | None:
    found = repo.blobs([f"{rev}:{path}"]).get(f"{rev}:{path}")
    return found[1] if found else None


def _aliases(raw: bytes | None) -> dict[str, str]:
    from avoplan.granskning.verification import mailmap_aliases

    return mailmap_aliases((raw or b"").decode("utf-8", "replace"))


def _data(raw: bytes | None) -> Any:
    """YAML bytes as data; a version that cannot be read holds no decisions ({})."""
    from avoplan.store.yaml_io import decode, parse
    from avoplan.store.yaml_problems import YamlFileError

    if raw is None:
        return None
    try:
        return parse(decode(raw))
    except (YamlFileError, UnicodeDecodeError):
        return {}


def _organisation(raw: bytes | None) -> Organisation | None:
    """A committed organisation.yaml, or None when it is missing or invalid."""
    from avoplan.store.validation import validate

    data = _data(raw)
    if not isinstance(data, dict):
        return None
    instance, findings = validate(Organisation, data, Path(str(ORGANISATION.file)))
    return instance if isinstance(instance, Organisation) and not has_errors(findings) else None


class _Memo(Generic[T]):
    """Parse each distinct blob once: 300 commits share a handful of organisations."""

    def __init__(self, make: Callable[[bytes | None], T]) -> None:
        self.make = make
        self.seen: dict[bytes | None, T] = {}

    def __call__(self, raw: bytes | None) -> T:
        if raw not in self.seen:
            self.seen[raw] = self.make(raw)
        return self.seen[raw]
