"""What a change does to the portfolio, in words (for pull-request review).

Pure: compares two loaded portfolios and their findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from avoplan.core.findings import Finding, Severity
from avoplan.ekonomi.kostnad import priced
from avoplan.granskning.verification import DecisionRange, IdentityChange, Problem, Verdict
from avoplan.models.behov import Behov
from avoplan.models.initiativ import Beslut, Initiativ, Prioritetsbeslut
from avoplan.models.portfolio import KINDS, NUMBERED, Portfolio
from avoplan.models.projekt import Projekt
from avoplan.models.projektstyrning import Fasbeslut

AnyBeslut = Beslut | Prioritetsbeslut | Fasbeslut

STATUS = {
    "A": "ny",
    "D": "borttagen",
    "M": "ändrad",
    "R": "bytte namn",
    "C": "kopierad",
    "T": "ändrad",
}


@dataclass(frozen=True)
class Move:
    id: str
    titel: str
    från: str
    till: str
    beslut: tuple[Beslut, ...]


@dataclass(frozen=True)
class PhaseMove:
    """A project moved between phases of the projektmodell (R36), with the decisions."""

    id: str
    titel: str
    från: str
    till: str
    beslut: tuple[Fasbeslut, ...]


@dataclass(frozen=True)
class CostChange:
    id: str
    titel: str
    före: int | None
    efter: int | None


@dataclass(frozen=True)
class RankMove:
    id: str
    titel: str
    före: int | None
    efter: int | None


@dataclass(frozen=True)
class Issue:
    """A finding with its file relative to the portfolio, comparable across versions."""

    file: str
    line: int | None
    rule: str | None
    field: str
    severity: Severity
    message: str

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        return (self.file, self.rule, self.field, self.message)


@dataclass(frozen=True)
class FileEdit:
    """One changed file of any kind; `invalid` is its first error when the new version
    cannot be read (an invalid file is never reported as deleted)."""

    status: str
    path: str
    old_path: str | None
    kind: str
    invalid: str | None = None


@dataclass(frozen=True)
class DecisionEdit:
    """A recorded decision changed or removed afterwards (R2 forbids it): the decision as
    recorded, and for an edit each changed field (field, before, after); `how` says why a
    removed one is gone (its item or file was deleted or renamed)."""

    id: str
    titel: str
    index: int
    what: str  # "ändrat" or "borttaget"
    beslut: AnyBeslut
    lista: str = "beslut"  # or "prioritet" or "fasbeslut"
    fields: tuple[tuple[str, str, str], ...] = ()
    how: str = ""


@dataclass
class Change:
    files: list[FileEdit] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    phases: list[PhaseMove] = field(default_factory=list)
    decisions: list[DecisionEdit] = field(default_factory=list)
    costs: list[CostChange] = field(default_factory=list)
    ranks: list[RankMove] = field(default_factory=list)
    introduced: list[Issue] = field(default_factory=list)
    fixed: list[Issue] = field(default_factory=list)
    review: DecisionRange | None = None  # the decision check of the same range
    verdict: Verdict = field(default_factory=Verdict)

    @property
    def problems(self) -> list[Problem]:
        return self.verdict.problems

    @property
    def identities(self) -> list[IdentityChange]:
        return self.review.identities if self.review else []

    @property
    def introduces_errors(self) -> bool:
        """Rules and the decision check alike: one verdict."""
        return (
            any(i.severity == Severity.FEL for i in self.introduced)
            or bool(self.problems)
            or bool(self.decisions)
        )

    @property
    def empty(self) -> bool:
        return not (
            self.files
            or self.added
            or self.removed
            or self.moves
            or self.phases
            or self.decisions
            or self.costs
            or self.ranks
            or self.introduced
            or self.fixed
            or self.problems
            or self.identities
        )


def file_edits(
    changed: list[tuple[str, str | None, str | None]], head_issues: list[Issue]
) -> list[FileEdit]:
    """Git's changed files as edits with their kind, invalid ones with their error."""
    errors: dict[str, str] = {}
    for issue in head_issues:
        if issue.severity == Severity.FEL and issue.rule is None:
            errors.setdefault(issue.file, issue.message)
    return [
        FileEdit(
            STATUS.get(letter, "ändrad"),
            str(new or old),
            old if letter in "RC" else None,
            _kind(str(new or old)),
            errors.get(new) if new else None,
        )
        for letter, old, new in changed
        if not _generated(str(new or old))
    ]


def _kind(path: str) -> str:
    return next((k.title for k in KINDS if fnmatch(path, k.glob)), "annan fil")


def _generated(path: str) -> bool:
    return path.startswith(".avoplan-cache/")


def issues(findings: list[Finding], root: Path) -> list[Issue]:
    def rel(file: Path | None) -> str:
        if file is None:
            return ""
        try:
            return str(file.resolve().relative_to(root.resolve()))
        except ValueError:
            return str(file)

    return [Issue(rel(f.file), f.line, f.rule, f.field, f.severity, f.message) for f in findings]


def compare(
    base: Portfolio | None,
    head: Portfolio | None,
    base_issues: list[Issue],
    head_issues: list[Issue],
    ranks: tuple[dict[str, int], dict[str, int]] | None = None,
    files: list[FileEdit] | None = None,
) -> Change:
    change = Change(files=files or [])
    old, new = _items(base), _items(head)
    broken = _unreadable(base) | _unreadable(head)  # read on one side only: no verdict
    change.added = [(i, new[i].titel) for i in sorted(new.keys() - old.keys() - broken)]
    change.removed = [(i, old[i].titel) for i in sorted(old.keys() - new.keys() - broken)]
    for item_id in sorted(old.keys() - new.keys() - broken):
        change.decisions += _decision_edits(
            item_id, old[item_id], None, _gone(item_id, change.files)
        )
    for item_id in sorted(old.keys() & new.keys()):
        before, after = old[item_id], new[item_id]
        change.decisions += _decision_edits(item_id, before, after)
        if isinstance(before, Behov) and isinstance(after, Behov) and before.steg != after.steg:
            fresh = tuple(after.beslut[len(before.beslut) :])
            change.moves.append(
                Move(item_id, after.titel, before.steg.value, after.steg.value, fresh)
            )
        if isinstance(before, Projekt) and isinstance(after, Projekt) and before.fas != after.fas:
            new_phases = tuple(after.fasbeslut[len(before.fasbeslut) :])
            change.phases.append(
                PhaseMove(item_id, after.titel, before.fas or "–", after.fas or "–", new_phases)
            )
    for item_id in sorted((new.keys() | old.keys()) - broken):
        cost_before = _cost(base, old.get(item_id))
        cost_after = _cost(head, new.get(item_id))
        if cost_before != cost_after:
            titel = (new.get(item_id) or old[item_id]).titel
            change.costs.append(CostChange(item_id, titel, cost_before, cost_after))
    if ranks:
        change.ranks = _rank_moves(ranks, {**old, **new})
    before_keys = {i.key for i in base_issues}
    after_keys = {i.key for i in head_issues}
    change.introduced = [i for i in head_issues if i.key not in before_keys]
    change.fixed = [i for i in base_issues if i.key not in after_keys]
    return change


def _decision_edits(
    item_id: str, before: Initiativ, after: Initiativ | None, how: str = ""
) -> list[DecisionEdit]:
    edits: list[DecisionEdit] = []
    for lista in ("beslut", "prioritet", "fasbeslut"):
        old = getattr(before, lista, [])
        new = getattr(after, lista, []) if after is not None else []
        for index, beslut in enumerate(old):
            if index >= len(new):
                edits.append(
                    DecisionEdit(
                        item_id, before.titel, index + 1, "borttaget", beslut, lista, how=how
                    )
                )
            elif new[index] != beslut:
                edits.append(
                    DecisionEdit(
                        item_id,
                        before.titel,
                        index + 1,
                        "ändrat",
                        beslut,
                        lista,
                        _fields(beslut, new[index]),
                    )
                )
    return edits


def _fields(before: AnyBeslut, after: AnyBeslut) -> tuple[tuple[str, str, str], ...]:
    """Each field that differs, as (field, before, after) in plain text ('–': absent)."""
    old = before.model_dump(mode="json", exclude_none=True)
    new = after.model_dump(mode="json", exclude_none=True)
    return tuple(
        (name, _plain(old.get(name)), _plain(new.get(name)))
        for name in dict.fromkeys([*old, *new])
        if old.get(name) != new.get(name)
    )


def _plain(value: object) -> str:
    if value is None or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _gone(item_id: str, files: list[FileEdit]) -> str:
    """Why a removed item's decisions are gone: its file deleted or renamed."""
    for edit in files:
        if edit.old_path and Path(edit.old_path).stem == item_id:
            return f"filen {edit.old_path} bytte namn till {edit.path}"
        if edit.status == STATUS["D"] and Path(edit.path).stem == item_id:
            return f"filen {edit.path} togs bort"
    return "posten togs bort"


def _unreadable(portfolio: Portfolio | None) -> set[str]:
    if portfolio is None:
        return set()
    return {i for k in NUMBERED for i in portfolio.unreadable.get(str(k.folder), ())}


def _items(portfolio: Portfolio | None) -> dict[str, Initiativ]:
    if portfolio is None:
        return {}
    return {**portfolio.behov, **portfolio.projekt}


def _cost(portfolio: Portfolio | None, item: Initiativ | None) -> int | None:
    if portfolio is None or item is None:
        return None
    cost = priced(item, portfolio.schablon)
    return cost.total if cost else None


def _rank_moves(
    ranks: tuple[dict[str, int], dict[str, int]], items: dict[str, Initiativ]
) -> list[RankMove]:
    before, after = ranks
    moved = [i for i in sorted(before.keys() | after.keys()) if before.get(i) != after.get(i)]
    return [
        RankMove(i, items[i].titel if i in items else i, before.get(i), after.get(i)) for i in moved
    ]
