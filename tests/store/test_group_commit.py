"""Group commit of small writes (store/group_commit.py, Database.write_together): the audit
entries of concurrent reads share one transaction, every read is still audited before it
reads, and the hash chains stay intact (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import app_database, new_org
from verzuim.accounts import audit
from verzuim.store import absence, organisations
from verzuim.store.database import Database
from verzuim.store.group_commit import GroupCommit
from verzuim.store.tenancy import Tenant, system_tenant


def _until(condition: Callable[[], bool], what: str) -> None:
    """Wait for another thread to get somewhere (a correctness wait, not a time budget)."""
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.005)


def _threads(targets: list[Callable[[], None]]) -> list[threading.Thread]:
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    return threads


class _Blocked:
    """A first write that holds its group open until released, so later writes queue."""

    def __init__(self) -> None:
        self.inside = threading.Event()
        self.release = threading.Event()

    def __call__(self, *_args: Any) -> None:
        self.inside.set()
        assert self.release.wait(30)


def test_writes_waiting_meanwhile_form_one_group_and_a_bad_one_fails_alone() -> None:
    committed: list[str] = []
    blocked = _Blocked()

    def write_group(items: list[str]) -> None:
        if "first" in items:
            blocked()
        if "bad" in items:
            raise ValueError("bad item")
        committed.extend(items)

    def write_one(item: str) -> None:
        if item == "bad":
            raise ValueError("bad item")
        committed.append(item)

    group = GroupCommit(write_group, write_one)
    errors: dict[str, BaseException | None] = {}
    seen_at_return: dict[str, bool] = {}

    def submit(item: str) -> Callable[[], None]:
        def run() -> None:
            try:
                group.commit(item)
                errors[item] = None
            except ValueError as exc:
                errors[item] = exc
            seen_at_return[item] = item in committed

        return run

    leader = _threads([submit("first")])
    assert blocked.inside.wait(30)
    items = [f"w{i}" for i in range(6)] + ["bad"]
    followers = _threads([submit(item) for item in items])
    _until(lambda: group.waiting() == len(items), "every write queued behind the first")
    blocked.release.set()
    for thread in leader + followers:
        thread.join(30)
    assert sorted(committed) == sorted(["first", *items[:-1]])
    assert {k for k, v in errors.items() if v is not None} == {"bad"}
    # Each caller returned only after its own write was committed.
    assert all(seen_at_return[item] for item in ["first", *items[:-1]])
    assert group.groups == 1  # the first group; the second failed and was written one by one


def _tenant(db: Database, slug: str) -> Tenant:
    with db.public(read_only=True) as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        return system_tenant(org.id, org.slug, f"reader@{slug}")


def _chain_breaks(db: Database, tenant: Tenant) -> list[audit.Break]:
    """What ``verzuim audit verify`` finds in this organisation's chain. Only this one: the
    shared test store also holds chains that tests/accounts/test_audit.py breaks on purpose."""
    with db.tenant(tenant, read_only=True) as session:
        chain = sorted(audit.entries(session, tenant), key=lambda e: e.seq)
    assert chain and chain[0].seq == 1  # the whole chain
    return audit.verify_chain(chain)


def test_concurrent_reads_are_each_audited_in_one_transaction_and_chains_verify(
    app_client: TestClient,
) -> None:
    db = app_database(app_client)
    tenants = [_tenant(db, new_org(app_client)[0]) for _ in range(2)]
    groups_before = db.group_commit.groups
    blocked = _Blocked()
    leader = _threads([lambda: db.write_together(tenants[0], blocked)])
    assert blocked.inside.wait(30)
    audited_before_reading: dict[int, bool] = {}

    def read(i: int) -> Callable[[], None]:
        tenant = tenants[i % 2]

        def run() -> None:
            with absence.reading(db, tenant, "test/group-commit", f"n={i}") as source:
                # Already committed: a transaction of its own sees the entry.
                with db.tenant(tenant, read_only=True) as other:
                    scopes = {e.scope for e in audit.entries(other, tenant)}
                audited_before_reading[i] = f"n={i}" in scopes and source.org.id == tenant.org_id

        return run

    readers = _threads([read(i) for i in range(8)])
    _until(lambda: db.group_commit.waiting() == 8, "eight audit entries waiting")
    blocked.release.set()
    for thread in leader + readers:
        thread.join(30)
    assert audited_before_reading == {i: True for i in range(8)}
    # The blocked write's group, then one group with the eight entries of both organisations.
    assert db.group_commit.groups == groups_before + 2
    for n, tenant in enumerate(tenants):
        with db.tenant(tenant, read_only=True) as session:
            entries = [e for e in audit.entries(session, tenant) if e.object == "test/group-commit"]
        assert sorted(e.scope for e in entries) == [f"n={i}" for i in range(n, 8, 2)]
        assert all(e.actor == tenant.actor for e in entries)
    assert all(_chain_breaks(db, tenant) == [] for tenant in tenants)


def test_a_failing_write_in_a_group_fails_only_its_own_read(app_client: TestClient) -> None:
    db = app_database(app_client)
    tenant = _tenant(db, new_org(app_client)[0])
    blocked = _Blocked()
    leader = _threads([lambda: db.write_together(tenant, blocked)])
    assert blocked.inside.wait(30)
    outcome: dict[str, str] = {}

    def failing(_session: Any) -> None:
        raise RuntimeError("this write fails")

    def submit(name: str, write: Callable[[Any], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                db.write_together(tenant, write)
                outcome[name] = "committed"
            except RuntimeError:
                outcome[name] = "failed"

        return run

    writers = _threads(
        [
            submit("good", lambda s: audit.record(s, tenant, "read", "test/good")),
            submit("bad", failing),
        ]
    )
    _until(lambda: db.group_commit.waiting() == 2, "both writes waiting")
    blocked.release.set()
    for thread in leader + writers:
        thread.join(30)
    assert outcome == {"good": "committed", "bad": "failed"}
    with db.tenant(tenant, read_only=True) as session:
        assert [e.object for e in audit.entries(session, tenant)].count("test/good") == 1
    assert _chain_breaks(db, tenant) == []


@pytest.mark.parametrize("threads", [16])
def test_many_readers_without_coordination_leave_one_entry_each(
    app_client: TestClient, threads: int
) -> None:
    db = app_database(app_client)
    tenant = _tenant(db, new_org(app_client)[0])
    start = threading.Barrier(threads)

    def run() -> None:
        start.wait(30)
        for _ in range(5):
            with absence.reading(db, tenant, "test/many"):
                pass

    for thread in _threads([run] * threads):
        thread.join(60)
    with db.tenant(tenant, read_only=True) as session:
        chain = audit.entries(session, tenant)
    assert len([e for e in chain if e.object == "test/many"]) == threads * 5
    assert sorted(e.seq for e in chain) == list(range(1, len(chain) + 1))  # no gap, no twin
    assert _chain_breaks(db, tenant) == []


def test_an_entry_links_to_entries_written_since_its_sessions_last_transaction(
    app_client: TestClient,
) -> None:
    """Entries of one transaction link to each other without asking the store; what the
    transaction remembers of a chain's end must not outlive it."""
    from sqlalchemy.orm import Session

    db = app_database(app_client)
    tenant = _tenant(db, new_org(app_client)[0])
    session = Session(db.engine)
    try:
        with session.begin():
            db._enter(session, tenant)
            for n in range(3):
                audit.record(session, tenant, "read", "test/same-transaction", f"n={n}")
        with db.tenant(tenant) as other:  # someone else appends meanwhile
            audit.record(other, tenant, "read", "test/other")
        with session.begin():
            db._enter(session, tenant)
            audit.record(session, tenant, "read", "test/same-session-later")
    finally:
        session.close()
    with db.tenant(tenant, read_only=True) as reading:
        chain = sorted(audit.entries(reading, tenant), key=lambda e: e.seq)
    assert [e.object for e in chain][-5:] == [
        *["test/same-transaction"] * 3,
        "test/other",
        "test/same-session-later",
    ]
    assert audit.verify_chain(chain) == []
