"""The tables. Every organisation-owned table has an ``org_id`` column (tests and the
PostgreSQL row-level-security check find them by that column), and nothing here can hold a
diagnosis, a cause of absence or whether it was work-related.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic migrations can name what they change.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organisation(Base):
    """A tenant. Its name and sector are not personal data; everything below it is."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sbi_section: Mapped[str | None] = mapped_column(String(1))
    size_class: Mapped[str | None] = mapped_column(String(10))
    # Where it is, in the coding the host chose (say a province): only the pooled benchmark
    # groups by it (docs/benchmark.md).
    region: Mapped[str | None] = mapped_column(String(40))
    # Employees and their spells are removed this many months after employment ended.
    retention_months: Mapped[int] = mapped_column(Integer, default=24)
    # Raised by every change of absence data: result caches are keyed by it.
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    settings: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Membership(Base):
    """A user's role in one organisation; managers also have unit subtrees."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("org_id", "user_id", name="uq_memberships_org_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    # Unit paths ("Productie/Hal 2") whose subtrees a manager sees; empty for other roles.
    units: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class WebSession(Base):
    """A login, stored server-side so any process can serve it; the cookie holds the token,
    the table only its hash."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    second_factor_done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ApiToken(Base):
    """A personal token for scripts; only its hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginAttempt(Base):
    """Failed logins per key (an e-mail address or a client address), for the rate limit."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """Append-only; ``hash`` chains each entry to the one before it in the same chain (one
    chain per organisation, and one for events outside any organisation)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_org_seq", "org_id", "seq"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    org_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: outlives the org
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(254))
    on_behalf_of: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(20))
    object: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Job(Base):
    """Long work (imports, retention) run by a worker; any process reads its progress."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    stage: Mapped[str] = mapped_column(String(40), default="queued")
    done: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    params: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    # The uploaded files while the job waits; removed the moment it finishes.
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    result: Mapped[dict[str, object] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(254))
    worker: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class EmployeeRow(Base):
    """One employment. No name, birth date, diagnosis or reason: see docs/privacy.md."""

    __tablename__ = "employees"

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    employee_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    unit: Mapped[str] = mapped_column(String(500))
    part_time_factor: Mapped[float] = mapped_column(Float)
    employment_start: Mapped[dt.date] = mapped_column(Date)
    employment_end: Mapped[dt.date | None] = mapped_column(Date)


class EpisodeRow(Base):
    """Part of a spell with one unfitness percentage and a kind (sick or pregnancy)."""

    __tablename__ = "episodes"

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    employee_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    spell_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    first_day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_day: Mapped[dt.date | None] = mapped_column(Date)
    unfit_pct: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(10))


class SpellRow(Base):
    """Derived from episodes on every import (same transaction), for the metrics."""

    __tablename__ = "spells"

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    employee_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    spell_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date | None] = mapped_column(Date)
    unit: Mapped[str] = mapped_column(String(500))
    employment_start: Mapped[dt.date] = mapped_column(Date)
    employment_end: Mapped[dt.date | None] = mapped_column(Date)


class BalanceRound(Base):
    """A round of the balance check for chosen units, open between two dates (docs/balance.md)."""

    __tablename__ = "balance_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    instrument: Mapped[str] = mapped_column(String(80))  # "id@version"
    opens: Mapped[dt.date] = mapped_column(Date)
    closes: Mapped[dt.date] = mapped_column(Date)
    units: Mapped[list[str]] = mapped_column(JSON, default=list)
    single_use: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class BalanceCode(Base):
    """An invitation: one open code per unit, or single-use codes. A used single-use code
    only says *that* it was used: nothing here or in the responses joins it to its answers."""

    __tablename__ = "balance_codes"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(
        ForeignKey("balance_rounds.id", ondelete="CASCADE"), index=True
    )
    unit: Mapped[str] = mapped_column(String(500))
    single_use: Mapped[bool] = mapped_column(Boolean)
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class BalanceResponse(Base):
    """One anonymous response: a random id, the unit, the day (no finer time) and the answers.
    No code, address, user agent or counter that could order it against the codes."""

    __tablename__ = "balance_responses"
    __table_args__ = (Index("ix_balance_responses_round", "org_id", "round_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("balance_rounds.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(500))
    day: Mapped[dt.date] = mapped_column(Date)
    answers: Mapped[dict[str, int]] = mapped_column(JSON)


class SharedPractice(Base):
    """A good-practice record in the installation-wide "shared practices" collection.

    Not organisation-owned (no ``org_id``): records are anonymised and licensed for sharing
    before they come in. Who imported one, and in which organisation's context, is in the
    audit log, not here (docs/good-practice-record.md).
    """

    __tablename__ = "shared_practices"

    id: Mapped[str] = mapped_column(String(81), primary_key=True)  # the record's own id
    created: Mapped[dt.date] = mapped_column(Date)  # the record's date: newer replaces older
    record: Mapped[dict[str, object]] = mapped_column(JSON)  # validated, as JSON
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class BalanceComment(Base):
    """One answer to an open question: a random id, the unit, the question and the text.
    No response id, code, day or order: it cannot be joined to the scored answers or to a
    code. ``state``: new (not yet reviewed), released (shown), hidden (an analyst found it
    identifying; its text is then emptied, not kept). On SQLite the table has no rowid, so
    not even the physical order follows the order of arrival."""

    __tablename__ = "balance_comments"
    __table_args__ = (
        Index("ix_balance_comments_round", "org_id", "round_id", "unit"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("balance_rounds.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(500))
    question: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="new")


class PlanMeasure(Base):
    """A measure of the organisation's plan van aanpak (docs/plans.md). ``units`` are unit
    paths of the organisation's tree, ``actors`` professional ids of the knowledge base,
    ``process`` the RE-AIM process evaluation and after-action review (plans/model.py)."""

    __tablename__ = "plan_measures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(20))  # advice|practice|analytics|balance|free
    origin_ref: Mapped[str] = mapped_column(String(300), default="")
    risk: Mapped[str] = mapped_column(Text, default="")
    units: Mapped[list[str]] = mapped_column(JSON, default=list)
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    budget_eur: Mapped[float | None] = mapped_column(Float)
    planned_start: Mapped[dt.date | None] = mapped_column(Date)
    planned_end: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="planned")
    status_since: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    process: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PlanStatusChange(Base):
    """Each status a plan measure had, from the day it took effect (its history)."""

    __tablename__ = "plan_status_changes"
    __table_args__ = (Index("ix_plan_status_changes_measure", "org_id", "measure_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    measure_id: Mapped[int] = mapped_column(ForeignKey("plan_measures.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10))
    day: Mapped[dt.date] = mapped_column(Date)
    changed_by: Mapped[str] = mapped_column(String(254))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


def org_owned_tables() -> list[str]:
    """Every table whose rows belong to one organisation (has an ``org_id`` column)."""
    return sorted(t.name for t in Base.metadata.sorted_tables if "org_id" in t.columns)


class ColumnMapping(Base):
    """Which column of an organisation's own export holds which field, as picked in the
    upload page; offered (and applied) at the next upload of that kind of file."""

    __tablename__ = "column_mappings"

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    file_kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # employees, spells
    field: Mapped[str] = mapped_column(String(40), primary_key=True)
    source_column: Mapped[str] = mapped_column(String(200))  # the header as in their file
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
