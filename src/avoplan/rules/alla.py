"""The checks `avoplan check` runs over a loaded portfolio, one module per area. Each
check declares the rules it enforces with `rulebook.enforces`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from avoplan.core.findings import Finding
from avoplan.models.portfolio import Portfolio

Check = Callable[[Portfolio], Iterable[Finding]]


def checks() -> list[Check]:
    from avoplan.rules import (
        behovsprocess,
        effekt,
        ekonomi,
        federation,
        prioritering,
        projekt,
        references,
        styrning,
    )

    return [
        *references.CHECKS,
        *behovsprocess.CHECKS,
        *projekt.CHECKS,
        *ekonomi.CHECKS,
        *styrning.CHECKS,
        *prioritering.CHECKS,
        *effekt.CHECKS,
        *federation.CHECKS,
    ]


def run_rules(portfolio: Portfolio) -> list[Finding]:
    return [finding for check in checks() for finding in check(portfolio)]

