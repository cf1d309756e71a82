"""Whether this run keeps what it learns in the caches. A CI runner (`CI=true`, as
GitHub Actions, GitLab CI and most others set it) throws the folder away after the job,
so writing 10 000 entries there is time nobody gets back; `--no-cache-write` asks the
same anywhere. The caches are still read when they are there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

_refused: list[bool] = []  # one per command running (the tests run several in a process)


@contextmanager
def writes_refused(*, refuse: bool) -> Iterator[None]:
    """`--no-cache-write`: while the command runs it reads the caches but writes none."""
    _refused.append(refuse)
    try:
        yield
    finally:
        _refused.pop()


def writes_wanted() -> bool:
    """False on a CI runner or with `--no-cache-write`; True otherwise."""
    if _refused and _refused[-1]:
        return False
    return os.environ.get("CI", "").strip().lower() not in ("true", "1")
