"""What an import reports it did: added, changed, unchanged and (replace mode) removed."""

from __future__ import annotations

from tests.analytics.helpers import employees_csv, fillers
from verzuim.analytics import service
from verzuim.analytics.store import Store

Upload = service.Upload


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i:05d}" for i in range(n)]


def _file(ids: list[str], unit: str = "Bouw") -> Upload:
    rows = [(i, unit, 1.0, "2020-01-01", "") for i in ids]
    return Upload("e.csv", employees_csv(rows))


def test_replace_60_new_on_2000_stored_counts_60_added_2000_removed() -> None:
    store = Store(None)
    first = service.import_uploads(store, _file(_ids("old", 2000)), None)
    assert first.accepted and first.employees_added == 2000
    second = service.import_uploads(store, _file(_ids("new", 60)), None, mode="replace")
    assert second.accepted
    assert (
        second.employees_added,
        second.employees_changed,
        second.employees_unchanged,
        second.employees_removed,
    ) == (60, 0, 0, 2000)
    stored = store.cursor().execute("SELECT count(*) FROM employees").fetchone()
    assert stored == (60,)


def test_replace_counts_each_row_once() -> None:
    store = Store(None)
    service.import_uploads(store, _file(_ids("a", 10)), None)
    # 4 kept as they are, 3 with another unit, 3 left out, 5 new
    ids = _ids("a", 10)
    rows = [(i, "Bouw", 1.0, "2020-01-01", "") for i in ids[:4]]
    rows += [(i, "Kantoor", 1.0, "2020-01-01", "") for i in ids[4:7]]
    rows += [(i, "Bouw", 1.0, "2020-01-01", "") for i in _ids("b", 5)]
    summary = service.import_uploads(
        store, Upload("e.csv", employees_csv(rows)), None, mode="replace"
    )
    assert (
        summary.employees_added,
        summary.employees_changed,
        summary.employees_unchanged,
        summary.employees_removed,
    ) == (5, 3, 4, 3)


def test_merge_never_removes() -> None:
    store = Store(None)
    service.import_uploads(store, Upload("e.csv", employees_csv(fillers(5))), None)
    summary = service.import_uploads(store, _file(["x1"]), None)
    assert (summary.employees_added, summary.employees_unchanged, summary.employees_removed) == (
        1,
        0,
        0,
    )
    stored = store.cursor().execute("SELECT count(*) FROM employees").fetchone()
    assert stored == (6,)
