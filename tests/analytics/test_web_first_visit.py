"""The upload page's questions: a merge that shares no employee, columns mapped in the page."""

from __future__ import annotations

import re

from tests.analytics.helpers import employees_csv, fillers
from tests.conftest import OrgClient, app_database
from verzuim.store import jobs, organisations
from verzuim.store.models import ColumnMapping, Job
from verzuim.store.tenancy import Tenant, system_tenant

UNUSUAL = (
    "Nummer;Naam;Groep;Factor;Begonnen;Gestopt\r\n"
    "A-1;Jan;Bouw;1,0;01-01-2020;\r\n"
    "A-2;Piet;Bouw;0,8;01-03-2021;\r\n"
    "A-3;Kees;Kantoor;1;15-06-2019;31-12-2024\r\n"
)


def _send(web: OrgClient, data: bytes, name: str = "e.csv", mode: str = "merge") -> object:
    return web.post(
        "/analyse/import", files={"employees": (name, data, "text/csv")}, data={"mode": mode}
    )


def _stored(web: OrgClient) -> int:
    data = web.get("/api/analyse/metrics?from=2024-01-01&to=2024-12-31").json()
    return int(data["total"]["employees"])


def _job_id(text: str) -> str:
    found = re.search(r"/import/([0-9a-f]{32})/(confirm|columns)", text)
    assert found, text[:2000]
    return found.group(1)


def test_merge_of_a_file_sharing_no_employee_asks_first(web: OrgClient) -> None:
    assert _send(web, employees_csv(fillers(6, "A"))).status_code == 200  # type: ignore[attr-defined]
    other = employees_csv([(f"z{i}", "B", 1.0, "2020-01-01", "") for i in range(5)])
    page = _send(web, other)
    assert page.status_code == 200  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    assert "Eerst bevestigen" in text and "Toch aanvullen" in text
    assert _stored(web) == 6  # nothing merged yet
    # the JSON twin says what it waits for
    api = web.post("/api/analyse/import", files={"employees": ("e.csv", other, "text/csv")}).json()
    assert api["summary"]["awaiting"] == "confirm_unrelated"
    assert api["summary"]["employees_stored"] == 6
    # confirmed: merged
    done = web.post(f"/analyse/import/{_job_id(text)}/confirm")
    assert done.status_code == 200 and "Opgeslagen" in done.text
    assert _stored(web) == 11
    # the files were used once: a second confirmation finds nothing to confirm
    again = web.post(f"/analyse/import/{_job_id(text)}/confirm")
    assert again.status_code == 409


def test_merge_sharing_an_employee_and_replace_need_no_confirmation(web: OrgClient) -> None:
    _send(web, employees_csv(fillers(6, "A")))
    shared = employees_csv([("f0", "A", 1.0, "2000-01-01", ""), ("n1", "A", 1.0, "2020-01-01", "")])
    assert "Opgeslagen" in _send(web, shared).text  # type: ignore[attr-defined]
    other = employees_csv([(f"z{i}", "B", 1.0, "2020-01-01", "") for i in range(5)])
    replaced = _send(web, other, mode="replace")
    assert "Opgeslagen" in replaced.text  # type: ignore[attr-defined]
    assert "verwijderd" in replaced.text  # type: ignore[attr-defined]
    assert _stored(web) == 5


def test_unusual_columns_are_mapped_in_the_page_and_remembered(web: OrgClient) -> None:
    page = _send(web, UNUSUAL.encode(), "export.csv")
    text = page.text  # type: ignore[attr-defined]
    assert page.status_code == 200, text  # type: ignore[attr-defined]
    assert "Welke kolom is wat?" in text
    assert "A-1 · A-2 · A-3" in text  # their first values, as in the file
    assert 'name="employees:employee_id"' in text
    job_id = _job_id(text)
    form = {
        "employees:employee_id": "0",
        "employees:unit": "2",
        "employees:part_time_factor": "3",
        "employees:employment_start": "4",
        "employees:employment_end": "5",
        "remember": "1",
    }
    done = web.post(f"/analyse/import/{job_id}/columns", data=form)
    assert done.status_code == 200 and "Opgeslagen" in done.text, done.text[:3000]
    assert "we bewaren geen namen" in done.text  # "Naam" is listed as not read
    with app_database(web).tenant(_tenant(web)) as session:
        remembered = {
            (m.file_kind, m.field): m.source_column for m in session.query(ColumnMapping).all()
        }
    assert remembered[("employees", "employee_id")] == "Nummer"
    # next time the same export is read at once, and the upload page shows the mapping
    again = _send(web, UNUSUAL.replace("A-3;Kees", "A-4;Kees").encode(), "export.csv")
    assert "Opgeslagen" in again.text  # type: ignore[attr-defined]
    upload = web.get("/analyse")
    assert "Onthouden kolomkoppeling" in upload.text and "Nummer" in upload.text
    forgotten = web.post("/analyse/columns/forget")
    assert forgotten.status_code == 200
    assert "Welke kolom is wat?" in _send(web, UNUSUAL.encode()).text  # type: ignore[attr-defined]


def test_a_bad_column_choice_is_a_400_and_keeps_the_files(web: OrgClient) -> None:
    text = _send(web, UNUSUAL.encode()).text  # type: ignore[attr-defined]
    job_id = _job_id(text)
    twice = web.post(
        f"/analyse/import/{job_id}/columns",
        data={"employees:employee_id": "0", "employees:unit": "0"},
    )
    assert twice.status_code == 400 and "Nummer" in twice.text
    outside = web.post(f"/analyse/import/{job_id}/columns", data={"employees:unit": "99"})
    assert outside.status_code == 400
    with app_database(web).tenant(_tenant(web)) as session:
        job = session.get(Job, job_id)
        assert job is not None and job.payload is not None


def _tenant(web: OrgClient) -> Tenant:
    """The test organisation's context (on PostgreSQL, row-level security needs it)."""
    with app_database(web).public() as session:
        org = organisations.by_slug(session, web.org)
        assert org is not None
        return system_tenant(org.id, org.slug, "test")


def test_files_nobody_answered_are_removed_after_a_day(web: OrgClient) -> None:
    _send(web, employees_csv(fillers(6, "A")))
    other = employees_csv([(f"z{i}", "B", 1.0, "2020-01-01", "") for i in range(5)])
    job_id = _job_id(_send(web, other).text)  # type: ignore[attr-defined]
    database = app_database(web)
    with database.tenant(_tenant(web)) as session:
        job = session.get(Job, job_id)
        assert job is not None and job.payload is not None and job.finished_at is not None
        finished = job.finished_at
    assert jobs.purge_held(database, finished + jobs.HOLD / 2) == 0  # still waiting
    assert jobs.purge_held(database, finished + jobs.HOLD * 2) >= 1
    with database.tenant(_tenant(web)) as session:
        job = session.get(Job, job_id)
        assert job is not None and job.payload is None
    assert web.post(f"/analyse/import/{job_id}/confirm").status_code == 409
    assert _stored(web) == 6
