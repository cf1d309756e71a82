"""`make mutate`: mutation testing of the domain modules with mutmut, one module at a time.

Each module is mutated in its own work folder (build/mutate/<name>/) with only the test
files that exercise it, so a module takes minutes rather than the whole suite per mutant.
The score is killed / (mutants - equivalent), where the equivalent mutants are those listed,
each with why, in mutation/equivalent.toml. Not a CI gate: run it before a change to one of
these modules is called done, and put its figure in the closing note.

    python -m mutation.run                 every module in MODULES
    python -m mutation.run prioritet mandat  the named ones
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutate"
EQUIVALENT = ROOT / "mutation" / "equivalent.toml"


@dataclass(frozen=True)
class Module:
    source: str  # the file to mutate, relative to the repository
    tests: tuple[str, ...]  # the test files that exercise it
    target: int  # the score (%) the module should reach


# The judge's own tests: the pure verdict of every case of tests/test_judge.py (advance and
# check agreeing is the slow half, and cannot tell a changed word, which both would share).
JUDGE_TESTS = (
    "tests/test_beslut_record.py",
    "tests/test_beslut_words.py",
    "tests/test_judge.py::test_the_pure_judge_gives_the_expected_verdict",
)

# The one table to update when a module moves: the file to mutate and the tests that
# exercise it. A module split in two gets a row for each part, and its equivalent mutants
# in mutation/equivalent.toml move to the new module's name.
MODULES: dict[str, Module] = {
    "mandat": Module("src/avoplan/behovsprocess/mandat.py", JUDGE_TESTS, 95),
    "beslut": Module("src/avoplan/behovsprocess/beslut.py", JUDGE_TESTS, 95),
    "nytt_beslut": Module("src/avoplan/behovsprocess/nytt_beslut.py", JUDGE_TESTS, 95),
    "moten": Module(
        "src/avoplan/behovsprocess/moten.py", (*JUDGE_TESTS, "tests/test_moten.py"), 95
    ),
    "forutsattningar": Module(
        "src/avoplan/behovsprocess/forutsattningar.py",
        (*JUDGE_TESTS, "tests/test_tid.py", "tests/test_startordning.py"),
        95,
    ),
    "prioritet": Module(
        "src/avoplan/prioritet/ranking.py",
        (
            "tests/test_prioritet_explained.py",
            "tests/test_prioritet.py",
            "tests/test_prioritet_pengar.py",
            "tests/test_budget.py",
        ),
        95,
    ),
    "kvot": Module(
        "src/avoplan/prioritet/kvot.py",
        (
            "tests/test_pengar_units.py",
            "tests/test_prioritet_explained.py",
            "tests/test_prioritet.py",
            "tests/test_prioritet_pengar.py",
        ),
        95,
    ),
    "budget": Module("src/avoplan/prioritet/budget.py", ("tests/test_pengar_units.py",), 95),
    "infrastruktur": Module(
        "src/avoplan/prioritet/infrastruktur.py",
        ("tests/test_pengar_units.py", "tests/test_prioritet_pengar.py"),
        95,
    ),
    "kapacitet": Module(
        "src/avoplan/ekonomi/kapacitet.py",
        ("tests/test_pengar_units.py", "tests/test_kapacitet.py"),
        95,
    ),
    "verification": Module(
        "src/avoplan/granskning/verification.py",
        (
            "tests/test_verification_pure.py",
            "tests/test_verify_signers.py",
            "tests/test_review_verify.py",
            "tests/test_diff_verify.py",
            "tests/test_review_truth.py",
        ),
        95,
    ),
    "nycklar": Module(
        "src/avoplan/granskning/nycklar.py",
        (
            "tests/test_verification_pure.py",
            "tests/test_verify_signers.py",
            "tests/test_review_verify.py",
        ),
        95,
    ),
    "nyttorealisering": Module(
        "src/avoplan/ekonomi/nyttorealisering.py",
        (
            "tests/test_nyttorealisering.py",
            "tests/test_uppfoljning.py",
            "tests/test_effekt_check.py",
        ),
        90,
    ),
    "kostnad": Module(
        "src/avoplan/ekonomi/kostnad.py",
        (
            "tests/test_pengar_units.py",
            "tests/test_kostnad_priced.py",
            "tests/test_kostnad.py",
            "tests/test_prioritet.py",
        ),
        95,
    ),
    "beroenden": Module(
        "src/avoplan/prioritet/beroenden.py",
        ("tests/test_prioritet.py", "tests/test_check_rules.py"),
        95,
    ),
}

KILLED = {1, 3, 24, -24, 36, 37, 152, 255}  # a failing test, an error in pytest, a timeout
_TABLE = re.compile(r"^\[tool\.mutmut\].*?(?=^\[|\Z)", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Score:
    name: str
    killed: int
    total: int
    equivalent: tuple[str, ...]
    survivors: tuple[str, ...]
    stale: tuple[str, ...] = ()  # listed as equivalent but no longer produced, or killed
    minutes: float = 0.0

    @property
    def percent(self) -> float:
        counted = self.total - len(self.equivalent)
        return 100.0 * self.killed / counted if counted else 100.0


def equivalent() -> dict[str, str]:
    """mutmut's mutant name → why it is equivalent (changes no behaviour)."""
    if not EQUIVALENT.exists():
        return {}
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return {name: str(why) for name, why in data.get("equivalent", {}).items()}


def prepare(name: str, module: Module) -> Path:
    """A fresh work folder: a copy of src/ in which the module's decorators are applied after
    their functions (so mutmut mutates those too), the rest linked in, and pyproject with
    this module's [tool.mutmut] table."""
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(
        ROOT / "src", folder / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    target = folder / module.source
    target.write_text(undecorated(target.read_text(encoding="utf-8")), encoding="utf-8")
    for part in ("tests", "templates", "portfolio"):
        (folder / part).symlink_to(ROOT / part, target_is_directory=True)
    table = "\n".join(
        [
            "[tool.mutmut]",
            'source_paths = ["src"]',
            f"only_mutate = [{json.dumps(module.source)}]",
            'also_copy = ["templates", "portfolio"]',
            f"pytest_add_cli_args_test_selection = {json.dumps(list(module.tests))}",
            'pytest_add_cli_args = ["-p", "no:cacheprovider"]',
            "",
        ]
    )
    project = ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8")
    (folder / "pyproject.toml").write_text(_TABLE.sub("", project) + "\n" + table, encoding="utf-8")
    return folder


def _decorated(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Functions mutmut 3 would skip: decorated by anything but a lone staticmethod or
    classmethod (properties, cached properties, `@enforces` sites)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.decorator_list:
            lone = node.decorator_list[0] if len(node.decorator_list) == 1 else None
            if not (isinstance(lone, ast.Name) and lone.id in {"staticmethod", "classmethod"}):
                found.append(node)
    return found


def undecorated(source: str) -> str:
    """`@d1 @d2 def f` rewritten as `def f` followed by `f = d1(d2(f))`: the same object
    (every decorator here is applied once, at definition), but visible to mutmut, which
    leaves decorated functions alone."""
    lines = source.splitlines(keepends=True)
    for node in sorted(_decorated(ast.parse(source)), key=lambda n: n.lineno, reverse=True):
        indent = " " * node.col_offset
        wrapped = node.name
        for decorator in reversed(node.decorator_list):
            text = " ".join(ast.get_source_segment(source, decorator).split())  # type: ignore[union-attr]
            wrapped = f"{text}({wrapped})"
        end = node.end_lineno or node.lineno
        lines.insert(end, f"{indent}{node.name} = {wrapped}\n")
        first = min(d.lineno for d in node.decorator_list) - 1
        del lines[first : node.lineno - 1]
    return "".join(lines)


def run(name: str, module: Module, children: int, *, again: bool = False) -> Score:
    """Mutate the module afresh; with `again`, only re-check the mutants that survived the
    last run in its work folder (after adding tests, the module itself unchanged)."""
    meta = WORK / name / "mutants" / f"{module.source}.meta"
    names: list[str] = []
    if again and meta.exists():
        folder = WORK / name
        last = score(name, module, meta)
        names = list(last.survivors)
        if not names:
            return last
    else:
        folder = prepare(name, module)
    started = time.monotonic()
    mutmut = Path(sys.executable).with_name("mutmut")
    done = subprocess.run(
        [str(mutmut), "run", "--max-children", str(children), *names],
        cwd=folder,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if done.returncode != 0:
        raise SystemExit(f"mutmut stopped on {name} (exit {done.returncode}); see above")
    found = score(name, module, meta)
    return replace(found, minutes=(time.monotonic() - started) / 60)


def mutant_prefix(module: Module) -> str:
    """How mutmut names this module's mutants: 'avoplan.prioritet.ranking.' for
    src/avoplan/prioritet/ranking.py."""
    dotted = Path(module.source).with_suffix("").as_posix().removeprefix("src/")
    return dotted.replace("/", ".").removesuffix(".__init__") + "."


def score(name: str, module: Module, meta: Path) -> Score:
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    listed = equivalent()
    killed = [m for m, code in codes.items() if code in KILLED]
    alive = sorted(m for m, code in codes.items() if code not in KILLED)
    # listed but no longer produced, or killed: the name now belongs to another mutant
    stale = sorted(
        m
        for m in listed
        if m.startswith(mutant_prefix(module)) and (m not in codes or codes[m] in KILLED)
    )
    return Score(
        name,
        len(killed),
        len(codes),
        tuple(m for m in alive if m in listed),
        tuple(m for m in alive if m not in listed),
        tuple(stale),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", choices=list(MODULES))
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument(
        "--again",
        action="store_true",
        help="re-check only the last run's survivors (after adding tests)",
    )
    args = parser.parse_args(argv)
    scores = [
        run(name, MODULES[name], args.max_children, again=args.again)
        for name in (args.modules or MODULES)
    ]
    print()
    print(
        f"{'modul':<18}{'dödade':>8}{'mutanter':>10}{'ekvivalenta':>13}{'poäng':>9}"
        f"{'minuter':>9}  mål"
    )
    for s in scores:
        target = MODULES[s.name].target
        mark = "" if s.percent >= target else "  under målet"
        print(
            f"{s.name:<18}{s.killed:>8}{s.total:>10}{len(s.equivalent):>13}"
            f"{s.percent:>8.1f}%{s.minutes:>9.1f}  {target} %{mark}"
        )
    for s in scores:
        for survivor in s.survivors:
            print(f"överlevde: {survivor}  (mutmut show {survivor}, i build/mutate/{s.name})")
        for name in s.stale:
            print(
                f"inaktuell i {EQUIVALENT.name}: {name} (finns inte längre eller dödas av "
                "testerna: namnet hör nu till en annan mutant; pröva den och ta bort raden)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
