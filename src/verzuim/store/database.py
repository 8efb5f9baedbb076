"""The engine and its transactions. ``Database.tenant(t)`` is the only way into
organisation-owned rows: on PostgreSQL it also sets the organisation for row-level security
for that one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from verzuim.store.group_commit import GroupCommit
from verzuim.store.results import ResultCache
from verzuim.store.tenancy import Tenant
from verzuim.store.writer_lock import WriterLock

# Execution option that marks a transaction as read-only (see _sqlite_pragmas).
READ_ONLY = "verzuim_read_only"
# A write handed to Database.write_together: what to write, in which organisation.
Write = Callable[[Session], object]


class Database:
    """One engine and its session factory, owned by the app (or the command) that made it."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {"echo": echo}
        if self.dialect == "sqlite":
            memory = parsed.database in (None, "", ":memory:")
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            if memory:
                kwargs["poolclass"] = StaticPool
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["pool_size"] = 10
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            _sqlite_pragmas(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )
        # SQLite has one writer at a time: writers queue (writer_lock.py) rather than retry.
        self._write_lock = WriterLock(_lock_file(parsed.database))
        self._deferrer: Any = None
        self.results = ResultCache()
        self._together: GroupCommit[tuple[Tenant, Write]] = GroupCommit(
            self._write_group, self._write_one
        )

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def _writing(self, read_only: bool) -> AbstractContextManager[Any]:
        if read_only or self.is_postgres:
            return nullcontext()
        return self._write_lock

    def _begin(self, read_only: bool) -> AbstractContextManager[Session]:
        factory = self._read_sessions if read_only else self._sessions
        return factory.begin()

    @contextmanager
    def public(self, *, read_only: bool = False) -> Iterator[Session]:
        """A transaction over tables no organisation owns (users, sessions, organisations).

        ``read_only`` transactions never wait for a writer (SQLite: a deferred BEGIN in WAL
        mode; PostgreSQL: READ ONLY); a write in one fails."""
        with self._writing(read_only), self._begin(read_only) as session:
            if read_only and self.is_postgres:
                session.execute(text("SET TRANSACTION READ ONLY"))
            yield session

    @contextmanager
    def tenant(self, tenant: Tenant, *, read_only: bool = False) -> Iterator[Session]:
        """A transaction in one organisation's context (row-level security on PostgreSQL);
        ``read_only`` as in ``public``."""
        with self._writing(read_only), self._begin(read_only) as session:
            # No READ ONLY on PostgreSQL here: the metric queries build temporary tables.
            self._enter(session, tenant)
            yield session

    def write_together(self, tenant: Tenant, write: Write) -> None:
        """``write(session)`` in ``tenant``'s context, committed when this returns, in one
        transaction with the writes other threads hand in at the same moment (group commit,
        store/group_commit.py): for small writes every request makes, such as the audit
        entry of a read. ``write`` may run in another thread and must not depend on it."""
        self._together.commit((tenant, write))

    @property
    def group_commit(self) -> GroupCommit[tuple[Tenant, Write]]:
        """What ``write_together`` queues on (its counts, for tests and benchmarks)."""
        return self._together

    def _write_group(self, items: list[tuple[Tenant, Write]]) -> None:
        # Sorted by organisation: writes that lock per organisation (the audit chain on
        # PostgreSQL) then take their locks in one order in every process, so two groups
        # never wait for each other's locks.
        ordered = sorted(items, key=lambda item: (item[0].org_id, item[0].user_id or 0))
        with self._writing(False), self._begin(False) as session:
            entered: tuple[int, int | None] | None = None
            for tenant, write in ordered:
                if (tenant.org_id, tenant.user_id) != entered:
                    # Rows written so far go in under their own organisation's context
                    # (row-level security checks every INSERT), before it changes.
                    session.flush()
                    self._enter(session, tenant)
                    entered = (tenant.org_id, tenant.user_id)
                write(session)

    def _write_one(self, item: tuple[Tenant, Write]) -> None:
        with self.tenant(item[0]) as session:
            item[1](session)

    def _enter(self, session: Session, tenant: Tenant) -> None:
        """PostgreSQL: the organisation (row-level security) and user for this transaction;
        set again for each write of a group."""
        if self.is_postgres:
            session.execute(
                text(
                    "SELECT set_config('verzuim.org_id', :org, true), "
                    "set_config('verzuim.user_id', :user, true)"
                ),
                {"org": str(tenant.org_id), "user": str(tenant.user_id or "")},
            )

    @contextmanager
    def member_lookup(self, user_id: int | None = None) -> Iterator[Session]:
        """A read-only transaction that may read one user's memberships in every organisation.

        Without ``user_id`` it reads public tables first (who is asking: a session or an API
        token) and :meth:`as_member` names the user once known, so a request finds its user,
        organisation and membership in one transaction instead of two."""
        with self._begin(True) as session:
            if self.is_postgres:
                session.execute(text("SET TRANSACTION READ ONLY"))
            if user_id is not None:
                self.as_member(session, user_id)
            yield session

    def as_member(self, session: Session, user_id: int) -> None:
        """In a ``member_lookup`` transaction: from here on it may read ``user_id``'s
        memberships (PostgreSQL's row-level policy; nothing to do on SQLite)."""
        if self.is_postgres:
            session.execute(
                text("SELECT set_config('verzuim.user_id', :user, true)"), {"user": str(user_id)}
            )

    def deferrer(self) -> Any:
        """PostgreSQL: the procrastinate connection that queues jobs (opened once)."""
        if self._deferrer is None:
            from verzuim.store.pg_queue import Deferrer

            self._deferrer = Deferrer(self)
        return self._deferrer

    def dispose(self) -> None:
        if self._deferrer is not None:
            self._deferrer.close()
            self._deferrer = None
        self.engine.dispose()


def _lock_file(database: str | None) -> Path | None:
    """The file the writers of an SQLite store lock (none for an in-memory store)."""
    if database in (None, "", ":memory:") or str(database).startswith("file:"):
        return None
    return Path(f"{database}.writelock")


def _sqlite_pragmas(engine: Engine) -> None:
    """WAL lets readers and one writer work at once across processes. A writing transaction
    starts IMMEDIATE so two processes never both read and then fail to write (the audit
    chain and the job queue read the last row, then append); a read-only one starts deferred
    and PRAGMA query_only makes a write in it fail instead of taking the lock."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = bool(connection.get_execution_options().get(READ_ONLY))
        if connection.info.get(READ_ONLY) != read_only:  # the pragma stays with the connection
            connection.exec_driver_sql(f"PRAGMA query_only={'ON' if read_only else 'OFF'}")
            connection.info[READ_ONLY] = read_only
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
