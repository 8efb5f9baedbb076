"""Benchmark fixtures: the golden folder, a generated 200-organisation set, one Spark session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from bench.benchmark_generate import generate

from verzuim.benchmark.inputs import COLUMNS

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 organisations (about 5,000 employees, 20,000 episodes), Parquet part folders.

    Three sectors and two regions only, so most cells have enough organisations to publish.
    """
    out = tmp_path_factory.mktemp("pool")
    generate(out, 200, 5_000, seed=14, sectors=GENERATED_SECTORS, regions=["Noord", "Zuid"])
    return out


GENERATED_SECTORS = ["N", "P", "Q"]  # none of the golden sectors (C, F, G): cells apart


@pytest.fixture(scope="session")
def combined(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Golden and generated organisations in one folder, in both file formats (organisations
    and spells as CSV, employees as a Parquet folder), for one Spark build that covers both."""
    out = tmp_path_factory.mktemp("combined")
    con = duckdb.connect()
    for table, fmt in (("organisations", "csv"), ("employees", "parquet"), ("spells", "csv")):
        source = generated / f"{table}.parquet"
        pattern = f"{source}/*.parquet" if source.is_dir() else str(source)
        golden = f"read_csv('{GOLDEN / table}.csv', header = true, all_varchar = true)"
        names = ", ".join(COLUMNS[table])
        union = (
            f"SELECT {names} FROM {golden} UNION ALL "
            f"SELECT {', '.join(f'CAST({c} AS VARCHAR)' for c in COLUMNS[table])} "
            f"FROM read_parquet('{pattern}')"
        )
        options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
        target = out / f"{table}.{fmt}"
        if fmt == "parquet":
            target.mkdir()
            target = target / "part-0.parquet"
        con.execute(f"COPY ({union}) TO '{target}' ({options})")
    con.close()
    return out


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One local Spark (1 core, 2 shuffle partitions) for the whole run: starting the JVM is
    the slow part. Bound to 127.0.0.1, no web UI: nothing reaches the network."""
    from verzuim.benchmark.engines import local_session

    session = local_session(cores=1, driver_memory="1g")
    yield session
    session.stop()
