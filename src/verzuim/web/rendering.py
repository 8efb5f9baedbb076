"""Template rendering shared by every page: language, translations and the JSON twin link.

Pages render what a service returned; nothing here computes domain results.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from verzuim import __version__
from verzuim.i18n import LANGS, Lang, cbs_titles, from_accept_language, parse_lang, translate
from verzuim.i18n.format import install_filters
from verzuim.web.security.cookies import set_cookie
from verzuim.web.security.tokens import PLACEHOLDER, personalise

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
install_filters(TEMPLATES.env)
cbs_titles.install(TEMPLATES.env)
LANG_COOKIE = "lang"


def request_lang(request: Request) -> Lang:
    """?lang=en wins, then the cookie, then Dutch; the API also honours Accept-Language.

    Pages stay Dutch first whatever the browser says (many Dutch readers run an English
    browser); a program asking /api/ (or a documented download) in English gets its answers
    and errors in English.
    """
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    route = request.scope.get("route")
    # The API: every documented operation, and unknown paths under /api/ (their 404).
    api = getattr(route, "include_in_schema", False) or (
        route is None and request.url.path.startswith("/api/")
    )
    if chosen in LANGS or not api:
        return parse_lang(chosen)
    return from_accept_language(request.headers.get("accept-language")) or parse_lang(chosen)


def url_with(request: Request, **changes: str | None) -> str:
    """The current URL with some query parameters replaced (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, v) for k, v in changes.items() if v is not None]
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def is_htmx(request: Request) -> bool:
    """An HTMX request that wants only a fragment (not a history restore, which needs the page)."""
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


# Rendered knowledge pages by (template, path, query, language): the knowledge base never
# changes while the app runs, so a page is a pure function of its URL and language.
_PAGES: OrderedDict[tuple[str, str, str, str, int, str], bytes] = OrderedDict()
PAGE_CACHE_SIZE = 1024
_PAGES_LOCK = threading.Lock()  # sync routes run in a thread pool


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
    api_url: str | None = None,
    cacheable: bool = False,
    cache_variant: str = "",
) -> HTMLResponse:
    """Render ``template``; ``api_url`` is the page's JSON twin, linked in head and footer.

    ``cacheable`` pages (whose context depends only on URL and language) are rendered once;
    ``cache_variant`` names whatever else they depend on (the shared practices' version).
    """
    lang = request_lang(request)
    key = (template, request.url.path, request.url.query, lang, status_code, cache_variant)
    body = None
    if cacheable:
        with _PAGES_LOCK:
            body = _PAGES.get(key)
            if body is not None:
                _PAGES.move_to_end(key)
    if body is not None:
        return _finish(request, HTMLResponse(personalise(body, request), status_code), lang)
    other: Lang = next(code for code in LANGS if code != lang)
    full = {
        "request": request,
        "lang": lang,
        "t": lambda key: translate(key, lang),
        "switch_url": url_with(request, lang=other),
        "other_lang": other,
        "version": __version__,
        "path": request.url.path,
        "api_url": api_url,
        "cacheable": cacheable,  # forms then carry a placeholder for the CSRF token
        **context,
    }
    response: HTMLResponse = TEMPLATES.TemplateResponse(
        request, template, full, status_code=status_code
    )
    if not cacheable and PLACEHOLDER.encode() in response.body:  # from a cached fragment
        response = HTMLResponse(personalise(bytes(response.body), request), status_code)
    if cacheable:
        with _PAGES_LOCK:
            _PAGES[key] = bytes(response.body)
            if len(_PAGES) > PAGE_CACHE_SIZE:
                _PAGES.popitem(last=False)
        response = HTMLResponse(personalise(bytes(response.body), request), status_code)
    return _finish(request, response, lang)


def render_fragment(request: Request, template: str, context: dict[str, Any]) -> Markup:
    """A part of a page, rendered to be cached and shared: it sees the language and the
    translations but not the request, and a CSRF token in it is the placeholder that
    ``render``/``respond`` replace by the visitor's own. What else it shows must come from
    ``context``, and the caller's cache key must cover all of that."""
    lang = request_lang(request)
    html = TEMPLATES.get_template(template).render(
        {"lang": lang, "t": lambda key: translate(key, lang), "cacheable": True, **context}
    )
    return Markup(html)


def respond(request: Request, fragment: Markup) -> HTMLResponse:
    """A rendered fragment as the whole answer (an htmx request), for this visitor."""
    body = personalise(str(fragment).encode(), request)
    return _finish(request, HTMLResponse(body), request_lang(request))


def _finish(request: Request, response: HTMLResponse, lang: Lang) -> HTMLResponse:
    if request.query_params.get("lang") in LANGS:
        set_cookie(response, request, LANG_COOKIE, lang)
    # The same URL answers with a full page or an HTMX fragment; caches must keep them apart.
    response.headers["Vary"] = "HX-Request, Cookie, Accept-Language"
    return response
