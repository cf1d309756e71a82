"""Where the portfolio is: --portfolio, $AVOPLAN_PORTFOLIO, the nearest one from the
working directory up, or the embedded ÄVO portfolio for a reading command outside git."""

from __future__ import annotations

import os
from pathlib import Path

from avoplan.core.errors import UsageError, UserError
from avoplan.models.portfolio import (
    ORGANISATION,
)
from avoplan.store.files import (
    display,
    embedded_portfolio,
    nearest_portfolio,
)


def locate(explicit: Path | None = None, *, writing: bool = False) -> Path:
    """--portfolio, $AVOPLAN_PORTFOLIO, or the nearest portfolio from the working
    directory up (a folder with organisation.yaml, or its portfolio/ subfolder).

    With none found, a reading command outside git falls back to the embedded ÄVO
    portfolio and says so on stderr; a writing command, or any command inside a git
    repository, refuses (exit 2) and says where it looked: silently checking or writing
    the built-in portfolio instead of the user's own is worse than stopping."""
    env = os.environ.get("AVOPLAN_PORTFOLIO")
    given = explicit or (Path(env) if env else None)
    if given is not None:
        if not (given / str(ORGANISATION.file)).is_file():
            source = "--portfolio" if explicit else "AVOPLAN_PORTFOLIO"
            raise UserError(
                f"{given} ({source}) är ingen portfölj (organisation.yaml saknas)",
                "ange mappen som innehåller organisation.yaml",
            )
        return given
    start = Path.cwd()
    found = nearest_portfolio(start)
    if found is not None:
        return found
    return _fallback(start, writing=writing)


def _fallback(start: Path, *, writing: bool) -> Path:
    looked = f"letade efter organisation.yaml i {start} och uppåt (även i portfolio/)"
    hint = (
        "ange --portfolio MAPP, sätt AVOPLAN_PORTFOLIO, gå till portföljens mapp "
        "eller skapa en ny med 'avoplan init'"
    )
    repository = _git_root(start)
    if repository is not None:
        nearby = _portfolios_below(repository)
        if nearby:
            hint = f"portföljen ligger kanske i {nearby[0]}: ange --portfolio {nearby[0]}"
        raise UsageError(f"ingen portfölj i git-förrådet {repository}; {looked}", hint)
    if writing:
        raise UsageError(
            f"ingen portfölj att skriva i; {looked}. Den inbyggda ÄVO-portföljen ändras aldrig",
            hint,
        )
    from avoplan.ui import console

    console.warning(f"ingen portfölj hittades ({looked}); visar den inbyggda ÄVO-portföljen")
    return embedded_portfolio()


def _git_root(start: Path) -> Path | None:
    return next((f for f in (start, *start.parents) if (f / ".git").exists()), None)


def _portfolios_below(root: Path) -> list[str]:
    """Portfolios one or two folders down from a repository's top, as display paths."""
    found = [*root.glob(f"*/{ORGANISATION.file}"), *root.glob(f"*/*/{ORGANISATION.file}")]
    return sorted(display(p.parent) for p in found if ".git" not in p.parts)
