"""`avoplan render`: make the plan's documents from the portfolio, in Markdown, HTML or
PDF (the HTML laid out for A4 by WeasyPrint, archival and tagged)."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from avoplan.core.errors import UsageError, UserError
from avoplan.core.text import did_you_mean, fold, join_sv
from avoplan.documents.registry import ALL, DOCUMENTS, Document
from avoplan.store.files import display
from avoplan.ui import console
from avoplan.workspace.folder import Workspace

if TYPE_CHECKING:
    from avoplan.documents.base import Mote, Source


def run(
    name: str,
    portfolio: Path | None,
    year: int | None,
    out: Path | None,
    fmt: str,
    *,
    at: str | None = None,
    möte: Mote | None = None,
    möte_id: str | None = None,
) -> int:
    documents = select(name)
    if möte_id is not None and not all(d.per_meeting for d in documents):
        raise UsageError(
            f"'{name}' gäller inget enskilt möte", "ett möte anges bara för kallelse och protokoll"
        )
    if möte_id is None and any(d.per_meeting for d in documents):
        raise UsageError(
            f"'{name}' gäller ett möte", f"ange mötets id: 'avoplan render {name} MÖTE'"
        )
    if out is None and len(documents) > 1:
        raise UsageError(f"'{ALL}' tar fram flera dokument och behöver en mapp", "ange --out MAPP")
    if out is None and fmt == "pdf":
        raise UsageError("en PDF skrivs till en fil och behöver en mapp", "ange --out MAPP")
    workspace = Workspace.find(portfolio)
    if at is None:
        _render_work_tree(workspace, documents, year, out, fmt, möte, möte_id=möte_id)
        return 0
    with tempfile.TemporaryDirectory(prefix="avoplan-render-") as tmp:
        source = _source_at(workspace, at, year, Path(tmp) / "portfolio")
        source = with_history(workspace, source, at) if _backlog(documents) else source
        _render(documents, replace(source, möte=möte, möte_id=möte_id), out, fmt)
    return 0


def _render_work_tree(
    workspace: Workspace,
    documents: list[Document],
    year: int | None,
    out: Path | None,
    fmt: str,
    möte: Mote | None,
    *,
    möte_id: str | None = None,
) -> None:
    """Render the work tree, or give the bytes of the last identical render again."""
    from avoplan.store.cache.documents import render_key, store

    inputs = workspace.render_inputs()
    key = (
        render_key([*inputs, fmt, repr(year), repr(möte), repr(möte_id), repr(out is None)])
        if inputs is not None
        else None
    )
    if key is not None and _replayed(workspace.root, key, documents, out, fmt):
        return
    source = _source(workspace, year)
    source = with_history(workspace, source) if _backlog(documents) else source
    source = replace(source, möte=möte, möte_id=möte_id)
    for document in documents:
        content = _produce(document, source, fmt)
        _emit(document, content, out, fmt, möte_id)
        if key is not None:
            store(
                workspace.root,
                key,
                f"{document.name}.{fmt}",
                content if isinstance(content, bytes) else content.encode("utf-8"),
            )


def _replayed(root: Path, key: str, documents: list[Document], out: Path | None, fmt: str) -> bool:
    """Emit the documents as last rendered under `key`, if every one of them is kept."""
    from avoplan.store.cache.documents import stored

    kept = [stored(root, key, f"{document.name}.{fmt}") for document in documents]
    found = [content for content in kept if content is not None]
    if len(found) < len(documents):
        return False
    for document, content in zip(documents, found, strict=True):
        _emit(document, content if fmt == "pdf" else content.decode("utf-8"), out, fmt, None)
    return True


def _source(workspace: Workspace, year: int | None) -> Source:
    """The work tree: live data stands at HEAD's day when nothing is changed, else today."""
    from avoplan.documents.base import Source
    from avoplan.git.repo import head_commit, revision

    loaded = workspace.checked_portfolio()
    commit = head_commit(workspace.root)
    unchanged = commit is not None and " " not in commit  # not 'sha (ändrad)'
    head = revision(workspace.root) if unchanged else None
    # Only the backlog spans the federation's members, read from the last sync.
    return Source(
        loaded,
        year or loaded.plan.giltighet.från.year,
        commit,
        head.day if head else date.today(),
        members=workspace.federation_members(),
        synkning=workspace.sync_age() if workspace.sync_state() else None,
    )


def _backlog(documents: list[Document]) -> bool:
    return any(document.name == "backlog" for document in documents)


def with_history(workspace: Workspace, source: Source, rev: str = "HEAD") -> Source:
    """The backlog's decisions with the commits that recorded them: each member's needs
    with a Styr- och samordningsgruppen decision, read from its git history (the home
    portfolio's up to `rev`)."""
    from avoplan.documents.backlog import decided, members

    return replace(source, historik=workspace.need_history(decided(members(source)), rev))


def _source_at(workspace: Workspace, rev: str, year: int | None, target: Path) -> Source:
    """The portfolio as committed at `rev`, read from git into `target`; the work tree
    is not touched."""
    from avoplan.documents.base import Source
    from avoplan.git.repo import export_tree, revision

    export_tree(workspace.root, rev, workspace.root, target)
    at = revision(workspace.root, rev)
    if at is None:
        raise UserError(f"okänd revision '{rev}'", "ange en commit, gren eller tagg")
    loaded = Workspace(target).checked_portfolio()
    return Source(loaded, year or loaded.plan.giltighet.från.year, at.short, at.day)


def _render(documents: list[Document], source: Source, out: Path | None, fmt: str) -> None:
    for document in documents:
        _emit(document, _produce(document, source, fmt), out, fmt, source.möte_id)


def _produce(document: Document, source: Source, fmt: str) -> str | bytes:
    from avoplan.documents.render import render, to_pdf

    if fmt == "pdf":
        return to_pdf(render(document, source, "html"))
    return render(document, source, fmt)


def _emit(
    document: Document, content: str | bytes, out: Path | None, fmt: str, möte_id: str | None = None
) -> None:
    if out is None:
        assert isinstance(content, str)  # a PDF always goes to a folder (see run)
        console.raw(content)
    else:
        stem = f"{document.name}-{möte_id}" if möte_id else document.name
        _write(out / f"{stem}.{fmt}", content)


def select(name: str) -> list[Document]:
    if name == ALL:
        return [d for d in DOCUMENTS.values() if not d.per_meeting]
    if name in DOCUMENTS:
        return [DOCUMENTS[name]]
    folded = {fold(key): document for key, document in DOCUMENTS.items()}
    if fold(name) in folded:  # render portföljrapport, förvaltningsplan
        return [folded[fold(name)]]
    guess = did_you_mean(name, [*DOCUMENTS, ALL])
    known = join_sv([*DOCUMENTS, ALL])
    raise UsageError(
        f"okänt dokument '{name}'",
        f"menade du '{guess}'? Dokumenten är {known}" if guess else f"dokumenten är {known}",
    )


def _write(path: Path, content: str | bytes) -> None:
    from avoplan.store.files import atomic_write_bytes, atomic_write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            atomic_write_bytes(path, content)
        else:
            atomic_write_text(path, content)
    except OSError as exc:
        raise UserError(
            f"kan inte skriva {display(path)}: {exc.strerror}",
            "kontrollera mappen som angavs med --out",
        ) from exc
    console.line(f"Skrev {display(path)}")
