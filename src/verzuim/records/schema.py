"""The JSON Schema of the record, generated from the models (never written by hand).

``docs/good-practice.schema.json`` is this output; a test keeps the two equal, and the web
layer serves the same dict at ``/api/schema/good-practice.json``.
"""

from __future__ import annotations

import json
from typing import Any

from verzuim.records.model import SCHEMA_VERSION, GoodPracticeRecord

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def good_practice_schema() -> dict[str, Any]:
    schema = GoodPracticeRecord.model_json_schema(mode="validation")
    return {
        "$schema": DIALECT,
        **schema,
        "description": (
            f"Format version {SCHEMA_VERSION}. A measure one organisation took against "
            "sickness absence, described so others can read, check and compare it. Figures "
            "only for groups of 5 or more employees; no unit or person names. See "
            "docs/good-practice-record.md."
        ),
    }


def schema_text() -> str:
    return json.dumps(good_practice_schema(), ensure_ascii=False, indent=2) + "\n"
