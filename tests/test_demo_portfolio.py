"""`avoplan demo-portfolio`: a synthetic portfolio that passes `check` and is reproducible."""

from __future__ import annotations

import json
import re
from pathlib import Path

from avoplan.store.yaml_io import parse, read_text
from tests.helpers import Cli


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_demo_portfolio_of_200_items_passes_check(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    made = cli("demo-portfolio", "--items", "200", "--out", out)
    assert made.exit_code == 0, made.output
    behov = list((out / "behov").glob("*.yaml"))
    projekt = list((out / "projekt").glob("*.yaml"))
    assert len(behov) + len(projekt) == 200
    assert f"{len(behov)} behov och {len(projekt)} projekt" in made.stdout
    result = cli("check", "-p", out, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["fel"] == 0, report["fynd"][:5]
    assert report["filer"] == 200 + 22  # the copied organisation, plan, projektmodell, systems, ...


def test_demo_portfolio_has_needs_in_every_step(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert cli("demo-portfolio", "--items", "300", "--out", out).exit_code == 0
    needs = [parse(read_text(p)) for p in sorted((out / "behov").glob("*.yaml"))]
    steps = {need["steg"] for need in needs}
    assert steps == {
        "insamling",
        "grovsållning",
        "beredning",
        "klart för start",
        "projekt",
        "bortsorterad",
    }
    sorted_out_at = {
        need["beslut"][-1]["beslutspunkt"] for need in needs if need["steg"] == "bortsorterad"
    }
    assert sorted_out_at >= {1, 2, 3}
    reentries = [
        need
        for need in needs
        if any(b["från"] == "projekt" and b["till"] == "beredning" for b in need["beslut"])
    ]
    assert reentries, "some finished utredning should send its need back to beredning (R12)"


def test_demo_portfolio_is_the_same_for_the_same_seed(cli: Cli, tmp_path: Path) -> None:
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        made = cli("demo-portfolio", "--items", "60", "--out", tmp_path / name, "--seed", seed)
        assert made.exit_code == 0, made.output
    first, again, other = (files_of(tmp_path / n) for n in "abc")
    assert first == again
    assert first != other


def test_demo_portfolio_refuses_a_folder_that_is_not_empty(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    out.mkdir()
    keep = out / "anteckning.txt"
    keep.write_text("min fil", encoding="utf-8")
    result = cli("demo-portfolio", "--items", "10", "--out", out)
    assert result.exit_code == 1
    assert "finns redan och är inte tom" in result.stderr
    assert "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["anteckning.txt"]
    assert keep.read_text(encoding="utf-8") == "min fil"


def test_demo_portfolio_fills_an_empty_folder(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    out.mkdir()
    assert cli("demo-portfolio", "--items", "5", "--out", out).exit_code == 0
    assert (out / "organisation.yaml").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".demo")]


def test_demo_files_look_hand_written(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert cli("demo-portfolio", "--items", "40", "--out", out).exit_code == 0
    text = (out / "behov" / "BEH-001.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Syntetiskt behov")
    assert re.search(r"^id: BEH-001$", text, re.MULTILINE)
    assert re.search(r"^steg: ", text, re.MULTILINE)
