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
