"""`avoplan liknande ID`: the needs most like one need (R5: grovsållning coordinates
against similar needs in every förvaltning), with the score and what matched."""

from __future__ import annotations

from pathlib import Path

from avoplan.behovsprocess.liknande import STRONG, as_written
from avoplan.core.errors import UsageError
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(
    portfolio: Path | None, item_id: str, top: int, minimum: float, output_format: str = "text"
) -> int:
    if top < 1:
        raise UsageError("--top måste vara minst 1")
    workspace = Workspace.find(portfolio)
    need = workspace.need(item_id)
    key = workspace.global_key(item_id, need.id)
    found, source = workspace.similar(need, top=top, minimum=minimum, key=key)
    matches = [m._replace(ord=as_written(m.ord, need)) for m in found]
    if output_format == "json":
        console.json(
            {
                "id": key,
                "titel": need.titel,
                "synkning": source,
                "liknande": [
                    {
                        "id": m.key,
                        "titel": m.titel,
                        "likhet": round(m.score, 1),
                        "stark": m.score >= STRONG,
                        "ord": list(m.ord),
                        "system": list(m.system),
                        "mål": list(m.mål),
                    }
                    for m in matches
                ],
            }
        )
        return 0
    if source:
        console.line(source, "dim")
    if not matches:
        console.line(f"Inga behov liknar {key} med likhet {minimum:.0f} eller mer.")
        return 0
    console.table(
        f"Behov som liknar {key} {need.titel}",
        (
            console.Column("Id", wrap=False),
            "Titel",
            console.Column("Likhet", justify="right"),
            "Det som matchade",
        ),
        [
            (m.key, m.titel, f"{m.score:.0f}" + (" ●" if m.score >= STRONG else ""), m.matched)
            for m in matches
        ],
        caption=f"● stark likhet ({STRONG:.0f} eller mer): nämn behovet i "
        "grovsållning.liknande_behov",
    )
    return 0
