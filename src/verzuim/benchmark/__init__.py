"""Pooled benchmark: the standard metrics over organisations like one's own, safe to publish.

Many organisations' employees and spells in (a folder of Parquet or CSV files); one row per
cell (sector x size class [x region] x year or quarter) out, suppressed by the disclosure
rules of CBS practice. The metric definitions are those of ``verzuim.analytics.sql``, run in
one pass over every organisation on DuckDB or, translated by SQLGlot, on Apache Spark.
See docs/benchmark.md.
"""
