"""The good-practice record on the web: its JSON Schema, the shared-practices pages and the
import into the collection. Each route calls one service (records.schema, records.collection,
records.shared_search) and renders what it returned."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse

from verzuim.accounts.permissions import Permission
from verzuim.i18n import Lang, translate
from verzuim.records import collection, schema, shared_search
from verzuim.records.collection import ImportResult, Upload
from verzuim.records.shared_search import SharedPracticeDetail
from verzuim.web.context import AUTH_ERRORS, OrgContext, database, org_context
from verzuim.web.errors import NOT_FOUND
from verzuim.web.rendering import render, request_lang

router = APIRouter()
TAGS: list[str | Enum] = ["gedeelde praktijken"]
Importer = Annotated[OrgContext, Depends(org_context(Permission.IMPORT_SHARED))]
PracticeId = Annotated[
    str, Path(max_length=81, description="The record's own id, e.g. zorg-werkdruk-2024")
]
LangParam = Annotated[Lang | None, Query(description="nl (default) or en.")]
Files = Annotated[
    list[UploadFile] | None,
    File(description="One or more good-practice records (JSON); all are stored or none."),
]


@router.get(
    "/api/schema/good-practice.json",
    tags=TAGS,
    summary="JSON Schema of the shareable good-practice record (docs/good-practice-record.md)",
    response_class=JSONResponse,
    responses={200: {"content": {"application/schema+json": {}}}},
)
def good_practice_schema() -> JSONResponse:
    # The schema changes only with a release; a day in any cache is fine.
    return JSONResponse(
        schema.good_practice_schema(),
        media_type="application/schema+json",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def _detail(request: Request, practice_id: str, lang: Lang) -> SharedPracticeDetail:
    found = shared_search.detail(database(request), practice_id, lang)
    if found is None:
        raise HTTPException(404, translate("shared.not_found", lang).format(id=practice_id[:81]))
    return found


@router.get(
    "/gedeelde-praktijken/{practice_id}", response_class=HTMLResponse, include_in_schema=False
)
def practice_page(request: Request, practice_id: PracticeId) -> HTMLResponse:
    found = _detail(request, practice_id, request_lang(request))
    return render(request, "gedeelde_praktijk.html", {"p": found}, api_url=f"/api{found.url}")


@router.get(
    "/api/gedeelde-praktijken/{practice_id}",
    tags=TAGS,
    summary="One shared practice with its own evidence label (page: /gedeelde-praktijken/{id})",
    responses=NOT_FOUND,
)
def api_practice(
    request: Request, practice_id: PracticeId, lang: LangParam = None
) -> SharedPracticeDetail:
    return _detail(request, practice_id, lang or request_lang(request))


def _uploads(files: list[UploadFile] | None) -> list[Upload]:
    # One byte over the limit is enough to refuse a file; the rest is never read.
    return [
        Upload(f.filename or "record.json", f.file.read(collection.MAX_RECORD_BYTES + 1))
        for f in files or []
        if f.filename
    ]


def _import(ctx: OrgContext, files: list[UploadFile] | None) -> ImportResult:
    return collection.import_uploads(
        ctx.database, _uploads(files), tenant=ctx.tenant, actor=ctx.tenant.actor
    )


def _page(request: Request, ctx: OrgContext, result: ImportResult | None) -> HTMLResponse:
    context: dict[str, Any] = {"org": ctx.tenant.org_slug, "result": result}
    status = 200 if result is None or result.accepted else 422
    return render(request, "gedeelde_import.html", context, status_code=status)


@router.get(
    "/o/{org}/gedeelde-praktijken/import", response_class=HTMLResponse, include_in_schema=False
)
def import_form(request: Request, ctx: Importer) -> HTMLResponse:
    return _page(request, ctx, None)


@router.post(
    "/o/{org}/gedeelde-praktijken/import", response_class=HTMLResponse, include_in_schema=False
)
def import_page(request: Request, ctx: Importer, files: Files = None) -> HTMLResponse:
    return _page(request, ctx, _import(ctx, files))


@router.post(
    "/api/o/{org}/gedeelde-praktijken/import",
    tags=TAGS,
    summary="Import good-practice records into the shared collection (all or none)",
    response_model=ImportResult,
    responses={
        **AUTH_ERRORS,
        422: {
            "model": ImportResult,
            "description": "Refused: every file's reasons; nothing stored",
        },
    },
)
def api_import(ctx: Importer, files: Files = None) -> Any:
    result = _import(ctx, files)
    if not result.accepted:
        return JSONResponse(result.model_dump(mode="json"), status_code=422)
    return result
