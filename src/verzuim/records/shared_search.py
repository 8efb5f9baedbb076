"""The shared practices beside the report's: their own search section and page.

Shared practices are one organisation's own account, imported into this installation
(``records.collection``); nobody outside that organisation reviewed them. So they never
enter the knowledge base's documents, counts, facets or gap map: the measures search
(:func:`search_measures`, behind /maatregelen, /api/maatregelen and ``verzuim search``)
returns the report's result unchanged plus a separate ``shared`` section with its own
label, and each record has its own evidence label taken from what it carries (no
evaluation, an own before/after, or an own evaluation with a comparison group).

The report's index is built once at start-up; the shared one is small and rebuilt whenever
the collection's version (count, newest import) changes, so a new import shows up at once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from verzuim.evaluation.texts import LABELS, points
from verzuim.i18n import Lang
from verzuim.knowledge.documents import FIELD_WEIGHTS
from verzuim.knowledge.facets import UNSPECIFIED
from verzuim.knowledge.search import Facets, SearchResult, search
from verzuim.knowledge.text import highlight
from verzuim.knowledge.textindex import TextIndex, parse_query
from verzuim.records import collection
from verzuim.records.collection import StoredPractice
from verzuim.records.model import GoodPracticeRecord, Words
from verzuim.store.database import Database

PAGE = "/gedeelde-praktijken"
API = "/api/gedeelde-praktijken"
SHARED_PARAM = "shared"

EvidenceKind = Literal["no_evaluation", "own_before_after", "own_with_comparison"]


def _w(nl: str, en: str) -> Words:
    return Words(nl=nl, en=en)


def pick(words: Words, lang: Lang) -> str:
    return words.en if lang == "en" and words.en else words.nl


NOTICE = _w(
    "Gedeelde praktijk: de eigen beschrijving en evaluatie van één organisatie. Niet "
    "beoordeeld door het RIVM of de Interventiedatabase en geen deel van het rapport.",
    "Shared practice: one organisation's own description and evaluation. Not reviewed by "
    "RIVM or the Interventiedatabase, and not part of the report.",
)
SECTION_TITLE = _w("Gedeelde praktijken", "Shared practices")
CAVEAT = _w(
    "Praktijkervaring, niet bewezen: één eigen evaluatie laat niet zien dat een maatregel "
    "elders ook werkt.",
    "Practice-based, not proven: one own evaluation does not show that a measure works elsewhere.",
)
CAVEAT_NO_EVALUATION = _w(
    "Praktijkervaring, niet bewezen: de organisatie beschrijft wat ze deed, zonder meting "
    "van het effect op verzuim.",
    "Practice-based, not proven: the organisation describes what it did, without measuring "
    "the effect on absence.",
)
NO_EVALUATION = _w(
    "Praktijkervaring zonder effectevaluatie", "Practice-based, no effect evaluation"
)
TOO_SMALL = _w("Te weinig gegevens om een effect te zien", "Too little data to tell an effect")
CLAIMS: dict[str, Words] = {
    "practice_based": _w("praktijkervaring", "practice-based"),
    "own_before_after": _w("eigen voor/na-meting", "own before/after"),
    "own_evaluation_with_comparison": _w(
        "eigen evaluatie met vergelijkingsgroep", "own evaluation with comparison group"
    ),
    "proven": _w(
        "bewezen volgens de organisatie, met erkenning elders",
        "proven according to the organisation, with outside recognition",
    ),
}
LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


# --- result types -------------------------------------------------------------------


class SharedEvidence(BaseModel):
    """The evidence label of one shared record, from what the record itself carries."""

    kind: EvidenceKind
    label: str
    estimate_text: str | None  # the estimate and its interval in plain words, if any
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    level: float | None
    too_small: bool
    pre_trend_warning: bool
    caveat: str


class SharedHit(BaseModel):
    id: str
    url: str
    title: str
    title_html: str
    summary_html: str
    evidence: SharedEvidence
    facts: list[str]
    score: float | None


class SharedSection(BaseModel):
    """The shared practices found, apart from the report's and never in its counts."""

    title: str
    notice: str
    included: bool  # False when the visitor chose to leave them out
    total: int
    hits: list[SharedHit]
    toggle_url: str  # the same search with shared practices left out, or back in


class MeasuresResult(SearchResult):
    """The report's search result (unchanged) plus the separate shared-practices section."""

    shared: SharedSection


class SharedPracticeDetail(BaseModel):
    """One shared practice, for its page, its JSON twin and the CLI."""

    id: str
    url: str
    title: str
    notice: str
    evidence: SharedEvidence
    claim: str
    claim_label: str
    recognition: str | None
    licence: str
    licence_url: str
    created: dt.date
    imported_at: dt.datetime
    english_missing: bool  # some texts exist in Dutch only
    warnings: list[str]
    record: GoodPracticeRecord


# --- evidence label ------------------------------------------------------------------


def evidence_of(record: GoodPracticeRecord, lang: Lang) -> SharedEvidence:
    e = record.effect_evaluation
    if e is None:
        return SharedEvidence(
            kind="no_evaluation", label=pick(NO_EVALUATION, lang), estimate_text=None,
            estimate=None, ci_low=None, ci_high=None, level=None, too_small=False,
            pre_trend_warning=False, caveat=pick(CAVEAT_NO_EVALUATION, lang),
        )  # fmt: skip
    kind: EvidenceKind = "own_with_comparison" if e.design == "did" else "own_before_after"
    text: str | None
    if e.too_small or e.estimate is None or e.ci_low is None or e.ci_high is None:
        text = pick(TOO_SMALL, lang)
    else:
        pct = round(e.level * 100)
        text = (
            f"Schatting {points(e.estimate, 'nl')} procentpunt verzuim (ZVP), {pct}%-interval "
            f"{points(e.ci_low, 'nl')} tot {points(e.ci_high, 'nl')}; negatief is minder verzuim."
            if lang == "nl"
            else f"Estimate {points(e.estimate, 'en')} percentage points of absence (ZVP), "
            f"{pct}% interval {points(e.ci_low, 'en')} to {points(e.ci_high, 'en')}; negative "
            "is less absence."
        )
    return SharedEvidence(
        kind=kind,
        label=LABELS[e.design].pick(lang),
        estimate_text=text,
        estimate=e.estimate,
        ci_low=e.ci_low,
        ci_high=e.ci_high,
        level=e.level,
        too_small=e.too_small,
        pre_trend_warning=e.pre_trend_warning,
        caveat=pick(CAVEAT, lang),
    )


def _has_missing_english(value: object) -> bool:
    if isinstance(value, dict):
        if set(value) == {"nl", "en"} and value.get("en") is None:
            return True
        return any(_has_missing_english(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_missing_english(v) for v in value)
    return False


def _detail(found: StoredPractice, lang: Lang) -> SharedPracticeDetail:
    record = found.record
    warnings = [pick(w, lang) for w in record.effect_evaluation.warnings] if (
        record.effect_evaluation
    ) else []  # fmt: skip
    return SharedPracticeDetail(
        id=record.id,
        url=f"{PAGE}/{record.id}",
        title=pick(record.title, lang),
        notice=pick(NOTICE, lang),
        evidence=evidence_of(record, lang),
        claim=record.evidence_claim,
        claim_label=pick(CLAIMS[record.evidence_claim], lang),
        recognition=record.recognition,
        licence=record.licence,
        licence_url=LICENCE_URLS[record.licence],
        created=record.created,
        imported_at=found.imported_at,
        english_missing=_has_missing_english(record.model_dump(mode="json")),
        warnings=warnings,
        record=record,
    )


def detail(database: Database, practice_id: str, lang: Lang = "nl") -> SharedPracticeDetail | None:
    found = collection.get(database, practice_id)
    return None if found is None else _detail(found, lang)


# --- the small index -----------------------------------------------------------------


@dataclass(eq=False)
class SharedIndex:
    practices: tuple[StoredPractice, ...]
    facets: tuple[dict[str, frozenset[str]], ...]
    text: TextIndex


def _both(*texts: Words | None) -> tuple[str, str]:
    present = [t for t in texts if t is not None]
    return " ".join(t.nl for t in present), " ".join(t.en or "" for t in present)


def _fields(r: GoodPracticeRecord) -> dict[str, tuple[str, str]]:
    d = r.description
    return {
        "title": _both(r.title),
        "keywords": (" ".join(r.practice.categories), ""),
        "summary": _both(d.goal, d.approach),
        "effect": _both(d.implementation_experience, r.process.after_action_review),
        "context": _both(d.target_group, d.preconditions, d.transferability),
    }


def _facets(r: GoodPracticeRecord) -> dict[str, frozenset[str]]:
    p = r.practice
    return {
        "absence_type": frozenset({p.absence_type or UNSPECIFIED}),
        "worker_type": frozenset({p.worker_type or UNSPECIFIED}),
        "components": frozenset({p.components}),
        "category": frozenset(p.categories),
        "level": frozenset({p.level}),
        "sector": frozenset({r.organisation.sector_nace[0]}),
        # Neither a country nor one of the report's evidence kinds: a filter on those
        # leaves shared practices out.
        "country": frozenset(),
        "evidence": frozenset(),
        "home_work": frozenset({"yes" if p.home_work else "no"}),
    }


_CACHE: dict[str, tuple[tuple[int, str], SharedIndex]] = {}
_CACHE_LOCK = threading.Lock()


def shared_index(database: Database) -> tuple[tuple[int, str], SharedIndex]:
    """The collection's index, rebuilt when the collection changed (any process)."""
    current = collection.version(database)
    with _CACHE_LOCK:
        entry = _CACHE.get(database.url)
        if entry is not None and entry[0] == current:
            return entry
    practices = tuple(collection.all_practices(database))
    index = SharedIndex(
        practices=practices,
        facets=tuple(_facets(p.record) for p in practices),
        text=TextIndex.build([_fields(p.record) for p in practices], FIELD_WEIGHTS),
    )
    with _CACHE_LOCK:
        _CACHE[database.url] = (current, index)
    return current, index


# --- the search ----------------------------------------------------------------------


def _with_param(url: str, param: str) -> str:
    return url + ("&" if "?" in url else "?") + param


def _passes(facets: Mapping[str, frozenset[str]], selected: Mapping[str, Sequence[str]]) -> bool:
    return all(bool(facets[name] & set(values)) for name, values in selected.items() if values)


def _facts(r: GoodPracticeRecord, lang: Lang) -> list[str]:
    o = r.organisation
    sector = f"NACE {o.sector_nace}"
    size = f"{o.number_of_workers} " + ("werkenden" if lang == "nl" else "workers")
    return [sector, size, r.licence]


def _section(
    index: SharedIndex,
    query_text: str,
    selected: Mapping[str, Sequence[str]],
    lang: Lang,
    include: bool,
    toggle_url: str,
) -> SharedSection:
    hits: list[SharedHit] = []
    if include:
        concepts = parse_query(index.text.synonyms, query_text) if query_text else ()
        matches = index.text.score(concepts) if concepts else {}
        found = list(matches) if concepts else list(range(len(index.practices)))
        found = [i for i in found if _passes(index.facets[i], selected)]
        if concepts:
            found.sort(key=lambda i: (-matches[i].concepts_matched, -matches[i].score, i))
        for i in found:
            record = index.practices[i].record
            match = matches.get(i)
            keys = match.keys if match else set()
            title = pick(record.title, lang)
            hits.append(
                SharedHit(
                    id=record.id,
                    url=f"{PAGE}/{record.id}",
                    title=title,
                    title_html=str(highlight(title, keys)),
                    summary_html=str(highlight(pick(record.description.goal, lang), keys)),
                    evidence=evidence_of(record, lang),
                    facts=_facts(record, lang),
                    score=round(match.score, 2) if match else None,
                )
            )
    return SharedSection(
        title=pick(SECTION_TITLE, lang),
        notice=pick(NOTICE, lang),
        included=include,
        total=len(hits),
        hits=hits,
        toggle_url=toggle_url,
    )


def _leave_out(result: SearchResult) -> SearchResult:
    """The result with every link keeping ``shared=no``."""
    no = f"{SHARED_PARAM}=no"
    copy = result.model_copy(deep=True)
    copy.url = _with_param(copy.url, no)
    copy.clear_url = _with_param(copy.clear_url, no)
    if copy.suggestion_url:
        copy.suggestion_url = _with_param(copy.suggestion_url, no)
    for facet in copy.facets:
        for value in facet.values:
            value.url = _with_param(value.url, no)
    for chosen in copy.selected:
        chosen.remove_url = _with_param(chosen.remove_url, no)
    return copy


def search_measures(
    database: Database,
    query: str = "",
    facets: Facets | None = None,
    *,
    shared: bool = True,
    lang: Lang = "nl",
    base_url: str = "/maatregelen",
) -> MeasuresResult:
    """The report's search (:func:`verzuim.knowledge.search.search`, unchanged) plus the
    shared practices that match the same words and filters, in their own section."""
    return search_measures_versioned(
        database, query, facets, shared=shared, lang=lang, base_url=base_url
    )[0]


def search_measures_versioned(
    database: Database,
    query: str = "",
    facets: Facets | None = None,
    *,
    shared: bool = True,
    lang: Lang = "nl",
    base_url: str = "/maatregelen",
) -> tuple[MeasuresResult, tuple[int, str]]:
    """:func:`search_measures` and the collection version it saw (a page cache key)."""
    result = search(query, facets, lang=lang, base_url=base_url)
    selected = {name: list(values) for name, values in (facets or {}).items() if values}
    version, index = shared_index(database)
    # The report's index corrected any typo; the small index searches the corrected words
    # (correcting against a handful of records would turn typos into false matches).
    query_text = result.suggestion or result.query
    toggle = _with_param(result.url, f"{SHARED_PARAM}=no") if shared else result.url
    section = _section(index, query_text, selected, lang, shared, toggle)
    base = result if shared else _leave_out(result)
    return MeasuresResult.model_construct(**dict(base), shared=section), version
