"""`render site` at scale (issue 26): the whole site into an empty folder on a fresh clone
(cold: what CI does), then again after one changed need (only its pages are written).
Part of `make bench` (benchmarks/run); alone:

    python -m benchmarks.site [--items 10000] [--repeat R] [--keep]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import BenchError, Row, measured, run, step, tool

COLD_TARGET = 15.0  # seconds at 10 000 items
ONE_CHANGE_TARGET = 2.0


def measure_site_rows(avoplan: str, portfolio: Path, tmp: Path, repeat: int) -> list[Row]:
    """`render site` cold (a fresh clone, an empty folder), then after one changed need."""
    clone, out = tmp / "site-klon", tmp / "site"

    def fresh() -> None:
        shutil.rmtree(clone, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        run(["git", "clone", "-q", portfolio, clone])

    changes = iter(range(1, 1000))

    def change_one_need() -> None:
        need = sorted((clone / "behov").glob("BEH-*.yaml"))[0]
        text = need.read_text(encoding="utf-8")
        titel = re.sub(r" \(ändrad \d+\)$", "", re.search(r"^titel: (.*)$", text, re.M)[1])  # type: ignore[index]
        need.write_text(
            re.sub(
                r"^titel: .*$",
                f"titel: {titel} (ändrad {next(changes)})",
                text,
                count=1,
                flags=re.M,
            ),
            encoding="utf-8",
        )

    step("avoplan render site (ny klon, tom mapp)")
    args: list[str | Path] = [avoplan, "render", "site", "-p", clone, "--out", out]
    try:
        cold, cold_kb = measured(repeat, args, before=fresh)
        changed, changed_kb = measured(repeat, args, before=change_one_need)
    except BenchError as exc:
        return [Row("avoplan render site", None, note=f"misslyckades: {exc}")]
    return [
        Row(
            "avoplan render site (ny klon, kall)",
            cold,
            seconds_target=COLD_TARGET,
            kilobytes=cold_kb,
        ),
        Row(
            "avoplan render site (ett behov ändrat)",
            changed,
            seconds_target=ONE_CHANGE_TARGET,
            kilobytes=changed_kb,
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.site", description=__doc__)
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="avoplan-bench-site-"))
    try:
        avoplan = tool("avoplan")
        portfolio = tmp / "portfolio"
        step(f"Skapar en demoportfölj med {args.items} behov och projekt")
        run(
            [
                avoplan,
                "demo-portfolio",
                "--items",
                str(args.items),
                "--out",
                portfolio,
                "--seed",
                str(args.seed),
            ]
        )
        from benchmarks.common import git_commit_all

        git_commit_all(portfolio)
        rows = measure_site_rows(avoplan, portfolio, tmp, args.repeat)
    except BenchError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    met = True
    for row in rows:
        seconds = "–" if row.seconds is None else f"{row.seconds:.2f}".replace(".", ",")
        target = row.seconds_target
        ok = row.seconds is not None and target is not None and row.seconds <= target
        met = met and ok
        mb = f", {row.kilobytes // 1024} MB" if row.kilobytes else ""
        print(f"{row.name}: {seconds} s{mb} (mål ≤ {target:g} s) {'✓' if ok else '✗'} {row.note}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
