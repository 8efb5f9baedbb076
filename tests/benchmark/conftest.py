"""Benchmark fixtures: the golden folder, a generated 200-organisation set, one Spark session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bench.benchmark_generate import generate

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 organisations (about 5,000 employees, 20,000 episodes), Parquet part folders.

    Three sectors and two regions only, so most cells have enough organisations to publish.
    """
    out = tmp_path_factory.mktemp("pool")
    generate(out, 200, 5_000, seed=14, sectors=["C", "G", "Q"], regions=["Noord", "Zuid"])
    return out


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One local Spark (1 core, 2 shuffle partitions) for the whole run: starting the JVM is
    the slow part. Bound to 127.0.0.1, no web UI: nothing reaches the network."""
    from verzuim.benchmark.engines import local_session

    session = local_session(cores=1, driver_memory="1g")
    yield session
    session.stop()
