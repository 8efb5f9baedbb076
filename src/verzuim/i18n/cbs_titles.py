"""CBS category titles (Dutch in table 80072ned) in the reader's language, for pages.

Sections take their name from the knowledge vocabulary (which has both languages); the
total and the three size classes have interface texts; anything else (CBS's own branch
groupings) stays as CBS wrote it. Exposed as the Jinja filter ``|cbs_title``.
"""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from verzuim.i18n import Lang, parse_lang, translate
from verzuim.knowledge import load

SECTION = re.compile(r"^([A-U]) (.+)$")
FIXED = {
    "A-U Alle economische activiteiten": "cbs.all",
    "1 tot 10 werkzame personen": "cbs.size.1-10",
    "10 tot 100 werkzame personen": "cbs.size.10-100",
    "100 of meer werkzame personen": "cbs.size.100+",
}


@cache
def _sections(lang: Lang) -> dict[str, str]:
    return {s.letter: s.label.pick(lang) for s in load().vocab.sbi_sections}


def cbs_title(title: str | None, lang: Lang) -> str:
    if not title or lang == "nl":
        return title or ""
    if title in FIXED:
        return translate(FIXED[title], lang)
    match = SECTION.match(title)
    if match and match.group(1) in _sections(lang):
        return f"{match.group(1)} {_sections(lang)[match.group(1)]}"
    return title


def install(env: Environment) -> None:
    @pass_context
    def cbs_title_filter(context: Context, title: str | None) -> str:
        return cbs_title(title, parse_lang(context.get("lang")))

    env.filters["cbs_title"] = cbs_title_filter
