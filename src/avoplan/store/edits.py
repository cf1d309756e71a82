"""The edits avoplan makes to portfolio files: minimal (only the lines that change),
validated before they are written, atomic, and journalled when a decision writes more
than one file, so a killed process leaves nothing half-done that the next command
cannot complete."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from avoplan.core.errors import UserError
from avoplan.models.behov import Behov
from avoplan.models.effekt import Matning
from avoplan.models.initiativ import Beslut
from avoplan.models.projekt import Projekt
from avoplan.store.files import (
    JOURNAL_FILE,
    atomic_write_text,
    display,
    exclusive_write_text,
    restore,
)


@dataclass(frozen=True)
class Append:
    """`fält+=värde`: one more item at the end of a list."""

    value: Any


@dataclass(frozen=True)
class Remove:
    """`fält-=värde`: take an item out of a list by its value."""

    value: Any


FieldPath = tuple[str | int, ...]


def assign(document: Any, field_path: FieldPath, value: Any) -> None:
    """Set the field at `field_path` (keys, and list positions from 0) to `value`; None
    removes it, `Append` and `Remove` change the list there."""
    from avoplan.store.yaml_edit import like

    *parents, key = field_path
    target = document
    for depth, part in enumerate(parents):
        target = _step(target, part, field_path[: depth + 1])
    if isinstance(key, int):
        _item(target, key, field_path)
        if value is None:  # `fält[1]=`: the item goes, as `fält=` removes a field
            del target[key]
        else:
            target[key] = value
    elif isinstance(value, Append | Remove):
        _change_list(target, key, value, field_path)
    elif value is None:
        target.pop(key, None)
    elif key not in target and "beslut" in target and hasattr(target, "insert"):
        target.insert(list(target).index("beslut"), key, value)  # decisions stay last
    else:
        target[key] = like(target.get(key), value)


def _step(target: Any, part: str | int, path: FieldPath) -> Any:
    if isinstance(part, int):
        return _item(target, part, path)
    if not isinstance(target.get(part), dict | list):
        target[part] = {}
    return target[part]


def _item(target: Any, index: int, path: FieldPath) -> Any:
    if not isinstance(target, list) or not 0 <= index < len(target):
        count = len(target) if isinstance(target, list) else 0
        where = f": [0]–[{count - 1}]" if count > 1 else (": [0]" if count else "")
        raise UserError(
            f"{written(path)} finns inte (listan har {count} "
            f"{'post' if count == 1 else 'poster'}{where})",
            "posterna räknas från [0], som i 'avoplan check'; lägg till en med fält+=värde",
        )
    return target[index]


def _change_list(target: Any, key: str, change: Append | Remove, path: FieldPath) -> None:
    from avoplan.store.yaml_edit import append_item

    if isinstance(change, Append):
        flow = not isinstance(change.value, dict | list) and not target.get(key)
        append_item(
            target, key, change.value, before="beslut" if "beslut" in target else None, flow=flow
        )
        return
    items = target.get(key) or []
    if change.value not in items:
        raise UserError(
            f"{change.value} finns inte i {written(path)}",
            "ange ett värde som står i listan; en post med flera fält tas bort med fält[N]=",
        )
    items.remove(change.value)


def written(path: FieldPath) -> str:
    """`klart_för_start.förutsättningar[1]`, as `check` names a field."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def refuse_invalid(file: Path, text: str, model: type[BaseModel]) -> None:
    """A UserError naming the field when `text` would not be a valid `model`."""
    from avoplan.store.validation import validate
    from avoplan.store.yaml_io import parse

    instance, findings = validate(model, parse(text), file)
    if instance is None or findings:
        first = findings[0] if findings else None
        field = f"{first.field}: " if first and first.field else ""
        raise UserError(
            f"{display(file)}: {field}{first.message if first else 'ogiltigt'}",
            (first.hint + "; " if first and first.hint else "") + "filen har inte ändrats",
        )


@contextmanager
def restoring(before: dict[Path, str | None]) -> Iterator[None]:
    try:
        yield
    except BaseException:
        for file, text in before.items():
            restore(file, text)
        raise


def decision_text(file: Path, text: str, beslut: Beslut, project_id: str | None) -> str:
    """R2: the need's text with its step set and the decision (and the new project's id)
    appended, checked to read back as a valid need."""
    from avoplan.store.yaml_lines import AppendItem, Change, SetValue, edit

    decision = beslut.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    decision = {k: (v.value if hasattr(v, "value") else v) for k, v in decision.items()}
    changes: list[Change] = [SetValue("steg", beslut.till.value)]
    if project_id:
        changes.append(AppendItem(("projekt",), project_id, before="beslut", flow=True))
    changes.append(AppendItem(("beslut",), decision))
    return checked_text(file, edit(text, changes), Behov)


def measurement_text(file: Path, text: str, number: int, matning: Matning) -> str:
    """The project's `text` with the measurement appended to effektmål `number` (from 1),
    checked to read back as a valid project."""
    from avoplan.store.yaml_lines import AppendItem, edit

    row: dict[str, Any] = {"datum": matning.datum, "värde": plain(matning.värde)}
    if matning.källa:
        row["källa"] = matning.källa
    where = ("projektdirektiv", "effektmål", number - 1, "mätningar")
    return checked_text(file, edit(text, [AppendItem(where, row)]), Projekt)


def plain(value: float) -> int | float:
    """2100 rather than 2100.0 in the file."""
    return int(value) if value.is_integer() else value


# The files of a decision that writes more than one, written before any of them: a
# process killed between them leaves this journal, and the next writing command (or
# `avoplan check`) completes the decision from it.
JOURNAL = JOURNAL_FILE
LOCK_WAIT_SECONDS = 60


def write_all(root: Path, writes: dict[Path, str]) -> None:
    """Write `writes` in order; more than one file goes through the journal. A new file
    is created exclusively, so it never replaces another's."""
    import json

    journal = root / JOURNAL
    if len(writes) > 1:
        entries = [
            {"fil": str(file.relative_to(root)), "före": digest(file), "text": text}
            for file, text in writes.items()
        ]
        atomic_write_text(journal, json.dumps(entries, ensure_ascii=False))
    written = 0
    try:
        for file, text in writes.items():
            write_one(file, text)
            written += 1
    except BaseException:
        if written == 0:  # nothing on disk changed: the decision simply did not happen
            journal.unlink(missing_ok=True)
        raise
    journal.unlink(missing_ok=True)


def write_one(file: Path, text: str) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    if file.exists():
        atomic_write_text(file, text)
        return
    try:
        exclusive_write_text(file, text)
    except FileExistsError:
        raise UserError(
            f"{display(file)} skapades samtidigt av någon annan; inget beslut har skrivits",
            "kör kommandot igen",
        ) from None


def digest(file: Path) -> str | None:
    import hashlib

    try:
        return hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
    except FileNotFoundError:
        return None


def replay(root: Path, journal: Path) -> list[Path]:
    """Write each journalled file whose content is still the one from before the
    interrupted decision; refuse if any was changed otherwise since."""
    import json

    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
        planned = [(root / entry["fil"], entry["före"], entry["text"]) for entry in entries]
    except (ValueError, KeyError, TypeError):
        planned = None
    if planned is None or any(
        not f.resolve().is_relative_to(root.resolve()) for f, _, _ in planned
    ):
        raise UserError(
            f"{display(journal)} är skadad och kan inte slutföras",
            "kontrollera behovet och projektet med 'avoplan check' och ta sedan bort filen",
        )
    for file, before, text in planned:
        current = digest(file)
        if current not in (before, text_digest(text)):
            raise UserError(
                f"ett avbrutet beslut kan inte slutföras: {display(file)} har ändrats sedan",
                f"kontrollera filerna och ta bort {display(journal)}",
            )
    for file, _, text in planned:
        if digest(file) != text_digest(text):
            file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(file, text)
    return [file for file, _, _ in planned]


def text_digest(text: str) -> str:
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def checked_text(file: Path, text: str, model: type[BaseModel], failure: str | None = None) -> str:
    """`text` if it reads back as a valid `model`: never write a broken file."""
    from avoplan.store.validation import validate
    from avoplan.store.yaml_io import parse

    instance, findings = validate(model, parse(text), file)
    if instance is None or findings:
        detail = findings[0].message if findings else "okänt fel"
        raise UserError(
            f"{failure}: {detail}"
            if failure
            else f"avoplan skulle ha skrivit en ogiltig {display(file)}: {detail}",
            "rapportera felet; filen har inte ändrats",
        )
    return text
