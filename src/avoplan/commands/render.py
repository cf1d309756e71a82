"""`avoplan render`: make the plan's documents from the portfolio, in Markdown or HTML."""

from __future__ import annotations

import sys
from pathlib import Path

from avoplan.documents import ALL, DOCUMENTS, Document
from avoplan.errors import UsageError, UserError
from avoplan.loader import Portfolio, display, find_portfolio
from avoplan.text import did_you_mean, join_sv


def run(name: str, portfolio: Path | None, year: int | None, out: Path | None,
        fmt: str) -> int:
    from avoplan.documents.base import Source
    from avoplan.git import head_commit
    from avoplan.render import render

    documents = select(name)
    if out is None and len(documents) > 1:
        raise UsageError(f"'{ALL}' tar fram flera dokument och behöver en mapp",
                         "ange --out MAPP")
    root = find_portfolio(portfolio)
    loaded = checked_portfolio(root)
    source = Source(loaded, year or loaded.plan.giltighet.från.year, head_commit(root))
    for document in documents:
        text = render(document, source, fmt)
        if out is None:
            sys.stdout.write(text)
        else:
            _write(out / f"{document.name}.{fmt}", text)
    return 0


def select(name: str) -> list[Document]:
    if name == ALL:
        return list(DOCUMENTS.values())
    if name in DOCUMENTS:
        return [DOCUMENTS[name]]
    guess = did_you_mean(name, [*DOCUMENTS, ALL])
    known = join_sv([*DOCUMENTS, ALL])
    raise UsageError(f"okänt dokument '{name}'",
                     f"menade du '{guess}'? Dokumenten är {known}" if guess
                     else f"dokumenten är {known}")


def checked_portfolio(root: Path) -> Portfolio:
    """The portfolio, refused while `avoplan check` finds errors: a published plan must
    rest on a portfolio that holds together."""
    from avoplan.commands.check import collect
    from avoplan.findings import Severity, has_errors
    from avoplan.report import first_line

    result, findings = collect(root, use_cache=True)
    if result.portfolio is None or has_errors(findings):
        errors = [f for f in findings if f.severity == Severity.FEL]
        raise UserError(f"portföljen har {len(errors)} fel, så inga dokument tas fram; "
                        f"första: {first_line(errors)}",
                        f"kör 'avoplan check -p {display(root)}' och rätta felen")
    return result.portfolio


def _write(path: Path, text: str) -> None:
    from avoplan.console import out
    from avoplan.yaml_io import atomic_write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    except OSError as exc:
        raise UserError(f"kan inte skriva {display(path)}: {exc.strerror}",
                        "kontrollera mappen som angavs med --out") from exc
    out().print(f"Skrev {display(path)}")
