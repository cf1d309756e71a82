"""`avoplan render`: make the plan's documents from the portfolio, in Markdown or HTML."""

from __future__ import annotations

from pathlib import Path

from avoplan import console
from avoplan.documents import ALL, DOCUMENTS, Document
from avoplan.errors import UsageError, UserError
from avoplan.files import display
from avoplan.text import did_you_mean, join_sv
from avoplan.workspace import Workspace


def run(name: str, portfolio: Path | None, year: int | None, out: Path | None,
        fmt: str) -> int:
    from avoplan.documents.base import Source
    from avoplan.git import head_commit
    from avoplan.render import render

    documents = select(name)
    if out is None and len(documents) > 1:
        raise UsageError(f"'{ALL}' tar fram flera dokument och behöver en mapp",
                         "ange --out MAPP")
    workspace = Workspace.find(portfolio)
    loaded = workspace.checked_portfolio()
    federated = any(d.name == "backlog" for d in documents)  # only the backlog spans members
    source = Source(loaded, year or loaded.plan.giltighet.från.year, head_commit(workspace.root),
                    workspace.federation_members() if federated else {},
                    workspace.sync_age() if federated and workspace.sync_state() else None)
    for document in documents:
        text = render(document, source, fmt)
        if out is None:
            console.raw(text)
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


def _write(path: Path, text: str) -> None:
    from avoplan.files import atomic_write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    except OSError as exc:
        raise UserError(f"kan inte skriva {display(path)}: {exc.strerror}",
                        "kontrollera mappen som angavs med --out") from exc
    console.line(f"Skrev {display(path)}")
