"""Scores from answers, exactly as issue 9 states them (docs/balance.md, "Scoring").

- Each answer is rescaled to 0..100: (value - min) / (max - min) x 100; a reversed item is
  turned around (100 minus that). For a 1-5 item that is (value - 1) x 25.
- A respondent's dimension score is the mean of their rescaled answers in it; skipped
  items do not count.
- A unit's dimension score is the mean over the respondents who answered at least one item
  of that dimension (None when nobody did).

Vectorised: the answers become one matrix (respondents x questions, NaN = skipped) and every
step is a numpy operation over it, so 10,000 responses cost no per-answer Python work
(docs/performance.md). The service, the benchmark and the property tests share this code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from verzuim.balance.instrument import Instrument

Answers = Mapping[str, int | None]  # question id -> value, None or absent = skipped
Floats = npt.NDArray[np.float64]


def rescale(value: float, low: int, high: int, reversed_item: bool) -> float:
    score = (value - low) / (high - low) * 100.0
    return 100.0 - score if reversed_item else score


def answer_matrix(question_ids: Sequence[str], answers: Sequence[Answers]) -> Floats:
    """Respondents x questions, NaN where skipped. Arrow reads the list of dicts in C (one
    struct field per question id found); a value that is not a number counts as skipped."""
    out = np.full((len(answers), len(question_ids)), np.nan)
    if not answers:
        return out
    try:
        table = pa.array(answers)
    except (pa.ArrowException, TypeError, ValueError):
        table = None
    if table is not None and pa.types.is_struct(table.type):
        names = {table.type.field(i).name for i in range(table.type.num_fields)}
        for j, qid in enumerate(question_ids):
            if qid not in names:
                continue
            column = table.field(qid)
            if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
                out[:, j] = column.cast(pa.float64()).to_numpy(zero_copy_only=False)
        return out
    for i, row in enumerate(answers):  # mixed types Arrow cannot read as one struct
        for j, qid in enumerate(question_ids):
            value = row.get(qid)
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[i, j] = value
    return out


class Scorer:
    """The instrument turned into arrays, built once per results computation.

    A rescaled answer is linear in the value, so item j scores a[j] + b[j] x value; for a
    reversed item a and b are turned around.
    """

    def __init__(self, instrument: Instrument) -> None:
        self.dimensions = [d.id for d in instrument.dimensions]
        self.questions = [q.id for q in instrument.questions]
        index = {d: i for i, d in enumerate(self.dimensions)}
        self._a = np.zeros(len(self.questions))
        self._b = np.zeros(len(self.questions))
        dimension_of = np.zeros(len(self.questions), dtype=np.intp)
        for j, q in enumerate(instrument.questions):
            scale = instrument.scale_of(q)
            b = 100.0 / (scale.max - scale.min)
            a = -scale.min * b
            if q.reversed:
                a, b = 100.0 - a, -b
            self._a[j], self._b[j] = a, b
            dimension_of[j] = index[q.dimension]
        # Columns ordered by dimension, and where each dimension's run starts, so one
        # ``np.add.reduceat`` sums every dimension (single-threaded: no BLAS threads).
        self._order = np.argsort(dimension_of, kind="stable")
        self._starts = np.searchsorted(dimension_of[self._order], np.arange(len(self.dimensions)))

    def matrix(self, answers: Sequence[Answers]) -> Floats:
        return answer_matrix(self.questions, answers)

    def respondents(self, values: Floats) -> Floats:
        """Respondents x dimensions: each one's mean rescaled answer, NaN where they
        answered no item of the dimension."""
        scored = (self._a + self._b * values)[:, self._order]
        answered = ~np.isnan(scored)
        if scored.shape[0] == 0:
            return np.full((0, len(self.dimensions)), np.nan)
        sums = np.add.reduceat(np.where(answered, scored, 0.0), self._starts, axis=1)
        counts = np.add.reduceat(answered.astype(np.float64), self._starts, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(counts > 0, sums / counts, np.nan)

    def unit_sums(
        self, dims: Floats, unit_index: npt.NDArray[np.intp], units: int
    ) -> tuple[Floats, Floats]:
        """Per unit and dimension: the sum of respondents' scores and how many had one."""
        sums = np.zeros((units, len(self.dimensions)))
        counts = np.zeros((units, len(self.dimensions)))
        for d in range(len(self.dimensions)):
            has = ~np.isnan(dims[:, d])
            sums[:, d] = np.bincount(unit_index[has], weights=dims[has, d], minlength=units)
            counts[:, d] = np.bincount(unit_index[has], minlength=units)
        return sums, counts

    def scores(self, sums: Floats, counts: Floats) -> dict[str, float | None]:
        """One unit's row of sums and counts as dimension -> mean (None: nobody)."""
        return {
            d: (float(sums[i] / counts[i]) if counts[i] else None)
            for i, d in enumerate(self.dimensions)
        }

    def respondent(self, answers: Answers) -> dict[str, float]:
        """One respondent's score per dimension they answered at least one item of."""
        row = self.respondents(self.matrix([answers]))[0]
        return {d: float(row[i]) for i, d in enumerate(self.dimensions) if not np.isnan(row[i])}

    def unit(self, respondents: Iterable[Answers]) -> dict[str, float | None]:
        """A unit's score per dimension: the mean of its respondents' dimension scores."""
        people = list(respondents)
        dims = self.respondents(self.matrix(people))
        sums, counts = self.unit_sums(dims, np.zeros(len(people), dtype=np.intp), 1)
        return self.scores(sums[0], counts[0])


def group_score(scores: Mapping[str, float | None], dimensions: Iterable[str]) -> float | None:
    """The mean of the scored dimensions of one group (load, capacity, binding)."""
    values = [v for d in dimensions if (v := scores.get(d)) is not None]
    return sum(values) / len(values) if values else None
