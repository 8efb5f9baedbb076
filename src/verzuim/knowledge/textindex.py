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
5. Before all this, :meth:`TextIndex.rewrite` repairs what people type: a word the index
   does not know is corrected to the nearest indexed word (rapidfuzz, optimal string
   alignment distance, so "werkdurk" is one transposition from "werkdruk") and reported as
   a "did you mean"; a Dutch compound is split into indexed parts ("geluidsoverlast" ->
   "geluid" + "overlast", with the linking s/e/en), whose parts then count as lower-weighted
   alternatives of the whole word, so "bouwplaats" also finds the other building records.

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
from rapidfuzz import process
from rapidfuzz.distance import OSA

from verzuim.knowledge.text import (
    FILLER_PHRASES,
    QUERY_FILLER,
    STOPWORDS,
    dutch_key,
    keys_for,
    words,
)

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.yaml"
SYNONYM_WEIGHT = 0.85
# A broader or narrower term of what was typed ("rugklachten" <-> "lichamelijke klachten"):
# a record about the broader or a narrower subject answers the question in part.
BROADER_WEIGHT = 0.5
PREFIX_WEIGHT = 0.7
INFIX_WEIGHT = 0.5
BM25_K = 1.2
# BM25 length normalisation: a word in a short record says more than in a long one.
BM25_B = 0.5
# A part of a split compound: it says less than the whole word the visitor typed.
SPLIT_WEIGHT = 0.6
# A later part of a compound weighs this much less than the first (see _with_splits).
LATER_PART = 0.5
# Shortest part of a compound worth matching on its own ("bouw", "zorg"), and the linking
# letters Dutch puts between parts ("geluid-s-overlast", "ziekt-e-verzuim", "ouder-en-zorg").
MIN_PART = 4
LINKS = ("", "s", "e", "en")

Synonyms = tuple[tuple[tuple[str, ...], ...], ...]
# Group number -> the group numbers of its broader terms.
Broader = dict[int, tuple[int, ...]]
# One record to index: field name -> (Dutch text, English text).
FieldTexts = Mapping[str, tuple[str, str]]


@cache
def _raw_synonyms() -> dict[str, list[list[str]]]:
    with SYNONYMS_FILE.open(encoding="utf-8") as handle:
        raw: dict[str, list[list[str]]] = yaml.safe_load(handle)
    return raw


@cache
def load_synonyms() -> Synonyms:
    return tuple(tuple(tuple(words(str(p))) for p in group) for group in _raw_synonyms()["groups"])


@cache
def load_broader() -> Broader:
    """The ``broader`` pairs of synonyms.yaml as group numbers; each side names a group by
    one of its phrases. A name that is in no group is an error in the file."""
    groups = load_synonyms()

    def group_of(phrase: str) -> int:
        wanted = tuple(words(phrase))
        for g, group in enumerate(groups):
            if wanted in group:
                return g
        raise ValueError(f"synonyms.yaml: broader term {phrase!r} is in no synonym group")

    out: dict[int, list[int]] = defaultdict(list)
    for narrow, broad in _raw_synonyms().get("broader", []):
        # Both ways: "back pain" also finds what is said of physical complaints in general,
        # and "psychisch verzuim" also finds the conclusion on anxiety and depression.
        out[group_of(narrow)].append(group_of(broad))
        out[group_of(broad)].append(group_of(narrow))
    return {g: tuple(b) for g, b in out.items()}


@dataclass(frozen=True)
class Concept:
    typed: str
    alternatives: tuple[tuple[str, tuple[str, ...]], ...]  # (display, content words)
    # Weight of each alternative after the first (the typed words, always 1.0); empty means
    # SYNONYM_WEIGHT for every one.
    weights: tuple[float, ...] = ()
    # Alternatives from this number on are parts of a split compound (and their synonyms):
    # guesses, which only fill the list after the records that have the word itself.
    first_part: int = 1_000

    def weight(self, alt_no: int) -> float:
        if alt_no == 0:
            return 1.0
        return self.weights[alt_no - 1] if self.weights else SYNONYM_WEIGHT


@dataclass(frozen=True)
class Rewritten:
    """The query as searched: typos corrected; compounds noted for splitting."""

    text: str  # the query with corrections applied (what is searched)
    corrections: tuple[tuple[str, str], ...]  # (typed word, indexed word)
    splits: tuple[tuple[str, tuple[str, ...]], ...]  # (compound, parts)

    @property
    def suggestion(self) -> str | None:
        """The "did you mean" text, when a word was corrected."""
        return self.text if self.corrections else None


@dataclass
class Match:
    score: float
    parts: list[tuple[Concept, str, str, float]]  # concept, matched alternative, field, points
    keys: set[str]
    concepts_matched: int
    # Concepts this record matched only through parts of a split compound.
    by_parts_only: int = 0


@dataclass(eq=False)  # compared and hashed by identity: it is part of cache keys
class TextIndex:
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    best_field: dict[tuple[int, str], str] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    # Dutch stems of words in Dutch text, sorted, for compound (prefix) lookups by bisect.
    compound_keys: tuple[str, ...] = ()
    synonyms: Synonyms = ()
    broader: Broader = field(default_factory=dict)
    # Every folded word of the indexed text with its count: the dictionary for spelling
    # correction and compound splitting (words the index can actually find).
    vocabulary: dict[str, int] = field(default_factory=dict)
    _expansions: dict[str, dict[str, float]] = field(default_factory=dict)
    _rewrites: dict[str, Rewritten] = field(default_factory=dict)
    # word -> its scores per record (see _word_scores): fixed for the index, so a word is
    # scored once, whatever query it comes in.
    _word_cache: dict[str, dict[int, tuple[float, str, frozenset[str]]]] = field(
        default_factory=dict
    )

    @classmethod
    def build(cls, records: Sequence[FieldTexts], weights: Mapping[str, float]) -> TextIndex:
        index = cls(synonyms=load_synonyms(), broader=load_broader())
        compound: set[str] = set()
        lengths: list[float] = []
        for i, fields in enumerate(records):
            length = 0.0
            per_key: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
            for name, (dutch, english) in fields.items():
                for is_dutch, text in ((True, dutch), (False, english)):
                    for word in words(text):
                        if word in STOPWORDS:
                            continue
                        index.vocabulary[word] = index.vocabulary.get(word, 0) + 1
                        length += weights[name]
                        for key in keys_for(word):
                            per_key[key][name] += weights[name]
                        if is_dutch:
                            compound.add(dutch_key(word))
            lengths.append(length)
            for key, by_field in per_key.items():
                index.postings.setdefault(key, {})[i] = sum(by_field.values())
                index.best_field[(i, key)] = max(by_field, key=lambda f: by_field[f])
        index.compound_keys = tuple(sorted(compound))
        mean = sum(lengths) / max(len(lengths), 1) or 1.0
        for posting in index.postings.values():
            for doc, tf in posting.items():
                posting[doc] = tf / (1 - BM25_B + BM25_B * lengths[doc] / mean)
        n = max(len(records), 1)
        # The Robertson-Sparck Jones idf of BM25: a word in half the records ("werk",
        # "medewerkers") weighs little beside the rare word that says what is asked.
        index.idf = {
            k: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for k, p in index.postings.items()
        }
        return index

    def expand(self, word: str) -> dict[str, float]:
        """Index keys a query word reaches, with the weight of each kind of match."""
        found = self._expansions.get(word)
        if found is not None:
            return found
        out: dict[str, float] = {k: 1.0 for k in keys_for(word) if k in self.postings}
        stem = dutch_key(word)
        keys = self.compound_keys
        # A Dutch verb's stem is often short ("tillen" -> "til", "zitten" -> "zit") while its
        # compounds are many ("tilhulpmiddelen", "tiloplossingen"): a three-letter stem of a
        # longer word is a compound head too; a three-letter word on its own is not.
        if len(stem) >= 4 or (len(stem) == 3 and len(word) >= 5):
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

    def knows(self, word: str) -> bool:
        """The index has the word itself (by stem), not only as part of a compound."""
        return any(k in self.postings for k in keys_for(word))

    def _synonym_keys(self) -> frozenset[str]:
        """Index keys of every word in the synonym groups (a word form of a listed word is
        listed too: "rugklacht" as "rugklachten")."""
        return _synonym_keys(self.synonyms)

    def split(self, word: str, both: bool = True) -> tuple[str, ...] | None:
        """A Dutch compound as its indexed parts, or None.

        Among the cuts into two parts of at least MIN_PART letters (a linking s/e/en may sit
        between them) whose parts are both indexed words, the one with the longest shorter
        part wins: "welzijnszorg" -> ("welzijn", "zorg"). With ``both=False`` one indexed
        part is enough and only that part is returned ("geluidsoverlast" -> ("geluid",)),
        for words the index does not know at all.
        """
        if len(word) < 2 * MIN_PART or "-" in word:
            return None
        best: tuple[int, tuple[str, ...]] | None = None
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, rest = word[:cut], word[cut:]
            for link in LINKS:
                if not rest.startswith(link):
                    continue
                tail = rest[len(link) :]
                if len(tail) < MIN_PART:
                    continue
                # A part counts when the index has it as a word (2) or inside compounds
                # other than the word itself (1: "geluid" in "achtergrondgeluid"; but
                # "veilighei" only inside "veiligheidscultuur" does not count).
                grades = {p: self._part_grade(p, word) for p in (head, tail)}
                known = tuple(p for p in (head, tail) if grades[p])
                if len(known) < (2 if both else 1):
                    continue
                # Better-known parts first; then the longer shorter part (both) or the
                # longer known part (one).
                size = min(len(head), len(tail)) if len(known) == 2 else len(known[0])
                rank = size + 100 * sum(grades.values())
                if best is None or rank > best[0]:
                    best = (rank, known)
        return best[1] if best else None

    def _part_grade(self, part: str, whole: str) -> int:
        """2 when the index has ``part`` as a word, 1 when only inside compounds other
        than ``whole``, 0 otherwise."""
        if self.knows(part):
            return 2
        own = dutch_key(whole)
        return 1 if any(k != own and not own.startswith(k) for k in self.expand(part)) else 0

    def correct(self, word: str) -> str | None:
        """The nearest indexed word for a word the index does not know, or None.

        One edit for words up to six letters, two for longer ones; a swap of two
        neighbouring letters is one edit. On a tie the more frequent word wins.
        """
        if len(word) < 4 or not self.vocabulary or word.isdigit():
            return None
        limit = 1 if len(word) <= 6 else 2
        found = process.extract(
            word, self.vocabulary.keys(), scorer=OSA.distance, score_cutoff=limit, limit=8
        )
        if not found:
            return None
        best = min(found, key=lambda hit: (hit[1], -self.vocabulary[hit[0]], hit[0]))
        return str(best[0])

    def rewrite(self, query: str) -> Rewritten:
        """Correct unknown words and find compounds to split (see the module doc)."""
        found = self._rewrites.get(query)
        if found is None:
            found = self._rewrite(query)
            if len(self._rewrites) < 50_000:
                self._rewrites[query] = found
        return found

    def _rewrite(self, query: str) -> Rewritten:
        corrections: list[tuple[str, str]] = []
        splits: list[tuple[str, tuple[str, ...]]] = []
        out: list[str] = []
        listed = self._synonym_keys()
        for token in words(query):
            if "-" in token or token in listed or keys_for(token) & listed:
                out.append(token)  # the synonym groups or the hyphen handle it
                continue
            if token in STOPWORDS or self.knows(token):
                out.append(token)
                if token not in STOPWORDS and (parts := self.split(token)):
                    splits.append((token, parts))
                continue
            parts = self.split(token)
            if parts:
                splits.append((token, parts))
                out.append(token)
                continue
            if self.expand(token):  # a prefix of indexed compounds ("werkdruk...")
                out.append(token)
                continue
            fixed = self.correct(token)
            if fixed is None and (parts := self.split(token, both=False)):
                splits.append((token, parts))
            elif fixed is not None and not (fixed.startswith(token) or token.startswith(fixed)):
                corrections.append((token, fixed))  # a real typo: say "did you mean"
            # Another form of an indexed word ("voorkom" -> "voorkomen") is used silently.
            out.append(fixed or token)
        return Rewritten(" ".join(out), tuple(corrections), tuple(splits))

    def parse(self, query: str) -> tuple[Concept, ...]:
        rewritten = self.rewrite(query)
        concepts = parse_query(self.synonyms, rewritten.text, self.broader)
        return _with_splits(self.synonyms, concepts, dict(rewritten.splits))

    def score(self, concepts: Sequence[Concept]) -> dict[int, Match]:
        return _score(self, concepts)


def _same_word(a: str, b: str) -> bool:
    return a == b or bool(keys_for(a) & keys_for(b))


@cache
def _synonym_keys(synonyms: Synonyms) -> frozenset[str]:
    found = {w for group in synonyms for phrase in group for w in phrase}
    return frozenset(found | {k for w in found for k in keys_for(w)})


@cache
def _phrases_by_key(synonyms: Synonyms) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Synonym phrases by the index keys of their first word: a query word only has to be
    compared with the phrases that can start with it."""
    out: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for g, group in enumerate(synonyms):
        for phrase in group:
            if phrase:
                for key in keys_for(phrase[0]) | {phrase[0]}:
                    out[key].append((g, phrase))
    return dict(out)


def parse_query(
    synonyms: Synonyms, query: str, broader: Broader | None = None
) -> tuple[Concept, ...]:
    """The concepts of a query: synonym phrases (with their group and, weaker, the groups
    of their broader terms) and single words; stop words and, when the query has a topic
    besides them, filler words ("voorkomen", "medewerkers", "op het werk") drop out."""
    tokens = words(query)
    concepts: list[Concept] = []
    by_key = _phrases_by_key(synonyms)
    broader = broader or {}
    i = 0
    while i < len(tokens):
        filler = next((n for n in FILLER_PHRASES if tuple(tokens[i : i + n[0]]) in n[1]), None)
        if filler is not None:
            concepts.append(Concept(" ".join(tokens[i : i + filler[0]]), (), ()))
            i += filler[0]
            continue
        best: tuple[int, int] | None = None  # (length, group number)
        starts = {p for k in keys_for(tokens[i]) | {tokens[i]} for p in by_key.get(k, [])}
        for g, phrase in sorted(starts):
            n = len(phrase)
            if best is not None and n <= best[0]:
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
            weights = [SYNONYM_WEIGHT] * (len(alternatives) - 1)
            for b in broader.get(g, ()):
                for p in synonyms[b]:
                    if _content(p):
                        alternatives.append((" ".join(p), _content(p)))
                        weights.append(BROADER_WEIGHT)
            concepts.append(Concept(typed, tuple(alternatives), tuple(weights)))
            i += n
            continue
        if tokens[i] in QUERY_FILLER:
            concepts.append(Concept(tokens[i], (), ()))
        elif tokens[i] not in STOPWORDS:
            concepts.append(Concept(tokens[i], ((tokens[i], (tokens[i],)),)))
        i += 1
    # Filler (a concept without alternatives) drops out, unless it is all the query has:
    # "medewerkers" alone is still a search for "medewerkers".
    topical = tuple(c for c in concepts if c.alternatives)
    if topical or not concepts:
        return topical
    return tuple(Concept(c.typed, ((c.typed, tuple(_content(words(c.typed)))),)) for c in concepts)


def _with_splits(
    synonyms: Synonyms, concepts: tuple[Concept, ...], splits: Mapping[str, tuple[str, ...]]
) -> tuple[Concept, ...]:
    """Add the parts of split compounds (and the parts' synonyms) as weaker alternatives."""
    if not splits:
        return concepts
    out: list[Concept] = []
    for concept in concepts:
        parts = splits.get(concept.typed)
        if not parts:
            out.append(concept)
            continue
        alternatives = list(concept.alternatives)
        weights = [concept.weight(i) for i in range(1, len(alternatives))]
        first_part = len(alternatives)
        for n, part in enumerate(parts):
            # The first part says what the compound is about ("veiligheid" in
            # "veiligheidscultuur", "geluid" in "geluidsoverlast"); a later part alone is
            # often another subject ("cultuur": the culture and sport sector).
            weight = SPLIT_WEIGHT if n == 0 else SPLIT_WEIGHT * LATER_PART
            alternatives.append((part, (part,)))
            weights.append(weight)
            for group in synonyms:
                if any(len(p) == 1 and _same_word(p[0], part) for p in group):
                    for phrase in group:
                        if _content(phrase) and not _same_word(" ".join(phrase), part):
                            alternatives.append((" ".join(phrase), _content(phrase)))
                            weights.append(weight * SYNONYM_WEIGHT)
        out.append(Concept(concept.typed, tuple(alternatives), tuple(weights), first_part))
    return tuple(out)


def _content(phrase: Sequence[str]) -> tuple[str, ...]:
    return tuple(w for w in phrase if w not in STOPWORDS) or tuple(phrase)


def _word_scores(index: TextIndex, word: str) -> dict[int, tuple[float, str, frozenset[str]]]:
    """doc -> (score, key that gave it, every key of the word found in the doc).

    A stem match always beats a compound match: otherwise a rare compound ("beweegprogramma",
    high idf) would outrank the very word the visitor typed.
    """
    found = index._word_cache.get(word)
    if found is None:
        found = _score_word(index, word)
        if len(index._word_cache) < 50_000:
            index._word_cache[word] = found
    return found


def _score_word(index: TextIndex, word: str) -> dict[int, tuple[float, str, frozenset[str]]]:
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
    """Per concept: the typed words' score plus half the best alternative's (or, when only an
    alternative matches, its weight times its score: SYNONYM_WEIGHT for a synonym,
    SPLIT_WEIGHT for a compound's part), so records using the visitor's own words rank first
    and records that also use related words come next."""
    matches: dict[int, Match] = {}
    for concept in concepts:
        typed: dict[int, tuple[float, str]] = {}
        synonym: dict[int, tuple[float, str, str]] = {}
        whole: set[int] = set()  # records matched by an alternative that is not a part
        keys: dict[int, set[str]] = defaultdict(set)
        for alt_no, (display, phrase) in enumerate(concept.alternatives):
            per_word = [_word_scores(index, w) for w in phrase]
            docs = set.intersection(*(set(d) for d in per_word)) if per_word else set()
            for doc in docs:
                scores = [pw[doc] for pw in per_word]
                score = sum(s for s, _, _ in scores) / len(scores)
                keys[doc].update(*(k for _, _, k in scores))
                if alt_no < concept.first_part:
                    whole.add(doc)
                field_name = index.best_field[(doc, scores[0][1])]
                if alt_no == 0:
                    typed[doc] = (score, field_name)
                    continue
                score *= concept.weight(alt_no) / SYNONYM_WEIGHT
                if score > synonym.get(doc, (0.0, "", ""))[0]:
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
            match.by_parts_only += doc not in whole
    return matches
