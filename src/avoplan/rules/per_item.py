"""The checks that judge one need or project at a time, run only over the items whose
findings the cache does not know (issue 26).

Each check in `local_checks` finds, for an item, what the item's own file and what every
item shares say (the organisation and its history, the delegationsordning, the plan, the
forvaltningsobjekt, the systems, the day, and every need's and project's id), never what
another item holds: the cache keys each item's findings on exactly that
(`store.cache.item_rules`). Such a check yields each item's findings together, the items
in the order it visits them (`local_checks` names that order), so its findings over the
whole portfolio are each item's in that order. A check that turns out not to (its
findings do not split that way) is never taken apart: its findings come from a run over
the whole portfolio, and nothing is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

from avoplan.core.findings import Finding
from avoplan.models.portfolio import BEHOV, PROJEKT, FileKind, Portfolio

# Above this share of unknown items, every local check runs over the whole portfolio
# (a cold cache): taking the portfolio apart would only cost.
WHOLE_SHARE = 0.5


Check = Callable[[Portfolio], Iterable[Finding]]


class ItemMemo(Protocol):
    """What the checks of `local_checks` found per item on an earlier run (the cache's)."""

    def known(self, file: Path, checks: int) -> list[list[Finding]] | None:
        """Per check, the findings for the item in `file`; None when not known."""
        ...

    def keep(self, file: Path, found: list[list[Finding]]) -> None: ...


def local_checks() -> dict[Check, tuple[FileKind, ...]]:
    """The checks that judge one item at a time, with the kinds in the order they visit
    them (each kind's items in the portfolio's order)."""
    from avoplan.rules import effekt, prioritering, projekt, references

    both, projects, needs = (BEHOV, PROJEKT), (PROJEKT,), (BEHOV,)
    return {
        references.check_items: both,
        prioritering.check_priority_decisions: both,
        prioritering.check_dates: both,
        projekt.check_roles: projects,
        projekt.check_planned_styrgrupp: needs,
        projekt.check_not_prioritised: projects,
        projekt.check_classes: projects,
        effekt.check_goals_followable: projects,
        effekt.check_planned_goals: needs,
        effekt.check_goal_references: (PROJEKT, BEHOV),
        effekt.check_measurements: projects,
        effekt.check_follow_up_owner: projects,
        effekt.check_dimensions: projects,
    }


def local_findings(portfolio: Portfolio, memo: ItemMemo) -> dict[Check, list[Finding]]:
    """What each local check finds over `portfolio`: the items `memo` knows from it, the
    others checked here (and kept in it)."""
    local = local_checks()
    files = {kind: _files(portfolio, kind) for kind in (BEHOV, PROJEKT)}
    every = [path for paths in files.values() for path in paths.values()]
    known: dict[Path, list[list[Finding]]] = {}
    for path in every:
        hit = memo.known(path, len(local))
        if hit is not None:
            known[path] = hit
    if len(known) == len(every):
        return _assembled(local, files, known)
    if len(every) - len(known) > WHOLE_SHARE * len(every):
        return _whole(portfolio, local, files, memo)
    part = _part(
        portfolio,
        {kind: [k for k, p in paths.items() if p not in known] for kind, paths in files.items()},
    )
    part_files = {kind: _files(part, kind) for kind in (BEHOV, PROJEKT)}
    found = {check: list(check(part)) for check in local}
    split = _split(local, part_files, found)
    if split is None:  # a check does not split by item: every one over the whole
        return _whole(portfolio, local, files, memo)
    for path, parts in split.items():
        memo.keep(path, parts)
    return _assembled(local, files, {**known, **split})


def _whole(
    portfolio: Portfolio,
    local: dict[Check, tuple[FileKind, ...]],
    files: dict[FileKind, dict[str, Path]],
    memo: ItemMemo,
) -> dict[Check, list[Finding]]:
    found = {check: list(check(portfolio)) for check in local}
    split = _split(local, files, found)
    for path, parts in (split or {}).items():
        memo.keep(path, parts)
    return found


def _split(
    local: dict[Check, tuple[FileKind, ...]],
    files: dict[FileKind, dict[str, Path]],
    found: dict[Check, list[Finding]],
) -> dict[Path, list[list[Finding]]] | None:
    """Each item's findings per check; None when a check's findings are not each item's
    in its order (a finding outside the items' files, or an item's not together)."""
    every = [path for paths in files.values() for path in paths.values()]
    split: dict[Path, list[list[Finding]]] = {path: [] for path in every}
    for check, kinds in local.items():
        mine: dict[Path, list[Finding]] = {path: [] for path in every}
        for finding in found[check]:
            part = mine.get(finding.file) if finding.file is not None else None
            if part is None:
                return None
            part.append(finding)
        if _in_order(kinds, files, mine.__getitem__) != found[check]:
            return None
        for path, part in mine.items():
            split[path].append(part)
    return split


def _assembled(
    local: dict[Check, tuple[FileKind, ...]],
    files: dict[FileKind, dict[str, Path]],
    table: dict[Path, list[list[Finding]]],
) -> dict[Check, list[Finding]]:
    found: dict[Check, list[Finding]] = {}
    for index, (check, kinds) in enumerate(local.items()):
        found[check] = [
            f for kind in kinds for path in files[kind].values() for f in table[path][index]
        ]
    return found


def _in_order(
    kinds: Sequence[FileKind],
    files: dict[FileKind, dict[str, Path]],
    findings_of: Callable[[Path], Iterable[Finding]],
) -> list[Finding]:
    return [f for kind in kinds for path in files[kind].values() for f in findings_of(path)]


def _files(portfolio: Portfolio, kind: FileKind) -> dict[str, Path]:
    """Each loaded item of `kind` (by key, in the portfolio's order) and its file."""
    return {key: portfolio.path(kind, key) for key in getattr(portfolio, kind.name)}


def _part(portfolio: Portfolio, keys: dict[FileKind, list[str]]) -> Portfolio:
    """`portfolio` with only the items of `keys` loaded; the others count as files that
    exist but are not loaded, so every id is still known to the references."""
    loaded: dict[str, dict[str, object]] = {}
    unreadable = dict(portfolio.unreadable)
    for kind, wanted in keys.items():
        items = getattr(portfolio, kind.name)
        loaded[kind.name] = {key: items[key] for key in wanted}
        folder = str(kind.folder)
        unreadable[folder] = unreadable.get(folder, frozenset()) | (items.keys() - set(wanted))
    return dataclasses.replace(portfolio, unreadable=unreadable, **loaded)  # type: ignore[arg-type]
