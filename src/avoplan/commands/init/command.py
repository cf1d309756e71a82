"""`avoplan init`: the new repository written, file by file (see the package's docstring
for what it holds), and its first commit."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from avoplan.commands.init.draft import draft, identity_of
from avoplan.commands.init.install import github_repository, install_spec
from avoplan.core.errors import UsageError, UserError
from avoplan.models.portfolio import (
    ITEM_KINDS,
    KINDS,
)
from avoplan.store.files import atomic_write_text, display, embedded_portfolio
from avoplan.ui import console

PORTFOLIO = "portfolio"
SCHEMA = "schema"


def _issue_form(portfolio: Path) -> str:
    """The issue form for new needs, its dropdowns from the draft's organisation and
    system register (as `avoplan intake-formulär` writes it)."""
    from avoplan.behovsprocess.arende import issue_form
    from avoplan.workspace.folder import Workspace

    workspace = Workspace(portfolio)
    return issue_form(workspace.organisation(), workspace.systems())


# --- the files ---------------------------------------------------------------------------

YAML_EXTENSION = "redhat.vscode-yaml"

GITIGNORE = ".avoplan-cache/\nbuild/\n"


def run(
    target: Path,
    *,
    git: bool = True,
    förvaltning: str | None = None,
    kod: str | None = None,
    källa: str | None = None,
    interactive: bool = False,
) -> int:
    _refuse_non_empty(target)
    spec = install_spec(källa)
    source = embedded_portfolio()
    identity = identity_of(source, *_names(förvaltning, kod, interactive=interactive))
    portfolio = target / PORTFOLIO
    for path, text in draft(source, identity).items():
        _write(portfolio / path, text)
    for kind in ITEM_KINDS:
        folder = portfolio / str(kind.folder)
        folder.mkdir(parents=True, exist_ok=True)
        if not any(folder.iterdir()):
            (folder / ".gitkeep").write_text("", encoding="utf-8")
    _write_schemas(portfolio / SCHEMA)
    _write(
        target / ".pre-commit-config.yaml",
        _template("pre-commit-config.yaml").format(spec=json.dumps(spec)),
    )
    _write(
        target / ".github" / "workflows" / "avoplan.yml",
        _template("avoplan.yml").format(spec=json.dumps(spec)),
    )
    for workflow in ("behov.yml", "webbplats.yml"):
        _write(
            target / ".github" / "workflows" / workflow,
            _template(workflow).format(spec=json.dumps(spec)),
        )
    _write(target / ".github" / "ISSUE_TEMPLATE" / "behov.yml", _issue_form(portfolio))
    github = github_repository(spec)
    if github is not None:
        _write(
            target / ".github" / "workflows" / "granskning.yml",
            _template("granskning.yml").format(repository=github[0], commit=github[1]),
        )
    _write(target / ".vscode" / "settings.json", _vscode_settings())
    _write(
        target / ".vscode" / "extensions.json",
        json.dumps({"recommendations": [YAML_EXTENSION]}, indent=2) + "\n",
    )
    _write(target / "CODEOWNERS", _template("CODEOWNERS"))
    readme = _template("README.md").format(
        namn=_heading(identity.namn), kod=identity.kod, spec=spec
    )
    _write(target / "README.md", readme)
    _write(target / ".gitignore", GITIGNORE)
    console.line(
        f"Skapade ett utkast till portföljen för {identity.namn} ({identity.kod}) i "
        f"{display(target)}; CI och pre-commit installerar {spec}."
    )
    if git:
        _first_commit(target)
    console.line(
        f"Nästa steg: byt exemplen i {display(portfolio / 'organisation.yaml')} mot "
        "era uppgifter och kör 'avoplan check' i mappen."
    )
    return 0


def _names(förvaltning: str | None, kod: str | None, *, interactive: bool) -> tuple[str, str]:
    if (förvaltning is None or kod is None) and interactive:
        förvaltning = förvaltning or console.ask("Förvaltningens namn")
        kod = kod or console.ask("Förvaltningens kod i Integrerad Digitalisering (t.ex. FS)")
    if not förvaltning or not förvaltning.strip() or not kod:
        raise UsageError(
            "ange förvaltningens namn och kod",
            't.ex. avoplan init MAPP --förvaltning "Förvaltningen för funktionsstöd" --kod FS',
        )
    kod = kod.strip().upper()
    if not re.fullmatch(r"[A-ZÅÄÖ]{2,6}", kod):
        raise UsageError(f"koden '{kod}' ska vara 2–6 bokstäver A–Ö, t.ex. FS")
    return " ".join(förvaltning.split()), kod


# --- writing -----------------------------------------------------------------------------


def _heading(name: str) -> str:
    """A name as literal Markdown: no HTML, link or emphasis comes through."""
    from avoplan.documents.render import md_escape

    return md_escape(name) or "portfölj"


def _refuse_non_empty(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(
            f"{display(target)} finns redan och är inte tom",
            "ange en ny eller tom mapp; avoplan init skriver aldrig över något",
        )


def _write_schemas(folder: Path) -> None:
    from avoplan.store.schema import json_schema

    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        _write(folder / f"{kind.name}.schema.json", text)


def _vscode_settings() -> str:
    """yaml.schemas for the YAML extension: every file kind mapped to its schema."""
    schemas: dict[str, list[str] | str] = {}
    for kind in KINDS:
        pattern = (
            f"{PORTFOLIO}/{kind.file}"
            if kind.folder is None
            else f"{PORTFOLIO}/{kind.folder}/*.yaml"
        )
        schemas[f"./{PORTFOLIO}/{SCHEMA}/{kind.name}.schema.json"] = pattern
    return (
        json.dumps(
            {"yaml.schemas": schemas, "files.encoding": "utf8", "files.eol": "\n"},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def _template(name: str) -> str:
    """A file init writes, from templates/init/ (str.format fields in braces)."""
    from avoplan.store.files import templates_dir

    return (templates_dir() / "init" / name).read_text(encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)


def _first_commit(target: Path) -> None:
    from avoplan.git.repo import init_repository, repo_for

    existing = repo_for(target)
    if existing is not None:
        console.line(
            f"Ingen ny git-förråd: mappen ligger redan i {existing.working_dir}; "
            "checka in filerna där."
        )
        return
    try:
        sha = init_repository(target, "Ny portfölj skapad med avoplan init")
    except UserError:
        shutil.rmtree(target / ".git", ignore_errors=True)
        raise
    console.line(f"git init och första commit {sha}.")
