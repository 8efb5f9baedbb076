"""Absence analytics: an organisation's own absence records in, the standard Dutch metrics out.

Layers, each in its own module: ``ingest`` (files to validated rows), ``store`` (DuckDB,
atomic writes), ``sql`` (metric definitions, written once), ``metrics`` (the one function
that produces results and suppresses small groups), ``benchmarks``, ``costs``, ``signals``
and ``service`` (what the CLI and the web call).
"""
