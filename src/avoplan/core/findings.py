"""What `check` reports: one finding per broken rule or bad field, with file and line.

A finding names its rule by id (`R3`); the rule itself is declared once, in `rulebook`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# Where in a file a finding points: keys and list indexes from the top, `("beslut", 2, "datum")`.
Loc = tuple[str | int, ...]


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

    # Built directly, not with dataclasses.replace (a cold check places every finding of
    # 10 000 items, some twice: replace inspects the fields each time).
    def at_line(self, line: int) -> Finding:
        return Finding(self.severity, self.message, self.file, self.loc, self.rule, line, self.hint)

    def at(self, file: Path | None = None, loc: Loc | None = None) -> Finding:
        """The same finding placed in `file`, its loc under `loc` (a decision inside a file)."""
        return Finding(
            self.severity,
            self.message,
            file if file is not None else self.file,
            (*loc, *self.loc) if loc is not None else self.loc,
            self.rule,
            self.line,
            self.hint,
        )


def error(
    message: str,
    file: Path | None = None,
    loc: Loc = (),
    rule: str | None = None,
    hint: str | None = None,
) -> Finding:
    return Finding(Severity.FEL, message, file, loc, rule, hint=hint)


def warning(
    message: str,
    file: Path | None = None,
    loc: Loc = (),
    rule: str | None = None,
    hint: str | None = None,
) -> Finding:
    return Finding(Severity.VARNING, message, file, loc, rule, hint=hint)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == Severity.FEL for f in findings)


def errors_only(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.FEL]
