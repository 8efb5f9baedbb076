"""`verzuim --help` and `verzuim analyse --help` load no heavy module (the speed itself is
measured in bench/ and docs/performance.md, not asserted here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("duckdb", "sqlalchemy", "alembic", "pyarrow", "openpyxl", "numpy", "rich", "pyspark")
PROBE = """
import sys
sys.argv = ["verzuim", *{args!r}]
from verzuim.cli import main
try:
    main()
except SystemExit:
    pass
print(",".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["analyse", "--help"], ["org", "--help"]])
def test_help_loads_no_heavy_module(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Usage" in done.stdout
    assert done.stderr.strip().splitlines()[-1:] in ([], [""]), done.stderr
