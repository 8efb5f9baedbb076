"""The organisation profile that goes into the advice engine (contract of issue 4).

Keys and values are a public contract (batch users send YAML/JSON files): `sector` (SBI
letter) is the only required key; unknown keys or codes are errors whose message lists
the allowed values. Codes are checked against the knowledge base, not a copy, so a new
risk or actor in the data is accepted without touching this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from verzuim.knowledge import KnowledgeBase, load

SizeClass = Literal["1-10", "10-100", "100+"]
Concern = Literal["physical", "mental", "general", "unknown"]
SIZE_CLASSES: tuple[SizeClass, ...] = ("1-10", "10-100", "100+")
CONCERNS: tuple[Concern, ...] = ("physical", "mental", "general", "unknown")
LIST_FIELDS = ("risks", "measures_in_place", "professionals_available")
# The wizard asks for percentages (0..100) under these names; the contract keys take 0..1.
PERCENT_KEYS = ("share_practical_pct", "share_home_work_pct")
# Actors that are the organisation itself, not a professional it can bring in.
NOT_PROFESSIONALS = frozenset({"werkgever", "werknemer"})


class ProfileError(ValueError):
    """Bad profile input; ``problems`` holds one readable line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def _kb(info: ValidationInfo) -> KnowledgeBase:
    context = info.context if isinstance(info.context, dict) else {}
    found = context.get("kb")
    return found if isinstance(found, KnowledgeBase) else load()


def allowed_sectors(kb: KnowledgeBase) -> dict[str, str]:
    return {s.letter: s.label.nl for s in kb.vocab.sbi_sections}


def allowed_risks(kb: KnowledgeBase) -> list[str]:
    return [t.code for t in kb.vocab.risks]


def allowed_measures(kb: KnowledgeBase) -> list[str]:
    return [p.id for p in kb.practices] + [s.id for s in kb.statements]


def allowed_professionals(kb: KnowledgeBase) -> list[str]:
    return [a.id for a in kb.actors if a.id not in NOT_PROFESSIONALS]


# JSON Schema (and so the OpenAPI document) for the codes: the markers below list the codes the
# knowledge base knows, in every form the validators read them. They only document; the
# validators check the codes against the knowledge base in use and name the allowed ones, so
# new codes in the data need no change here.


def _pattern_part(code: str) -> str:
    """A code as a regular expression; only characters other than letters, digits, _ and - are
    escaped, as JSON Schema's dialect (ECMA-262) rejects an escaped "-" outside a class."""
    return re.sub(r"([^\w-])", r"\\\1", code)


@dataclass(frozen=True)
class KnownCodes:
    """One code: a string from the knowledge base's list."""

    allowed: Callable[[KnowledgeBase], Iterable[str]]
    any_case: bool = False  # the sector letter: read case-insensitively, spaces ignored

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        codes = list(self.allowed(load()))
        schema = {**handler(core_schema), "enum": codes}
        if not self.any_case:
            return schema
        either = "|".join(_pattern_part(v) for c in codes for v in dict.fromkeys((c, c.lower())))
        loose = {
            "type": "string",
            "pattern": rf"^\s*(?:{either})\s*$",
            "description": "Case-insensitive; spaces around it are ignored.",
        }
        return {"anyOf": [schema, loose]}


@dataclass(frozen=True)
class CodeList:
    """A list of codes as :func:`_codes` reads it: a list (empty items are skipped), one
    comma-separated string, or null for none."""

    allowed: Callable[[KnowledgeBase], Iterable[str]]

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        codes = list(self.allowed(load()))
        one = rf"\s*(?:{'|'.join(_pattern_part(c) for c in codes)})?\s*"
        return {
            "anyOf": [
                {"type": "array", "items": {"type": "string", "enum": [*codes, ""]}},
                {
                    "type": "string",
                    "pattern": f"^{one}(?:,{one})*$",
                    "description": "The codes separated by commas.",
                },
                {"type": "null"},
            ]
        }


SectorCode = Annotated[str, KnownCodes(allowed_sectors, any_case=True)]
RiskCode = Annotated[str, KnownCodes(allowed_risks)]
MeasureId = Annotated[str, KnownCodes(allowed_measures)]
ProfessionalId = Annotated[str, KnownCodes(allowed_professionals)]


def _codes(value: Any) -> list[str]:
    """Accept a list, or one comma-separated string (query strings, hand-written YAML)."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError("expected a list of codes")
    return [str(item).strip() for item in items if str(item).strip()]


def _ordered(values: Iterable[str], allowed: Sequence[str], what: str) -> tuple[str, ...]:
    """Deduplicate and put in the knowledge base's order, so order of input never matters."""
    given = set(values)
    unknown = sorted(given - set(allowed))
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(unknown)}; allowed: {', '.join(allowed)}")
    return tuple(code for code in allowed if code in given)


class Profile(BaseModel):
    """An organisation, as far as it wants to tell; only the sector is required."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sector: SectorCode = Field(
        description="SBI 2008 section letter (A..S), e.g. F for construction."
    )
    size_class: SizeClass | None = Field(
        default=None, description="Working persons, as CBS groups them."
    )
    # Numbers and booleans are strict: JSON or YAML as written, never "0.5" or 1 for true, so
    # the JSON Schema's types are the whole rule (query strings are converted beforehand).
    share_practical: float | None = Field(
        default=None,
        ge=0,
        le=1,
        strict=True,
        description="Share of practically educated workers (0..1).",
    )
    share_home_work: float | None = Field(
        default=None,
        ge=0,
        le=1,
        strict=True,
        description="Share of working time spent at home (0..1).",
    )
    concern: Concern = Field(default="unknown", description="Main kind of absence.")
    risks: Annotated[tuple[str, ...], CodeList(allowed_risks)] = Field(
        default=(), description="Risk codes (vocabulary `risks`)."
    )
    workers_at_risk: bool = Field(
        default=False,
        strict=True,
        description="Are workers with a raised chance of absence known?",
    )
    measures_in_place: Annotated[tuple[str, ...], CodeList(allowed_measures)] = Field(
        default=(), description="Ids of practices or evidence statements already in place."
    )
    professionals_available: Annotated[tuple[str, ...], CodeList(allowed_professionals)] = Field(
        default=(), description="Actor ids the organisation can already call on."
    )

    @field_validator("sector", mode="before")
    @classmethod
    def _sector(cls, value: Any, info: ValidationInfo) -> str:
        allowed = allowed_sectors(_kb(info))
        letter = str(value).strip().upper() if value is not None else ""
        if letter not in allowed:
            listing = ", ".join(f"{k} ({v})" for k, v in allowed.items())
            raise ValueError(f"unknown sector {value!r}; allowed SBI sections: {listing}")
        return letter

    @field_validator("risks", mode="before")
    @classmethod
    def _risks(cls, value: Any, info: ValidationInfo) -> tuple[str, ...]:
        return _ordered(_codes(value), allowed_risks(_kb(info)), "risk")

    @field_validator("measures_in_place", mode="before")
    @classmethod
    def _measures(cls, value: Any, info: ValidationInfo) -> tuple[str, ...]:
        return _ordered(_codes(value), allowed_measures(_kb(info)), "measure")

    @field_validator("professionals_available", mode="before")
    @classmethod
    def _professionals(cls, value: Any, info: ValidationInfo) -> tuple[str, ...]:
        return _ordered(_codes(value), allowed_professionals(_kb(info)), "professional")

    @property
    def practical(self) -> bool:
        return self.share_practical is not None and self.share_practical >= 0.5

    def query_items(self) -> list[tuple[str, str]]:
        """The profile as query parameters: the shareable URL of a result holds nothing else."""
        items: list[tuple[str, str]] = [("sector", self.sector)]
        if self.size_class:
            items.append(("size_class", self.size_class))
        for key in ("share_practical", "share_home_work"):
            number = getattr(self, key)
            if number is not None:
                items.append((key, f"{number:g}"))
        if self.concern != "unknown":
            items.append(("concern", self.concern))
        items += [(key, code) for key in LIST_FIELDS for code in getattr(self, key)]
        if self.workers_at_risk:
            items.append(("workers_at_risk", "true"))
        return items


def _message(err: ValidationError) -> list[str]:
    out: list[str] = []
    for item in err.errors():
        where = ".".join(str(p) for p in item["loc"]) or "profile"
        msg = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            msg = f"unknown key; allowed keys: {', '.join(Profile.model_fields)}"
        elif item["type"] == "literal_error":
            msg = f"{msg} (got {item['input']!r})"
        out.append(f"{where}: {msg}")
    return out


def parse_profile(data: Any, kb: KnowledgeBase | None = None) -> Profile:
    """Validate a mapping into a :class:`Profile`; raise :class:`ProfileError` (all problems)."""
    if not isinstance(data, Mapping):
        raise ProfileError(["profile: expected a mapping of keys (sector, risks, ...)"])
    try:
        return Profile.model_validate(dict(data), context={"kb": kb or load()})
    except ValidationError as exc:
        raise ProfileError(_message(exc)) from exc


def load_profile(path: Path, kb: KnowledgeBase | None = None) -> Profile:
    """Read a profile from a YAML or JSON file (JSON is YAML, but JSON errors read better)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError([f"{path}: cannot read the file ({exc.strerror})"]) from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ProfileError([f"{path}: not valid YAML/JSON ({exc})"]) from exc
    return parse_profile(data, kb)


_TRUE = {"1", "true", "on", "yes", "ja", "waar"}
_FALSE = {"0", "false", "off", "no", "nee", "onwaar"}


def _number(raw: str, percent: bool) -> float | str:
    """A share as 0..1; "60%" or a *_pct key (the wizard's fields) give a percentage."""
    text = raw.strip().replace(",", ".")
    if text.endswith("%"):
        percent, text = True, text[:-1].strip()
    try:
        value = float(text)
    except ValueError:
        return raw  # the model reports it with its own message
    return value / 100 if percent else value


def profile_data_from_query(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Query parameters (or wizard form fields) as profile data; empty fields mean 'not given'.

    Only profile keys are read, so navigation fields (step, lang) pass through harmlessly.
    """
    data: dict[str, Any] = {}
    for name, raw in items:
        value = raw.strip()
        percent = name in PERCENT_KEYS
        key = name.removesuffix("_pct") if percent else name
        if key not in Profile.model_fields or not value:
            continue
        if key in LIST_FIELDS:
            data.setdefault(key, []).extend(_codes(value))
        elif key in ("share_practical", "share_home_work"):
            data[key] = _number(value, percent)
        elif key == "workers_at_risk":
            lowered = value.lower()
            data[key] = True if lowered in _TRUE else False if lowered in _FALSE else value
        else:
            data[key] = value
    return data


def profile_from_query(
    items: Iterable[tuple[str, str]], kb: KnowledgeBase | None = None
) -> Profile:
    data = profile_data_from_query(items)
    if "sector" not in data:
        raise ProfileError(
            ["sector: required; give the SBI section letter, e.g. sector=F for construction"]
        )
    return parse_profile(data, kb)
