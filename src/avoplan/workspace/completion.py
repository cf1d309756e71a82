"""What the shell completes from the portfolio: ids of behov and projekt, steps,
avdelningar, forums and people. The shell keeps only the values that start with what is
typed, so people and avdelningar complete by id (the name is shown beside it where the
shell shows help). Completion runs on every Tab, so it reads file names and
organisation.yaml as plain YAML (no validation); any trouble simply completes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from avoplan.models.common import Steg
from avoplan.models.portfolio import BEHOV, ORGANISATION, PROJEKT, FileKind

Choices = list[tuple[str, str]]


def portfolio_root(given: Path | None) -> Path | None:
    """The portfolio a command would use: --portfolio, $AVOPLAN_PORTFOLIO, the nearest."""
    from avoplan.store.files import embedded_portfolio, nearest_portfolio

    env = os.environ.get("AVOPLAN_PORTFOLIO")
    root = given or (Path(env) if env else None) or nearest_portfolio(Path.cwd())
    return root or embedded_portfolio()


def ids(
    root: Path | None, incomplete: str, kinds: tuple[FileKind, ...] = (BEHOV, PROJEKT)
) -> Choices:
    """Behov and projekt ids starting with what is typed (any case)."""
    if root is None:
        return []
    wanted = incomplete.strip().upper()
    found = [path.stem for kind in kinds for path in (root / str(kind.folder)).glob("*.yaml")]
    # The shell keeps only what starts with the typed text: 'beh-0' gets 'beh-004'.
    case = str.lower if incomplete.islower() else str
    return [(case(item), "") for item in sorted(found) if item.startswith(wanted)]


def needs(root: Path | None, incomplete: str) -> Choices:
    return ids(root, incomplete, (BEHOV,))


def projects(root: Path | None, incomplete: str) -> Choices:
    return ids(root, incomplete, (PROJEKT,))


def steps(_: Path | None, incomplete: str) -> Choices:
    """Steps as the command line takes them (a space is a dash: klart-för-start)."""
    from avoplan.core.text import fold

    written = [step.value.replace(" ", "-") for step in Steg]
    return [(step, "") for step in written if fold(step).startswith(fold(incomplete))]


def _organisation(root: Path | None) -> dict[str, Any]:
    from avoplan.store.yaml_io import parse, read_text

    if root is None:
        return {}
    data = parse(read_text(root / str(ORGANISATION.file)))
    return data if isinstance(data, dict) else {}


def _named(key: str) -> Callable[[Path | None, str], Choices]:
    def complete(root: Path | None, incomplete: str) -> Choices:
        from avoplan.core.text import fold

        entries = _organisation(root).get(key) or []
        pairs = [
            (str(e.get("id", "")), str(e.get("namn", ""))) for e in entries if isinstance(e, dict)
        ]
        wanted = fold(incomplete)
        return [
            (item, name)
            for item, name in pairs
            if item and (fold(item).startswith(wanted) or fold(name).startswith(wanted))
        ]

    return complete


avdelningar = _named("avdelningar")
forums = _named("forum")
people = _named("personer")


def safely(
    complete: Callable[[Path | None, str], Choices], given: Path | None, incomplete: str
) -> Choices:
    """`complete` over the portfolio; nothing at all when it cannot be read."""
    try:
        return complete(portfolio_root(given), incomplete)
    except Exception:  # noqa: BLE001 (a Tab must never print a traceback into the shell)
        return []
