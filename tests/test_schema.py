"""`avoplan schema`: JSON Schema for every file kind, checked by jsonschema and check-jsonschema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from avoplan.store.yaml_io import parse, read_text
from tests.helpers import Cli, replace_in

KIND_FILES = {
    "behov": "behov/*.yaml",
    "projekt": "projekt/*.yaml",
    "system": "system/*.yaml",
    "schablon": "schablon/*.yaml",
    "forvaltningsobjekt": "forvaltningsobjekt/*.yaml",
    "möten": "möten/*.yaml",
    "organisation": "organisation.yaml",
    "delegationsordning": "delegationsordning.yaml",
    "plan": "plan.yaml",
    "utvecklingsomraden": "utvecklingsomraden.yaml",
    "prioritering": "prioritering.yaml",
    "projektmodell": "projektmodell.yaml",
    "federation": "federation.yaml",
}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`avoplan schema --out` run once for the module (a tenth of a second, which 20 tests
    each paid): what it writes depends on the models alone."""
    out = tmp_path_factory.mktemp("written") / "schema"
    result = Cli()("schema", "--out", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def schemas(written: Path, tmp_path: Path) -> Path:
    """A copy of the schemas `avoplan schema --out` wrote, the test's own."""
    import shutil

    return Path(shutil.copytree(written, tmp_path / "schema"))


def validator(schemas: Path, kind: str) -> Draft202012Validator:
    schema = json.loads((schemas / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def as_json(path: Path) -> Any:
    """The file as JSON sees it: dates are strings, as in check-jsonschema."""
    return json.loads(json.dumps(parse(read_text(path)), default=str))


def test_schema_writes_one_draft_2020_12_file_per_kind(schemas: Path) -> None:
    assert sorted(p.name for p in schemas.iterdir()) == sorted(
        f"{kind}.schema.json" for kind in KIND_FILES
    )
    for kind in KIND_FILES:
        schema = json.loads((schemas / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:avoplan:schema:{kind}"
        assert schema["additionalProperties"] is False
        assert schema["title"] and schema["description"]
        Draft202012Validator.check_schema(schema)
    behov = json.loads((schemas / "behov.schema.json").read_text(encoding="utf-8"))
    assert behov["title"] == "Behov"
    assert "Behovsprocessen" in behov["description"]
    assert behov["$defs"]["Grovsallning"]["title"] == "Grovsållning"
    assert "description" not in behov["$defs"]["Beslut"]  # English docstrings stay in code


@pytest.mark.parametrize("kind", sorted(KIND_FILES))
def test_schema_accepts_every_embedded_file(schemas: Path, portfolio: Path, kind: str) -> None:
    files = sorted(portfolio.glob(KIND_FILES[kind]))
    assert files
    check = validator(schemas, kind)
    for path in files:
        errors = [e.message for e in check.iter_errors(as_json(path))]
        assert errors == [], f"{path.name}: {errors}"


def test_schema_rejects_an_unknown_key(schemas: Path, portfolio: Path) -> None:
    need = portfolio / "behov" / "BEH-005.yaml"
    replace_in(need, "\nnytta:", "\nnyttan:")
    errors = [e.message for e in validator(schemas, "behov").iter_errors(as_json(need))]
    assert any("'nyttan' was unexpected" in e for e in errors), errors


def test_schema_rejects_a_wrong_step(schemas: Path, portfolio: Path) -> None:
    need = portfolio / "behov" / "BEH-010.yaml"
    replace_in(need, "steg: insamling", "steg: inkorgen")
    assert not validator(schemas, "behov").is_valid(as_json(need))


def test_schema_accepts_ascii_spellings_like_check(
    cli: Cli, schemas: Path, portfolio: Path
) -> None:
    need = portfolio / "behov" / "BEH-004.yaml"
    replace_in(need, "steg: klart för start", "steg: Klart-for-start")
    replace_in(need, "till: klart för start", "till: klart_for_start")
    assert validator(schemas, "behov").is_valid(as_json(need))
    assert cli("check", "-p", portfolio).exit_code == 0


@pytest.mark.slow
def test_check_jsonschema_accepts_the_embedded_portfolio(schemas: Path, portfolio: Path) -> None:
    """check-jsonschema's own command line, each kind's files against its schema: run in
    this process (its start is 0.45 s of each of the 13 runs)."""
    import importlib

    from click.testing import CliRunner

    main = importlib.import_module("check_jsonschema").main  # untyped

    for kind, pattern in KIND_FILES.items():
        files = [str(p) for p in sorted(portfolio.glob(pattern))]
        done = CliRunner().invoke(
            main, ["--schemafile", str(schemas / f"{kind}.schema.json"), *files]
        )
        assert done.exit_code == 0, done.output


def test_schema_out_must_be_a_folder(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "fil.json"
    target.write_text("{}", encoding="utf-8")
    result = cli("schema", "--out", target)
    assert result.exit_code == 1
    assert "är en fil, inte en mapp" in result.stderr
    assert target.read_text(encoding="utf-8") == "{}"


def test_schema_accepts_a_demo_portfolio(cli: Cli, schemas: Path, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    assert cli("demo-portfolio", "--items", "150", "--out", demo).exit_code == 0
    for kind in ("behov", "projekt"):
        check = validator(schemas, kind)
        for path in sorted(demo.glob(KIND_FILES[kind])):
            errors = [e.message for e in check.iter_errors(as_json(path))]
            assert errors == [], f"{path.name}: {errors}"


def test_schema_defaults_to_the_folder_the_new_modeline_points_to(cli: Cli, repo: Path) -> None:
    assert cli("schema", "-p", repo).exit_code == 0
    assert (
        cli("new", "behov", "--titel", "Ny idé", "--avdelning", "hemtjanst", "-p", repo).exit_code
        == 0
    )
    [need] = [
        p for p in (repo / "behov").glob("*.yaml") if "Ny idé" in p.read_text(encoding="utf-8")
    ]
    modeline = need.read_text(encoding="utf-8").splitlines()[0]
    target = modeline.split("$schema=", 1)[1]
    assert (need.parent / target).resolve().is_file()


def test_schema_has_swedish_titles_hover_texts_and_pattern_messages(schemas: Path) -> None:
    behov = json.loads((schemas / "behov.schema.json").read_text(encoding="utf-8"))
    beslutad_av = behov["$defs"]["Beslut"]["properties"]["beslutad_av"]
    assert beslutad_av["title"] == "Beslutad av"
    assert "person-id" in beslutad_av["description"]
    assert beslutad_av["patternErrorMessage"].startswith("Ett id skrivs med små bokstäver")
    assert all(
        "description" in behov["properties"][key]
        for key in ("id", "titel", "avdelning", "kontaktperson", "steg", "beslut")
    )
    assert "treserva" not in json.dumps(behov)
    steg = behov["$defs"]["Steg"]
    assert steg["errorMessage"].startswith("Tillåtna värden: insamling, grovsållning")


def test_every_field_of_every_schema_has_a_swedish_description() -> None:
    """Issue 21: the YAML language server shows a hover text for every key, among them the
    four a need's author met without one (effektomfattning, frigjord tid, grovsållning,
    klart för start)."""
    from avoplan.models.portfolio import KINDS
    from avoplan.store.schema import json_schema

    missing: list[str] = []

    def walk(node: object, kind: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                text = prop.get("description", "")
                if not text or not re.search(r"[a-zåäö]{3}", text):
                    missing.append(f"{kind}.{name}")
            for value in node.values():
                walk(value, kind)
        elif isinstance(node, list):
            for value in node:
                walk(value, kind)

    for kind in KINDS:
        walk(json_schema(kind), kind.name)
    assert not missing, missing
    behov = json_schema(next(k for k in KINDS if k.name == "behov"))["properties"]
    for name in (
        "effektomfattning",
        "frigjord_tid_timmar_per_år",
        "grovsållning",
        "klart_för_start",
    ):
        assert behov[name]["description"], name


def test_an_empty_list_default_is_a_factory_and_the_schema_still_says_so(schemas: Path) -> None:
    """pydantic deep-copies a default [] for every instance it builds (128 000 copies in a
    cold check of 10 000 files); default_factory=list builds the same empty list without
    it, and the exported schema keeps saying `default: []`."""
    from avoplan.models.common import Model
    from avoplan.models.portfolio import KINDS

    for kind in KINDS:
        kind.model.model_json_schema()  # every section model is defined and built
    pending = [Model]
    while pending:
        model = pending.pop()
        pending += model.__subclasses__()
        for name, field in model.model_fields.items():
            assert field.default != [], f"{model.__name__}.{name}: default_factory=list"
    behov = json.loads((schemas / "behov.schema.json").read_text(encoding="utf-8"))
    assert behov["properties"]["projekt"]["default"] == []
