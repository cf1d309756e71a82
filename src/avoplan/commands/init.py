"""`avoplan init [MAPP]`: a new förvaltning's portfolio repository, ready to use: the
organisation, delegationsordning, plan, utvecklingsområden, schablon and system register
to edit (taken
from the ÄVO example with a comment saying so), empty folders for behov and projekt, the
JSON Schemas, a pre-commit hook, a CI workflow, a README, `git init` and a first commit.
`avoplan check` passes on the result."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from avoplan.cli import console
from avoplan.core.errors import UserError
from avoplan.models.portfolio import ITEM_KINDS, KINDS, SCHABLON, SINGLETON_KINDS, SYSTEM
from avoplan.store.files import atomic_write_text, display, embedded_portfolio

PORTFOLIO = "portfolio"

EXAMPLE = ("# EXEMPEL från ÄVO:s portfölj, skapat av 'avoplan init'. Byt till er förvaltnings\n"
           "# uppgifter; 'avoplan check' säger om något inte stämmer.\n")

PRE_COMMIT = """\
# Kör 'avoplan check' före varje commit som ändrar en YAML-fil:
#   pipx install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: avoplan-check
        name: avoplan check
        entry: avoplan check
        language: system
        pass_filenames: false
        files: \\.ya?ml$
"""

WORKFLOW = """\
# Kontrollerar portföljen och tar fram planens dokument vid varje push och pull request.
name: avoplan
on: [push, pull_request]
jobs:
  kontroll:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # avoplan verify och diff behöver historiken
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # Byt adressen mot den plats där ni hämtar avoplan.
      - run: pip install "avoplan @ git+https://example.invalid/avoplan.git.repo"
      - run: avoplan check
      # Granskar besluten från senast verifierade punkt: pushens föregående commit eller
      # pull requestens bas, annars taggen avoplan-verifierad (avoplans README).
      - run: avoplan verify --sedan "$SEDAN"
        env:
          SEDAN: ${{ github.event.pull_request.base.sha || github.event.before }}
      - run: avoplan render all --out build --format html
"""

README = """\
# {name}: digitaliseringsplanen som kod

Den här mappen är förvaltningens portfölj för avoplan: varje behov och projekt är en
YAML-fil i `portfolio/`, och varje beslut registreras med git.

## Kom i gång

1. Fyll i `portfolio/organisation.yaml` (avdelningar, forum, personer med e-post),
   `portfolio/delegationsordning.yaml`, `portfolio/plan.yaml` och schablonen i
   `portfolio/schablon/`. Filerna innehåller ÄVO:s uppgifter som exempel.
2. Kontrollera: `avoplan check`
3. Registrera ett behov: `avoplan new behov --titel "…" --avdelning "…"`
4. Flytta det genom Behovsprocessen: `avoplan advance BEH-001 --to grovsållning
   --motivering "…" --commit`
5. Se läget: `avoplan list`, `avoplan board`, `avoplan org`
6. Ta fram dokumenten: `avoplan render all --out build --format html`

`.pre-commit-config.yaml` kör `avoplan check` före varje commit och
`.github/workflows/avoplan.yml` gör det i CI. `portfolio/schema/` innehåller JSON Schema
för editorer med YAML-stöd.
"""

GITIGNORE = ".avoplan-cache/\nbuild/\n"


def run(target: Path, git: bool = True) -> int:
    _refuse_non_empty(target)
    portfolio = target / PORTFOLIO
    source = embedded_portfolio()
    for kind in SINGLETON_KINDS:
        _copy_example(source / str(kind.file), portfolio / str(kind.file))
    # The schablon, and the systems of the shared tjänsteförvaltning (TID), which every
    # förvaltning in Integrerad Digitalisering uses, start from ÄVO's.
    for kind in (SCHABLON, SYSTEM):
        for path in sorted((source / str(kind.folder)).glob("*.yaml")):
            _copy_example(path, portfolio / str(kind.folder) / path.name)
    for kind in ITEM_KINDS:
        folder = portfolio / str(kind.folder)
        folder.mkdir(parents=True, exist_ok=True)
        if not any(folder.iterdir()):
            (folder / ".gitkeep").write_text("", encoding="utf-8")
    _write_schemas(portfolio / "schema")
    _write(target / ".pre-commit-config.yaml", PRE_COMMIT)
    _write(target / ".github" / "workflows" / "avoplan.yml", WORKFLOW)
    _write(target / "README.md", README.format(name=target.resolve().name))
    _write(target / ".gitignore", GITIGNORE)
    console.line(f"Skapade en ny portfölj i {display(target)}.")
    if git:
        _first_commit(target)
    console.line(f"Nästa steg: fyll i {display(portfolio / 'organisation.yaml')} och kör "
                 "'avoplan check' i mappen.")
    return 0


def _refuse_non_empty(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{display(target)} finns redan och är inte tom",
                        "ange en ny eller tom mapp; avoplan init skriver aldrig över något")


def _copy_example(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    _write(target, EXAMPLE + source.read_text(encoding="utf-8"))


def _write_schemas(folder: Path) -> None:
    from avoplan.store.schema import json_schema

    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        _write(folder / f"{kind.name}.schema.json", text)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)


def _first_commit(target: Path) -> None:
    from avoplan.git.repo import init_repository, repo_for

    existing = repo_for(target)
    if existing is not None:
        console.line(f"Ingen ny git-förråd: mappen ligger redan i {existing.working_dir}; "
                     "checka in filerna där.")
        return
    try:
        sha = init_repository(target, "Ny portfölj skapad med avoplan init")
    except UserError:
        shutil.rmtree(target / ".git", ignore_errors=True)
        raise
    console.line(f"git init och första commit {sha}.")
