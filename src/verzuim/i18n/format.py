"""Numbers, percentages, money, dates and plurals in the reader's language, through Babel.

Dutch pages write 15,5 and 1.234 and "5 mrt 2024"; English pages 15.5, 1,234 and
"5 Mar 2024". Every page, chart label and export for people goes through these functions
(also as Jinja filters, see :func:`install_filters`); machine formats (CSV, JSON) keep the
plain decimal point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from verzuim.i18n import Lang, parse_lang, translate

LOCALES: dict[Lang, str] = {"nl": "nl_NL", "en": "en_GB"}
MISSING = "–"  # shown for a value that is not there (suppressed, not computed)
# Babel takes some 40 µs a number, and a dashboard shows hundreds: the same values come back
# on every view of a cached result, so the formatted texts are kept (typed: 1 and 1.0 differ).
_formatted = lru_cache(maxsize=65536, typed=True)


@cache
def locale(lang: Lang) -> Locale:
    return Locale.parse(LOCALES[lang])


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


@_formatted
def number(value: float | int | None, lang: Lang, digits: int = 0) -> str:
    """``value`` with exactly ``digits`` decimals and the language's separators."""
    if value is None:
        return MISSING
    return format_decimal(value, format=_pattern(digits), locale=LOCALES[lang])


@_formatted
def decimal(value: float | int | None, lang: Lang) -> str:
    """As many decimals as the value has, up to three: 15 -> "15", 15.5 -> "15,5" in Dutch."""
    if value is None:
        return MISSING
    return format_decimal(value, locale=LOCALES[lang])


@_formatted
def percent(value: float | None, lang: Lang, digits: int = 1) -> str:
    """A percentage given as a number of percent (4.6 -> "4,6%" in Dutch, "4.6%" in English)."""
    if value is None:
        return MISSING
    return format_percent(value / 100, format=_pattern(digits) + "%", locale=LOCALES[lang])


@_formatted
def money(value: float | None, lang: Lang, digits: int = 0) -> str:
    """An amount in euros ("€ 1.234" in Dutch, "€1,234" in English)."""
    if value is None:
        return MISSING
    standard = locale(lang).currency_formats["standard"].pattern.split(";")[0]
    pattern = standard.replace("0.00", "0" + ("." + "0" * digits if digits else ""))
    return format_currency(
        value, "EUR", format=pattern, locale=LOCALES[lang], currency_digits=False
    )


def date(value: dt.date | None, lang: Lang, style: str = "medium") -> str:
    """A date: "medium" is 5 mrt 2024 / 5 Mar 2024; "short" 05-03-2024 / 05/03/2024."""
    if value is None:
        return MISSING
    return format_date(value, format=style, locale=LOCALES[lang])


def plural_form(count: float | int, lang: Lang) -> str:
    """The CLDR plural category of ``count`` in ``lang`` ("one" or "other" for nl and en)."""
    return str(locale(lang).plural_form(abs(count)))


def count(value: int, key: str, lang: Lang) -> str:
    """``value`` with the right plural of interface text ``key``.

    The text comes from ``key.one`` or ``key.other`` in i18n/*.yaml and holds ``{n}``:
    ``count(1, "analyse.problems", "nl")`` gives "1 probleem", with 3 "3 problemen".
    """
    text = translate(f"{key}.{plural_form(value, lang)}", lang)
    return text.replace("{n}", number(value, lang))


def _with_lang(function: Callable[..., str]) -> Callable[..., str]:
    """A Jinja filter that takes the page's language from the template context."""

    @pass_context
    def wrapped(context: Context, value: Any, *args: Any, **kwargs: Any) -> str:
        return function(value, parse_lang(context.get("lang")), *args, **kwargs)

    return wrapped


def install_filters(env: Environment) -> None:
    """Filters: ``{{ x|number(1) }}``, ``|decimal``, ``|percent``, ``|money``, ``|date``;
    ``{{ n|count('key') }}``."""
    env.filters["number"] = _with_lang(number)
    env.filters["decimal"] = _with_lang(decimal)
    env.filters["percent"] = _with_lang(percent)
    env.filters["money"] = _with_lang(money)
    env.filters["date"] = _with_lang(date)

    @pass_context
    def count_filter(context: Context, value: int, key: str) -> str:
        return count(value, key, parse_lang(context.get("lang")))

    env.filters["count"] = count_filter
