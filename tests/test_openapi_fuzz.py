"""schemathesis over the whole OpenAPI document, in-process (ASGI), with a bounded budget.

Every operation of every area is fuzzed: no 5xx, responses match the documented status codes,
content types and schemas, schema-valid requests are accepted and schema-violating ones are
rejected. Examples per operation are capped so the suite stays fast.
"""

from __future__ import annotations

import warnings

from hypothesis import HealthCheck, settings
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # schemathesis drives ASGI apps through starlette's TestClient, which warns on import
    # that it would prefer the httpx2 package; the warning is about packaging, not behaviour.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    import starlette.testclient  # noqa: F401

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.conftest import CSRF_TOKEN
from verzuim.web.app import create_app

# Operations held to every check except "schema-valid data must be accepted", because a
# request can match the schema and still rightly be refused with 400:
# - the four that take a period (from/to): the schema can say yyyy-mm-dd, but not that the
#   day exists (2024-02-31, 0000-00-00), that the year lies in 1900..2199, that `from` is not
#   after `to`, nor that the period spans at most 10 years;
# - the login: a well-formed e-mail address and password are refused (401) unless an
#   account has them.
# tests/analytics/test_web.py covers those refusals, and tests/analytics/test_api_parameters.py
# holds the period operations to this check for every parameter but the period.
NOT_ACCEPTANCE_CHECKED = frozenset(
    {
        "POST /api/login",
    }
)

app = create_app()
# Organisation-scoped operations (/api/o/{org}/...) need a login and a real organisation:
# tests/analytics/test_api_parameters.py and tests/web/test_access.py cover them.
schema = schemathesis.openapi.from_asgi("/api/openapi.json", app).exclude(path_regex=r"^/api/o/")


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    excluded = [positive_data_acceptance] if case.operation.label in NOT_ACCEPTANCE_CHECKED else []
    # Called as the app's own pages call it: with the CSRF cookie and the same value in the
    # X-CSRF-Token header (tests/web/test_security.py covers requests without them).
    headers = {"X-CSRF-Token": CSRF_TOKEN, "Cookie": f"csrf={CSRF_TOKEN}"}
    case.call_and_validate(headers=headers, excluded_checks=excluded)


def test_exclusions_name_real_operations() -> None:
    """A renamed or removed operation must not leave a stale exclusion behind."""
    paths = app.openapi()["paths"]
    labels = {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}
    assert labels >= NOT_ACCEPTANCE_CHECKED
