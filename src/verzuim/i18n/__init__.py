"""Interface texts in Dutch (default) and English, from i18n/nl.yaml and i18n/en.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal, cast

import yaml

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")
DEFAULT_LANG: Lang = "nl"
_DIR = Path(__file__).parent


@cache
def messages(lang: Lang) -> dict[str, str]:
    with (_DIR / f"{lang}.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return cast(dict[str, str], data)


def translate(key: str, lang: Lang) -> str:
    """The text for ``key``; falls back to Dutch, then to the key itself (visible in tests)."""
    return messages(lang).get(key) or messages(DEFAULT_LANG).get(key) or key


def parse_lang(value: str | None) -> Lang:
    return value if value in LANGS else DEFAULT_LANG


def from_accept_language(header: str | None) -> Lang | None:
    """The first of our languages in an Accept-Language header, by its q-weights.

    "en-GB,en;q=0.9,nl;q=0.8" gives "en"; "de, fr" gives None (the caller's default).
    """
    ranked: list[tuple[float, int, Lang]] = []
    for position, item in enumerate((header or "").split(",")):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if primary in LANGS and weight > 0:
            ranked.append((-weight, position, primary))
    return min(ranked)[2] if ranked else None
