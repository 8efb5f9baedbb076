"""The one store: SQLAlchemy models, Alembic migrations, tenancy and repositories.

SQLite in the data directory by default (no server to install); PostgreSQL by URL
(``VERZUIM_DATABASE_URL``), with row-level security as a second wall behind the
repositories. Every organisation-owned row is reached through a repository call that
takes a :class:`~verzuim.store.tenancy.Tenant`.
"""
