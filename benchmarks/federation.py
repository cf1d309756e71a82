"""Integrerad Digitalisering in `make bench` (issue 15): six member portfolios of 10,000
needs each, made by `avoplan demo-portfolio --federation 6`, and timed as whole commands
(wall clock, best of R):

- `federation sync` of six local repositories into an empty cache, against plain
  `git init --bare` + `git fetch` of the same six one after the other (the reference,
  measured in the same run): target at most 1.5 times the reference.
- `liknande` for one need against the 6 × 10,000 needs, warm (the similarity indexes
  built by a first run): target at most 1 s. The first (cold) run is shown, not judged.

`measure_federation` returns the rows for `benchmarks/run.py`; alone:

    python -m benchmarks.federation [--needs N] [--repeat R] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

MEMBERS = ("avo", "fs", "sfc", "sfh", "sfno", "sfsv")
CODES = ("ÄVO", "FS", "SFC", "SFH", "SFNO", "SFSV")
NEEDS = 10_000  # per member
NEED_SHARE = 0.775  # of the demo's items that are needs (the rest are projects)
SYNC_RATIO = 1.5
LIKNANDE_SECONDS = 1.0
GIT_ENV = {
    "GIT_AUTHOR_NAME": "avoplan bench",
    "GIT_AUTHOR_EMAIL": "bench@avo.exempel.se",
    "GIT_COMMITTER_NAME": "avoplan bench",
    "GIT_COMMITTER_EMAIL": "bench@avo.exempel.se",
}

# (name, seconds, ratio to the reference measured in the same run or None, verdict)
Row = tuple[str, float, float | None, str]


class BenchError(Exception):
    """A step the measurements depend on failed."""


def measure_federation(tmp: Path, avoplan: Path, repeat: int, needs: int = NEEDS) -> list[Row]:
    """Make the demo federation under `tmp` and time sync and liknande (see the module)."""
    members = make_federation(tmp / "id", avoplan, needs)
    hub = make_hub(tmp / "hub", avoplan, members)
    rows = measure_sync(tmp / "referens", avoplan, hub, members, repeat)
    rows += measure_liknande(avoplan, members["avo"], repeat)
    return rows


def make_federation(out: Path, avoplan: Path, needs: int) -> dict[str, Path]:
    step(f"demo-portfolio --federation 6, cirka {needs} behov per medlem")
    items = round(needs / NEED_SHARE)
    run([avoplan, "demo-portfolio", "--federation", "6", "--items", str(items), "--out", out])
    return {name: out / name for name in MEMBERS}


def make_hub(hub: Path, avoplan: Path, members: dict[str, Path]) -> Path:
    """A small portfolio of Integrerad Digitalisering itself whose federation has all six
    förvaltningar as members with repositories (so sync fetches six)."""
    run([avoplan, "demo-portfolio", "--items", "1", "--out", hub])
    lines = ["namn: Integrerad Digitalisering", "hem: ID", "medlemmar:"]
    lines += [
        f"  - {{namn: {code}, kod: {code}, förråd: '{members[name]}', revision: main}}"
        for name, code in zip(MEMBERS, CODES, strict=True)
    ]
    (hub / "federation.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return hub


def measure_sync(
    scratch: Path, avoplan: Path, hub: Path, members: dict[str, Path], repeat: int
) -> list[Row]:
    """Cold sync of six against six plain fetches into new bare repositories."""

    def plain() -> None:
        for name, source in members.items():
            target = scratch / f"{name}.git"
            run(["git", "init", "-q", "--bare", target])
            run(["git", "-C", target, "fetch", "--quiet", "--no-tags", source, "main"])

    step("git fetch av sex förråd (referens)")
    reference = best_of(repeat, lambda: shutil.rmtree(scratch, ignore_errors=True), plain)
    cache = hub / ".avoplan-cache" / "federation"
    step("avoplan federation sync (sex medlemmar, tom cache)")
    synced = best_of(
        repeat,
        lambda: shutil.rmtree(cache, ignore_errors=True),
        lambda: run([avoplan, "federation", "sync", "-p", hub]),
    )
    ratio = synced / reference
    return [
        ("git fetch, sex förråd (referens)", reference, None, "referens"),
        (
            "avoplan federation sync (sex)",
            synced,
            ratio,
            verdict(met=ratio <= SYNC_RATIO, target=f"≤ {SYNC_RATIO}× git fetch"),
        ),
    ]


def measure_liknande(avoplan: Path, home: Path, repeat: int) -> list[Row]:
    """`liknande` over the six members: the first run builds the indexes, then warm."""
    run([avoplan, "federation", "sync", "-p", home])
    need = sorted((home / "behov").glob("*.yaml"))[0].stem
    args: list[str | Path] = [avoplan, "liknande", need, "--top", "10", "-p", home]
    step("avoplan liknande (kall: bygger likhetsindexen)")
    cold = best_of(1, lambda: None, lambda: run(args))
    time.sleep(0.3)  # the home index is kept only for files older than a timestamp tick
    run(args)
    step("avoplan liknande (varm)")
    warm = best_of(repeat, lambda: None, lambda: run(args))
    count = sum(len(list((home.parent / m / "behov").glob("*.yaml"))) for m in MEMBERS)
    return [
        (f"avoplan liknande, kall ({count} behov)", cold, None, "visas, bedöms inte"),
        (
            f"avoplan liknande, varm ({count} behov)",
            warm,
            None,
            verdict(met=warm <= LIKNANDE_SECONDS, target=f"≤ {LIKNANDE_SECONDS:g} s"),
        ),
    ]


def verdict(*, met: bool, target: str) -> str:
    return f"{target}: {'uppfyllt' if met else 'MISSAT'}"


def met(rows: Sequence[Row]) -> bool:
    return not any(row[3].endswith("MISSAT") for row in rows)


def best_of(repeat: int, setup: Callable[[], object], once: Callable[[], object]) -> float:
    """The fastest of `repeat` runs of `once`, each after an untimed `setup`."""
    times = []
    for _ in range(repeat):
        setup()
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    return min(times)


def run(args: Sequence[str | Path]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **GIT_ENV},
    )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BenchError(
            f"{' '.join(map(str, args[:3]))} gav {done.returncode}: " + " | ".join(tail)
        )
    return done


def step(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


def print_rows(rows: Sequence[Row], repeat: int) -> None:
    print(f"\navoplan make bench, federationen: bäst av {repeat}, väggklocka\n")
    header = f"{'Kommando':44} {'Sekunder':>9} {'Kvot':>8}  Mål och resultat"
    print(header)
    print("-" * len(header))
    for name, seconds, ratio, result in rows:
        shown = f"{ratio:.2f}×" if ratio is not None else "–"
        print(f"{name:44} {seconds:>9.2f} {shown:>8}  {result}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.federation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--needs", type=int, default=NEEDS, help="behov per medlem (ungefär)")
    parser.add_argument("--repeat", type=int, default=3, help="bäst av så många körningar")
    parser.add_argument("--keep", action="store_true", help="behåll den tillfälliga mappen")
    args = parser.parse_args(argv)
    beside = Path(sys.executable).parent / "avoplan"
    avoplan = beside if beside.exists() else Path(shutil.which("avoplan") or "avoplan")
    tmp = Path(tempfile.mkdtemp(prefix="avoplan-bench-federation-"))
    try:
        rows = measure_federation(tmp, avoplan, args.repeat, args.needs)
        print_rows(rows, args.repeat)
        return 0 if met(rows) else 1
    except BenchError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"\nMappen finns kvar: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
