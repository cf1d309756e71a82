"""The release and a new förvaltning's first steps (issue 21): the version comes from git,
the wheel carries templates, schemas and the embedded portfolio, and a wheel installed
into a fresh venv outside the checkout takes Förvaltningen för funktionsstöd from `init`
to a decision that `verify` accepts and a rendered draft of its plan."""

from __future__ import annotations

import json
import os
import pwd
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from avoplan.models.portfolio import KINDS
from tests.helpers import EMBEDDED, REPO, Cli, copy_portfolio, git
from tests.wheelhouse import wheelhouse

FS_CHIEF = ("Exempelperson 02", "exempel.02@fs.exempel.se")  # Hemtjänst's avdelningschef


def test_version_names_the_version_and_the_commit(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0, result.output
    found = re.fullmatch(r"avoplan (\S+) \(commit ([0-9a-f]{40})\)\n", result.stdout)
    assert found, result.stdout
    assert re.match(r"\d+\.\d+", found.group(1)), found.group(1)  # PEP 440, from git tags
    assert found.group(2) == git(REPO, "rev-parse", "HEAD").strip()


def test_the_embedded_portfolio_carries_the_current_schemas() -> None:
    """`avoplan schema -p portfolio` writes them; the wheel ships them with the portfolio,
    and the modeline `new` writes points at them."""
    from avoplan.store.schema import json_schema

    for kind in KINDS:
        path = EMBEDDED / "schema" / f"{kind.name}.schema.json"
        expected = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        assert path.read_text(encoding="utf-8") == expected, (
            f"{path.name} is stale: run 'avoplan schema -p portfolio'"
        )


def test_the_modeline_new_writes_resolves(cli: Cli, tmp_path: Path) -> None:
    portfolio = copy_portfolio(EMBEDDED, tmp_path / "p")
    assert (
        cli("new", "behov", "--titel", "Ny", "--avdelning", "Hemtjänst", "-p", portfolio).exit_code
        == 0
    )
    new = max((portfolio / "behov").glob("BEH-*.yaml"))
    found = re.match(r"# yaml-language-server: \$schema=(\S+)\n", new.read_text(encoding="utf-8"))
    assert found, new.read_text(encoding="utf-8")[:200]
    assert (new.parent / found.group(1)).resolve().is_file()


def _pip_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PIP_CACHE_DIR", str(Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache" / "pip"))
    env["HOME"] = str(home)
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    # The venv's modules are compiled as first imported (installed with --no-compile) and
    # reused by the next command, as pip's compiled install would have them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(
    argv: list[str | Path], cwd: Path, env: dict[str, str], code: int = 0
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == code, f"{argv}: {done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_takes_a_new_forvaltning_from_init_to_a_rendered_draft(
    tmp_path: Path,
) -> None:
    env = _pip_env(Path(os.environ["HOME"]))
    dist = tmp_path / "dist"
    run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO],
        tmp_path,
        env,
    )
    wheel = next(dist.glob("avoplan-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        version_file = archive.read("avoplan/_version.py").decode()
    head = git(REPO, "rev-parse", "HEAD").strip()
    assert f"COMMIT: str = '{head}'" in version_file
    for inside in (
        "avoplan/_embedded/templates/plan.html.j2",
        "avoplan/_embedded/portfolio/plan.yaml",
        "avoplan/_embedded/portfolio/schema/behov.schema.json",
        "avoplan/_embedded/portfolio/behov/BEH-001.yaml",
    ):
        assert inside in names, inside

    outside = tmp_path / "utanfor"
    outside.mkdir()
    # A venv of its own without pip (ensurepip costs 3 s); this venv's pip installs into it,
    # the dependencies from the locked versions this venv holds (tests/wheelhouse.py), not
    # from the index. No bytecode up front: each module is compiled when first imported
    # (the venv is writable), so only what the commands below load, not all 36 packages.
    venv.create(outside / "venv", with_pip=False)
    bin_ = outside / "venv" / "bin"
    install: list[str | Path] = [sys.executable, "-m", "pip", "--python", bin_ / "python"]
    wheels = wheelhouse(wheel, tmp_path / "wheelhouse")
    offline: list[str | Path] = ["--no-index", "--find-links", wheels, "--no-compile"]
    run([*install, "install", "--quiet", *offline, wheel], outside, env)
    avoplan = bin_ / "avoplan"
    assert head in run([avoplan, "--version"], outside, env).stdout

    # Installed from a file on this machine: init cannot pin that for CI, and says so.
    fs = ["--förvaltning", "Förvaltningen för funktionsstöd", "--kod", "FS"]
    refused = run([avoplan, "init", "fs", *fs], outside, env, code=1)
    assert "kan inte avgöra varifrån CI ska installera avoplan" in refused.stderr
    source = f"git+https://github.com/goteborg/avoplan.git@{head}"
    run([avoplan, "init", "fs", *fs, "--avoplan-källa", source], outside, env)
    repo = outside / "fs"
    assert source in (repo / ".github" / "workflows" / "avoplan.yml").read_text(encoding="utf-8")

    env.update(
        GIT_AUTHOR_NAME=FS_CHIEF[0],
        GIT_AUTHOR_EMAIL=FS_CHIEF[1],
        GIT_COMMITTER_NAME=FS_CHIEF[0],
        GIT_COMMITTER_EMAIL=FS_CHIEF[1],
    )
    checked = run([avoplan, "check"], repo, env)
    assert "0 fel" in checked.stdout and "fortfarande exempel" in checked.stdout
    run(
        [
            avoplan,
            "new",
            "behov",
            "--titel",
            "Digital signering av genomförandeplaner",
            "--avdelning",
            "Hemtjänst",
        ],
        repo,
        env,
    )
    run(
        [
            avoplan,
            "set",
            "BEH-001",
            "beskrivning=Planerna signeras på papper i dag.",
            "nytta=Kortare ledtid för brukarna.",
            "kontaktperson=Exempelperson 17",
            "effekttyp=tidsbesparande",
            "frigjord_tid_timmar_per_år=400",
        ],
        repo,
        env,
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "BEH-001 registrerat")
    advanced = run(
        [
            avoplan,
            "advance",
            "BEH-001",
            "--to",
            "grovsållning",
            "--motivering",
            "Sparar tid i hemtjänsten",
            "--commit",
        ],
        repo,
        env,
    )
    assert "Exempelperson 02" in advanced.stdout
    run([avoplan, "verify"], repo, env)
    run([avoplan, "render", "plan", "--format", "pdf", "--out", "build"], repo, env)

    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(repo / "build" / "plan.pdf").pages]
    assert pages and all("UTKAST" in page for page in pages)
    text = "\n".join(pages)
    assert "Fastställd" not in text
    assert "ÄVO" not in text and "Äldre samt vård- och omsorgs" not in text
    avo = json.loads(run([bin_ / "python", "-c", _AVO_PEOPLE], outside, env).stdout)
    assert avo and not [name for name in avo if name in text]


# ÄVO's people, as the installed avoplan's embedded portfolio names them.
_AVO_PEOPLE = """
import json
from avoplan.store.files import embedded_portfolio
from avoplan.store.yaml_io import parse, read_text
org = parse(read_text(embedded_portfolio() / "organisation.yaml"))
print(json.dumps([p["namn"] for p in org["personer"] if p["förvaltning"] == "avo"]))
"""


@pytest.mark.parametrize(
    "root", [REPO / "src", REPO / "templates", REPO / ".github", REPO / "portfolio"]
)
def test_nothing_in_the_product_names_a_placeholder_or_a_bare_install(root: Path) -> None:
    for path in root.rglob("*"):
        if not path.is_file() or ".avoplan-cache" in path.parts or path.suffix == ".pyc":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "example.invalid" not in text, path
        assert not re.search(r"pip install\s+\"?avoplan\"?\s*$", text, re.MULTILINE), path
        assert "default: avoplan\n" not in text, path


def test_the_changelog_has_a_section_per_version() -> None:
    """`[Unreleased]` first, then one `## [X.Y.Z] - YYYY-MM-DD` per release tag, newest first."""
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.*)$", text, re.MULTILINE)
    assert headings[0] == "[Unreleased]"
    releases = headings[1:]
    for heading in releases:
        assert re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", heading), heading
    versions = [tuple(map(int, re.findall(r"\d+", h)[:3])) for h in releases]
    assert versions == sorted(versions, reverse=True)
    tags = git(REPO, "tag", "--list", "v[0-9]*").split()
    for tag in tags:
        assert f"## [{tag[1:]}] - " in text, f"CHANGELOG.md saknar avsnittet för {tag}"
