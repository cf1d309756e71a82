"""`avoplan demo-portfolio`: write a synthetic portfolio of N items for trying and benchmarks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from avoplan.errors import UserError

if TYPE_CHECKING:
    from avoplan.loader import Portfolio

# What a demo portfolio takes over unchanged from the embedded ÄVO portfolio.
COPIED_FILES = ("organisation.yaml", "delegationsordning.yaml", "plan.yaml",
                "utvecklingsomraden.yaml")
COPIED_FOLDERS = ("system", "schablon", "forvaltningsobjekt")


def run(items: int, out: Path, seed: int) -> int:
    from avoplan.console import out as console
    from avoplan.loader import embedded_portfolio, load_portfolio

    if items < 1:
        raise UserError("--items ska vara minst 1")
    _refuse_non_empty(out)
    source = embedded_portfolio()
    base = load_portfolio(source).portfolio
    if base is None:
        raise UserError("den inbyggda portföljen går inte att läsa", "kör 'avoplan check'")
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside `out` and renamed into place: a failure leaves nothing half-made.
    staging = out.parent / f".{out.name}.{os.getpid()}.tmp"
    staging.mkdir()
    try:
        counts = _write(source, base, staging, items, seed)
        if out.exists():
            out.rmdir()
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    console().print(f"Skrev en demoportfölj till {out}: {counts['behov']} behov och "
                    f"{counts['projekt']} projekt (frö {seed}).")
    return 0


def _refuse_non_empty(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(f"{out} finns redan och är inte tom",
                        "ange en ny eller tom mapp med --out; inget skrivs över")


def _write(source: Path, base: Portfolio, target: Path, items: int,
           seed: int) -> dict[str, int]:
    from avoplan.demo import generate

    for name in COPIED_FILES:
        shutil.copy2(source / name, target / name)
    for folder in COPIED_FOLDERS:
        shutil.copytree(source / folder, target / folder)
    counts = {"behov": 0, "projekt": 0}
    for folder in counts:
        (target / folder).mkdir()
    for demo_file in generate(base, items, seed):
        (target / demo_file.path).write_text(demo_file.text, encoding="utf-8")
        counts[demo_file.path.split("/", 1)[0]] += 1
    return counts
