"""Every error as a clear page or JSON, never a bare 500 with a stack trace.

JSON errors keep FastAPI's shape (``detail``) so the OpenAPI document stays true for every
router: 422 answers carry the usual list of problems plus a readable ``message``; other
4xx answers carry ``detail`` as a sentence. Requests under /api/ (or that ask for JSON only)
get JSON; everything else gets the error page in the visitor's language.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from verzuim.i18n import Lang, translate
from verzuim.knowledge.search import SearchInputError, UnknownFacetValueError
from verzuim.web.rendering import render, request_lang
from verzuim.web.security import headers as security_headers

log = logging.getLogger(__name__)
BODY_PARSE_ERROR = "There was an error parsing the body"


class ErrorBody(BaseModel):
    """A 4xx answer: ``detail`` says what is wrong and how to fix it."""

    detail: str
    parameter: str | None = None
    allowed: list[str] | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorBody,
        "description": "Unknown filter or filter value; lists the allowed values",
    },
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No record with this id"},
}


def wants_json(request: Request) -> bool:
    """API routes, and every route listed in the OpenAPI document (the CSV/SVG downloads),
    answer errors in JSON as documented; pages answer with the error page."""
    route = request.scope.get("route")
    if request.url.path.startswith("/api/") or getattr(route, "include_in_schema", False):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _describe(error: dict[str, Any], lang: Lang) -> str:
    """One validation problem in plain words, naming the parameter."""
    loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    name = ".".join(loc) or "?"
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "string_too_long":
        text = translate("error.too_long", lang).format(max=ctx.get("max_length", "?"))
    elif kind in ("int_parsing", "int_type"):
        text = translate("error.not_int", lang)
    elif kind in ("float_parsing", "float_type"):
        text = translate("error.not_number", lang)
    elif kind in ("literal_error", "enum"):
        text = translate("error.one_of", lang).format(allowed=ctx.get("expected", "?"))
    elif kind == "missing":
        text = translate("error.missing", lang)
    else:
        text = str(error.get("msg", kind))
    return f"'{name}': {text}"


def _page(
    request: Request, status: int, message: str, problems: list[str], allowed: list[str] | None
) -> Response:
    return render(
        request,
        "error.html",
        {"status": status, "message": message, "problems": problems, "allowed": allowed or []},
        status_code=status,
    )


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    lang = request_lang(request)
    errors = [dict(e) for e in exc.errors()]
    problems = [_describe(e, lang) for e in errors]
    message = translate("error.invalid", lang) + " " + "; ".join(problems)
    if wants_json(request):
        safe = [
            {
                "loc": list(e.get("loc", ())),
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in errors
        ]
        return JSONResponse({"detail": safe, "message": message}, status_code=422)
    return _page(request, 422, translate("error.invalid", lang), problems, None)


async def _search_input(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SearchInputError)
    lang = request_lang(request)
    allowed = list(exc.allowed) if isinstance(exc, UnknownFacetValueError) else None
    status = 422 if exc.parameter == "q" else 400
    message = exc.messages[lang]
    if wants_json(request):
        if status == 422:
            detail = [{"loc": ["query", "q"], "msg": message, "type": "string_too_long"}]
            return JSONResponse({"detail": detail, "message": message}, status_code=422)
        body = ErrorBody(detail=message, parameter=exc.parameter, allowed=allowed)
        return JSONResponse(body.model_dump(), status_code=status)
    return _page(request, status, message, [], allowed)


def _allowed_methods(request: Request) -> str:
    """Every method any route accepts on this path (Starlette names only the first route's).

    Routes are asked per method, because included routers only answer "full match" for a
    method they serve.
    """
    methods = {
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches(dict(request.scope, method=method))[0] == Match.FULL
            for route in request.app.router.routes
        )
    }
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
        # A body that is not JSON at all is invalid input like any other: 422, as documented.
        lang = request_lang(request)
        message = translate("error.invalid", lang) + " " + BODY_PARSE_ERROR
        detail = [{"loc": ["body"], "msg": BODY_PARSE_ERROR, "type": "json_invalid"}]
        if wants_json(request):
            return JSONResponse({"detail": detail, "message": message}, status_code=422)
        return _page(request, 422, message, [], None)
    if exc.status_code == 405:
        exc.headers = {**(exc.headers or {}), "Allow": _allowed_methods(request)}
    lang = request_lang(request)
    if exc.status_code == 404 and exc.detail in (None, "Not Found"):
        message = translate("error.not_found", lang)
    elif exc.status_code == 405:
        message = translate("error.method", lang)
    else:
        message = str(exc.detail)
    return error_response(request, exc.status_code, message, exc.headers)


def error_response(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """A 4xx answer in the project's shape: JSON ``detail`` for the API, else the error page.

    Also used by the security middleware, which answers before any route is chosen.
    """
    if wants_json(request):
        return JSONResponse(
            ErrorBody(detail=message).model_dump(exclude_none=True),
            status_code=status,
            headers=headers,
        )
    response = _page(request, status, message, [], None)
    if headers:
        response.headers.update(headers)
    return response


async def _unexpected(request: Request, exc: Exception) -> Response:
    # A bug, not bad input: log it for us, and show the visitor a page instead of a trace.
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    lang = request_lang(request)
    message = translate("error.server", lang)
    if wants_json(request):
        response: Response = JSONResponse({"detail": message}, status_code=500)
    else:
        response = _page(request, 500, message, [], None)
    # This answer is sent by the outermost middleware, past the one adding security headers.
    security_headers.add_to(response.headers, tls=request.url.scheme == "https")
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(SearchInputError, _search_input)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
