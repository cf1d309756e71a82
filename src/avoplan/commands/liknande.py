"""`avoplan liknande ID`: the needs most like one need (R5: grovsållning coordinates
against similar needs in every förvaltning), with the score and what matched."""

from __future__ import annotations

from pathlib import Path

from avoplan.behovsprocess.liknande import STRONG
from avoplan.cli import console
from avoplan.core.errors import UsageError
from avoplan.workspace.folder import Workspace


def run(portfolio: Path | None, item_id: str, top: int, minimum: float) -> int:
    if top < 1:
        raise UsageError("--top måste vara minst 1")
    workspace = Workspace.find(portfolio)
    need = workspace.need(item_id)
    matches, source = workspace.similar(need, top=top, minimum=minimum)
    if source:
        console.line(source, "dim")
    if not matches:
        console.line(f"Inga behov liknar {need.id} med likhet {minimum:.0f} eller mer.")
        return 0
    console.table(f"Behov som liknar {need.id} {need.titel}",
                  ("Id", "Titel", console.Column("Likhet", justify="right"), "Det som matchade"),
                  [(m.key, m.titel, f"{m.score:.0f}" + (" ●" if m.score >= STRONG else ""),
                    m.matched) for m in matches],
                  caption=f"● stark likhet ({STRONG:.0f} eller mer): nämn behovet i "
                  "grovsållning.liknande_behov")
    return 0
