"""Turning Dutch and English text into search keys, and marking matches in display text.

Every record is bilingual and a visitor may type either language, so each word is reduced
with BOTH the Dutch and the English Snowball stemmer and indexed under both keys. Accents are
folded (``hygiënist`` = ``hygienist``) because people rarely type them.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from markupsafe import Markup, escape

# Letters, digits, and inner hyphens/ampersands so "burn-out" and "RI&E" stay one word.
_WORD = re.compile(r"\w+(?:[-&]\w+)*", re.UNICODE)

_NL = snowballstemmer.stemmer("dutch")
_EN = snowballstemmer.stemmer("english")
# Snowball stemmers keep their working word in the instance: two threads stemming at once
# corrupt each other (FastAPI runs sync routes in a thread pool). Results are cached, so
# the lock is only taken for words not seen before.
_STEM_LOCK = threading.Lock()

# Words that carry no meaning for ranking; dropping them stops "de"/"the" from matching all.
STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "in",
        "op",
        "te",
        "voor",
        "met",
        "aan",
        "bij",
        "door",
        "over",
        "uit",
        "om",
        "als",
        "dan",
        "dat",
        "die",
        "dit",
        "is",
        "zijn",
        "wordt",
        "worden",
        "werd",
        "er",
        "ook",
        "niet",
        "nog",
        "naar",
        "tot",
        "hun",
        "hij",
        "zij",
        "ze",
        "we",
        "wij",
        "u",
        "je",
        "wat",
        "wie",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "to",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "is",
        "are",
        "be",
        "was",
        "were",
        "this",
        "that",
        "these",
        "it",
        "its",
        "into",
        "about",
        "how",
        "what",
        "who",
        "can",
        "not",
        "no",
        # Question and filler words people type ("hoe voorkom ik ...", "what works
        # according to ..."): they carry no topic and would otherwise outscore it.
        "hoe",
        "welke",
        "welk",
        "waar",
        "waarom",
        "wanneer",
        "kan",
        "kun",
        "kunnen",
        "moet",
        "moeten",
        "ik",
        "mijn",
        "ons",
        "onze",
        "jullie",
        "volgens",
        "tegen",
        "iets",
        "veel",
        "heel",
        "erg",
        "zo",
        "mogelijk",
        "which",
        "why",
        "when",
        "where",
        "do",
        "does",
        "i",
        "my",
        "our",
        "we",
        "you",
        "your",
        "according",
        "against",
        "should",
        "there",
        "any",
        "best",
    ]
)


# Words that carry no topic in THIS collection, where every record is about preventing
# absence among workers: in a query they only push the records that use them most to the
# top ("hoe voorkom ik burn-out bij mijn medewerkers" is a question about burn-out). They
# stay in the index and count when a query has nothing else.
QUERY_FILLER = frozenset(
    [
        "voorkomen",
        "voorkom",
        "tegengaan",
        "preventing",
        "prevent",
        "avoid",
        "medewerkers",
        "medewerker",
        "werknemers",
        "werknemer",
        "personeel",
        "employees",
        "employee",
        "staff",
        "workers",
        "aanpak",
        "aanpakken",
        "maatregel",
        "maatregelen",
        "measures",
        "tips",
    ]
)
# Phrases that only say "at work": (length, the phrases of that length).
FILLER_PHRASES: tuple[tuple[int, frozenset[tuple[str, ...]]], ...] = (
    (
        3,
        frozenset(
            {
                ("op", "het", "werk"),
                ("op", "de", "werkvloer"),
                ("in", "the", "workplace"),
                ("on", "the", "job"),
            }
        ),
    ),
    (2, frozenset({("at", "work")})),
)


def fold(text: str) -> str:
    """Lower case without accents: the form every comparison uses."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def keys_for(word: str) -> frozenset[str]:
    """The index keys of one folded word: its Dutch and its English stem.

    Hyphenated words also give the joined form ("burn-out" -> "burnout") so both spellings meet.
    """
    forms = {word}
    if "-" in word:
        forms.add(word.replace("-", ""))
    keys: set[str] = set()
    with _STEM_LOCK:
        for form in forms:
            keys.add(_NL.stemWord(form))
            keys.add(_EN.stemWord(form))
    return frozenset(keys)


@lru_cache(maxsize=65536)
def dutch_key(word: str) -> str:
    """The Dutch stem alone: compound splitting (prefix/infix matching) uses only this one."""
    with _STEM_LOCK:
        return str(_NL.stemWord(word.replace("-", "")))


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return [m.group(0) for m in _WORD.finditer(fold(text))]


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS]


def text_keys(text: str) -> Iterator[str]:
    for word in words(text):
        if word not in STOPWORDS:
            yield from keys_for(word)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """Each word of a display text with its place and its index keys (cached: record texts
    are few and shown again and again, so a result list does not fold them anew)."""
    # Folding can change the length of a string (e.g. "ß" stays, but combining marks vanish),
    # so match on each original word and fold that word alone.
    return tuple((m.start(), m.end(), keys_for(fold(m.group(0)))) for m in _WORD.finditer(text))


def _spans(text: str, wanted: frozenset[str]) -> Iterator[Span]:
    for start, end, keys in _tokens(text):
        if keys & wanted:
            yield Span(start, end)


@lru_cache(maxsize=8192)
def _all_keys(text: str) -> frozenset[str]:
    return frozenset(k for _, _, keys in _tokens(text) for k in keys)


def highlight(text: str, wanted: Iterable[str]) -> Markup:
    """``text`` as safe HTML with every word whose key is in ``wanted`` wrapped in <mark>.

    Each piece is escaped BEFORE the markup is added, so record text can never inject HTML.
    """
    # Only the keys this text has decide its markup: with them as the cache key, a result
    # list reuses the markup that other queries with the same words made.
    return _highlight(text, frozenset(wanted) & _all_keys(text))


@lru_cache(maxsize=16384)
def _highlight(text: str, keys: frozenset[str]) -> Markup:
    if not keys:
        return escape(text)
    out: list[str] = []
    last = 0
    for span in _spans(text, keys):
        out.append(str(escape(text[last : span.start])))
        out.append(f"<mark>{escape(text[span.start : span.end])}</mark>")
        last = span.end
    out.append(str(escape(text[last:])))
    return Markup("".join(out))
