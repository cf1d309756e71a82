"""`avoplan render`: make the plan's documents from the portfolio, in Markdown, HTML or
PDF (the HTML laid out for A4 by WeasyPrint, archival and tagged)."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from avoplan import console
from avoplan.documents import ALL, DOCUMENTS, Document
from avoplan.errors import UsageError, UserError
from avoplan.files import display
from avoplan.text import did_you_mean, join_sv
from avoplan.workspace import Workspace

if TYPE_CHECKING:
    from avoplan.documents.base import Mote, Source


def run(name: str, portfolio: Path | None, year: int | None, out: Path | None,
        fmt: str, *, at: str | None = None, möte: Mote | None = None) -> int:
    documents = select(name)
    if out is None and len(documents) > 1:
        raise UsageError(f"'{ALL}' tar fram flera dokument och behöver en mapp",
                         "ange --out MAPP")
    if out is None and fmt == "pdf":
        raise UsageError("en PDF skrivs till en fil och behöver en mapp", "ange --out MAPP")
    workspace = Workspace.find(portfolio)
    backlog = any(d.name == "backlog" for d in documents)
    if at is None:
        source = _source(workspace, year)
        source = _with_history(workspace, source) if backlog else source
        _render(documents, replace(source, möte=möte), out, fmt)
        return 0
    with tempfile.TemporaryDirectory(prefix="avoplan-render-") as tmp:
        source = _source_at(workspace, at, year, Path(tmp) / "portfolio")
        source = _with_history(workspace, source, at) if backlog else source
        _render(documents, replace(source, möte=möte), out, fmt)
    return 0


def _source(workspace: Workspace, year: int | None) -> Source:
    """The work tree: live data stands at HEAD's day when nothing is changed, else today."""
    from avoplan.documents.base import Source
    from avoplan.git import head_commit, revision

    loaded = workspace.checked_portfolio()
    commit = head_commit(workspace.root)
    unchanged = commit is not None and " " not in commit  # not 'sha (ändrad)'
    head = revision(workspace.root) if unchanged else None
    # Only the backlog spans the federation's members, read from the last sync.
    return Source(loaded, year or loaded.plan.giltighet.från.year, commit,
                  head.day if head else date.today(), members=workspace.federation_members(),
                  synkning=workspace.sync_age() if workspace.sync_state() else None)


def _with_history(workspace: Workspace, source: Source, rev: str = "HEAD") -> Source:
    """The backlog's decisions with the commits that recorded them: each member's needs
    with a Styr- och samordningsgruppen decision, read from its git history (the home
    portfolio's up to `rev`)."""
    from avoplan.documents.backlog import decided, members

    return replace(source, historik=workspace.need_history(decided(members(source)), rev))


def _source_at(workspace: Workspace, rev: str, year: int | None, target: Path) -> Source:
    """The portfolio as committed at `rev`, read from git into `target`; the work tree
    is not touched."""
    from avoplan.documents.base import Source
    from avoplan.git import export_tree, revision

    export_tree(workspace.root, rev, workspace.root, target)
    at = revision(workspace.root, rev)
    if at is None:
        raise UserError(f"okänd revision '{rev}'", "ange en commit, gren eller tagg")
    loaded = Workspace(target).checked_portfolio()
    return Source(loaded, year or loaded.plan.giltighet.från.year, at.short, at.day)


def _render(documents: list[Document], source: Source, out: Path | None, fmt: str) -> None:
    from avoplan.render import render, to_pdf

    for document in documents:
        if fmt == "pdf" and out is not None:
            _write(out / f"{document.name}.pdf", to_pdf(render(document, source, "html")))
            continue
        text = render(document, source, fmt)
        if out is None:
            console.raw(text)
        else:
            _write(out / f"{document.name}.{fmt}", text)


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


def _write(path: Path, content: str | bytes) -> None:
    from avoplan.files import atomic_write_bytes, atomic_write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            atomic_write_bytes(path, content)
        else:
            atomic_write_text(path, content)
    except OSError as exc:
        raise UserError(f"kan inte skriva {display(path)}: {exc.strerror}",
                        "kontrollera mappen som angavs med --out") from exc
    console.line(f"Skrev {display(path)}")
