"""`avoplan schema`: export the JSON Schema of every portfolio file kind."""

from __future__ import annotations

import json
from pathlib import Path

from avoplan.ui import console

SCHEMA_FOLDER = "schema"  # where the modeline `new` writes points: ../schema/<kind>.schema.json


def run(out: Path | None, portfolio: Path | None = None) -> int:
    from avoplan.core.errors import UsageError, UserError
    from avoplan.models.portfolio import KINDS
    from avoplan.store.files import atomic_write_text
    from avoplan.store.schema import json_schema
    from avoplan.workspace.folder import Workspace

    if out is None:
        workspace = Workspace.find(portfolio)
        if workspace.embedded and portfolio is None:
            raise UsageError(
                "hittar ingen portfölj att skriva schemana i", "ange -p PORTFÖLJ eller --out MAPP"
            )
        out = workspace.root / SCHEMA_FOLDER

    if out.exists() and not out.is_dir():
        raise UserError(f"{out} är en fil, inte en mapp", "ange en mapp med --out")
    out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        atomic_write_text(out / f"{kind.name}.schema.json", text)
    console.line(f"Skrev {len(KINDS)} JSON-scheman (draft 2020-12) till {out}.")
    return 0
