"""What `check` reports: one finding per broken rule or bad field, with file and line."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from avoplan.yaml_io import Loc


class Severity(StrEnum):
    FEL = "fel"
    VARNING = "varning"


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    message: str
    file: Path | None = None
    loc: Loc = ()
    rule: str | None = None
    line: int | None = None
    hint: str | None = None

    @property
    def field(self) -> str:
        """`beslut[2].datum` - the loc as a reader writes it."""
        text = ""
        for part in self.loc:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    def at_line(self, line: int) -> Finding:
        return replace(self, line=line)


def error(message: str, file: Path | None = None, loc: Loc = (), rule: str | None = None,
          hint: str | None = None) -> Finding:
    return Finding(Severity.FEL, message, file, loc, rule, hint=hint)


def warning(message: str, file: Path | None = None, loc: Loc = (), rule: str | None = None,
            hint: str | None = None) -> Finding:
    return Finding(Severity.VARNING, message, file, loc, rule, hint=hint)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == Severity.FEL for f in findings)
