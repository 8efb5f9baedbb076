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


class Tally:
    """Sums and counts of respondents' dimension scores: adding tallies adds respondents."""

    __slots__ = ("counts", "sums")

    def __init__(self, size: int) -> None:
        self.sums = [0.0] * size
        self.counts = [0] * size

    def add(self, other: Tally) -> None:
        for i, value in enumerate(other.sums):
            self.sums[i] += value
            self.counts[i] += other.counts[i]


class Scorer:
    """The instrument turned into lookup tables, built once per results request.

    A rescaled answer is linear in the value, so each item is kept as (dimension index,
    a, b) with score = a + b x value; for a reversed item a and b are turned around.
    """

    def __init__(self, instrument: Instrument) -> None:
        self.dimensions = [d.id for d in instrument.dimensions]
        index = {d: i for i, d in enumerate(self.dimensions)}
        self._items: dict[str, tuple[int, float, float]] = {}
        for q in instrument.questions:
            scale = instrument.scale_of(q)
            b = 100.0 / (scale.max - scale.min)
            a = -scale.min * b
            if q.reversed:
                a, b = 100.0 - a, -b
            self._items[q.id] = (index[q.dimension], a, b)

    def new_tally(self) -> Tally:
        return Tally(len(self.dimensions))

    def add(
        self,
        tally: Tally,
        answers: Answers,
        counts_per_item: dict[str, dict[int, int]] | None = None,
    ) -> None:
        """Add one respondent: their mean per dimension they answered at least one item of.
        With ``counts_per_item``, also count each answered value there (the same pass)."""
        size = len(self.dimensions)
        sums = [0.0] * size
        counts = [0] * size
        items = self._items
        for qid, value in answers.items():
            item = items.get(qid)
            if item is None or value is None:
                continue
            i, a, b = item
            sums[i] += a + b * value
            counts[i] += 1
            if counts_per_item is not None:
                per_value = counts_per_item[qid]
                per_value[value] = per_value.get(value, 0) + 1
        for i in range(size):
            if counts[i]:
                tally.sums[i] += sums[i] / counts[i]
                tally.counts[i] += 1

    def scores(self, tally: Tally) -> dict[str, float | None]:
        return {
            d: (tally.sums[i] / tally.counts[i] if tally.counts[i] else None)
            for i, d in enumerate(self.dimensions)
        }

    def respondent(self, answers: Answers) -> dict[str, float]:
        """One respondent's score per dimension they answered at least one item of."""
        tally = self.new_tally()
        self.add(tally, answers)
        return {d: tally.sums[i] for i, d in enumerate(self.dimensions) if tally.counts[i]}

    def unit(self, respondents: Iterable[Answers]) -> dict[str, float | None]:
        """A unit's score per dimension: the mean of its respondents' dimension scores."""
        tally = self.new_tally()
        for answers in respondents:
            self.add(tally, answers)
        return self.scores(tally)


def group_score(scores: Mapping[str, float | None], dimensions: Iterable[str]) -> float | None:
    """The mean of the scored dimensions of one group (load, capacity, binding)."""
    values = [v for d in dimensions if (v := scores.get(d)) is not None]
    return sum(values) / len(values) if values else None
