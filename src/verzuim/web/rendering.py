"""Template rendering shared by every page: language, translations and the JSON twin link.

Pages render what a service returned; nothing here computes domain results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from verzuim import __version__
from verzuim.i18n import LANGS, Lang, parse_lang, translate

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
LANG_COOKIE = "lang"


def request_lang(request: Request) -> Lang:
    """?lang=en wins, then the cookie, then Dutch."""
    return parse_lang(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))


def url_with(request: Request, **changes: str | None) -> str:
    """The current URL with some query parameters replaced (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, v) for k, v in changes.items() if v is not None]
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    lang = request_lang(request)
    other: Lang = next(code for code in LANGS if code != lang)
    full = {
        "request": request,
        "lang": lang,
        "t": lambda key: translate(key, lang),
        "switch_url": url_with(request, lang=other),
        "version": __version__,
        **context,
    }
    response = TEMPLATES.TemplateResponse(request, template, full, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", httponly=True)
    return response
