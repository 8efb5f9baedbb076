"""Example requests for /api/docs: what each answers, and the request to copy.

Each example is run by a test (tests/web/test_formatting.py), so the page never shows a
request that does not work.
"""

from __future__ import annotations

from pydantic import BaseModel

from verzuim.i18n import Lang


class Example(BaseModel):
    """One example request: what it answers, and the path to ask."""

    nl: str
    en: str
    method: str
    path: str
    body: str | None = None
    headers: tuple[str, ...] = ()

    def text(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.nl


EXAMPLES = (
    Example(
        nl="Maatregelen tegen mentaal verzuim, met uitleg in het Engels",
        en="Measures against mental-health absence, explained in English",
        method="GET",
        path="/api/maatregelen?q=stress&absence_type=mental&lang=en",
    ),
    Example(
        nl="Eén maatregel met alle velden",
        en="One measure with every field",
        method="GET",
        path="/api/maatregelen/gp-b11-01",
    ),
    Example(
        nl="De kaart van bewijs en hiaten, per soort werkende",
        en="The evidence-and-gap map, per kind of worker",
        method="GET",
        path="/api/kaart?second=worker_type",
    ),
    Example(
        nl="Dezelfde kaart als CSV",
        en="The same map as CSV",
        method="GET",
        path="/kaart.csv?second=worker_type",
    ),
    Example(
        nl="Wie kan helpen bij werken met gevaarlijke stoffen?",
        en="Who can help with work involving hazardous substances?",
        method="GET",
        path="/api/wie-doet-wat?q=gevaarlijke+stoffen",
    ),
    Example(
        nl="De kennislacunes; foutmeldingen volgen Accept-Language",
        en="The knowledge gaps; error messages follow Accept-Language",
        method="GET",
        path="/api/kennislacunes",
        headers=("Accept-Language: en-GB",),
    ),
    Example(
        nl="Advies op maat voor een zorgorganisatie",
        en="Tailored advice for a healthcare organisation",
        method="POST",
        path="/api/advies",
        body='{"sector": "Q", "size_class": "100+", "concern": "mental"}',
        headers=("Content-Type: application/json",),
    ),
)


def curl(example: Example, base: str) -> str:
    """The example as a curl command against this server."""
    parts = ["curl"]
    if example.method != "GET":
        parts += ["-X", example.method]
    parts += [f"-H '{header}'" for header in example.headers]
    if example.body:
        parts.append(f"-d '{example.body}'")
    parts.append(f"'{base.rstrip('/')}{example.path}'")
    return " ".join(parts)
