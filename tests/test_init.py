"""`avoplan init`: a draft of another förvaltning's portfolio, in its own git repository
with one commit (issue 12), that says who "we" are in every file, claims no adoption,
marks its examples and installs exactly the avoplan that made it (issue 21)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from avoplan.store.yaml_io import parse
from tests.helpers import EMBEDDED, Cli, git, replace_in

COMMIT = "0123456789abcdef0123456789abcdef01234567"
SOURCE = f"git+https://github.com/goteborg/avoplan.git@{COMMIT}"
FS = ("--förvaltning", "Förvaltningen för funktionsstöd", "--kod", "FS")


def avo_people() -> list[str]:
    org = parse((EMBEDDED / "organisation.yaml").read_text(encoding="utf-8"))
    return [p["namn"] for p in org["personer"] if p["förvaltning"] == "avo"]


def read(path: Path) -> dict[str, object]:
    data = parse(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def fs(cli: Cli, tmp_path: Path) -> Path:
    result = cli("init", tmp_path / "fs", *FS, "--avoplan-källa", SOURCE)
    assert result.exit_code == 0, result.output
    return tmp_path / "fs"


def test_init_makes_a_draft_that_passes_check_and_takes_a_need(
    cli: Cli, fs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "README.md",
        ".pre-commit-config.yaml",
        ".github/workflows/avoplan.yml",
        "portfolio/organisation.yaml",
        "portfolio/delegationsordning.yaml",
        "portfolio/plan.yaml",
        "portfolio/schema/behov.schema.json",
    ):
        assert (fs / name).is_file(), name
    assert git(fs, "log", "--oneline").count("\n") == 1
    assert git(fs, "status", "--porcelain") == ""
    monkeypatch.chdir(fs)
    checked = cli("check")
    assert checked.exit_code == 0, checked.output
    assert cli("new", "behov", "--titel", "Första", "--avdelning", "Hemtjänst").exit_code == 0
    assert (fs / "portfolio" / "behov" / "BEH-001.yaml").is_file()
    assert cli("check").exit_code == 0


def test_r30_init_writes_one_identity_into_organisation_plan_and_federation(fs: Path) -> None:
    org = read(fs / "portfolio" / "organisation.yaml")
    plan = read(fs / "portfolio" / "plan.yaml")
    federation = read(fs / "portfolio" / "federation.yaml")
    assert org["egen_förvaltning"] == plan["förvaltning"] == "funktionsstod"
    assert federation["hem"] == "FS"
    own = next(f for f in org["förvaltningar"] if f["id"] == "funktionsstod")  # type: ignore[attr-defined]
    assert own["namn"] == "Förvaltningen för funktionsstöd" and own["kortnamn"] == "FS"
    assert "antagen" not in plan
    assert all(p["exempel"] is True for p in org["personer"])  # type: ignore[attr-defined]
    assert all(f["exempel"] is True for f in org["forum"])  # type: ignore[attr-defined]


def test_r30_check_warns_while_examples_remain(cli: Cli, fs: Path) -> None:
    result = cli("check", "-p", fs / "portfolio")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"organisation\.yaml:\d+: varning R30 personer\[0\]\.exempel: \d+ "
        r"personer är fortfarande exempel",
        result.stdout,
    ), result.stdout
    assert "forum är fortfarande exempel" in result.stdout
    assert re.search(
        r"plan\.yaml:\d+: varning R30 exempel: planens text är fortfarande "
        r"ÄVO:s exempel",
        result.stdout,
    ), result.stdout
    assert "planen är inte antagen" in result.stdout


@pytest.mark.parametrize(
    ("file", "old", "new", "field"),
    [
        (
            "organisation.yaml",
            "egen_förvaltning: funktionsstod",
            "egen_förvaltning: avo",
            "förvaltning",
        ),
        ("plan.yaml", "förvaltning: funktionsstod", "förvaltning: avo", "förvaltning"),
        ("federation.yaml", "hem: FS", "hem: ÄVO", "hem"),
    ],
)
def test_r30_check_errs_when_organisation_plan_and_federation_disagree_on_who_we_are(
    cli: Cli, fs: Path, file: str, old: str, new: str, field: str
) -> None:
    replace_in(fs / "portfolio" / file, old, new)
    result = cli("check", "-p", fs / "portfolio")
    assert result.exit_code == 1, result.output
    assert re.search(
        rf"(plan|federation)\.yaml:\d+: fel R30 {field}: .*egna förvaltningen", result.stdout
    ), result.stdout


def test_r30_the_embedded_portfolio_agrees_on_who_we_are(cli: Cli, portfolio: Path) -> None:
    result = cli("check", "-p", portfolio)
    assert "egna förvaltningen" not in result.output
    assert "fortfarande exempel" not in result.output


def test_a_draft_rendered_says_utkast_and_never_fastställd_or_avo(cli: Cli, fs: Path) -> None:
    out = fs / "build"
    assert (
        cli(
            "render",
            "plan",
            "-p",
            fs / "portfolio",
            "--out",
            out,
            "--format",
            "md",
        ).exit_code
        == 0
    )
    assert (
        cli(
            "render",
            "plan",
            "-p",
            fs / "portfolio",
            "--out",
            out,
            "--format",
            "html",
        ).exit_code
        == 0
    )
    for name in ("plan.md", "plan.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "UTKAST" in text and "Utkast" in text, name
        assert "Fastställd" not in text, name
        assert "ÄVO" not in text and "Äldre samt vård- och omsorgs" not in text, name
        assert not [person for person in avo_people() if person in text], name
    html = (out / "plan.html").read_text(encoding="utf-8")
    assert '@top-center { content: "UTKAST"' in html  # on every printed page


def test_init_installs_exactly_the_given_commit_everywhere(fs: Path) -> None:
    spec = f"avoplan @ {SOURCE}"
    pre_commit = (fs / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "language: python" in pre_commit and spec in pre_commit
    workflow = (fs / ".github" / "workflows" / "avoplan.yml").read_text(encoding="utf-8")
    assert spec in workflow and "actions/upload-artifact" in workflow
    review = (fs / ".github" / "workflows" / "granskning.yml").read_text(encoding="utf-8")
    assert f"goteborg/avoplan/.github/workflows/review.yml@{COMMIT}" in review
    everything = "".join(
        p.read_text(encoding="utf-8")
        for p in fs.rglob("*")
        if p.is_file() and ".git" not in p.parts
    )
    assert "example.invalid" not in everything


@pytest.mark.parametrize(
    "source", ["avoplan", "git+https://github.com/goteborg/avoplan.git", "avoplan>=0.1"]
)
def test_init_refuses_an_install_that_is_not_pinned(cli: Cli, tmp_path: Path, source: str) -> None:
    result = cli("init", tmp_path / "fs", *FS, "--avoplan-källa", source)
    assert result.exit_code == 2, result.output
    assert "låser inte avoplan till en commit eller version" in result.stderr
    assert not (tmp_path / "fs").exists()


def test_init_refuses_when_it_cannot_tell_where_avoplan_came_from(cli: Cli, tmp_path: Path) -> None:
    """The tests run an editable install from this checkout, a folder CI cannot reach."""
    result = cli("init", tmp_path / "fs", *FS)
    assert result.exit_code == 1, result.output
    assert "kan inte avgöra varifrån CI ska installera avoplan" in result.stderr
    assert "--avoplan-källa" in result.stderr
    assert not (tmp_path / "fs").exists()


def test_init_asks_for_name_and_code_outside_a_terminal(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "x", "--avoplan-källa", SOURCE)
    assert result.exit_code == 2
    assert "ange förvaltningens namn och kod" in result.stderr


def test_pep_610_direct_url_pins_the_vcs_commit() -> None:
    from avoplan.commands.init.install import from_direct_url

    recorded = json.dumps(
        {
            "url": "https://github.com/goteborg/avoplan.git",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT},
        }
    )
    assert from_direct_url(recorded) == f"avoplan @ {SOURCE}"


def test_init_writes_editor_settings_and_codeowners(fs: Path) -> None:
    from avoplan.models.portfolio import KINDS

    settings = json.loads((fs / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert len(schemas) == len(KINDS)
    for schema, pattern in schemas.items():
        assert (fs / schema).is_file(), schema
        assert list(fs.glob(pattern)) or pattern.endswith("*.yaml"), pattern
    extensions = json.loads((fs / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]
    owners = (fs / "CODEOWNERS").read_text(encoding="utf-8")
    for name in ("organisation.yaml", "delegationsordning.yaml", "prioritering.yaml"):
        assert re.search(rf"^/portfolio/{name}\s+@ORGANISATION/registratorer$", owners, re.M)
    assert "@ORGANISATION/registratorer" in (fs / "README.md").read_text(encoding="utf-8")


def test_init_never_writes_into_a_folder_with_files(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "viktig.txt").write_text("x", encoding="utf-8")
    result = cli("init", tmp_path / "full", *FS, "--avoplan-källa", SOURCE)
    assert result.exit_code == 1
    assert "finns redan och är inte tom" in result.stderr
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["viktig.txt"]
