"""Values the report prints in Dutch, in the reader's language.

Table B1.1/B1.2 give a practice's year as printed: a year, "n.b." (niet bekend, not known)
or "vanaf 2010" (from 2010). An English page must not show the Dutch words; the year itself
carries over exactly.
"""

from __future__ import annotations

import re

from verzuim.i18n import Lang

_FROM = re.compile(r"^vanaf (\d{4})$")


def year_label(year_text: str, lang: Lang) -> str:
    """The printed year in ``lang``: "n.b." -> "not known", "vanaf 2010" -> "from 2010"."""
    if lang == "nl":
        return year_text
    if year_text.strip() == "n.b.":
        return "not known"
    found = _FROM.match(year_text.strip())
    if found:
        return f"from {found.group(1)}"
    return year_text


def row_label(table: str, number: int, lang: Lang) -> str:
    """ "B1.1 nr. 5" / "B1.1 no. 5"."""
    return f"{table} {'nr.' if lang == 'nl' else 'no.'} {number}"
