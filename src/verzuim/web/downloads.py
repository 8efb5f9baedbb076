"""The knowledge base as files: every record of one kind as CSV or JSON (the `kb export`
contract, docs/data.md), linked from the page that shows that kind."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from fastapi import APIRouter, Path
from fastapi.responses import Response

from verzuim.knowledge import load
from verzuim.knowledge.export import export

router = APIRouter()
Kind = Literal["practices", "evidence", "actors", "perspectives", "gaps", "model"]
Format = Literal["csv", "json"]
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@lru_cache(maxsize=16)
def _export(kind: Kind, fmt: Format) -> str:
    # The knowledge base never changes while the app runs: export each file once.
    return export(load(), kind, fmt)


@router.get(
    "/data/{kind}.{fmt}",
    tags=["kennisbank"],
    summary="All records of one kind as CSV or JSON, with both languages (page: each list)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
)
def download(
    kind: Annotated[Kind, Path(description="Which records")],
    fmt: Annotated[Format, Path(description="File format")],
) -> Response:
    body = _export(kind, fmt)
    return Response(
        ("\ufeff" + body) if fmt == "csv" else body,  # a BOM so Excel reads UTF-8 CSV right
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="verzuim-{kind}.{fmt}"'},
    )
