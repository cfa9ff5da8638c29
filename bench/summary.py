#!/usr/bin/env python3
"""One table of every target the benches measured (``make bench`` runs this last).

    .venv/bin/python bench/summary.py results.jsonl

Reads the JSON lines ``bench/harness.report`` appends to ``$EVENTHUB_BENCH_RESULTS``
(one per target and run of a script): the backend it ran on (``sqlite``, or ``postgresql``
for PostgreSQL with the job queue and caches in Redis), median and range of the repetitions,
the target, and whether the median meets it. Exit status 1 when any target is missed.
"""
from __future__ import annotations

import json
import statistics
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    with open(sys.argv[1], encoding="utf-8") as handle:
        results = [json.loads(line) for line in handle if line.strip()]
    if not results:
        print("no bench results recorded")
        return 1
    width = max(len(r["target"]) for r in results) + 2
    print(f"\n== make bench: {len(results)} targets (median [range] of the repetitions; ratios are "
          "against a floor measured in the same run)")
    print(f"{'script':<26}{'backend':<12}{'target':<{width}}{'median [range]':>26}{'goal':>16}  result")
    missed = 0
    for r in results:
        values = r["values"]
        # Counts (statements, answers) are whole; milliseconds to a tenth; ratios to a hundredth.
        digits = 0 if r["unit"] in ("statements", "answers") else 1 if r["unit"] == "ms" else 2
        spread = (f"{statistics.median(values):.{digits}f} [{min(values):.{digits}f}–{max(values):.{digits}f}]"
                  if len(values) > 1 else f"{values[0]:.{digits}f}")
        unit = "" if r["unit"] in ("×", "") else f" {r['unit']}"
        goal_unit = {"×": "×", "": ""}.get(r["unit"], unit)
        goal = f"{'≥' if r['higher_is_better'] else '≤'} {r['goal']:g}{goal_unit}"
        missed += not r["met"]
        backend = r.get("backend") or "sqlite"
        print(f"{r['script']:<26}{backend:<12}{r['target']:<{width}}{spread + unit:>26}{goal:>16}  {'pass' if r['met'] else 'MISS'}")
    print(f"{len(results) - missed} of {len(results)} targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
