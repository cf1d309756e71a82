"""`make bench`: avoplan's speed on large portfolios, against references in the same run.

For each size (10,000 and 50,000 behov and projekt by default) generates a demo portfolio
in a temporary folder, exports the JSON Schemas, then times whole commands as
subprocesses (wall clock, best of R) with their peak memory (max RSS). Three references
run in the same run, on the same files:

- check-jsonschema over every file with the exported schemas (ruamel.yaml.clib installed,
  so its YAML reading is in C too);
- the single-process floor: one Python process that reads every file, parses it with
  libyaml and validates it with avoplan's pydantic models (`--floor`), with nothing else;
- a stat-only manifest: one Python process that lists every folder and stats every file
  (`--stat-only`), the least a warm check can do to know nothing changed.

Targets are ratios against a reference, seconds where none exists, or kilobytes of peak
memory per file; the exit code is 1 when a measured target is missed.

    python -m benchmarks.run [--items N[,N...]] [--repeat R] [--seed S] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import (
    GIT_ENV,
    BenchError,
    Row,
    best_of,
    git_commit_all,
    has_command,
    kind_files,
    measured,
    print_table,
    run,
    step,
    timed,
    tool,
)

# --- the in-process references -----------------------------------------------------------


def floor(portfolio: Path) -> int:
    """The single-process floor: read, parse with libyaml and validate every file, no more."""
    import yaml
    from pydantic import ValidationError

    from avoplan.models.portfolio import KINDS
    from avoplan.store.yaml_io import _Loader  # libyaml with the YAML 1.2 scalars avoplan reads

    count = 0
    for kind in KINDS:
        for path in sorted(portfolio.glob(kind.glob)):
            data = yaml.load(path.read_bytes(), Loader=_Loader)
            with contextlib.suppress(ValidationError):
                kind.model.model_validate(data)
            count += 1
    return count


def stat_only(portfolio: Path) -> int:
    """The stat-only manifest: list every folder and stat every file."""
    count = 0
    for folder in (portfolio, *(p for p in portfolio.iterdir() if p.is_dir())):
        for entry in os.scandir(folder):
            if entry.name.endswith((".yaml", ".yml")):
                entry.stat()
                count += 1
    return count


def check_jsonschema_all(portfolio: Path, schemas: Path) -> None:
    """What a user runs to validate every file: one check-jsonschema per schema."""
    for kind, pattern in kind_files().items():
        files = sorted(str(p.relative_to(portfolio)) for p in portfolio.glob(pattern))
        if not files:  # e.g. no meetings yet: check-jsonschema wants at least one file
            continue
        run(
            [tool("check-jsonschema"), "--schemafile", schemas / f"{kind}.schema.json", *files],
            cwd=portfolio,
        )


# --- verify and diff over a history ---------------------------------------------------------

HISTORY = 300  # commits, three changed needs each
DIFF_SPAN = 50


def measure_history(portfolio: Path, repeat: int, references: dict[str, float]) -> list[Row]:
    """`verify` over 300 commits against `git log` of the same range, and `diff` of the last
    50 commits against `git diff --stat` of them, in the same run."""
    if has_command("verify") is None or not (portfolio / ".git").is_dir():
        return [Row("avoplan verify", None, note="hoppades över: ingen git-historik")]
    step(f"git-historik: {HISTORY} commits")
    make_history(portfolio)
    since = f"HEAD~{HISTORY}"
    log = timed(
        repeat,
        ["git", "log", "--raw", "--no-abbrev", "-m", "--full-history", f"{since}..HEAD", "--", "."],
        cwd=portfolio,
    )
    references["git log"] = log
    rows = [
        Row(f"git log ({HISTORY} commits)", log, note="referens för verify", reference="git log")
    ]
    step("avoplan verify")
    rows.append(
        Row(
            f"avoplan verify ({HISTORY} commits)",
            timed_ok(
                repeat, [tool("avoplan"), "verify", "--since", since, "-p", portfolio], (0, 1)
            ),
            ratio_target=3.0,
            reference="git log",
        )
    )
    stat = timed(repeat, ["git", "diff", "--stat", f"HEAD~{DIFF_SPAN}", "HEAD"], cwd=portfolio)
    references["git diff"] = stat
    rows.append(
        Row(
            f"git diff --stat ({DIFF_SPAN} commits)",
            stat,
            note="referens för diff",
            reference="git diff",
        )
    )
    step("avoplan diff")
    rows.append(
        Row(
            f"avoplan diff ({DIFF_SPAN} commits)",
            timed_ok(
                repeat,
                [
                    tool("avoplan"),
                    "diff",
                    f"HEAD~{DIFF_SPAN}",
                    "HEAD",
                    "-p",
                    portfolio,
                    "-f",
                    "json",
                ],
                (0, 1),
            ),
            reference="git diff",
        )
    )
    return rows


def make_history(portfolio: Path) -> None:
    import random

    needs = sorted((portfolio / "behov").glob("*.yaml"))
    chosen = random.Random(HISTORY)
    for number in range(HISTORY):
        for need in chosen.sample(needs, 3):
            with need.open("a", encoding="utf-8") as out:
                out.write(f"# ändring {number}\n")
        run(["git", "commit", "-q", "-a", "-m", f"Ändring {number}"], cwd=portfolio, env=GIT_ENV)


def timed_ok(repeat: int, args: Sequence[str | Path], ok: tuple[int, ...]) -> float:
    return best_of(repeat, lambda _: run(args, ok=ok))


# --- the report -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--items", default="10000,50000", help="behov och projekt; flera storlekar med komma"
    )
    parser.add_argument("--repeat", type=int, default=3, help="bäst av så många körningar")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", action="store_true", help="behåll den tillfälliga mappen")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stat-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--utan-federation",
        action="store_true",
        help="hoppa över federationen (sex medlemmar med 10 000 behov var)",
    )
    parser.add_argument(
        "--utan-kalkylblad",
        action="store_true",
        help="hoppa över kalkylbladen (import av 10 000 rader, fientliga blad)",
    )
    args = parser.parse_args(argv)
    if args.floor:
        return 0 if floor(args.floor) else 1
    if args.stat_only:
        return 0 if stat_only(args.stat_only) else 1
    code = 0
    for items in (int(n) for n in args.items.split(",")):
        code = max(code, _measure_size(items, args.repeat, args.seed, keep=args.keep))
    if not args.utan_federation:
        code = max(code, _measure_federation(args.repeat, keep=args.keep))
    if not args.utan_kalkylblad:
        code = max(code, _measure_sheets(args.repeat, keep=args.keep))
    return code


def _measure_sheets(repeat: int, *, keep: bool) -> int:
    """Import of 10 000 rows, and the hostile sheets refused in bounded time and memory
    (benchmarks/sheets)."""
    from benchmarks import sheets

    tmp = Path(tempfile.mkdtemp(prefix="avoplan-bench-sheets-"))
    try:
        rows = sheets.measure_sheets(tmp, Path(tool("avoplan")), repeat)
    except (BenchError, subprocess.CalledProcessError) as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    sheets.print_rows(rows, repeat)
    return 0 if sheets.met(rows) else 1


def _measure_federation(repeat: int, *, keep: bool) -> int:
    """Integrerad Digitalisering: sync and liknande over six members (benchmarks/federation)."""
    from benchmarks import federation

    tmp = Path(tempfile.mkdtemp(prefix="avoplan-bench-federation-"))
    try:
        rows = federation.measure_federation(tmp, Path(tool("avoplan")), repeat)
    except (BenchError, federation.BenchError, subprocess.CalledProcessError) as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    federation.print_rows(rows, repeat)
    return 0 if federation.met(rows) else 1


def _measure_size(items: int, repeat: int, seed: int, *, keep: bool) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="avoplan-bench-"))
    try:
        return measure(tmp, items, repeat, seed)
    except BenchError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    finally:
        if keep:
            print(f"\nMappen finns kvar: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def measure(tmp: Path, items: int, repeat: int, seed: int) -> int:
    portfolio, schemas = tmp / "portfolio", tmp / "schema"
    avoplan = tool("avoplan")
    step(f"Skapar en demoportfölj med {items} behov och projekt")
    run([avoplan, "demo-portfolio", "--items", str(items), "--out", portfolio, "--seed", str(seed)])
    run([avoplan, "schema", "--out", schemas])
    files = sum(len(list(portfolio.glob(p))) for p in kind_files().values())
    references = measure_references(portfolio, schemas, repeat)
    rows = [
        Row("check-jsonschema (referens cj)", references["check-jsonschema"], note="–"),
        Row("libyaml + pydantic (referens golv)", references["golv"], note="–", reference="golv"),
        Row("stat av varje fil (referens stat)", references["stat"], note="–", reference="stat"),
    ]
    rows += measure_check(avoplan, portfolio, repeat)
    from benchmarks.writes import measure_check_cpu, measure_mote_ny, measure_writes

    rows += measure_check_cpu(avoplan, portfolio, repeat, references["cj CPU"], references)
    step("git-repo för render och advance")
    git_commit_all(portfolio)
    rows += measure_render_rows(avoplan, portfolio, tmp, repeat)
    from benchmarks.site import measure_site_rows

    rows += measure_site_rows(avoplan, portfolio, tmp, repeat)
    from benchmarks.listing import measure_listing_rows

    rows += measure_listing_rows(avoplan, portfolio, repeat)
    rows += measure_writes(avoplan, portfolio, repeat)
    rows += measure_mote_ny(avoplan, portfolio, repeat)
    rows += measure_history(portfolio, repeat, references)
    return 0 if print_table(rows, references, files, repeat) else 1


def measure_references(portfolio: Path, schemas: Path, repeat: int) -> dict[str, float]:
    step("check-jsonschema (referens)")
    from benchmarks.writes import children_cpu

    cpu: list[float] = []
    references = {
        "check-jsonschema": best_of(
            repeat,
            lambda _: cpu.append(children_cpu(lambda: check_jsonschema_all(portfolio, schemas))),
        )
    }
    references["cj CPU"] = min(cpu)
    step("libyaml + pydantic i en process (golv)")
    me = [sys.executable, "-m", "benchmarks.run"]
    references["golv"] = timed(repeat, [*me, "--floor", portfolio], cwd=Path.cwd())
    step("stat av varje fil (stat-manifest)")
    references["stat"] = timed(repeat, [*me, "--stat-only", portfolio], cwd=Path.cwd())
    return references


def measure_check(avoplan: str, portfolio: Path, repeat: int) -> list[Row]:
    step("avoplan check --no-cache (kall)")
    cold, cold_kb = measured(repeat, [avoplan, "check", "--no-cache", "-p", portfolio])
    step("avoplan check (varm)")
    run([avoplan, "check", "-p", portfolio], ok=(0, 1))  # fills the cache
    time.sleep(0.5)  # the files are older than the racy window of the manifest
    run([avoplan, "check", "-p", portfolio], ok=(0, 1))  # and the manifest
    warm, warm_kb = measured(repeat, [avoplan, "check", "-p", portfolio])
    return [
        Row(
            "avoplan check --no-cache (kall)",
            cold,
            ratio_target=1.0,
            reference="golv",
            kilobytes=cold_kb,
        ),
        Row(
            "avoplan check (varm)",
            warm,
            ratio_target=3.0,
            reference="stat",
            kilobytes=warm_kb,
            kb_per_file_target=4.0,
        ),
    ]


def measure_render_rows(avoplan: str, portfolio: Path, tmp: Path, repeat: int) -> list[Row]:
    """`render plan` on a fresh clone as a CI runner renders it (`CI=true`: no cache, and
    none written), then warm."""
    clone = tmp / "klon"

    def fresh_clone() -> None:
        shutil.rmtree(clone, ignore_errors=True)
        run(["git", "clone", "-q", portfolio, clone])

    step("avoplan render plan (ny klon)")
    args: list[str | Path] = [avoplan, "render", "plan", "-p", clone, "--out", tmp / "build"]
    try:
        first, first_kb = measured(repeat, args, before=fresh_clone, env={"CI": "true"})
        run(args, ok=(0, 1))  # fills the cache, which the CI runs above did not write
        warm, warm_kb = measured(repeat, args)
    except BenchError as exc:
        return [Row("avoplan render plan", None, note=f"misslyckades: {exc}")]
    return [
        Row("avoplan render plan (ny klon, kall)", first, seconds_target=4.0, kilobytes=first_kb),
        Row("avoplan render plan (varm)", warm, seconds_target=1.0, kilobytes=warm_kb),
    ]


if __name__ == "__main__":
    sys.exit(main())
