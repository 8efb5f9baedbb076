"""An instrument as data: dimensions, scales, questions and reversed items in a YAML file.

The default instrument (``instruments/verzuim-balans.yaml``) is our own and not validated;
an organisation with a licence for a validated one loads it in the same format with
:func:`load_instrument`. Every problem names the file and the place to fix.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

INSTRUMENTS = Path(__file__).parent / "instruments"
DEFAULT = "verzuim-balans"
Group = Literal["load", "capacity", "binding"]
_ID = r"^[a-z0-9_][a-z0-9_-]{0,39}$"


class Text(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class Labels(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    nl: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)


class Scale(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min: int
    max: int
    labels: Labels = Field(default_factory=Labels)

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be above min ({self.min})")
        return self


class Dimension(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=_ID)
    group: Group
    name: Text
    # Risk codes of the advice (knowledge vocabularies) a signal on this dimension opens.
    risks: tuple[str, ...] = ()


class Question(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=_ID)
    dimension: str
    scale: str
    text: Text
    reversed: bool = False


class OpenQuestion(BaseModel):
    """A free-text question: optional to answer, never scored, shown after review only."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=_ID)
    text: Text
    max_length: int = Field(default=1000, ge=1, le=4000)


class Instrument(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=_ID)
    version: str = Field(min_length=1, max_length=20)
    name: Text
    validated: bool
    status: Text
    scales: dict[str, Scale]
    groups: dict[Group, Text]
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)
    open_questions: tuple[OpenQuestion, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        problems: list[str] = []
        dims = {d.id for d in self.dimensions}
        if len(dims) != len(self.dimensions):
            problems.append("dimensions: an id occurs twice")
        ids = [q.id for q in self.questions] + [q.id for q in self.open_questions]
        for twice in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(f"questions: id '{twice}' occurs twice")
        for q in self.questions:
            if q.dimension not in dims:
                problems.append(
                    f"question '{q.id}': dimension '{q.dimension}' is not among the "
                    f"dimensions ({', '.join(sorted(dims))})"
                )
            if q.scale not in self.scales:
                problems.append(
                    f"question '{q.id}': scale '{q.scale}' is not among the scales "
                    f"({', '.join(sorted(self.scales))})"
                )
        used = {q.dimension for q in self.questions}
        for d in self.dimensions:
            if d.id not in used:
                problems.append(f"dimension '{d.id}' has no question")
            if d.group not in self.groups:
                problems.append(f"dimension '{d.id}': group '{d.group}' has no name in groups")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def key(self) -> str:
        """How a round records which instrument it uses: ``id@version``."""
        return f"{self.id}@{self.version}"

    def scale_of(self, question: Question) -> Scale:
        return self.scales[question.scale]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def open_question(self, question_id: str) -> OpenQuestion | None:
        return next((q for q in self.open_questions if q.id == question_id), None)

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def dimensions_in(self, group: Group) -> list[str]:
        return [d.id for d in self.dimensions if d.group == group]


class InstrumentError(ValueError):
    """An instrument file that cannot be used, with what is wrong and where."""


def parse_instrument(text: str, source: str) -> Instrument:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InstrumentError(f"{source}: not readable YAML: {exc}") from None
    if not isinstance(data, dict):
        raise InstrumentError(f"{source}: expected a mapping with id, version, questions, ...")
    try:
        return Instrument.model_validate(data)
    except ValidationError as exc:
        where = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'instrument'}: {e['msg']}"
            for e in exc.errors()
        )
        raise InstrumentError(f"{source}: {where}") from None


def load_instrument(path: Path) -> Instrument:
    """Read and check an instrument file (the default one, or a licensed one)."""
    return parse_instrument(path.read_text(encoding="utf-8"), str(path))


@cache
def installed() -> dict[str, Instrument]:
    """The instruments shipped with the app and in the data directory, by ``id@version``."""
    from verzuim.store import config

    found: dict[str, Instrument] = {}
    paths = sorted(INSTRUMENTS.glob("*.yaml"))
    extra = config.data_dir() / "instruments"
    if extra.is_dir():
        paths += sorted(extra.glob("*.yaml"))
    for path in paths:
        instrument = load_instrument(path)
        found[instrument.key] = instrument
    return found


def default() -> Instrument:
    """The newest installed version of the default instrument (new rounds use it)."""
    versions = [i for i in installed().values() if i.id == DEFAULT]
    return max(versions, key=lambda i: tuple(int(p) for p in re.findall(r"\d+", i.version)))


def by_key(key: str) -> Instrument:
    found = installed().get(key)
    if found is None:
        raise InstrumentError(
            f"Instrument '{key}' is not installed; known: {', '.join(sorted(installed()))}."
        )
    return found
