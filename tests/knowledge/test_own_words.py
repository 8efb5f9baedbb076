"""Summaries are written in our own words: no long word run copied from the report text.

Runs that contain a number are allowed (figures carry over exactly), and so are the `figures`
lists themselves; everything else may not share RUN consecutive words with the report.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from verzuim.knowledge import load
from verzuim.knowledge.load import KINDS
from verzuim.knowledge.models import Practice, Text

from .seed import report_text

RUN = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-zà-ÿ0-9]+", text.lower())


def _prose(record: BaseModel) -> list[tuple[str, Text]]:
    out: list[tuple[str, Text]] = []
    for name in type(record).model_fields:
        if isinstance(record, Practice) and name == "figures":
            continue
        value = getattr(record, name)
        items = value if isinstance(value, list | tuple) else [value]
        out += [(name, item) for item in items if isinstance(item, Text)]
    return out


def test_no_copied_runs() -> None:
    words = _words(report_text())
    runs = {tuple(words[i : i + RUN]) for i in range(len(words) - RUN)}
    copied = []
    kb = load()
    for kind in KINDS:
        for record in kb.records(kind):
            for field, text in _prose(record):
                w = _words(text.nl)
                for i in range(len(w) - RUN + 1):
                    run = tuple(w[i : i + RUN])
                    if run in runs and not any(token.isdigit() for token in run):
                        copied.append(f"{getattr(record, 'id', '?')}.{field}: {' '.join(run)}")
                        break
    assert not copied, "rephrase these in your own words:\n" + "\n".join(copied)
