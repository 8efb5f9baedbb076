"""How often the evaluation's interval contains 0 when nothing was done, over many seeds.

    .venv/bin/python bench/evaluation_coverage.py [--seeds 200] [--employees 60]

Generates organisations without any effect (tests/evaluation/synth.py: three units of
``--employees`` each, 2022-2024, start 2024-01-01), evaluates the first unit against the
suggested others, and counts how often the 95 % interval contains 0 (aim: about 95 %, at
least 90 %) and how often the placebo check warns (aim: about 5 %).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.evaluation.synth import Story, generate

from verzuim.evaluation import service


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--employees", type=int, default=60)
    parser.add_argument("--resamples", type=int, default=500)
    args = parser.parse_args()
    covers = warns = 0
    started = time.perf_counter()
    for seed in range(1000, 1000 + args.seeds):
        n = args.employees
        story = Story(units={"Org/A": n, "Org/B": n, "Org/C": n})
        e, s = generate(story, seed)
        request = service.Request(
            units=["Org/A"], start=story.start, resamples=args.resamples, seed=seed
        )
        result = service.evaluate_files(e, s, request)
        low, high = result.effect.ci_low, result.effect.ci_high
        assert low is not None and high is not None
        covers += low <= 0 <= high
        warns += result.pre_trend_warning
    print(
        f"{args.seeds} seeds, 3 units of {args.employees} employees, {args.resamples} "
        f"resamples: interval contains 0 in {covers / args.seeds:.1%}, placebo warns in "
        f"{warns / args.seeds:.1%} ({time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
