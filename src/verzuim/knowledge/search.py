"""``search(query, facets)``: the one faceted bilingual search for the page, its JSON twin and CLI.

Free text goes through :mod:`verzuim.knowledge.textindex` (stemming in Dutch and English,
synonyms both ways, Dutch compound splitting, spelling correction). Records that match every
typed concept come first; records that match only some of them follow (one rare word should
not hide good matches), and the result says whether any record matched them all. A typo is
corrected and reported as `suggestion` ("did you mean").

Facets filter with OR inside one facet and AND between facets; each facet's counts are taken
over the records that pass the query and all *other* facets, so counts say what a click adds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import quote_plus

from pydantic import BaseModel

from verzuim.i18n import Lang
from verzuim.knowledge.documents import (
    FIELD_LABELS,
    FIELD_WEIGHTS,
    Doc,
    build_docs,
)
from verzuim.knowledge.facets import FACET_NAMES, FacetDef, facet_defs
from verzuim.knowledge.load import KnowledgeBase, load
from verzuim.knowledge.printed import year_label
from verzuim.knowledge.text import highlight
from verzuim.knowledge.textindex import Concept, Match, TextIndex

MAX_QUERY = 200
# A concept found in more than this share of the records ("medewerkers", "werk",
# "verzuim") does not split all-words from any-word matches: it filters nothing.
COMMON_SHARE = 0.3
# Review-level evidence (section 2.4 conclusions, 2.3 review groups) is the strongest the
# report has and there are only six such records: at equal text match they come first.
REVIEW_BOOST = 1.2

Facets = Mapping[str, Sequence[str]]


# --- errors -------------------------------------------------------------------------


class SearchInputError(ValueError):
    """Input the search cannot use; the message tells the visitor what to change."""

    def __init__(self, message: dict[Lang, str], parameter: str) -> None:
        super().__init__(message["en"])
        self.messages = message
        self.parameter = parameter


class QueryTooLongError(SearchInputError):
    def __init__(self, length: int) -> None:
        super().__init__(
            {
                "nl": f"De zoekvraag is {length} tekens lang; het maximum is {MAX_QUERY}. "
                "Maak hem korter.",
                "en": f"The query is {length} characters long; the maximum is {MAX_QUERY}. "
                "Please shorten it.",
            },
            "q",
        )


class UnknownFacetValueError(SearchInputError):
    def __init__(self, facet: str, values: Sequence[str], allowed: Sequence[str]) -> None:
        shown = ", ".join(repr(v[:40]) for v in values)
        allowed_text = ", ".join(allowed)
        super().__init__(
            {
                "nl": f"Onbekende waarde {shown} voor filter '{facet}'. "
                f"Toegestane waarden: {allowed_text}.",
                "en": f"Unknown value {shown} for filter '{facet}'. "
                f"Allowed values: {allowed_text}.",
            },
            facet,
        )
        self.facet = facet
        self.allowed = tuple(allowed)


# --- result types (the JSON twin's schema) ---------------------------------------


class ScorePart(BaseModel):
    term: str  # what the visitor typed
    matched: str  # the word or synonym that matched
    field: str  # where in the record it matched best
    points: float


class Hit(BaseModel):
    id: str
    kind: Literal["practice", "review_group", "statement"]
    url: str
    title: str
    title_html: str  # escaped, with <mark> around the matches
    summary_html: str
    evidence: Literal["practice_based", "review_based"]
    facts: list[str]
    score: float | None  # None without a query: the list is in report order
    explain: list[ScorePart]


class FacetValueOut(BaseModel):
    value: str
    label: str
    count: int
    selected: bool
    url: str  # the result list with this value toggled


class FacetOut(BaseModel):
    name: str
    label: str
    values: list[FacetValueOut]


class SelectedOut(BaseModel):
    facet: str
    facet_label: str
    value: str
    label: str
    remove_url: str


class SearchResult(BaseModel):
    query: str
    lang: Lang
    total: int
    matched_all_words: bool
    all_words_total: int  # how many hits (the first ones) match every concept
    # The query as searched when a word was corrected ("did you mean"), else None.
    suggestion: str | None
    suggestion_url: str | None
    split: list[str]  # compounds that were split, as "geluidsoverlast: geluid"
    hits: list[Hit]
    facets: list[FacetOut]
    selected: list[SelectedOut]
    url: str  # the canonical URL of this state (shareable)
    clear_url: str


# --- the index ----------------------------------------------------------------------


@dataclass(eq=False)  # hashed by identity: it is the cache key of _search_cached
class Index:
    docs: tuple[Doc, ...]
    facets: tuple[FacetDef, ...]
    text: TextIndex


def build_index(kb: KnowledgeBase) -> Index:
    docs = build_docs(kb)
    return Index(
        docs=docs,
        facets=facet_defs(kb),
        text=TextIndex.build([d.fields for d in docs], FIELD_WEIGHTS),
    )


_INDEXES: dict[int, tuple[KnowledgeBase, Index]] = {}


def index_for(kb: KnowledgeBase) -> Index:
    """The index of ``kb``, built once (the knowledge base is immutable)."""
    entry = _INDEXES.get(id(kb))
    if entry is None or entry[0] is not kb:
        entry = (kb, build_index(kb))
        _INDEXES[id(kb)] = entry
    return entry[1]


# --- facets and URLs -----------------------------------------------------------------


def validate_facets(index: Index, raw: Facets) -> dict[str, tuple[str, ...]]:
    """Known facets with known values, in a stable order; raise on anything unknown."""
    by_name = {f.name: f for f in index.facets}
    out: dict[str, tuple[str, ...]] = {}
    for name, values in raw.items():
        if name not in by_name:
            raise SearchInputError(
                {
                    "nl": f"Onbekend filter '{name[:40]}'. Filters: {', '.join(FACET_NAMES)}.",
                    "en": f"Unknown filter '{name[:40]}'. Filters: {', '.join(FACET_NAMES)}.",
                },
                name[:40],
            )
        if not values:
            continue
        allowed = by_name[name].codes
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise UnknownFacetValueError(name, unknown, allowed)
        out[name] = tuple(sorted(set(values), key=allowed.index))
    return out


@lru_cache(maxsize=4096)
def _quoted(value: str) -> str:
    return quote_plus(value)


def state_url(base: str, query: str, selected: Mapping[str, Sequence[str]]) -> str:
    """The URL of a search state; as urlencode would write it, built faster (a result page
    has a toggle URL for every facet value)."""
    params: list[str] = [f"q={_quoted(query)}"] if query else []
    for name in FACET_NAMES:
        params += [f"{name}={_quoted(v)}" for v in selected.get(name, ())]
    return base + ("?" + "&".join(params) if params else "")


class _Toggles:
    """Toggle URLs of one search state: the encoded query and each facet's part are made
    once, so a toggle only re-encodes the facet it changes (a page has ~90 of them)."""

    def __init__(self, base: str, query: str, selected: Mapping[str, tuple[str, ...]]) -> None:
        self.base = base
        self.query = f"q={_quoted(query)}" if query else ""
        self.selected = selected
        self.parts = {name: self._part(name, selected.get(name, ())) for name in FACET_NAMES}

    @staticmethod
    def _part(name: str, values: Sequence[str]) -> str:
        return "&".join(f"{name}={_quoted(v)}" for v in values)

    def toggled(self, name: str, value: str) -> str:
        current = self.selected.get(name, ())
        changed = tuple(v for v in current if v != value) if value in current else (*current, value)
        parts = [self.query] + [
            self._part(n, changed) if n == name else self.parts[n] for n in FACET_NAMES
        ]
        params = "&".join(p for p in parts if p)
        return self.base + ("?" + params if params else "")


def _failing(doc: Doc, selected: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """The selected facets a record does not pass."""
    return frozenset(
        name for name, values in selected.items() if values and not doc.facets[name] & set(values)
    )


# --- the service --------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _facts(doc: Doc, index: Index, lang: Lang) -> tuple[str, ...]:
    """A record's facts line; fixed per record and language, so worked out once."""
    defs = {f.name: f for f in index.facets}
    out: list[str] = []
    for name in ("absence_type", "worker_type", "components", "country"):
        for code in sorted(doc.facets[name]):
            if code != "unspecified":
                out.append(defs[name].label_of(code).pick(lang))
    record = doc.record
    year = getattr(record, "year_text", None)
    if isinstance(year, str):
        out.append(year_label(year, lang))
    return tuple(out)


def search(
    query: str = "",
    facets: Facets | None = None,
    *,
    lang: Lang = "nl",
    base_url: str = "/maatregelen",
    kb: KnowledgeBase | None = None,
) -> SearchResult:
    """Search practices and review-level evidence; raise :class:`SearchInputError` on bad input."""
    query = query.strip()
    if len(query) > MAX_QUERY:
        raise QueryTooLongError(len(query))
    index = index_for(kb or load())
    selected = validate_facets(index, facets or {})
    return _search_cached(index, query, tuple(sorted(selected.items())), lang, base_url)


@lru_cache(maxsize=2048)
def _search_cached(
    index: Index,
    query: str,
    selected_items: tuple[tuple[str, tuple[str, ...]], ...],
    lang: Lang,
    base_url: str,
) -> SearchResult:
    selected = dict(selected_items)
    rewritten = index.text.rewrite(query)
    concepts = index.text.parse(query)
    matches = index.text.score(concepts) if concepts else {}
    text_ok = set(matches) if concepts else set(range(len(index.docs)))
    # Each record's failing facets, once: it is a hit when none fails, and it counts for a
    # facet's values when no OTHER facet fails.
    failing = {i: _failing(index.docs[i], selected) for i in text_ok}

    hits_idx = [i for i in text_ok if not failing[i]]
    required = _required(concepts, matches, len(index.docs))

    def weighted(i: int) -> float:
        boost = REVIEW_BOOST if index.docs[i].kind != "practice" else 1.0
        return matches[i].score * boost

    def found(i: int) -> int:
        return sum(1 for part in matches[i].parts if part[0].typed in required)

    if concepts:
        # All-words matches first, then records with the words themselves before records
        # that have only parts of a typed compound, then by score: any-word matches
        # follow, never lead.
        hits_idx.sort(
            key=lambda i: (
                -found(i),
                matches[i].by_parts_only,
                -weighted(i),
                index.docs[i].order,
            )
        )
    else:
        hits_idx.sort(key=lambda i: index.docs[i].order)
    all_words = sum(1 for i in hits_idx if found(i) == len(required)) if concepts else 0
    matched_all = not concepts or all_words > 0 or not hits_idx

    hits = [_hit(index, i, matches.get(i), lang) for i in hits_idx]
    facets_out: list[FacetOut] = []
    selected_out: list[SelectedOut] = []
    toggles = _Toggles(base_url, query, selected)
    for fdef in index.facets:
        counts: dict[str, int] = defaultdict(int)
        for i, fails in failing.items():
            if not fails or fails == {fdef.name}:
                for code in index.docs[i].facets[fdef.name]:
                    counts[code] += 1
        chosen = selected.get(fdef.name, ())
        # model_construct: codes and labels come from the validated vocabularies.
        values = [
            FacetValueOut.model_construct(
                value=v.code,
                label=v.label.pick(lang),
                count=counts.get(v.code, 0),
                selected=v.code in chosen,
                url=toggles.toggled(fdef.name, v.code),
            )
            for v in fdef.values
            if counts.get(v.code, 0) > 0 or v.code in chosen
        ]
        facets_out.append(FacetOut(name=fdef.name, label=fdef.label.pick(lang), values=values))
        selected_out += [
            SelectedOut(
                facet=fdef.name,
                facet_label=fdef.label.pick(lang),
                value=code,
                label=fdef.label_of(code).pick(lang),
                remove_url=toggles.toggled(fdef.name, code),
            )
            for code in chosen
        ]
    return SearchResult(
        query=query,
        lang=lang,
        total=len(hits),
        matched_all_words=matched_all,
        all_words_total=all_words if concepts else len(hits),
        suggestion=rewritten.suggestion,
        suggestion_url=(
            state_url(base_url, rewritten.suggestion, selected) if rewritten.suggestion else None
        ),
        split=[f"{word}: {' + '.join(parts)}" for word, parts in rewritten.splits],
        hits=hits,
        facets=facets_out,
        selected=selected_out,
        url=state_url(base_url, query, selected),
        clear_url=base_url,
    )


def _required(concepts: Sequence[Concept], matches: Mapping[int, Match], n: int) -> set[str]:
    """The concepts that count for "all words": those found in at most COMMON_SHARE of the
    records (when every concept is common, all of them count)."""
    docs: dict[str, int] = defaultdict(int)
    for match in matches.values():
        for concept, *_ in match.parts:
            docs[concept.typed] += 1
    typed = {c.typed for c in concepts}
    rare = {t for t in typed if docs.get(t, 0) <= COMMON_SHARE * n}
    return rare or typed


def _hit(index: Index, i: int, match: Match | None, lang: Lang) -> Hit:
    doc = index.docs[i]
    keys = match.keys if match else set()
    title = doc.title.pick(lang)
    # model_construct: the values come from validated records, so validating them again
    # for every hit of every query only costs time.
    explain = (
        [
            ScorePart.model_construct(
                term=concept.typed,
                matched=display,
                field=FIELD_LABELS[field_name].pick(lang),
                points=round(points, 2),
            )
            for concept, display, field_name, points in match.parts
        ]
        if match
        else []
    )
    return Hit.model_construct(
        id=doc.id,
        kind=doc.kind,
        url=f"/maatregelen/{doc.id}",
        title=title,
        title_html=str(highlight(title, keys)),
        summary_html=str(highlight(doc.summary.pick(lang), keys)),
        evidence="practice_based" if doc.kind == "practice" else "review_based",
        facts=list(_facts(doc, index, lang)),
        score=round(match.score, 2) if match else None,
        explain=explain,
    )
