"""The column mapping picked in the upload page: form values in, checked choices out.

The page shows each file whose header lacks a needed field (``FileColumns``) with a select
box per field; each box sends ``<role>:<field>`` = the column's position (empty: none).
"""

from __future__ import annotations

from collections.abc import Mapping

from verzuim.analytics import columns
from verzuim.analytics.models import FileColumns

FIELDS = {"employees": columns.EMPLOYEE_FIELDS, "spells": columns.SPELL_FIELDS}

# role -> {their column as written -> field}
Chosen = dict[str, dict[str, str]]


class ChoiceError(ValueError):
    """A choice that cannot be used; the message says which and what to do."""


def choose(files: list[FileColumns], form: Mapping[str, str]) -> Chosen:
    chosen: Chosen = {}
    for f in files:
        picked: dict[int, str] = {}
        for field in FIELDS[f.role]:
            value = form.get(f"{f.role}:{field}", "").strip()
            if not value:
                continue
            if not value.isdigit() or int(value) >= len(f.header):
                raise ChoiceError(
                    f"{f.file}: '{value}' is not one of the file's columns for {field}; "
                    "choose a column from the list."
                )
            index = int(value)
            if index in picked:
                raise ChoiceError(
                    f"{f.file}: column '{f.header[index]}' is chosen for both "
                    f"{picked[index]} and {field}; each column can hold one field."
                )
            picked[index] = field
        chosen[f.role] = {f.header[i]: field for i, field in picked.items()}
    return chosen
