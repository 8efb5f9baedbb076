"""Where the store lives: the data directory and the database URL."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DB_FILE = "verzuim.sqlite3"
LEGACY_DUCKDB = "analytics.duckdb"


def data_dir() -> Path:
    """VERZUIM_DATA_DIR, else the user's data directory (XDG on Unix, LOCALAPPDATA on Windows)."""
    explicit = os.environ.get("VERZUIM_DATA_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "verzuim"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "verzuim"


def database_url() -> str:
    """VERZUIM_DATABASE_URL (PostgreSQL when hosted), else SQLite in the data directory."""
    explicit = os.environ.get("VERZUIM_DATABASE_URL")
    if explicit:
        return normalise_url(explicit)
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DB_FILE}"


def admin_url() -> str:
    """The URL migrations run with: VERZUIM_DATABASE_ADMIN_URL (the tables' owner) if set.

    Hosted, the app connects as a role that does not own the tables, so row-level security
    binds it; the owner creates and changes the tables.
    """
    explicit = os.environ.get("VERZUIM_DATABASE_ADMIN_URL")
    return normalise_url(explicit) if explicit else database_url()


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy would otherwise look for psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
