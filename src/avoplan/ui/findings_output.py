"""Turning findings into what people and machines read: `file:line: fel R3 fält: ...`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from avoplan.core.findings import Finding, Severity
from avoplan.store.files import display

Unwritten = Callable[[Path, str], bool]
"""Whether a file is known to leave out a top-level key (its line is then 1)."""


def resolve_lines(findings: list[Finding], unwritten: Unwritten | None = None) -> list[Finding]:
    """Fill in line numbers, reading each file once; sorted by file and line. A finding
    on a top-level key that `unwritten` knows is left out is at line 1 without reading."""
    by_file: dict[Path | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    resolved: list[Finding] = []
    for file, group in by_file.items():
        text: str | None = None
        read = False
        for finding in group:
            loc = finding.loc
            if finding.line is not None or file is None:
                resolved.append(finding)
            elif (
                unwritten and len(loc) == 1 and isinstance(loc[0], str) and unwritten(file, loc[0])
            ):
                resolved.append(finding.at_line(1))
            else:
                from avoplan.store.yaml_io import locate

                if not read:
                    text, read = _text_or_none(file), True
                resolved.append(finding.at_line(locate(text, loc) if text is not None else 1))
    return sorted(resolved, key=_order)


def _order(finding: Finding) -> tuple[str, int, str]:
    return (str(finding.file or ""), finding.line or 0, finding.message)


def _text_or_none(file: Path | None) -> str | None:
    from avoplan.store.yaml_io import read_text
    from avoplan.store.yaml_problems import YamlFileError

    if file is None or not file.is_file():
        return None
    try:
        return read_text(file)
    except YamlFileError:
        return None


def where(finding: Finding) -> str:
    """`portfolio/behov/BEH-001.yaml:12` (or just the file when no line is known)."""
    if finding.file is None:
        return "portfölj"
    place = display(finding.file)
    return f"{place}:{finding.line}" if finding.line else place


def plain_line(finding: Finding) -> str:
    rule = f" {finding.rule}" if finding.rule else ""
    field = f" {finding.field}:" if finding.field else ""
    return f"{where(finding)}: {finding.severity.value}{rule}{field} {finding.message}"


def first_line(findings: list[Finding]) -> str:
    """The first problem of a file, for commands that act on one file."""
    first = resolve_lines(findings)[0]
    hint = f" ({first.hint})" if first.hint else ""
    return plain_line(first) + hint


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    files: int

    @classmethod
    def of(cls, findings: list[Finding], files: int) -> Summary:
        errors = sum(1 for f in findings if f.severity == Severity.FEL)
        return cls(errors, len(findings) - errors, files)

    def sentence(self) -> str:
        fel = f"{self.errors} fel"
        varningar = f"{self.warnings} {'varning' if self.warnings == 1 else 'varningar'}"
        filer = f"{self.files} {'fil' if self.files == 1 else 'filer'}"
        if not self.errors and not self.warnings:
            return f"Inga fel eller varningar i {filer}."
        return f"{fel} och {varningar} i {filer}."


def print_text(findings: list[Finding], summary: Summary) -> None:
    from avoplan.ui import console

    if console.unstyled():
        # The very lines `styled` and `line` would write where no style shows, written at
        # once: a cold check prints 4 000 warnings, and asking for a terminal each time
        # cost more than the lines.
        lines: list[str] = []
        for finding in findings:
            lines.append(plain_line(finding))
            if finding.hint:
                lines.append(f"    tips: {finding.hint}")
        lines.append(summary.sentence())
        console.write(console.clean("\n".join(lines)) + "\n")
        return
    colour = {Severity.FEL: "bold red", Severity.VARNING: "bold yellow"}
    for finding in findings:
        text = plain_line(finding)
        label = f": {finding.severity.value}"
        head, _, tail = text.partition(label)
        console.styled(
            (head + ": ", None), (finding.severity.value, colour[finding.severity]), (tail, None)
        )
        if finding.hint:
            console.line(f"    tips: {finding.hint}", "dim")
    style = "red" if summary.errors else ("yellow" if summary.warnings else "green")
    console.line(summary.sentence(), style)


def as_json(findings: list[Finding], summary: Summary) -> dict[str, object]:
    rows = [
        {
            "fil": display(f.file) if f.file else None,
            "rad": f.line,
            "fält": f.field or None,
            "regel": f.rule,
            "nivå": f.severity.value,
            "meddelande": f.message,
            "tips": f.hint,
        }
        for f in findings
    ]
    body = {
        "fel": summary.errors,
        "varningar": summary.warnings,
        "filer": summary.files,
        "fynd": rows,
    }
    return body


def os_failed(exc: OSError) -> int:
    """A permission, full-disk, read-only or link-loop error: file and cause, exit 1."""
    from avoplan.store.files import os_error
    from avoplan.ui.console import error

    error(os_error(exc).message, "inget har skrivits hälften; rätta orsaken och kör igen")
    return 1
