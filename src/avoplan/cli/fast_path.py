"""A warm `avoplan check` of an unchanged portfolio, answered before the command line is
built.

`check` runs in pre-commit hooks and CI on every commit, mostly on a portfolio that has
not changed since the last check. Its answer is then the manifest's (see
`cache.known_result`: a stat of every file, no reading). Importing typer, click, pydantic
and the models to get there costs more than the stats themselves (about 0.35 s against
0.1 s on 10 000 files), so `start` asks this module first. It answers only the plain
forms (`check`, `-p/--portfolio DIR`, `-f/--format text|json`) when everything is as the
last full check left it, through the very same report functions; anything else, an
unknown option, a portfolio that must be discovered otherwise, a changed file, returns
None and the full command line takes over, which gives the same answer the slow way.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from avoplan.store.files import JOURNAL_FILE, PORTFOLIO_MARKER, nearest_portfolio

if TYPE_CHECKING:
    from avoplan.core.findings import Finding

FORMATS = ("text", "json")


def answer(argv: list[str]) -> int | None:
    """The exit code of a warm `check` already printed, or None to run the full CLI."""
    try:
        known = _known(argv)
    except Exception:  # noqa: BLE001 (anything unusual (an unreadable folder…): the full check says it)
        return None
    if known is None:
        return None
    from avoplan.ui.findings_output import os_failed

    try:
        return _print(*known)
    except OSError as exc:  # e.g. a closed pipe: as the full command line says it
        return os_failed(exc)


def _known(argv: list[str]) -> tuple[list[Finding], int, str] | None:
    """The last full check's findings, file count and the output format asked for."""
    options = _options(argv)
    if options is None:
        return None
    root = _portfolio(options.get("portfolio"))
    if root is None or (root / JOURNAL_FILE).exists():
        return None  # a decision to finish first: the full check does it
    from avoplan.store.cache.manifest import known_result

    known = known_result(root)
    return None if known is None else (*known, options.get("format", "text"))


def _options(argv: list[str]) -> dict[str, str] | None:
    """{"portfolio": …, "format": …} from the plain forms of `check`; None otherwise."""
    if not argv or argv[0] != "check":
        return None
    names = {"-p": "portfolio", "--portfolio": "portfolio", "-f": "format", "--format": "format"}
    options: dict[str, str] = {}
    rest = argv[1:]
    while rest:
        flag, _, value = rest[0].partition("=")
        if flag not in names or names[flag] in options or not _plain(rest[0]):
            return None
        if not value:
            if len(rest) < 2 or not _plain(rest[1]) or rest[1].startswith("-"):
                return None
            value, rest = rest[1], rest[1:]
        options[names[flag]] = value
        rest = rest[1:]
    if options.get("format", "text") not in FORMATS:
        return None
    return options


def _plain(arg: str) -> bool:
    """Printable text only: control characters and undecodable bytes get their usage
    error from the full command line."""
    return arg.isprintable() and not any("\udc80" <= char <= "\udcff" for char in arg)


def _portfolio(explicit: str | None) -> Path | None:
    """The portfolio as `Workspace.find` would find it, when it is found plainly: the
    option, $AVOPLAN_PORTFOLIO, or the nearest one up from the working directory."""
    given = explicit or os.environ.get("AVOPLAN_PORTFOLIO")
    if given:
        root = Path(given)
        return root if (root / PORTFOLIO_MARKER).is_file() else None
    return nearest_portfolio(Path.cwd())


def _print(findings: list[Finding], count: int, output_format: str) -> int:
    from avoplan.ui import console
    from avoplan.ui.findings_output import Summary, as_json, print_text

    summary = Summary.of(findings, count)
    if output_format == "json":
        console.json(as_json(findings, summary))
    else:
        print_text(findings, summary)
    return 1 if summary.errors else 0
