"""The house as DEVELOPERS.md draws it: every package and module of src/avoplan is named
in its Layout block, and every name there exists (so the page cannot drift from the tree)."""

from __future__ import annotations

import ast
import re

from tests.helpers import REPO

SRC = REPO / "src" / "avoplan"


def _layout_block() -> dict[str, set[str]]:
    """package → the words of its entry in the Layout block."""
    text = (REPO / "DEVELOPERS.md").read_text(encoding="utf-8")
    block = text.split("## Layout (the house)", 1)[1].split("```", 2)[1]
    entries: dict[str, set[str]] = {}
    package = ""
    for line in block.splitlines():
        head = re.match(r"^(\w+(?:/\w+)*)/\s", line)
        if head:
            package = head.group(1)
        entries.setdefault(package, set()).update(re.findall(r"\b\w+\b", line))
    return entries


def _tree() -> dict[str, set[str]]:
    tree: dict[str, set[str]] = {}
    for init in SRC.rglob("__init__.py"):
        package = init.parent.relative_to(SRC).as_posix()
        if package != ".":
            tree[package] = {p.stem for p in init.parent.glob("*.py") if p.stem != "__init__"}
    return tree


def test_every_package_and_module_is_in_the_layout_of_developers_md() -> None:
    layout, tree = _layout_block(), _tree()
    assert set(layout) - {""} == set(tree)
    missing = {
        f"{package}/{module}"
        for package, modules in tree.items()
        for module in modules
        if module not in layout[package]
    }
    assert missing == set()


def test_the_top_level_holds_only_packages_and_the_entry_points() -> None:
    """A newcomer can tell from the tree where a change belongs: no loose modules."""
    loose = {p.name for p in SRC.glob("*.py")} - {"_version.py"}  # written by the build
    assert loose == {"__init__.py", "__main__.py"}


def test_package_inits_import_nothing() -> None:
    """The warm check's fast path loads only what it names."""
    for init in SRC.rglob("__init__.py"):
        if init.parent == SRC:
            continue
        code = [
            line
            for line in init.read_text(encoding="utf-8").splitlines()
            if re.match(r"\s*(import|from)\s", line)
        ]
        assert code == [], init


def test_git_is_started_only_by_the_runner() -> None:
    """One runner per outside world: every call of the git program goes through
    avoplan.git.runner (gitpython in avoplan.git.repo aside)."""
    starters = {"run", "Popen", "check_output", "check_call", "call"}
    found = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "git" / "runner.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) in starters
                and node.args
                and isinstance(node.args[0], ast.List | ast.Tuple)
                and node.args[0].elts
                and isinstance(node.args[0].elts[0], ast.Constant)
                and node.args[0].elts[0].value == "git"
            ):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []


MAX_MODULE_LINES = 450


def test_no_module_is_over_450_lines() -> None:
    """A module holds one concern: past 450 lines (as `ruff format` leaves it) it holds
    several, and is split along a seam (issue 20)."""
    long = {
        path.relative_to(SRC).as_posix(): lines
        for path in SRC.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_shared_options_and_arguments_are_declared_once_in_cli_options() -> None:
    """--avdelning, --steg, an id argument and the sheet formats are declared in
    cli/options.py alone; a command module names the shared declaration (issue 20)."""
    declared = re.compile(r'"--avdelning"|"--steg"|metavar="ID"|SheetFormat,\s*typer\.Option')
    found = {
        path.name: declared.findall(path.read_text(encoding="utf-8"))
        for path in (SRC / "cli").glob("*.py")
    }
    assert {name: hits for name, hits in found.items() if hits} == {
        "options.py": [
            "SheetFormat,\n    typer.Option",
            'metavar="ID"',
            'metavar="ID"',
            'metavar="ID"',
            '"--avdelning"',
            '"--steg"',
        ]
    }


def _imported_modules() -> dict[str, set[str]]:
    """avoplan module → the avoplan modules it imports anywhere: at the top, inside a
    function, or for the type checker only (each is an arrow a reader follows)."""
    modules = {
        ".".join(("avoplan", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(
            ".__init__"
        ): path
        for path in SRC.rglob("*.py")
    }
    arrows: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
        arrows[name] = {t for t in targets if t in modules and t != name}
    return arrows


def test_no_modules_import_each_other_in_a_circle() -> None:
    """No circle of imports, counting those made inside functions and for the type
    checker only: a circle means two modules each know the other, so neither sits above
    (farm-studio look counts them; issue 20 asks for none)."""
    arrows = _imported_modules()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in arrows[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(arrows):
        if module not in index:
            visit(module)
    assert circles == []
