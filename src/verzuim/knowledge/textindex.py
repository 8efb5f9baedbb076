"""A small bilingual full-text index with synonyms and Dutch compound matching.

How a query is read:
1. The text is folded (lower case, no accents) and split into words; stop words drop out.
2. Runs of words that form a synonym phrase ("fysieke belasting", "work pressure") become one
   *concept* whose alternatives are the whole synonym group; every other word is a concept
   on its own (with its group, when it is listed).
3. Each word matches index keys by its Dutch or English stem (1.0), as the first part of a
   Dutch compound (0.7: "werkdruk" finds "werkdrukverlaging") or, for long words, inside a
   compound (0.5: "belasting" finds "werkbelasting"). Only Dutch text is split as compounds,
   so the English "back" does not find "background".
4. A record scores, per concept, the typed words' score plus half the best synonym's (or
   0.85 of the synonym's alone); a word scores by field weight, saturated term frequency and
   rarity (idf), and a stem match always beats a compound match.

The measures search and the "who can help with ...?" actor search both use it.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from verzuim.knowledge.text import STOPWORDS, dutch_key, keys_for, words

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.yaml"
SYNONYM_WEIGHT = 0.85
PREFIX_WEIGHT = 0.7
INFIX_WEIGHT = 0.5
BM25_K = 1.2

Synonyms = tuple[tuple[tuple[str, ...], ...], ...]
# One record to index: field name -> (Dutch text, English text).
FieldTexts = Mapping[str, tuple[str, str]]


@cache
def load_synonyms() -> Synonyms:
    with SYNONYMS_FILE.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return tuple(tuple(tuple(words(str(p))) for p in group) for group in raw["groups"])


@dataclass(frozen=True)
class Concept:
    typed: str
    alternatives: tuple[tuple[str, tuple[str, ...]], ...]  # (display, content words)


@dataclass
class Match:
    score: float
    parts: list[tuple[Concept, str, str, float]]  # concept, matched alternative, field, points
    keys: set[str]
    concepts_matched: int


@dataclass(eq=False)  # compared and hashed by identity: it is part of cache keys
class TextIndex:
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    best_field: dict[tuple[int, str], str] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    # Dutch stems of words in Dutch text, sorted, for compound (prefix) lookups by bisect.
    compound_keys: tuple[str, ...] = ()
    synonyms: Synonyms = ()
    _expansions: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def build(cls, records: Sequence[FieldTexts], weights: Mapping[str, float]) -> TextIndex:
        index = cls(synonyms=load_synonyms())
        compound: set[str] = set()
        for i, fields in enumerate(records):
            per_key: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
            for name, (dutch, english) in fields.items():
                for is_dutch, text in ((True, dutch), (False, english)):
                    for word in words(text):
                        if word in STOPWORDS:
                            continue
                        for key in keys_for(word):
                            per_key[key][name] += weights[name]
                        if is_dutch:
                            compound.add(dutch_key(word))
            for key, by_field in per_key.items():
                index.postings.setdefault(key, {})[i] = sum(by_field.values())
                index.best_field[(i, key)] = max(by_field, key=lambda f: by_field[f])
        index.compound_keys = tuple(sorted(compound))
        n = max(len(records), 1)
        index.idf = {k: math.log(1 + n / len(p)) for k, p in index.postings.items()}
        return index

    def expand(self, word: str) -> dict[str, float]:
        """Index keys a query word reaches, with the weight of each kind of match."""
        found = self._expansions.get(word)
        if found is not None:
            return found
        out: dict[str, float] = {k: 1.0 for k in keys_for(word) if k in self.postings}
        stem = dutch_key(word)
        keys = self.compound_keys
        if len(stem) >= 4:
            # Sorted keys: every key that starts with the stem sits in one run after bisect.
            at = bisect.bisect_left(keys, stem)
            while at < len(keys) and keys[at].startswith(stem):
                if keys[at] in self.postings:
                    out.setdefault(keys[at], PREFIX_WEIGHT)
                at += 1
        if len(stem) >= 6:
            for key in keys:
                if key not in out and stem in key and key in self.postings:
                    out[key] = INFIX_WEIGHT
        if len(self._expansions) < 50_000:
            self._expansions[word] = out
        return out

    def parse(self, query: str) -> tuple[Concept, ...]:
        return parse_query(self.synonyms, query)

    def score(self, concepts: Sequence[Concept]) -> dict[int, Match]:
        return _score(self, concepts)


def _same_word(a: str, b: str) -> bool:
    return a == b or bool(keys_for(a) & keys_for(b))


def parse_query(synonyms: Synonyms, query: str) -> tuple[Concept, ...]:
    tokens = words(query)
    concepts: list[Concept] = []
    i = 0
    while i < len(tokens):
        best: tuple[int, int] | None = None  # (length, group number)
        for g, group in enumerate(synonyms):
            for phrase in group:
                n = len(phrase)
                if n == 0 or (best is not None and n <= best[0]):
                    continue
                window = tokens[i : i + n]
                if len(window) == n and all(map(_same_word, window, phrase)):
                    best = (n, g)
        if best is not None:
            n, g = best
            typed = " ".join(tokens[i : i + n])
            alternatives = [(typed, _content(tokens[i : i + n]))]
            alternatives += [
                (" ".join(p), _content(p))
                for p in synonyms[g]
                if " ".join(p) != typed and _content(p)
            ]
            concepts.append(Concept(typed, tuple(alternatives)))
            i += n
            continue
        if tokens[i] not in STOPWORDS:
            concepts.append(Concept(tokens[i], ((tokens[i], (tokens[i],)),)))
        i += 1
    return tuple(concepts)


def _content(phrase: Sequence[str]) -> tuple[str, ...]:
    return tuple(w for w in phrase if w not in STOPWORDS) or tuple(phrase)


def _word_scores(index: TextIndex, word: str) -> dict[int, tuple[float, str, frozenset[str]]]:
    """doc -> (score, key that gave it, every key of the word found in the doc).

    A stem match always beats a compound match: otherwise a rare compound ("beweegprogramma",
    high idf) would outrank the very word the visitor typed.
    """
    exact: dict[int, tuple[float, str]] = {}
    partial: dict[int, tuple[float, str]] = {}
    found: dict[int, set[str]] = defaultdict(set)
    for key, weight in index.expand(word).items():
        idf = index.idf[key]
        target = exact if weight == 1.0 else partial
        for doc, tf in index.postings[key].items():
            found[doc].add(key)
            score = weight * idf * tf * (BM25_K + 1) / (tf + BM25_K)
            if score > target.get(doc, (0.0, ""))[0]:
                target[doc] = (score, key)
    return {
        doc: (*(exact.get(doc) or partial[doc]), frozenset(keys)) for doc, keys in found.items()
    }


def _score(index: TextIndex, concepts: Sequence[Concept]) -> dict[int, Match]:
    """Per concept: the typed words' score plus half the best synonym's (or, when only a
    synonym matches, SYNONYM_WEIGHT of it), so records using the visitor's own words rank
    first and records that also use related words come next."""
    matches: dict[int, Match] = {}
    for concept in concepts:
        typed: dict[int, tuple[float, str]] = {}
        synonym: dict[int, tuple[float, str, str]] = {}
        keys: dict[int, set[str]] = defaultdict(set)
        for alt_no, (display, phrase) in enumerate(concept.alternatives):
            per_word = [_word_scores(index, w) for w in phrase]
            docs = set.intersection(*(set(d) for d in per_word)) if per_word else set()
            for doc in docs:
                scores = [pw[doc] for pw in per_word]
                score = sum(s for s, _, _ in scores) / len(scores)
                keys[doc].update(*(k for _, _, k in scores))
                field_name = index.best_field[(doc, scores[0][1])]
                if alt_no == 0:
                    typed[doc] = (score, field_name)
                elif score > synonym.get(doc, (0.0, "", ""))[0]:
                    synonym[doc] = (score, display, field_name)
        for doc in keys:
            syn_score, syn_display, syn_field = synonym.get(doc, (0.0, "", ""))
            if doc in typed:
                score = typed[doc][0] + 0.5 * syn_score
                display, field_name = concept.typed, typed[doc][1]
            else:
                score = SYNONYM_WEIGHT * syn_score
                display, field_name = syn_display, syn_field
            match = matches.setdefault(doc, Match(0.0, [], set(), 0))
            match.score += score
            match.parts.append((concept, display, field_name, score))
            match.keys |= keys[doc]
            match.concepts_matched += 1
    return matches
