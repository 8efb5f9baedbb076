"""Load and cross-check the YAML data files into one immutable :class:`KnowledgeBase`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from verzuim.knowledge.models import (
    Actor,
    EvidenceRecord,
    EvidenceStatement,
    Gap,
    ModelPart,
    Perspective,
    Practice,
    Report,
    ReviewGroup,
    Vocabularies,
)

DATA_DIR = Path(__file__).parent / "data"
KINDS = ("practices", "evidence", "actors", "perspectives", "gaps", "model")

T = TypeVar("T", bound=BaseModel)


class KnowledgeError(ValueError):
    """A data file does not hold what the models require; the message says where and how to fix."""


@dataclass(frozen=True)
class KnowledgeBase:
    vocab: Vocabularies
    report: Report
    practices: tuple[Practice, ...]
    evidence: tuple[EvidenceRecord, ...]
    actors: tuple[Actor, ...]
    perspectives: tuple[Perspective, ...]
    gaps: tuple[Gap, ...]
    model: tuple[ModelPart, ...]
    _by_id: dict[str, BaseModel] = field(default_factory=dict, repr=False, compare=False)

    def records(self, kind: str) -> Sequence[BaseModel]:
        if kind not in KINDS:
            raise KeyError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
        records: Sequence[BaseModel] = getattr(self, kind)
        return records

    def get(self, record_id: str) -> BaseModel | None:
        return self._by_id.get(record_id)

    def practice(self, practice_id: str) -> Practice | None:
        found = self._by_id.get(practice_id)
        return found if isinstance(found, Practice) else None

    def actor(self, actor_id: str) -> Actor | None:
        found = self._by_id.get(actor_id)
        return found if isinstance(found, Actor) else None

    @property
    def review_groups(self) -> tuple[ReviewGroup, ...]:
        return tuple(r for r in self.evidence if isinstance(r, ReviewGroup))

    @property
    def statements(self) -> tuple[EvidenceStatement, ...]:
        return tuple(r for r in self.evidence if isinstance(r, EvidenceStatement))


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{path.name}: file not found in {path.parent}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML ({exc}); fix the syntax") from exc


def _describe(path: Path, index: int | None, raw: Any, err: ValidationError) -> str:
    first = err.errors()[0]
    loc = ".".join(str(part) for part in first["loc"])
    where = path.name
    if index is not None:
        rid = raw.get("id") if isinstance(raw, dict) else None
        where += f", record {index + 1}" + (f" (id {rid})" if rid else "")
    more = f" (+{err.error_count() - 1} more)" if err.error_count() > 1 else ""
    return f"{where}, field '{loc}': {first['msg']}{more}"


def _load_list(path: Path, adapter: TypeAdapter[T]) -> tuple[T, ...]:
    raw = _read_yaml(path)
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: expected a list of records at the top level")
    out: list[T] = []
    for index, item in enumerate(raw):
        try:
            out.append(adapter.validate_python(item))
        except ValidationError as exc:
            raise KnowledgeError(_describe(path, index, item, exc)) from exc
    return tuple(out)


def _load_one(path: Path, model: type[T]) -> T:
    raw = _read_yaml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeError(_describe(path, None, raw, exc)) from exc


def _check_codes(
    kind: str, rid: str, fieldname: str, values: Iterable[str], allowed: set[str]
) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise KnowledgeError(
            f"{kind}.yaml, record {rid}, field '{fieldname}': unknown value(s) "
            f"{', '.join(unknown)}; allowed: {', '.join(sorted(allowed))} (vocabularies.yaml)"
        )


def _cross_check(kb: KnowledgeBase) -> dict[str, BaseModel]:
    vocab = kb.vocab
    categories = {t.code for t in vocab.categories}
    countries = {c.code for c in vocab.countries}
    letters = {s.letter for s in vocab.sbi_sections}
    groups = {g.code: g for g in vocab.report_groups}
    risks = {t.code for t in vocab.risks}
    by_id: dict[str, BaseModel] = {}
    for kind in KINDS:
        for record in kb.records(kind):
            rid = str(getattr(record, "id"))  # noqa: B009 - every record kind has an id
            if rid in by_id:
                raise KnowledgeError(
                    f"{kind}.yaml, record {rid}: id is used twice; ids must be unique"
                )
            by_id[rid] = record
    for p in kb.practices:
        _check_codes("practices", p.id, "categories", p.categories, categories)
        _check_codes("practices", p.id, "country", [p.country], countries)
        if p.sector_sbi is not None:
            _check_codes("practices", p.id, "sector_sbi", [p.sector_sbi], letters)
        if p.report_group is not None:
            _check_codes("practices", p.id, "report_group", [p.report_group], set(groups))
            group = groups[p.report_group]
            if p.number not in group.rows or group.table != p.table:
                raise KnowledgeError(
                    f"practices.yaml, record {p.id}, field 'report_group': group "
                    f"{group.code} (section {group.section}) does not list row {p.number} "
                    f"of table {p.table}"
                )
    for s in kb.statements:
        _check_codes("evidence", s.id, "categories", s.categories, categories)
    for a in kb.actors:
        _check_codes("actors", a.id, "risks", a.risks, risks)
    for g in kb.gaps:
        _check_codes("gaps", g.id, "categories", g.categories, categories)
    actor_ids = {a.id for a in kb.actors}
    part_ids = {m.id for m in kb.model}
    for m in kb.model:
        _check_codes("model", m.id, "actors", m.actors, actor_ids)
        _check_codes("model", m.id, "leads_to", m.leads_to, part_ids)
    return by_id


def load_from(data_dir: Path) -> KnowledgeBase:
    """Load every data file in ``data_dir``; raise :class:`KnowledgeError` on the first problem."""
    kb = KnowledgeBase(
        vocab=_load_one(data_dir / "vocabularies.yaml", Vocabularies),
        report=_load_one(data_dir / "report.yaml", Report),
        practices=_load_list(data_dir / "practices.yaml", TypeAdapter(Practice)),
        evidence=_load_list(data_dir / "evidence.yaml", TypeAdapter(EvidenceRecord)),
        actors=_load_list(data_dir / "actors.yaml", TypeAdapter(Actor)),
        perspectives=_load_list(data_dir / "perspectives.yaml", TypeAdapter(Perspective)),
        gaps=_load_list(data_dir / "gaps.yaml", TypeAdapter(Gap)),
        model=_load_list(data_dir / "model.yaml", TypeAdapter(ModelPart)),
    )
    kb._by_id.update(_cross_check(kb))
    return kb


@cache
def load() -> KnowledgeBase:
    """The bundled knowledge base, loaded once per process (it is small and immutable)."""
    return load_from(DATA_DIR)
