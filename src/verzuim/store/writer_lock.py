"""One writer at a time on an SQLite store, taken in turn instead of by retrying.

SQLite allows one writing transaction at a time. A writer that finds the store busy waits in
SQLite's busy handler, which sleeps 1, 2, 5 ... up to 100 ms between tries and favours
nobody, so under load a writer could wait seconds while others came and went (p99 13.9 s with
two server processes). Here writers first queue on a thread lock (this process) and then
on an exclusive ``flock`` of a file beside the store (all processes: the server's workers,
the job worker, a CLI command). The kernel wakes the next waiter as soon as the lock is
released, and releases it when a process dies, so a crash leaves nothing locked.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from types import TracebackType


class WriterLock:
    """Re-entrant within a thread; ``path`` None (an in-memory store) locks this process only."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._threads = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._pid = 0

    def _file(self) -> int:
        # A forked server worker must not share its parent's open file: flock locks belong
        # to the open file, so both would hold the lock at once.
        if self._fd is None or self._pid != os.getpid():
            assert self._path is not None
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    def __enter__(self) -> WriterLock:
        self._threads.acquire()
        try:
            if self._depth == 0 and self._path is not None:
                fcntl.flock(self._file(), fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._depth -= 1
        try:
            if self._depth == 0 and self._path is not None:
                fcntl.flock(self._file(), fcntl.LOCK_UN)
        finally:
            self._threads.release()
