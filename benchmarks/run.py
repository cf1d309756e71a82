"""`make bench`: avoplan's speed on a large portfolio, against check-jsonschema in the same run.

Generates a demo portfolio (10,000 behov and projekt by default) in a temporary folder,
exports the JSON Schemas, then times whole commands as subprocesses (wall clock, best of
3): check-jsonschema validating every file against the exported schemas (the
reference), a cold `avoplan check --no-cache`, a warm `avoplan check` (cache filled),
a warm `avoplan list` (all items as text, beyond a screenful, so plain), and, when the
installed avoplan has them, `avoplan render plan` and `avoplan advance`.
Targets are ratios against the reference, or seconds where no reference exists; the
exit code is 1 when a measured target is missed.

    python -m benchmarks.run [--items N] [--repeat R] [--seed S] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


def kind_files() -> dict[str, str]:
    """Schema name -> glob of the files it describes, as `avoplan schema` exports them."""
    from avoplan.models.portfolio import KINDS

    return {kind.name: kind.glob for kind in KINDS}


GIT_ENV = {
    "GIT_AUTHOR_NAME": "avoplan bench", "GIT_AUTHOR_EMAIL": "bench@avo.exempel.se",
    "GIT_COMMITTER_NAME": "avoplan bench", "GIT_COMMITTER_EMAIL": "bench@avo.exempel.se",
}


@dataclass
class Row:
    name: str
    seconds: float | None
    ratio_target: float | None = None  # at most this many times the reference
    seconds_target: float | None = None
    note: str = ""
    reference: float | None = None  # its own reference measured in the same run, if any
    reference_name: str = ""


class BenchError(Exception):
    """A step the measurements depend on failed."""


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise BenchError(f"{name} saknas; kör 'make bench' (installerar dev-beroendena)")
    return found


def run(args: Sequence[str | Path], cwd: Path | None = None, ok: tuple[int, ...] = (0,),
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          check=False, env={**os.environ, **(env or {})})
    if done.returncode not in ok:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BenchError(f"{' '.join(map(str, args[:3]))} gav {done.returncode}: "
                         + " | ".join(tail))
    return done


def best_of(repeat: int, once: Callable[[int], object]) -> float:
    times = []
    for attempt in range(repeat):
        start = time.perf_counter()
        once(attempt)
        times.append(time.perf_counter() - start)
    return min(times)


def timed(repeat: int, args: Sequence[str | Path], cwd: Path | None = None) -> float:
    return best_of(repeat, lambda _: run(args, cwd=cwd))


def check_jsonschema_all(portfolio: Path, schemas: Path) -> None:
    """What a user runs to validate every file: one check-jsonschema per schema."""
    for kind, pattern in kind_files().items():
        files = sorted(str(p.relative_to(portfolio)) for p in portfolio.glob(pattern))
        run([tool("check-jsonschema"), "--schemafile", schemas / f"{kind}.schema.json", *files],
            cwd=portfolio)


def has_command(*words: str) -> str | None:
    """The --help text of `avoplan WORDS`, or None when the command does not exist."""
    done = subprocess.run([tool("avoplan"), *words, "--help"], capture_output=True, text=True,
                          check=False, env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
    return done.stdout if done.returncode == 0 else None


def git_commit_all(portfolio: Path) -> None:
    run(["git", "init", "-q"], cwd=portfolio)
    run(["git", "add", "-A"], cwd=portfolio)
    run(["git", "commit", "-q", "-m", "Demoportfölj för make bench"], cwd=portfolio, env=GIT_ENV)


# --- render plan ----------------------------------------------------------------------


def measure_render(portfolio: Path, out: Path, repeat: int) -> Row:
    row = Row("avoplan render plan", None, seconds_target=3.0)
    help_text = has_command("render", "plan")
    if help_text is None:
        row.note = "hoppades över: kommandot finns inte i denna version"
        return row
    args: list[str | Path] = [tool("avoplan"), "render", "plan", "-p", portfolio]
    if "--out" in help_text:
        args += ["--out", out]
    try:
        row.seconds = timed(repeat, args, cwd=portfolio)
    except BenchError as exc:
        row.note = f"misslyckades: {exc}"
    return row


# --- advance ----------------------------------------------------------------------------


def measure_advance(portfolio: Path, repeat: int) -> Row:
    """BP1 for needs at insamling, decided by their avdelningschef in the lokala
    utvecklingsteamet (what the delegationsordning asks of a need of one avdelning)."""
    row = Row("avoplan advance (BP1)", None, seconds_target=0.35)
    help_text = has_command("advance")
    if help_text is None:
        row.note = "hoppades över: kommandot finns inte i denna version"
        return row
    needs = needs_at_insamling(portfolio, repeat)
    if len(needs) < repeat:
        row.note = "hoppades över: för få behov i insamling"
        return row

    def once(attempt: int) -> None:
        need_id, chef, email = needs[attempt]
        run(advance_args(help_text, portfolio, need_id, chef), cwd=portfolio,
            env={**GIT_ENV, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_EMAIL": email})

    try:
        row.seconds = best_of(repeat, once)
    except BenchError as exc:
        row.note = f"misslyckades: {exc}"
    return row


# --- verify and diff over a history ---------------------------------------------------------

HISTORY = 300  # commits, three changed needs each
DIFF_SPAN = 50


def measure_history(portfolio: Path, repeat: int) -> list[Row]:
    """`verify` over 300 commits against `git log` of the same range, and `diff` of the last
    50 commits against `git diff --stat` of them, in the same run."""
    if has_command("verify") is None or not (portfolio / ".git").is_dir():
        return [Row("avoplan verify", None, note="hoppades över: ingen git-historik")]
    step(f"git-historik: {HISTORY} commits")
    make_history(portfolio)
    since = f"HEAD~{HISTORY}"
    log = timed(repeat, ["git", "log", "--raw", "--no-abbrev", "-m", "--full-history",
                         f"{since}..HEAD", "--", "."], cwd=portfolio)
    rows = [Row(f"git log ({HISTORY} commits)", log, note="referens för verify")]
    step("avoplan verify")
    rows.append(Row(f"avoplan verify ({HISTORY} commits)",
                    timed_ok(repeat, [tool("avoplan"), "verify", "--since", since, "-p",
                                      portfolio], (0, 1)),
                    ratio_target=3.0, reference=log, reference_name="git log"))
    stat = timed(repeat, ["git", "diff", "--stat", f"HEAD~{DIFF_SPAN}", "HEAD"], cwd=portfolio)
    rows.append(Row(f"git diff --stat ({DIFF_SPAN} commits)", stat, note="referens för diff"))
    step("avoplan diff")
    rows.append(Row(f"avoplan diff ({DIFF_SPAN} commits)",
                    timed_ok(repeat, [tool("avoplan"), "diff", f"HEAD~{DIFF_SPAN}", "HEAD",
                                      "-p", portfolio, "-f", "json"], (0, 1)),
                    reference=stat, reference_name="git diff --stat"))
    return rows


def make_history(portfolio: Path) -> None:
    import random

    needs = sorted((portfolio / "behov").glob("*.yaml"))
    chosen = random.Random(HISTORY)
    for number in range(HISTORY):
        for need in chosen.sample(needs, 3):
            with need.open("a", encoding="utf-8") as out:
                out.write(f"# ändring {number}\n")
        run(["git", "commit", "-q", "-a", "-m", f"Ändring {number}"], cwd=portfolio,
            env=GIT_ENV)


def timed_ok(repeat: int, args: Sequence[str | Path], ok: tuple[int, ...]) -> float:
    return best_of(repeat, lambda _: run(args, ok=ok))


def advance_args(help_text: str, portfolio: Path, need_id: str, chef: str) -> list[str | Path]:
    """The options the installed `advance` offers, filled in for a BP1 decision."""
    args: list[str | Path] = [tool("avoplan"), "advance", need_id, "--to", "grovsållning",
                              "-p", portfolio]
    values = {
        "--av": chef, "--beslutad-av": chef, "--forum": "lokalt-utvecklingsteam",
        "--motivering": "Behovet är väl beskrivet (make bench).", "--protokoll": "BENCH-1",
    }
    offered = set(re.findall(r"--[a-zåäö-]+", help_text))
    for option, value in values.items():
        if option in offered:
            args += [option, value]
    return args


def needs_at_insamling(portfolio: Path, count: int) -> list[tuple[str, str, str]]:
    """(need id, its avdelningschef, the chef's e-mail) for the first needs at insamling."""
    from avoplan.models.behov import Behov
    from avoplan.workspace import Workspace

    workspace = Workspace(portfolio)
    org = workspace.organisation()
    found: list[tuple[str, str, str]] = []
    for path in sorted((portfolio / "behov").glob("*.yaml")):
        if "\nsteg: insamling\n" not in path.read_text(encoding="utf-8"):
            continue
        need = workspace.load(path, Behov)
        unit = org.avdelning(need.avdelning)
        chef = org.person(unit.avdelningschef) if unit else None
        if chef is not None:
            found.append((need.id, chef.id, chef.epost))
        if len(found) == count:
            break
    return found


# --- the report -------------------------------------------------------------------------


def verdict(row: Row, reference: float) -> tuple[str, str, bool]:
    """(ratio text, target text, met) for one row."""
    if row.seconds is None:
        return "–", _target_text(row), True
    ratio = row.seconds / (row.reference or reference)
    if row.ratio_target is not None:
        met = ratio <= row.ratio_target
    elif row.seconds_target is not None:
        met = row.seconds <= row.seconds_target
    else:
        met = True
    return f"{ratio:.3f}×", _target_text(row), met


def _target_text(row: Row) -> str:
    if row.ratio_target is not None:
        return f"≤ {row.ratio_target:.2f}×"
    if row.reference is not None:
        return "mäts"
    if row.seconds_target is not None:
        return f"≤ {row.seconds_target:g} s"
    return "referens"


def print_table(rows: list[Row], reference: float, files: int, repeat: int) -> bool:
    print(f"\navoplan make bench: {files} filer, bäst av {repeat}, väggklocka "
          f"(sekunder; kvot mot check-jsonschema)\n")
    header = f"{'Kommando':34} {'Sekunder':>9} {'Kvot':>8}  {'Mål':10} Resultat"
    print(header)
    print("-" * len(header))
    all_met = True
    for row in rows:
        ratio, target, met = verdict(row, reference)
        seconds = f"{row.seconds:.2f}" if row.seconds is not None else "–"
        result = row.note or ("uppfyllt" if met else "MISSAT")
        all_met &= met
        against = f" (mot {row.reference_name})" if row.reference_name else ""
        print(f"{row.name:34} {seconds:>9} {ratio:>8}  {target:10} {result}{against}")
    return all_met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000, help="behov och projekt")
    parser.add_argument("--repeat", type=int, default=3, help="bäst av så många körningar")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", action="store_true", help="behåll den tillfälliga mappen")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="avoplan-bench-"))
    try:
        return measure(tmp, args.items, args.repeat, args.seed)
    except BenchError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"\nMappen finns kvar: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def measure(tmp: Path, items: int, repeat: int, seed: int) -> int:
    portfolio, schemas = tmp / "portfolio", tmp / "schema"
    avoplan = tool("avoplan")
    step(f"Skapar en demoportfölj med {items} behov och projekt")
    run([avoplan, "demo-portfolio", "--items", str(items), "--out", portfolio, "--seed",
         str(seed)])
    run([avoplan, "schema", "--out", schemas])
    files = sum(len(list(portfolio.glob(p))) for p in kind_files().values())
    step("check-jsonschema (referens)")
    reference = best_of(repeat, lambda _: check_jsonschema_all(portfolio, schemas))
    rows = [Row("check-jsonschema (referens)", reference, note="–")]
    step("avoplan check --no-cache (kall)")
    rows.append(Row("avoplan check --no-cache (kall)",
                    timed(repeat, [avoplan, "check", "--no-cache", "-p", portfolio]),
                    ratio_target=0.30))
    step("avoplan check (varm)")
    run([avoplan, "check", "-p", portfolio])  # fills the cache
    rows.append(Row("avoplan check (varm cache)", timed(repeat, [avoplan, "check", "-p",
                                                                 portfolio]),
                    ratio_target=0.05))
    if has_command("render", "plan") is not None or has_command("advance") is not None:
        step("git-repo för render och advance")
        git_commit_all(portfolio)
    step("avoplan list (varm)")
    rows.append(Row("avoplan list (varm cache)",
                    timed(repeat, [avoplan, "list", "-p", portfolio]), seconds_target=1.0))
    step("avoplan render plan")
    rows.append(measure_render(portfolio, tmp / "build", repeat))
    step("avoplan advance")
    rows.append(measure_advance(portfolio, repeat))
    rows += measure_history(portfolio, repeat)
    return 0 if print_table(rows, reference, files, repeat) else 1


def step(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
