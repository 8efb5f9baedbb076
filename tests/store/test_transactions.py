"""Read-only transactions take no write lock and refuse writes; writers of one process queue."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.dbsetup import store_urls, using_postgres
from verzuim.store import migrate
from verzuim.store.database import Database


@pytest.fixture(scope="module")
def database() -> Database:
    app_url, owner_url = store_urls()
    migrate.upgrade(owner_url)
    return Database(app_url)


def test_a_write_in_a_read_only_transaction_fails(database: Database) -> None:
    with pytest.raises(DBAPIError), database.public(read_only=True) as session:
        session.execute(text("UPDATE organisations SET name = name"))


@pytest.mark.skipif(using_postgres(), reason="SQLite's single writer")
def test_a_reader_does_not_wait_for_a_writer(database: Database) -> None:
    """While one transaction holds the write lock, a read-only one still answers at once."""
    with database.public() as writer:
        writer.execute(text("UPDATE organisations SET name = name"))
        done = threading.Event()

        def read() -> None:
            with database.public(read_only=True) as reader:
                reader.execute(text("SELECT count(*) FROM organisations")).scalar_one()
            done.set()

        thread = threading.Thread(target=read)
        thread.start()
        # Generous: a reader blocked behind the writer would wait for the whole block.
        assert done.wait(10)
        thread.join()


@pytest.mark.skipif(using_postgres(), reason="SQLite's single writer")
def test_writers_of_one_process_take_turns_without_busy_errors(database: Database) -> None:
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(20):
                with database.public() as session:
                    session.execute(text("UPDATE organisations SET name = name"))
        except BaseException as exc:  # collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_the_writer_lock_holds_other_processes_off_until_released(tmp_path: Path) -> None:
    from verzuim.store.writer_lock import WriterLock

    path = tmp_path / "store.sqlite3.writelock"
    probe = (
        "import fcntl, os, sys\n"
        "fd = os.open(sys.argv[1], os.O_RDWR)\n"
        "try:\n"
        "    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "except BlockingIOError:\n"
        "    sys.exit(1)\n"
    )
    lock = WriterLock(path)
    with lock, lock:  # re-entrant in one thread
        held = subprocess.run([sys.executable, "-c", probe, str(path)], check=False)
    free = subprocess.run([sys.executable, "-c", probe, str(path)], check=False)
    assert (held.returncode, free.returncode) == (1, 0)
