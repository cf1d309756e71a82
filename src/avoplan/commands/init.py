"""`avoplan init [MAPP] --förvaltning NAMN --kod KOD`: a new förvaltning's portfolio
repository, a draft of its own: organisation, delegationsordning, plan (status utkast, no
adoption), utvecklingsområden, prioritering, federation, schablon and system register,
written from ÄVO's example with the förvaltning's name and code in place of ÄVO's, the
example people and forums marked `exempel: true`; empty folders for behov and projekt;
the JSON Schemas; a pre-commit hook and CI workflows that install exactly the avoplan that
ran `init` (a commit or a version, never a placeholder); editor settings, CODEOWNERS, a
README, `git init` and a first commit. `avoplan check` passes on the result, with
warnings while example data remains."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from avoplan.core.errors import UsageError, UserError
from avoplan.core.text import fold
from avoplan.models.portfolio import (
    FEDERATION,
    ITEM_KINDS,
    KINDS,
    ORGANISATION,
    PLAN,
    SCHABLON,
    SINGLETON_KINDS,
    SYSTEM,
)
from avoplan.store.files import atomic_write_text, display, embedded_portfolio
from avoplan.ui import console

PORTFOLIO = "portfolio"
SCHEMA = "schema"

# ÄVO in the example: its id in organisation.yaml, its code, and how its texts name it.
EXAMPLE_ID = "avo"
EXAMPLE_CODE = "ÄVO"
EXAMPLE_NAMES = (
    "Äldre samt vård- och omsorgsförvaltningen",
    "äldre samt vård- och omsorgsförvaltningen",
)
EXAMPLE_NAMND = "Äldre samt vård- och omsorgsnämnden"

HEADER = (
    "UTKAST skapat av 'avoplan init' ur ÄVO:s exempel, för\n"
    "{namn} ({kod}). Byt exempeluppgifterna (exempel: true)\n"
    "mot förvaltningens egna; 'avoplan check' varnar så länge exempel finns kvar."
)


@dataclass(frozen=True)
class Identity:
    """Who "we" are in the new portfolio."""

    namn: str
    kod: str
    id: str  # the förvaltning's id in organisation.yaml


# --- where the running avoplan came from -----------------------------------------------

_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_PINNED_VCS = re.compile(r"^git\+(?:https|ssh)://\S+@[\w.\-/]+$")
_PINNED_VERSION = re.compile(r"^avoplan\s*==\s*[\w.+!\-]+$")
_ARCHIVE = re.compile(r"^https://\S+\.(?:whl|tar\.gz|zip)(?:#sha256=[0-9a-f]{64})?$")


def install_spec(source: str | None = None) -> str:
    """What pip installs in the new repository's CI and pre-commit: exactly this avoplan.

    --avoplan-källa if given (it must pin a commit, a tag or a version); otherwise the VCS
    URL and commit PEP 610's direct_url.json records; otherwise the version from the
    package index. Refuses when none of them tells."""
    if source is not None:
        return _given(source.strip())
    from importlib import metadata

    try:
        distribution = metadata.distribution("avoplan")
    except metadata.PackageNotFoundError:
        raise _cannot_tell("avoplan är inte installerat som paket") from None
    recorded = distribution.read_text("direct_url.json")
    if recorded is None:  # installed from a package index
        version = distribution.version
        if "+" in version or ".dev" in version:
            raise _cannot_tell(
                f"versionen {version} är en utvecklingsversion som inget paketindex har"
            )
        return f"avoplan=={version}"
    return _from_direct_url(recorded)


def _from_direct_url(recorded: str) -> str:
    try:
        direct = json.loads(recorded)
    except ValueError:
        raise _cannot_tell("direct_url.json i installationen går inte att läsa") from None
    url = str(direct.get("url", ""))
    vcs = direct.get("vcs_info")
    if (
        isinstance(vcs, dict)
        and vcs.get("vcs") == "git"
        and _COMMIT.match(str(vcs.get("commit_id", "")))
        and url.startswith(("https://", "ssh://"))
    ):
        return f"avoplan @ git+{url}@{vcs['commit_id']}"
    archive = direct.get("archive_info")
    if isinstance(archive, dict) and url.startswith("https://"):
        hashes = archive.get("hashes") or {}
        sha = hashes.get("sha256") if isinstance(hashes, dict) else None
        return f"avoplan @ {url}" + (f"#sha256={sha}" if sha else "")
    where = url or "en okänd plats"
    raise _cannot_tell(f"avoplan installerades från {where}, som CI inte når")


def _given(source: str) -> str:
    if _PINNED_VCS.match(source):
        return f"avoplan @ {source}"
    if _PINNED_VERSION.match(source):
        return re.sub(r"\s+", "", source)
    if _ARCHIVE.match(source):
        return f"avoplan @ {source}"
    raise UsageError(
        f"--avoplan-källa '{source}' låser inte avoplan till en commit eller version",
        "ange t.ex. git+https://github.com/ORG/avoplan.git@COMMIT eller avoplan==0.2.0",
    )


def _cannot_tell(why: str) -> UserError:
    return UserError(
        f"kan inte avgöra varifrån CI ska installera avoplan: {why}",
        "ange --avoplan-källa git+https://…/avoplan.git@COMMIT (eller "
        "avoplan==VERSION); init skriver aldrig en platshållare",
    )


def _github_repository(spec: str) -> tuple[str, str] | None:
    """(owner/name, commit) when avoplan comes from a commit of a GitHub repository."""
    found = re.match(
        r"^avoplan @ git\+https://github\.com/([\w.\-]+/[\w.\-]+?)(?:\.git)?"
        r"@([0-9a-f]{40})$",
        spec,
    )
    return (found.group(1), found.group(2)) if found else None


# --- the files ---------------------------------------------------------------------------

YAML_EXTENSION = "redhat.vscode-yaml"

GITIGNORE = ".avoplan-cache/\nbuild/\n"


def run(
    target: Path,
    git: bool = True,
    förvaltning: str | None = None,
    kod: str | None = None,
    källa: str | None = None,
    *,
    interactive: bool = False,
) -> int:
    _refuse_non_empty(target)
    spec = install_spec(källa)
    source = embedded_portfolio()
    identity = _identity(source, *_names(förvaltning, kod, interactive))
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
    github = _github_repository(spec)
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


def _names(förvaltning: str | None, kod: str | None, interactive: bool) -> tuple[str, str]:
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


def _identity(source: Path, namn: str, kod: str) -> Identity:
    """The förvaltning's id: the one the example's federation already gives it (FS is
    funktionsstod), else one made from the code."""
    from avoplan.store.yaml_io import parse, read_text

    federation = parse(read_text(source / str(FEDERATION.file)))
    for member in federation.get("medlemmar") or []:
        if fold(str(member.get("kod", ""))) == fold(kod) or fold(
            str(member.get("namn", ""))
        ) == fold(namn):
            if member.get("förvaltning") == EXAMPLE_ID:
                raise UsageError(
                    f"{namn} ({kod}) är ÄVO, vars portfölj följer med avoplan",
                    "ange en annan förvaltning",
                )
            return Identity(namn, kod, str(member.get("förvaltning") or _slug(kod)))
    return Identity(namn, kod, _slug(kod))


def _slug(text: str) -> str:
    return (
        re.sub(r"[^a-z0-9]+", "-", text.lower().translate(str.maketrans("åäöé", "aaoe"))).strip("-")
        or "egen"
    )


# --- the draft: ÄVO's example with this förvaltning in ÄVO's place -----------------------


def draft(source: Path, identity: Identity) -> dict[str, str]:
    """Relative path -> text of every example file, rewritten for `identity`."""
    from avoplan.store.yaml_io import parse, read_text

    paths = [
        Path(str(kind.file)) for kind in SINGLETON_KINDS if (source / str(kind.file)).is_file()
    ]
    for kind in (SCHABLON, SYSTEM):
        paths += sorted(p.relative_to(source) for p in (source / str(kind.folder)).glob("*.yaml"))
    documents = {path: parse(read_text(source / path)) for path in paths}
    organisation = documents[Path(str(ORGANISATION.file))]
    renamed = _rename_people(organisation, identity)
    _swap_forvaltningar(organisation, identity, renamed)
    for forum in organisation.get("forum") or []:
        forum["exempel"] = True
    _draft_plan(documents[Path(str(PLAN.file))], identity)
    federation = documents.get(Path(str(FEDERATION.file)))
    if federation is not None:
        _draft_federation(federation, identity)
    header = HEADER.format(namn=identity.namn, kod=identity.kod)
    return {
        str(path): _folded(_replaced(data, identity, renamed), header)
        for path, data in documents.items()
    }


def _folded(data: dict[str, Any], header: str) -> str:
    """The file with long texts folded to lines an editor shows whole, without the
    trailing spaces ruamel leaves at each fold; unfolded if folding changed any value."""
    from avoplan.store.yaml_edit import dump_new
    from avoplan.store.yaml_io import parse

    text = "\n".join(line.rstrip() for line in dump_new(data, header, width=88).split("\n"))
    return text if parse(text) == data else dump_new(data, header)


def _rename_people(organisation: dict[str, Any], identity: Identity) -> dict[str, str]:
    """ÄVO's people become numbered example people of this förvaltning; the example's
    people of this förvaltning (if it was a partner) become ÄVO's. Returns old -> new id."""
    renamed: dict[str, str] = {}
    mail = _slug(identity.kod)
    number = 0
    for person in organisation.get("personer") or []:
        person["exempel"] = True
        if person.get("förvaltning") == EXAMPLE_ID:
            number += 1
            new_id = f"exempel-{number:02d}"
            renamed[str(person["id"])] = new_id
            person["id"] = new_id
            person["namn"] = f"Exempelperson {number:02d}"
            person["epost"] = f"exempel.{number:02d}@{mail}.exempel.se"
            person["förvaltning"] = identity.id
        elif person.get("förvaltning") == identity.id:
            person["förvaltning"] = EXAMPLE_ID
    return renamed


def _swap_forvaltningar(
    organisation: dict[str, Any], identity: Identity, renamed: dict[str, str]
) -> None:
    organisation["egen_förvaltning"] = identity.id
    entries = organisation.get("förvaltningar") or []
    example = next((e for e in entries if e.get("id") == EXAMPLE_ID), None)
    partner = next((e for e in entries if e.get("id") == identity.id), None)
    own: dict[str, Any] = {"id": identity.id, "namn": identity.namn, "kortnamn": identity.kod}
    if example is not None and example.get("förvaltningsdirektör"):
        old = str(example["förvaltningsdirektör"])
        own["förvaltningsdirektör"] = renamed.get(old, old)
    avo: dict[str, Any] = {
        "id": EXAMPLE_ID,
        "namn": EXAMPLE_NAMES[0],
        "kortnamn": EXAMPLE_CODE,
        "nämnd": EXAMPLE_NAMND,
    }
    if partner is not None and partner.get("förvaltningsdirektör"):
        avo["förvaltningsdirektör"] = partner["förvaltningsdirektör"]
    rest = [e for e in entries if e.get("id") not in {EXAMPLE_ID, identity.id}]
    organisation["förvaltningar"] = [own, avo, *rest]


def _draft_plan(plan: dict[str, Any], identity: Identity) -> None:
    plan["förvaltning"] = identity.id
    plan.pop("antagen", None)
    plan.pop("diarienummer", None)
    plan["titel"] = f"Digitaliseringsplan för {identity.namn} (utkast)"
    plan["exempel"] = True


def _draft_federation(federation: dict[str, Any], identity: Identity) -> None:
    federation["hem"] = identity.kod
    members = federation.setdefault("medlemmar", [])
    if not any(m.get("förvaltning") == identity.id for m in members):
        members.append({"namn": identity.namn, "kod": identity.kod, "förvaltning": identity.id})


def _replaced(data: Any, identity: Identity, renamed: dict[str, str]) -> Any:
    """`data` with ÄVO's name and code in texts replaced by this förvaltning's, and renamed
    people's ids replaced wherever they are referred to."""
    if isinstance(data, dict):
        return {key: _replaced(value, identity, renamed) for key, value in data.items()}
    if isinstance(data, list):
        return [_replaced(value, identity, renamed) for value in data]
    if isinstance(data, str):
        if data in renamed:
            return renamed[data]
        if data in {EXAMPLE_NAMES[0], EXAMPLE_CODE, EXAMPLE_NAMND}:
            return data  # the partner entry of ÄVO itself
        for name in EXAMPLE_NAMES:
            data = data.replace(name, identity.namn)
        data = data.replace(EXAMPLE_NAMND, "Nämnden")
        return re.sub(r"(?<!\w)ÄVO(?!\w)", identity.kod, data)
    if isinstance(data, date):
        return data
    return data


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
