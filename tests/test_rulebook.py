"""One rule registry: every rule of RULES.md declared once, enforced somewhere, tested by
name, and `avoplan rules` generated from the declarations (so it cannot drift)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from avoplan.core.rulebook import BY_ID, ENFORCING_MODULES, RULES
from tests.helpers import REPO, Cli

SRC = REPO / "src" / "avoplan"
RULES_MD = REPO.parent / "shared" / "RULES.md"


def _python_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_every_rule_of_rules_md_is_declared_exactly_once() -> None:
    declared = re.findall(
        r'^(R\d+) = Rule\(\s*"(R\d+)"', (SRC / "core" / "rulebook.py").read_text(), re.MULTILINE
    )
    assert all(name == rule_id for name, rule_id in declared)
    ids = [rule_id for _, rule_id in declared]
    assert len(ids) == len(set(ids)) == len(RULES)
    if RULES_MD.is_file():
        source_ids = set(re.findall(r"\*\*(R\d+)\*\*", RULES_MD.read_text(encoding="utf-8")))
        assert set(ids) == source_ids


def test_no_rule_is_named_by_a_bare_string_outside_the_registry() -> None:
    """Checks name the rule object (R3.error(...)), never rule="R3"."""
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in _python_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"""rule\s*=\s*["']R\d""", line)
    ]
    assert offenders == []


def _modules_declaring_sites() -> set[str]:
    found = set()
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "enforces"
        ]
        if calls and path.name != "rulebook.py":
            parts = path.relative_to(SRC.parent).with_suffix("").parts
            found.add(".".join(p for p in parts if p != "__init__"))
    return found


def test_every_module_that_enforces_a_rule_is_collected_by_avoplan_rules() -> None:
    assert _modules_declaring_sites() == set(ENFORCING_MODULES)


def test_avoplan_rules_is_generated_from_the_registry(cli: Cli) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    from avoplan.commands.rules import rule_table

    table = rule_table()
    assert [row[0] for row in table] == [rule.id for rule in RULES]
    for rule_id, titel, niva, sites in table:
        rule = BY_ID[rule_id]
        assert (titel, niva) == (rule.titel, rule.nivå.value)
        if rule.planerad:
            assert sites == "planerad, kontrolleras ännu inte"
            continue
        assert sites.split(", ") == sorted(rule.sites, key=sites.split(", ").index)
        assert rule_id in result.stdout


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_is_enforced_and_has_a_test_named_after_it(rule: object) -> None:
    from avoplan.commands.rules import rule_table

    rule_table()  # imports every enforcing module, which declares the sites
    if rule.planerad:  # type: ignore[attr-defined]
        # Declared, not yet enforced: the flag goes when the first site does.
        assert not rule.sites, f"{rule.id} is enforced but still marked planerad"  # type: ignore[attr-defined]
        return
    assert rule.sites, f"{rule.id} is enforced nowhere"  # type: ignore[attr-defined]
    number = rule.id[1:]  # type: ignore[attr-defined]
    named_by = re.compile(rf'def test_r{number}_|Case\("r{number}_')  # a test or a table row
    named = [
        path
        for path in (REPO / "tests").glob("test_*.py")
        if named_by.search(path.read_text(encoding="utf-8"))
    ]
    assert named, f"no test names {rule.id}"  # type: ignore[attr-defined]


def test_check_findings_carry_only_declared_rules(cli: Cli, portfolio: Path) -> None:
    from tests.helpers import replace_in

    replace_in(portfolio / "behov" / "BEH-010.yaml", "steg: insamling", "steg: beredning")
    found = json.loads(cli("check", "-f", "json", "-p", portfolio).stdout)["fynd"]
    assert found and {f["regel"] for f in found if f["regel"]} <= set(BY_ID)


def test_r31_r38_rules_lists_the_new_rules_with_the_plans_words(cli: Cli) -> None:
    """`avoplan rules` shows, under each rule about forums and meetings, the plan's words
    it comes from; each quoted piece stands in the plan as quoted."""
    listed = json.loads(cli("rules", "-f", "json").stdout)["regler"]
    sources = {row["regel"]: row["källa"] for row in listed}
    for rule_id in ("R31", "R32", "R33", "R34", "R35", "R38"):
        assert sources[rule_id], rule_id
    assert "operativa styrgruppen som fattar beslut om förändringar" in sources["R33"]
    assert "Millenium ska finnas" in sources["R38"]
    text = " ".join(cli("rules").stdout.split())
    assert "Planen: ”Inom detta uppdrag tas underlag fram" in text.replace("│ ", "")
    seeds = sorted((REPO.parent / "shared" / "seeds").glob("*.txt"))
    if not seeds:
        return
    plan = " ".join(" ".join(p.read_text(encoding="utf-8") for p in seeds).split())
    for rule_id, source in sources.items():
        quoted = re.sub(r"\s*\([^)]*\)$", "", source or "")  # our remark, not the plan's
        for piece in filter(None, (p.strip(" .") for p in quoted.split("[…]"))):
            assert piece in plan, (rule_id, piece)
