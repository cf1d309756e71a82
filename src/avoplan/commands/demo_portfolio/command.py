"""`avoplan demo-portfolio`: write a synthetic portfolio of N items for trying and benchmarks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from avoplan.core.errors import UsageError, UserError
from avoplan.models.federation import Medlem
from avoplan.models.portfolio import (
    BEHOV,
    ITEM_KINDS,
    MOTE,
    PROJEKT,
    SINGLETON_KINDS,
    Portfolio,
)
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def run(items: int, out: Path, seed: int, federation: int | None = None) -> int:
    from avoplan.store.files import embedded_portfolio

    if federation is not None:
        return run_federation(items, out, seed, federation)
    if items < 1:
        raise UserError("--items ska vara minst 1")
    _refuse_non_empty(out)
    source = Workspace(embedded_portfolio())
    base = source.portfolio()
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside `out` and renamed into place: a failure leaves nothing half-made.
    staging = out.parent / f".{out.name}.{os.getpid()}.tmp"
    staging.mkdir()
    try:
        counts = _write(source.root, base, staging, items, seed)
        if out.exists():
            out.rmdir()
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    console.line(
        f"Skrev en demoportfölj till {out}: {counts['behov']} behov och "
        f"{counts['projekt']} projekt (frö {seed})."
    )
    return 0


def _refuse_non_empty(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(
            f"{out} finns redan och är inte tom",
            "ange en ny eller tom mapp med --out; inget skrivs över",
        )


def _write(source: Path, base: Portfolio, target: Path, items: int, seed: int) -> dict[str, int]:
    """Everything but behov and projekt is taken over unchanged; those are generated."""
    from avoplan.commands.demo_portfolio.generator import generate
    from avoplan.store.yaml_emit import to_yaml

    generated = (BEHOV, PROJEKT)
    for kind in SINGLETON_KINDS:
        if (source / str(kind.file)).is_file():
            shutil.copy2(source / str(kind.file), target / str(kind.file))
    for kind in ITEM_KINDS:
        # The meetings are about the embedded needs, which the demo does not have.
        if kind not in generated and kind is not MOTE:
            shutil.copytree(
                source / str(kind.folder),
                target / str(kind.folder),
                ignore=shutil.ignore_patterns(".*"),
            )
    counts = {str(kind.folder): 0 for kind in generated}
    for folder in counts:
        (target / folder).mkdir()
    for demo_file in generate(base, items, seed):
        (target / demo_file.path).write_text(
            to_yaml(demo_file.data, demo_file.comment), encoding="utf-8"
        )
        counts[demo_file.path.split("/", 1)[0]] += 1
    return counts


def run_federation(items: int, out: Path, seed: int, count: int) -> int:
    """`--federation N`: N members of Integrerad Digitalisering, each a git repository of
    its own in out/<kod>/ with N×items needs between them. Members are made from the same
    themes with different seeds, so needs overlap across members (some deliberately
    similar, for `liknande`); each has a federation.yaml naming the others by path."""
    from avoplan.core.text import fold
    from avoplan.git.repo import commit_everything
    from avoplan.store.files import embedded_portfolio

    members = Workspace(embedded_portfolio()).federation().medlemmar
    if not 2 <= count <= len(members):
        raise UsageError(
            f"--federation ska vara mellan 2 och {len(members)}",
            "Integrerad Digitalisering har sex förvaltningar",
        )
    _refuse_non_empty(out)
    chosen = members[:count]
    for index, member in enumerate(chosen):
        folder = out / fold(member.kod)
        run(items, folder, seed + index)
        (folder / "federation.yaml").write_text(
            _federation_yaml(chosen, member.kod), encoding="utf-8"
        )
        commit_everything(folder, f"Demoportfölj för {member.namn} ({member.kod})")
    console.line(
        f"Skrev en demofederation med {count} medlemmar till {out}; synka med "
        f"'avoplan federation sync -p {out / fold(chosen[0].kod)}'."
    )
    return 0


def _federation_yaml(members: list[Medlem], home: str) -> str:
    from avoplan.core.text import fold
    from avoplan.store.yaml_emit import to_yaml

    data = {
        "namn": "Integrerad Digitalisering",
        "hem": home,
        "medlemmar": [
            {
                "namn": m.namn,
                "kod": m.kod,
                "förvaltning": m.förvaltning,
                "förråd": None if m.kod == home else f"../{fold(m.kod)}",
                "revision": None if m.kod == home else "main",
            }
            for m in members
        ],
    }
    return to_yaml(data, "Demofederation (avoplan demo-portfolio --federation).")
