"""A document's portfolio handed out while its rules still run (issue 26): `render site`
after one changed file reads every model, then runs the rules over what changed. Where a
core is idle, the rules run in a forked child (`workspace.forked`) while this process lays
the site out; the site is written only once the rules are known to find no error, and
refused as `checked_portfolio` refuses otherwise. Whatever goes wrong in the child only
means the rules run here, so the answer is the same. `beside` is the same for any other
part of a document (the site's pages of the whole portfolio)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from avoplan.core.findings import Finding
from avoplan.workspace.checked import Checked, Later

if TYPE_CHECKING:
    from avoplan.models.portfolio import Portfolio
    from avoplan.store.cache.entries import Cache
    from avoplan.store.loader import LoadResult


def spare_rules_core(result: LoadResult, cache: Cache) -> bool:
    """Whether the rules over `result` are worth a second process: a large portfolio
    read through a cache this run keeps (so the rules run over what changed only, and
    the needs' replays in no second child of their own), and an idle core."""
    from avoplan.store.cache.cores import PARALLEL_MIN, spare_core

    return result.file_count >= PARALLEL_MIN and not cache.read_only and spare_core()


def later_rules(
    compute: Callable[[], list[Finding]], then: Callable[[list[Finding]], Checked]
) -> Later:
    """`compute` (the rules) started in a forked child; `then` makes the Checked of what
    it found."""
    from avoplan.workspace.forked import apart

    child = apart(compute)
    return Later(lambda: then(child()), child.cancel)


def portfolio_apart(
    vet: Callable[[Checked], Portfolio], checked: Checked
) -> tuple[Portfolio, Later]:
    """The portfolio of `checked` and what vets it, refusing as `vet` (the checker's
    `vetted`) does: when the rules run in a child, once they are done; otherwise now."""
    later = checked.later
    if later is None or checked.portfolio is None:
        return vet(checked), Later(lambda: checked)

    def vetted() -> Checked:
        whole = later()
        vet(whole)
        return whole

    return checked.portfolio, Later(vetted, later.cancel)


T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Beside(Protocol[T_co]):
    """Something computed beside this process: called, its answer; or cancelled."""

    def __call__(self) -> T_co: ...

    def cancel(self) -> None: ...


def beside(compute: Callable[[], T]) -> Beside[T]:
    """`compute` started in a forked child where a core is idle (`workspace.forked`: the
    answer is the same either way); otherwise run here, when asked."""
    from avoplan.store.cache.cores import spare_core

    if not spare_core():
        return _Here(compute)
    from avoplan.workspace.forked import apart

    return apart(compute)


class _Here(Generic[T]):
    def __init__(self, compute: Callable[[], T]) -> None:
        self.compute = compute

    def __call__(self) -> T:
        return self.compute()

    def cancel(self) -> None:
        pass
