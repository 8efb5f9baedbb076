"""Scores from answers, exactly as issue 9 states them (docs/balance.md, "Scoring").

- Each answer is rescaled to 0..100: (value - min) / (max - min) x 100; a reversed item is
  turned around (100 minus that). For a 1-5 item that is (value - 1) x 25.
- A respondent's dimension score is the mean of their rescaled answers in it; skipped
  items do not count.
- A unit's dimension score is the mean over the respondents who answered at least one item
  of that dimension (None when nobody did).
Pure functions over plain data, so the service, the benchmark and the property test share them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from verzuim.balance.instrument import Instrument

Answers = Mapping[str, int | None]  # question id -> value, None or absent = skipped


def rescale(value: float, low: int, high: int, reversed_item: bool) -> float:
    score = (value - low) / (high - low) * 100.0
    return 100.0 - score if reversed_item else score


class Scorer:
    """The instrument turned into lookup tables, built once per results request."""

    def __init__(self, instrument: Instrument) -> None:
        self.dimensions = [d.id for d in instrument.dimensions]
        self._items: dict[str, tuple[str, int, int, bool]] = {}
        for q in instrument.questions:
            scale = instrument.scale_of(q)
            self._items[q.id] = (q.dimension, scale.min, scale.max, q.reversed)

    def respondent(self, answers: Answers) -> dict[str, float]:
        """One respondent's score per dimension they answered at least one item of."""
        sums: dict[str, float] = {}
        counts: dict[str, int] = {}
        for qid, value in answers.items():
            item = self._items.get(qid)
            if item is None or value is None:
                continue
            dim, low, high, rev = item
            sums[dim] = sums.get(dim, 0.0) + rescale(value, low, high, rev)
            counts[dim] = counts.get(dim, 0) + 1
        return {d: sums[d] / counts[d] for d in sums}

    def unit(self, respondents: Iterable[Answers]) -> dict[str, float | None]:
        """A unit's score per dimension: the mean of its respondents' dimension scores."""
        sums = dict.fromkeys(self.dimensions, 0.0)
        counts = dict.fromkeys(self.dimensions, 0)
        for answers in respondents:
            for dim, score in self.respondent(answers).items():
                sums[dim] += score
                counts[dim] += 1
        return {d: (sums[d] / counts[d] if counts[d] else None) for d in self.dimensions}


def group_score(scores: Mapping[str, float | None], dimensions: Iterable[str]) -> float | None:
    """The mean of the scored dimensions of one group (load, capacity, binding)."""
    values = [v for d in dimensions if (v := scores.get(d)) is not None]
    return sum(values) / len(values) if values else None
