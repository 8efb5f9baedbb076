#!/usr/bin/env python3
"""One entry point for developers and CI; needs nothing but python3 (3.11+) and git.

    python3 dev.py serve    install what is missing, then start the web app on 127.0.0.1:8000
    python3 dev.py test     install what is missing, then run every check (ruff, mypy, pytest)
    python3 dev.py lock     re-pin requirements.lock from pyproject.toml

The virtual environment lives in .venv and is rebuilt when requirements.lock changes,
so a fresh clone and a long-lived checkout behave the same.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".lock-sha256"
UV_VERSION = "0.13.9"
CHROMIUM = Path("/usr/bin/chromium")
PG_PORT = 55432
PG_DIR = Path(os.environ.get("VERZUIM_TEST_PG_DIR", "/tmp/verzuim-test-pg"))


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, env=env)


def lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_env() -> None:
    """Create .venv and install the pinned packages plus the project (editable)."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
    if STAMP.exists() and STAMP.read_text() == lock_digest():
        return
    # uv installs the ~180 pinned wheels in seconds where pip takes minutes.
    run(PY, "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}")
    run(BIN / "uv", "pip", "sync", "--python", PY, LOCK)
    run(BIN / "uv", "pip", "install", "--python", PY, "--no-deps", "-e", ".")
    STAMP.write_text(lock_digest())


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; install it when we may (root with apt)."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "chromium")
        return
    sys.exit(
        "The browser tests need Chromium at /usr/bin/chromium. Install Debian's package "
        "'chromium' (sudo apt-get install chromium) and run this command again."
    )


def _pg_bin() -> Path | None:
    """Debian's PostgreSQL binaries (newest version), or None when not installed."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    return versions[-1].parent if versions else None


def _as_postgres(*cmd: str | Path) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the 'postgres' user then."""
    words = [str(c) for c in cmd]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *words]
    return words


def ensure_postgres() -> str:
    """A PostgreSQL server of the tests' own: Debian's package (installed when missing, as
    root), a throw-away cluster with trust auth on 127.0.0.1:55432, started if not running."""
    if os.environ.get("VERZUIM_TEST_PG_URL"):
        return os.environ["VERZUIM_TEST_PG_URL"]
    if _pg_bin() is None:
        if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
            run("apt-get", "update", "-qq")
            run("apt-get", "install", "-y", "-qq", "postgresql")
        else:
            sys.exit(
                "The tests need PostgreSQL (Debian package 'postgresql'): install it "
                "(sudo apt-get install postgresql) or set VERZUIM_TEST_PG_URL to a server."
            )
    bin_dir = _pg_bin()
    assert bin_dir is not None
    if not (PG_DIR / "PG_VERSION").exists():
        PG_DIR.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(PG_DIR, "postgres", "postgres")
        subprocess.run(
            _as_postgres(bin_dir / "initdb", "-D", PG_DIR, "-A", "trust", "-U", "postgres"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    status = subprocess.run(
        _as_postgres(bin_dir / "pg_ctl", "-D", PG_DIR, "status"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if status.returncode != 0:
        options = f"-p {PG_PORT} -k {PG_DIR} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres(
                bin_dir / "pg_ctl",
                "-D",
                PG_DIR,
                "-o",
                options,
                "-l",
                PG_DIR / "server.log",
                "-w",
                "start",
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres"


def ensure_java() -> None:
    """Spark (the benchmark's Spark tests) needs a Java 17 runtime; install Debian's when we may."""
    if shutil.which("java"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "openjdk-17-jre-headless")
        return
    sys.exit(
        "The Spark tests need Java 17. Install Debian's package 'openjdk-17-jre-headless' "
        "(sudo apt-get install openjdk-17-jre-headless) and run this command again."
    )


def cmd_serve(args: list[str]) -> None:
    ensure_env()
    os.execv(str(BIN / "verzuim"), [str(BIN / "verzuim"), "serve", *args])


def cmd_test(args: list[str]) -> None:
    ensure_env()
    ensure_chromium()
    ensure_java()
    code = [p for p in ("src", "tests", "bench", "dev.py") if (ROOT / p).exists()]
    run(BIN / "ruff", "check", *code)
    run(BIN / "ruff", "format", "--check", *code)
    run(BIN / "mypy")
    workers = os.environ.get("VERZUIM_TEST_WORKERS", "2")
    pg_url = ensure_postgres()
    # The whole suite on the embedded store (SQLite), browser and Spark tests included;
    # loadgroup: the tests marked xdist_group("spark") share one worker, so one JVM starts ...
    run(BIN / "pytest", "-n", workers, "--dist", "loadgroup", *args)
    # ... and again on PostgreSQL. The browser tests drive the same pages and the Spark tests
    # read files, not the store: once is enough for them.
    env = {**os.environ, "VERZUIM_TEST_DATABASE": "postgres", "VERZUIM_TEST_PG_URL": pg_url}
    run(BIN / "pytest", "-n", workers, "-m", "not browser and not spark", *args, env=env)


def cmd_lock(args: list[str]) -> None:
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
    run(PY, "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}")
    run(
        BIN / "uv",
        "pip",
        "compile",
        "pyproject.toml",
        "--extra",
        "dev",
        "--extra",
        "spark",
        "--python-version",
        "3.11",
        "-o",
        LOCK,
        *args,
    )


COMMANDS = {"serve": cmd_serve, "test": cmd_test, "lock": cmd_lock}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    try:
        COMMANDS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)


if __name__ == "__main__":
    main()
