"""`make mutate` names each domain module and its tests in one table (mutation/run.py):
every path in it exists, so a module moved into a package shows here first."""

from __future__ import annotations

from mutation.run import MODULES, ROOT, Module, mutant_prefix


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
