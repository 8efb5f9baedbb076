"""Charts as Vega-Lite specifications (built with Altair), rendered on the server.

A chart is a grammar-of-graphics spec, not hand-placed shapes: :mod:`verzuim.charts.specs`
turns a service result into a spec; this module renders it to SVG (inline on pages, with
text labels a reader can select) and PNG (for slides) with vl-convert, which bundles the
Vega JavaScript engine: nothing runs in the browser and nothing is fetched from the internet
(``allowed_base_urls=[]``). Every chart stands beside a table and a CSV with its numbers.

Rendering costs tens of milliseconds, and the first one in a process about a second and a
half (the engine starts), so results are cached by the spec itself: a chart whose data do not
change (the gap map) is rendered once, and a dashboard chart again only when its data change.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from typing import Any, Literal

import vl_convert as vlc
from markupsafe import escape

from verzuim.i18n import Lang

# Colours for data, each at least 4.5:1 against white (so also as text) and against each
# other's white labels; checked by tests/charts/test_palette.py.
PALETTE = {
    "accent": "#00557a",
    "review_indicative": "#1b6e3a",
    "review_weak": "#b35c00",
    "practice_only": "#1f5a96",
    "gap": "#595959",
    "benchmark": "#8a4b00",
    "ink": "#1b1b1b",
    "muted": "#595959",
    "grid": "#d0d0d0",
}
D3_LOCALES: dict[Lang, Literal["nl-NL", "en-GB"]] = {"nl": "nl-NL", "en": "en-GB"}
FONT = "system-ui, sans-serif"
CONFIG: dict[str, Any] = {
    # Vega's own ARIA labels are English sentences; the figure gets its own label instead.
    "aria": False,
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelColor": PALETTE["ink"], "titleColor": PALETTE["ink"], "labelFontSize": 11},
    "legend": {"labelColor": PALETTE["ink"], "titleColor": PALETTE["ink"], "labelFontSize": 11},
    "title": {"color": PALETTE["ink"], "anchor": "start", "fontSize": 14},
    "background": "#ffffff",
}

CACHE_SIZE = 256
_cache: OrderedDict[tuple[str, str, str], str | bytes] = OrderedDict()
_lock = threading.Lock()


def _key(spec: dict[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str)


def _cached(kind: str, spec: dict[str, Any], lang: Lang, make: Any) -> Any:
    key = (kind, _key(spec), lang)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    value = make()
    with _lock:
        _cache[key] = value
        if len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def _title_of(spec: dict[str, Any]) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return str(title)


def svg(spec: dict[str, Any], lang: Lang) -> str:
    """The chart as an SVG document with a <title> and role="img" (a picture of its table)."""

    def make() -> str:
        raw = vlc.vegalite_to_svg(
            spec, allowed_base_urls=[], format_locale=D3_LOCALES[lang], config=CONFIG
        )
        label = escape(spec.get("description") or _title_of(spec))
        # One picture with one name: the inner ARIA roles and English labels Vega adds would
        # make screen readers (and axe) treat every mark group as an unnamed image.
        raw = re.sub(r' (role|aria-roledescription|aria-label)="[^"]*"', "", raw)
        return re.sub(
            r"<svg ([^>]*)>",
            lambda m: f'<svg {m.group(1)} role="img" aria-label="{label}"><title>{label}</title>',
            raw,
            count=1,
        )

    return str(_cached("svg", spec, lang, make))


def png(spec: dict[str, Any], lang: Lang, scale: float = 2.0) -> bytes:
    """The chart as a PNG at ``scale`` times its size (2: sharp on slides and phones)."""

    def make() -> bytes:
        return bytes(
            vlc.vegalite_to_png(
                spec,
                scale=scale,
                allowed_base_urls=[],
                format_locale=D3_LOCALES[lang],
                config=CONFIG,
            )
        )

    return bytes(_cached(f"png{scale}", spec, lang, make))


def warm_up_in_background() -> threading.Thread:
    """Start vl-convert's engine in a daemon thread (the first render costs ~1.5 s)."""
    tiny = {"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {"x": {"field": "a"}}}
    thread = threading.Thread(
        target=vlc.vegalite_to_svg, args=(tiny,), kwargs={"allowed_base_urls": []}, daemon=True
    )
    thread.start()
    return thread


def inline(spec: dict[str, Any], lang: Lang) -> str:
    """The SVG for use inside an HTML page: no XML prolog; site.css scales it to its box
    (``svg { max-width: 100%; height: auto }``): the CSP allows no style attributes."""
    return svg(spec, lang)
