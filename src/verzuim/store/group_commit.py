"""Group commit: small writes of concurrent threads share one transaction.

Every read of organisation data writes an audit entry before any figure leaves. Written one
by one, each entry costs a writing transaction (SQLite: the writer lock, BEGIN IMMEDIATE,
COMMIT) and, under load, a queue of threads waiting for that lock while the holder waits for
the GIL. Here a thread hands its write in and waits; the first thread to find no write under
way becomes the leader, takes every write waiting at that moment, runs them in one
transaction and wakes the others. Writes that arrive meanwhile form the next group. Each
caller returns only after the transaction holding its own write has committed (or raises
that write's error), so "written before it is used" still holds for every caller.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(eq=False)
class _Waiting(Generic[T]):
    item: T
    done: bool = False
    error: BaseException | None = None


class GroupCommit(Generic[T]):
    """``commit(item)`` returns once ``item`` is committed by ``write_group``.

    ``write_group(items)`` writes a group in one transaction; when it raises, each item of
    the group is retried on its own with ``write_one``, so one bad write fails only its own
    caller. Both run in the leader's thread.
    """

    def __init__(
        self, write_group: Callable[[list[T]], None], write_one: Callable[[T], None]
    ) -> None:
        self._write_group = write_group
        self._write_one = write_one
        self._changed = threading.Condition(threading.Lock())
        self._pending: list[_Waiting[T]] = []
        self._writing = False
        self.groups = 0  # groups written (for tests and benchmarks)

    def waiting(self) -> int:
        """Writes handed in and not yet taken into a group."""
        with self._changed:
            return len(self._pending)

    def commit(self, item: T) -> None:
        mine = _Waiting(item)
        group: list[_Waiting[T]] = []
        with self._changed:
            self._pending.append(mine)
            while self._writing and not mine.done:
                self._changed.wait()
            if not mine.done:  # no group under way: this thread leads the next one
                group, self._pending = self._pending, []
                self._writing = True
        if group:
            self._lead(group)
        if mine.error is not None:
            raise mine.error

    def _lead(self, group: list[_Waiting[T]]) -> None:
        errors: list[BaseException | None] = [None] * len(group)
        try:
            errors = self._write([w.item for w in group])
        except BaseException as exc:  # an interrupt: nobody's write is known to be committed
            errors = [exc] * len(group)
            raise
        finally:
            with self._changed:
                for waiting, error in zip(group, errors, strict=True):
                    waiting.error = error
                    waiting.done = True
                self._writing = False
                self._changed.notify_all()

    def _write(self, items: list[T]) -> list[BaseException | None]:
        """Each item's error (None: committed)."""
        try:
            self._write_group(items)
        except Exception:
            errors: list[BaseException | None] = []
            for item in items:
                try:
                    self._write_one(item)
                    errors.append(None)
                except Exception as exc:  # handed to the caller that owns the write
                    errors.append(exc)
            return errors
        self.groups += 1
        return [None] * len(items)
