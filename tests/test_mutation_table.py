"""`make mutate` names each domain module and its tests in one table (mutation/run.py):
every path in it exists, so a module moved into a package shows here first."""

from __future__ import annotations

import json
from pathlib import Path

from mutation.run import MODULES, ROOT, Module, equivalent, mutant_prefix, score


def test_every_module_and_test_file_of_the_mutation_table_exists() -> None:
    for name, module in MODULES.items():
        assert (ROOT / module.source).is_file(), (name, module.source)
        for test in module.tests:
            assert (ROOT / test.split("::")[0]).is_file(), (name, test)


def test_mutant_names_are_prefixed_by_the_dotted_module() -> None:
    assert (
        mutant_prefix(Module("src/avoplan/prioritet/ranking.py", (), 95))
        == "avoplan.prioritet.ranking."
    )
    assert mutant_prefix(Module("src/avoplan/prioritet/__init__.py", (), 95)) == (
        "avoplan.prioritet."
    )
    assert mutant_prefix(Module("src/avoplan/behovsprocess/mandat.py", (), 95)) == (
        "avoplan.behovsprocess.mandat."
    )


def test_a_listed_equivalent_that_is_killed_or_gone_is_stale(tmp_path: Path) -> None:
    """mutmut renumbers a function's mutants when it changes: a name in equivalent.toml that
    the tests now kill belongs to another mutant, and is reported rather than trusted."""
    listed = sorted(n for n in equivalent() if n.startswith("avoplan.prioritet.kvot."))
    assert len(listed) >= 2
    alive, killed = listed[0], listed[1]
    meta = tmp_path / "kvot.py.meta"
    codes = {alive: 0, killed: 1, "avoplan.prioritet.kvot.x_f__mutmut_1": 0}
    meta.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    found = score("kvot", MODULES["kvot"], meta)
    assert found.equivalent == (alive,)
    assert found.survivors == ("avoplan.prioritet.kvot.x_f__mutmut_1",)
    assert found.killed == 1 and found.total == 3
    assert found.stale == tuple(n for n in listed if n != alive)
    assert found.percent == 50.0
