"""Time `verzuim benchmark build` on DuckDB and on Spark local mode, with peak memory.

    .venv/bin/python bench/benchmark_bench.py --input /tmp/verzuim-pool --engines duckdb spark

Each engine runs as its own process (`verzuim benchmark build`), sampled every 0.2 s with
psutil: peak memory is the largest summed RSS of the process and its children (Spark's JVM
included); CPU is their user + system time. From the Spark run it prints the measured
throughput per core-second and what a cluster of N executors would need for larger inputs:
time = fixed overhead + work / (N x cores per executor x per-core throughput), the plain
model of a job that scales with its input; the fixed overhead is measured as the same build
on the tiny golden test folder (JVM start, planning, one job per step).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil

VERZUIM = Path(sys.executable).with_name("verzuim")


def count_rows(folder: Path) -> tuple[int, int, int]:
    def scan(table: str) -> str:
        path = folder / f"{table}.parquet"
        pattern = f"{path}/**/*.parquet" if path.is_dir() else str(path)
        return f"read_parquet('{pattern}')"

    con = duckdb.connect()
    orgs, emps, eps = (
        int(con.execute(f"SELECT count(*) FROM {scan(t)}").fetchone()[0])  # type: ignore[index]
        for t in ("organisations", "employees", "spells")
    )
    con.close()
    return orgs, emps, eps


def run(command: list[str]) -> dict[str, float]:
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    cpu: dict[int, float] = {}
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            rss = 0
            for p in tree:
                with p.oneshot():
                    rss += p.memory_info().rss
                    times = p.cpu_times()
                    cpu[p.pid] = times.user + times.system
            peak = max(peak, rss)
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.2)
    wall = time.perf_counter() - started
    out = process.stdout.read().decode() if process.stdout else ""
    if process.returncode:
        sys.exit(f"failed ({process.returncode}):\n{out}")
    print(out.strip().splitlines()[0] if out.strip() else "")
    return {"wall_s": wall, "peak_rss_gib": peak / 2**30, "cpu_s": sum(cpu.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=Path("/tmp/verzuim-pool"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/verzuim-pool-out"))
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark"])
    parser.add_argument("--by", default="sector,size_class,region")
    parser.add_argument("--period", default="quarter")
    parser.add_argument("--from", dest="start", default="2022-01-01")
    parser.add_argument("--to", dest="end", default="2024-12-31")
    parser.add_argument("--spark-cores", type=int, default=2)
    parser.add_argument("--spark-memory", default="8g")
    parser.add_argument(
        "--tiny", type=Path, default=Path(__file__).parent.parent / "tests/benchmark/golden"
    )
    args = parser.parse_args()
    orgs, emps, eps = count_rows(args.input)
    print(f"input: {orgs:,} organisations, {emps:,} employees, {eps:,} episodes")
    results: dict[str, dict[str, float]] = {}
    runs = [(e, args.input) for e in args.engines]
    if "spark" in args.engines:
        runs.append(("spark-tiny", args.tiny))
    for engine, folder in runs:
        command = [
            str(VERZUIM), "benchmark", "build", "--input", str(folder),
            "--out", str(args.out / engine), "--engine", engine.removesuffix("-tiny"),
            "--by", args.by,
            "--period", args.period, "--from", args.start, "--to", args.end,
            "--spark-cores", str(args.spark_cores), "--spark-memory", args.spark_memory,
        ]  # fmt: skip
        results[engine] = run(command)
        r = results[engine]
        print(
            f"{engine}: {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, "
            f"peak {r['peak_rss_gib']:.2f} GiB"
            + ("" if folder != args.input else f", {eps / r['wall_s']:,.0f} episodes/s")
        )
    if "spark" in results:
        spark = results["spark"]
        overhead = results["spark-tiny"]["wall_s"]
        per_core = eps / max(spark["cpu_s"] - results["spark-tiny"]["cpu_s"], 1.0)
        print(f"Spark per-core throughput: {per_core:,.0f} episodes per CPU-second")
        print(f"estimate (4 cores per executor, {overhead:.0f} s fixed overhead):")
        for scale in (1, 10, 100):
            row = [f"  {scale:>3} x this input ({eps * scale / 1e6:,.0f} M episodes):"]
            for executors in (2, 8, 32):
                seconds = overhead + eps * scale / (executors * 4 * per_core)
                row.append(f"{executors} executors {seconds / 60:.1f} min")
            print(", ".join(row))
    print(json.dumps({"episodes": eps, "employees": emps, "organisations": orgs, **results}))


if __name__ == "__main__":
    main()
