"""The checks `avoplan check` runs over a loaded portfolio, one module per area. Each
check declares the rules it enforces with `rulebook.enforces`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from avoplan.core.findings import Finding
from avoplan.models.portfolio import Portfolio

if TYPE_CHECKING:
    from avoplan.rules.behovsprocess import Replay
    from avoplan.rules.per_item import Check, ItemMemo


class Started(Protocol):
    """A part of the rules started elsewhere: called, what it found; or cancelled."""

    def __call__(self) -> list[Finding]: ...

    def cancel(self) -> None: ...


Apart = Callable[[Callable[[], list[Finding]]], Started]
"""Runs a part of the rules elsewhere (another process): `apart(compute)` starts it."""


def checks() -> list[Check]:
    from avoplan.rules import (
        behovsprocess,
        effekt,
        ekonomi,
        federation,
        moten,
        prioritering,
        projekt,
        projekt_faser,
        references,
        styrning,
    )

    return [
        *references.CHECKS,
        *behovsprocess.CHECKS,
        *projekt.CHECKS,
        *projekt_faser.CHECKS,
        *ekonomi.CHECKS,
        *styrning.CHECKS,
        *prioritering.CHECKS,
        *effekt.CHECKS,
        *federation.CHECKS,
        *moten.CHECKS,
    ]


def run_rules(
    portfolio: Portfolio,
    replay: Replay | None = None,
    apart: Apart | None = None,
    items: ItemMemo | None = None,
) -> list[Finding]:
    """Every rule over `portfolio`. With `replay` (the cache's memo), the replays of the
    recorded decisions (every need's, every project's phases) go through it; with
    `apart` (and no memo), every need's replay runs there while the other rules run
    here; with `items` (and `replay`), the checks that judge one item at a time run only
    over the items it does not know (`rules.per_item`). The findings are the same, in
    the same order."""
    from avoplan.rules import references

    try:
        if replay is None and apart is not None:
            return _beside_the_needs(portfolio, apart)
        return _findings(portfolio, replay, items)
    finally:
        references.forget()  # the ids it made once for the rules over `portfolio`


def _findings(portfolio: Portfolio, replay: Replay | None, items: ItemMemo | None) -> list[Finding]:
    if replay is None:
        return [finding for check in checks() for finding in check(portfolio)]
    from avoplan.rules.behovsprocess import check_needs
    from avoplan.rules.per_item import local_findings
    from avoplan.rules.projekt_faser import check_phases

    local = {} if items is None else local_findings(portfolio, items)
    found: list[Finding] = []
    for check in checks():
        if check in local:
            found += local[check]
        elif check is check_needs:
            found += check_needs(portfolio, replay)
        elif check is check_phases:
            found += check_phases(portfolio, replay)
        else:
            found += check(portfolio)
    return found


# The share of the needs replayed here after the other rules, so that both processes
# finish together (the other rules take about four fifths of the replays' time).
HERE_SHARE = 0.1


def _beside_the_needs(portfolio: Portfolio, apart: Apart) -> list[Finding]:
    """The needs' replays started apart, every other rule here, then all in order."""
    from avoplan.rules.behovsprocess import check_needs

    every_need = list(portfolio.behov.values())
    cut = int(len(every_need) * HERE_SHARE)
    needs = apart(lambda: list(check_needs(portfolio, needs=every_need[cut:])))
    every = checks()
    try:
        found = [[] if check is check_needs else list(check(portfolio)) for check in every]
        replayed = list(check_needs(portfolio, needs=every_need[:cut]))
        replayed += needs()
    except BaseException:  # an interrupt or a failing rule: the child's answer is moot
        needs.cancel()  # also while waiting for it, so no child outlives this process
        raise
    return [
        finding
        for check, part in zip(every, found, strict=True)
        for finding in (replayed if check is check_needs else part)
    ]


def new_errors(before: Portfolio, after: Portfolio) -> list[Finding]:
    """The errors every rule finds in `after` beyond those it finds in `before` (the same
    portfolio before a write): what a write would add to `avoplan check`. Counted per
    file, rule and message, so an error that only moves (a list grew) is not new."""
    from collections import Counter

    from avoplan.core.findings import errors_only

    def key(finding: Finding) -> tuple[object, ...]:
        return finding.file, finding.rule, finding.message

    known = Counter(key(f) for f in errors_only(run_rules(before)))
    added: list[Finding] = []
    for finding in errors_only(run_rules(after)):
        if known[key(finding)] > 0:
            known[key(finding)] -= 1
        else:
            added.append(finding)
    return added
