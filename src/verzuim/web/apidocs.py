"""/api/docs: the API reference as a plain server-rendered page, built from the OpenAPI document.

FastAPI's Swagger UI needs inline script and styles and loads its files from a CDN, so it
cannot run under the site's Content-Security-Policy (docs/security.md). This page shows the
same operations, parameters and answers, and links the machine-readable document. Example
requests to copy come first (web/api_examples.py), each as a curl command against this server.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from verzuim.web.api_examples import EXAMPLES, curl
from verzuim.web.rendering import render, request_lang

router = APIRouter()
OPENAPI_URL = "/api/openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")


class ApiParameter(BaseModel):
    name: str
    where: str
    required: bool
    type: str
    description: str


class ApiOperation(BaseModel):
    method: str
    path: str
    summary: str
    description: str
    parameters: list[ApiParameter]
    body: str | None
    responses: list[tuple[str, str]]


class ApiGroup(BaseModel):
    tag: str
    operations: list[ApiOperation]


def _type(schema: dict[str, Any]) -> str:
    """A short readable type: ``string``, ``array of string``, ``one of: a, b``."""
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        kinds = [_type(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " | ".join(kinds)
    if schema.get("type") == "array":
        return "array of " + _type(schema.get("items", {}))
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return str(schema.get("type", "any"))


def _body(operation: dict[str, Any]) -> str | None:
    content = operation.get("requestBody", {}).get("content", {})
    if not content:
        return None
    media, spec = next(iter(content.items()))
    return f"{media}: {_type(spec.get('schema', {}))}"


def reference(openapi: dict[str, Any]) -> list[ApiGroup]:
    """Every operation of the OpenAPI document, grouped by its first tag, in document order."""
    groups: dict[str, list[ApiOperation]] = {}
    for path, item in openapi.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [
                ApiParameter(
                    name=p["name"],
                    where=p.get("in", ""),
                    required=bool(p.get("required")),
                    type=_type(p.get("schema", {})),
                    description=p.get("description", ""),
                )
                for p in operation.get("parameters", [])
            ]
            responses = [
                (code, str(spec.get("description", "")))
                for code, spec in operation.get("responses", {}).items()
            ]
            tag = (operation.get("tags") or ["api"])[0]
            groups.setdefault(tag, []).append(
                ApiOperation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=parameters,
                    body=_body(operation),
                    responses=responses,
                )
            )
    return [ApiGroup(tag=tag, operations=ops) for tag, ops in groups.items()]


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    groups = reference(request.app.openapi())
    lang = request_lang(request)
    base = str(request.base_url)
    examples = [
        {"text": e.text(lang), "curl": curl(e, base), "path": e.path, "method": e.method}
        for e in EXAMPLES
    ]
    context = {"groups": groups, "openapi_url": OPENAPI_URL, "examples": examples}
    return render(request, "api_docs.html", context, api_url=OPENAPI_URL)
