"""Records of one kind as JSON-ready dicts or CSV text (the `kb export` contract, docs/data.md)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Literal

from verzuim.csvsafe import safe_cell
from verzuim.knowledge.load import KINDS, KnowledgeBase

ExportFormat = Literal["json", "csv"]


def as_dicts(kb: KnowledgeBase, kind: str) -> list[dict[str, Any]]:
    """All records of ``kind`` with the documented field names (the models' own names)."""
    return [record.model_dump(mode="json") for record in kb.records(kind)]


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            out[prefix] = "; ".join(str(v) for v in value)
        elif all(isinstance(v, dict) and set(v) == {"nl", "en"} for v in value):
            out[f"{prefix}.nl"] = " | ".join(v["nl"] for v in value)
            out[f"{prefix}.en"] = " | ".join(v["en"] for v in value)
        else:
            out[prefix] = json.dumps(value, ensure_ascii=False)
    elif value is None:
        out[prefix] = ""
    else:
        out[prefix] = str(value).lower() if isinstance(value, bool) else str(value)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """One row per record; nested objects become dotted columns, lists are joined."""
    flat: list[dict[str, str]] = []
    for row in rows:
        out: dict[str, str] = {}
        _flatten(row, "", out)
        flat.append(out)
    columns: list[str] = []
    for row in flat:
        columns += [c for c in row if c not in columns]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in flat)
    return buffer.getvalue()


def export(kb: KnowledgeBase, kind: str, fmt: ExportFormat) -> str:
    if kind not in KINDS:
        raise KeyError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    rows = as_dicts(kb, kind)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    return to_csv(rows)
