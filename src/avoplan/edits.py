"""The few edits avoplan makes to portfolio files: minimal, validated, atomic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from avoplan.errors import UserError
from avoplan.loader import display
from avoplan.models.behov import Behov
from avoplan.models.initiativ import Beslut
from avoplan.models.projekt import Projekt
from avoplan.validation import validate
from avoplan.yaml_io import (
    append_item,
    atomic_write_text,
    dump_new,
    edit_text,
    parse,
    read_text,
)


def record_decision(file: Path, beslut: Beslut, project_id: str | None = None) -> None:
    """R2: set the need's step and append the decision (and the new project's id)."""
    decision = beslut.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    decision = {k: (v.value if hasattr(v, "value") else v) for k, v in decision.items()}

    def mutate(document: Any) -> None:
        document["steg"] = beslut.till.value
        if project_id:
            append_item(document, "projekt", project_id, before="beslut", flow=True)
        append_item(document, "beslut", decision)

    write_checked(file, edit_text(read_text(file), mutate), Behov)


def create_file(file: Path, data: dict[str, Any], header: str) -> None:
    if file.exists():
        raise UserError(f"{display(file)} finns redan", "avoplan skriver aldrig över en fil")
    file.parent.mkdir(parents=True, exist_ok=True)
    write_checked(file, dump_new(data, header), Projekt)


def write_checked(file: Path, text: str, model: type[BaseModel]) -> None:
    """Write only text that reads back as a valid `model`: never a broken file."""
    instance, findings = validate(model, parse(text), file)
    if instance is None or findings:
        detail = findings[0].message if findings else "okänt fel"
        raise UserError(f"avoplan skulle ha skrivit en ogiltig {display(file)}: {detail}",
                        "rapportera felet; filen har inte ändrats")
    atomic_write_text(file, text)


def restore(file: Path, text: str | None) -> None:
    """Undo a write: put back the old text, or remove a file that did not exist."""
    if text is None:
        file.unlink(missing_ok=True)
    else:
        atomic_write_text(file, text)
