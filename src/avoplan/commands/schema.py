"""`avoplan schema`: export the JSON Schema of every portfolio file kind."""

from __future__ import annotations

import json
from pathlib import Path


def run(out: Path) -> int:
    from avoplan.console import out as console
    from avoplan.errors import UserError
    from avoplan.schema import json_schema, schema_kinds
    from avoplan.yaml_io import atomic_write_text

    if out.exists() and not out.is_dir():
        raise UserError(f"{out} är en fil, inte en mapp", "ange en mapp med --out")
    out.mkdir(parents=True, exist_ok=True)
    kinds = schema_kinds()
    for kind in kinds:
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        atomic_write_text(out / kind.file_name, text)
    console().print(f"Skrev {len(kinds)} JSON-scheman (draft 2020-12) till {out}.")
    return 0
