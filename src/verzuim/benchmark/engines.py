"""Where the SQL runs: DuckDB on one machine, Apache Spark (local or a cluster) for more.

Both engines get the same statements, written in DuckDB's dialect; Spark's are translated
by SQLGlot. Each statement is created as one of three kinds (``Kind``):

- ``view``: never stored.
- ``part``: a step worth storing when an engine plans step by step. DuckDB stores it as a
  table, so a part used twice is computed once. Spark keeps it a view: it plans the whole
  chain as one query and reuses identical shuffles itself, and storing each step would only
  add a job per step.
- ``result``: stored by both (a cached view in Spark); what several queries read.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import duckdb
import sqlglot

from verzuim.benchmark.inputs import InputFile
from verzuim.benchmark.models import EngineName

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Kind = Literal["view", "part", "result"]


class Engine(Protocol):
    name: EngineName

    def read(self, source: InputFile) -> dict[str, str]:
        """Make ``raw_<table>`` from a file; return its columns and their types
        (lower case, ``varchar`` for text: ``date``, ``double``, ``bigint`` ...)."""
        ...

    def create(self, name: str, select: str, kind: Kind) -> None: ...

    def rows(self, select: str) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...


def _quoted(text: str) -> str:
    return text.replace("'", "''")


class DuckDBEngine:
    """An embedded DuckDB database in a temporary file: tables larger than memory spill."""

    name: EngineName = "duckdb"

    def __init__(self, memory_limit: str | None = None, threads: int | None = None) -> None:
        self._dir = tempfile.mkdtemp(prefix="verzuim-benchmark-")
        self._con = duckdb.connect(str(Path(self._dir) / "work.duckdb"))
        self._con.execute(f"SET temp_directory = '{_quoted(self._dir)}'")
        if memory_limit:
            self._con.execute(f"SET memory_limit = '{_quoted(memory_limit)}'")
        if threads:
            self._con.execute(f"SET threads = {int(threads)}")

    def read(self, source: InputFile) -> dict[str, str]:
        location = source.location
        if source.format == "parquet":
            if Path(location).is_dir():
                location = str(Path(location) / "**" / "*.parquet")
            scan = f"read_parquet('{_quoted(location)}')"
        else:
            scan = f"read_csv('{_quoted(location)}', header = true, all_varchar = true)"
        self._con.execute(f"CREATE OR REPLACE VIEW raw_{source.table} AS SELECT * FROM {scan}")
        described = self._con.execute(f"DESCRIBE raw_{source.table}").fetchall()
        return {str(r[0]): str(r[1]).lower() for r in described}

    def create(self, name: str, select: str, kind: Kind) -> None:
        stored = "VIEW" if kind == "view" else "TABLE"
        self._con.execute(f"CREATE OR REPLACE {stored} {name} AS {select}")

    def rows(self, select: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self._con.execute(select).fetchall()]

    def close(self) -> None:
        self._con.close()
        shutil.rmtree(self._dir, ignore_errors=True)


def translate(select: str, dialect: str = "spark") -> str:
    """One statement from DuckDB's dialect to another engine's, by SQLGlot."""
    level = sqlglot.ErrorLevel.RAISE
    return str(sqlglot.transpile(select, read="duckdb", write=dialect, unsupported_level=level)[0])


def local_session(cores: int = 2, driver_memory: str = "2g") -> SparkSession:
    """A Spark session on this machine only: nothing listens beyond 127.0.0.1, no web UI.

    Under ``spark-submit`` (a gateway is already running) the session spark-submit
    configured is used as it is, so the master and resources come from the command line.
    """
    with warnings.catch_warnings():
        # PySpark warns that it has not yet been tested with pandas 3; it does not use pandas.
        warnings.simplefilter("ignore", FutureWarning)
        from pyspark.sql import SparkSession

        if os.environ.get("PYSPARK_GATEWAY_PORT"):
            return SparkSession.builder.appName("verzuim-benchmark").getOrCreate()
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        session = (
            SparkSession.builder.master(f"local[{cores}]")
            .appName("verzuim-benchmark")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.memory", driver_memory)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(max(2, 2 * cores)))
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine:
    """Spark SQL through a session: local mode in tests, any cluster through spark-submit."""

    name: EngineName = "spark"

    def __init__(self, session: SparkSession) -> None:
        self._spark = session
        self._cached: list[str] = []

    def read(self, source: InputFile) -> dict[str, str]:
        reader = self._spark.read
        if source.format == "parquet":
            frame = reader.parquet(source.location)
        else:
            # Every column as text, as DuckDB reads it: the typed view converts both alike.
            frame = reader.option("header", True).option("inferSchema", False).csv(source.location)
        frame.createOrReplaceTempView(f"raw_{source.table}")
        return {name: "varchar" if kind == "string" else kind for name, kind in frame.dtypes}

    def create(self, name: str, select: str, kind: Kind) -> None:
        statement = translate(select)
        if kind == "result":
            self._spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
            self._spark.catalog.dropTempView(name)
            self._spark.sql(f"CACHE TABLE {name} AS {statement}")
            self._cached.append(name)
        else:
            self._spark.sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {statement}")

    def rows(self, select: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self._spark.sql(translate(select)).collect()]

    def close(self) -> None:
        """Free the cached parts; the session belongs to the caller and stays."""
        for name in self._cached:
            self._spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
        self._cached.clear()
