"""What a check of the whole portfolio gives (`checking.Checker.check`): every finding
and the models, or, while the rules still run in a forked child (`rules_apart`), what will
give them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from avoplan.core.findings import Finding

if TYPE_CHECKING:
    from avoplan.models.portfolio import Portfolio


class Later:
    """What a check still computes elsewhere: called, the whole Checked (waiting for the
    child); `cancel` when the answer is no longer wanted."""

    def __init__(
        self, answer: Callable[[], Checked], cancel: Callable[[], None] | None = None
    ) -> None:
        self._answer, self._cancel = answer, cancel

    def __call__(self) -> Checked:
        return self._answer()

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel()


@dataclass
class Checked:
    """A whole portfolio read and checked: every finding, lines resolved, in file order."""

    portfolio: Portfolio | None
    findings: list[Finding]
    file_count: int
    later: Later | None = None  # check(apart=True): the rules still running elsewhere
