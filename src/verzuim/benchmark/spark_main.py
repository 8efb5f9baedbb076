"""Entry point for ``spark-submit``: the ``verzuim`` command with spark-submit's session.

    spark-submit [settings] .../verzuim/benchmark/spark_main.py \
        benchmark build --engine spark --input DIR --by sector,size_class --out DIR

The exact command and settings for a cluster are in docs/benchmark.md.
"""

from __future__ import annotations

from verzuim.cli import main

if __name__ == "__main__":
    main()
