"""A document's portfolio handed out while its rules still run (issue 26): `render site`
after one changed file reads every model, then runs the rules over what changed. Where a
core is idle, the rules run in a forked child (`store.cache.forked`) while this process lays
the site out; the site is written only once the rules are known to find no error, and
refused as `checked_portfolio` refuses otherwise. Whatever goes wrong in the child only
means the rules run here, so the answer is the same. `beside` is the same for any other
part of a document (what git says of the site's repository), and `shared` hands a list of
parts to a child and this process both (the site's pages of the whole portfolio)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
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
    from avoplan.store.cache.forked import apart

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
    """`compute` started in a forked child where a core is idle (`store.cache.forked`: the
    answer is the same either way); otherwise run here, when asked."""
    from avoplan.store.cache.cores import spare_core

    if not spare_core():
        return _Here(compute)
    from avoplan.store.cache.forked import apart

    return apart(compute)


class _Here(Generic[T]):
    def __init__(self, compute: Callable[[], T]) -> None:
        self.compute = compute

    def __call__(self) -> T:
        return self.compute()

    def cancel(self) -> None:
        pass


class Shared(Generic[T]):
    """Jobs done by this process and a forked child together (`shared`)."""

    def __init__(self, jobs: Sequence[Callable[[], T]], *, apart: bool) -> None:
        from avoplan.store.cache.forked import Child
        from avoplan.store.cache.forked import apart as forked

        self.jobs, self.parent = jobs, os.getpid()
        self.reading, writing = os.pipe()
        os.write(writing, bytes(range(len(jobs))))  # one token per job, at most 255
        self.child: Child[dict[int, T]] | None = None
        try:
            if apart:
                self.child = forked(lambda: self._taken(writing))
        finally:
            os.close(writing)  # all taken and no writer left: a read says so at once

    def _taken(self, writing: int | None = None) -> dict[int, T]:
        """Take the next job not yet taken, one at a time, and do it, until none is left."""
        if writing is not None and os.getpid() != self.parent:
            os.close(writing)  # the child's copy: else the last read would wait for it
        done: dict[int, T] = {}
        while token := os.read(self.reading, 1):
            done[token[0]] = self.jobs[token[0]]()
        return done

    def __call__(self) -> list[T]:
        """Every job's answer, in their order: the jobs left taken here, then the child's
        answers (a job the child took but did not answer, it failing, is done here)."""
        done = self._taken()
        if self.child is not None:
            done |= self.child()
            self.child = None
        os.close(self.reading)
        return [done[i] if i in done else job() for i, job in enumerate(self.jobs)]

    def cancel(self) -> None:
        if self.child is not None:
            self.child.cancel()
            self.child = None
        with contextlib.suppress(OSError):
            os.close(self.reading)


def shared(jobs: Sequence[Callable[[], T]]) -> Shared[T]:
    """`jobs` done by a forked child, where a core is idle, and this process together,
    each taking the next job not yet taken (one byte of a pipe per job, so no job is done
    twice), the child from now on and this process once it asks for the answers: however
    the work falls, neither waits long for the other. Where no core is idle, this process
    does them all when asked. The answers are the same either way."""
    from avoplan.store.cache.cores import spare_core

    return Shared(jobs, apart=len(jobs) > 1 and spare_core())
