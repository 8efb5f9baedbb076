"""Which source column feeds which field: Dutch and English header names, plus a mapping file.

A mapping file (YAML or JSON) covers anything the built-in names do not::

    columns:                       # source column name -> field name
      "Pers. nr.": employee_id
      Kostenplaats: unit
    recovery_date: first_day_back  # or last_day: what a hersteldatum column holds
    fulltime_hours: 38             # when the file has contract hours but no full-time hours
    kinds:                         # extra codes in the kind column
      ZW: pregnancy
"""

from __future__ import annotations

import re
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

EMPLOYEE_FIELDS = (
    "employee_id",
    "unit",
    "part_time_factor",
    "part_time_pct",
    "contract_hours",
    "fulltime_hours",
    "employment_start",
    "employment_end",
)
SPELL_FIELDS = (
    "employee_id",
    "spell_id",
    "first_day",
    "last_day",
    "first_day_back",
    "unfit_pct",
    "kind",
)

# Normalised header name -> field. Normalising (lower case, only letters and digits joined
# by "_") lets "Datum in dienst", "datum_in_dienst" and "DATUM-IN-DIENST" all match.
SYNONYMS: dict[str, str] = {}
_NAMES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee_id",
        "employee",
        "employee_number",
        "employee_key",
        "werknemer",
        "werknemer_id",
        "werknemernummer",
        "werknemersnummer",
        "personeelsnummer",
        "personeelsnr",
        "pers_nr",
        "persnr",
        "medewerker",
        "medewerker_id",
        "medewerkernummer",
        "registratienummer",
        "sleutel",
    ),
    "unit": (
        "unit",
        "organisation_unit",
        "organization_unit",
        "department",
        "afdeling",
        "organisatie_eenheid",
        "organisatieeenheid",
        "organisatie_onderdeel",
        "team",
        "unit_path",
        "afdelingspad",
    ),
    "part_time_factor": (
        "part_time_factor",
        "parttime_factor",
        "ptf",
        "deeltijdfactor",
        "deeltijd_factor",
        "fte",
        "fte_factor",
    ),
    "part_time_pct": ("part_time_pct", "part_time_percentage", "deeltijdpercentage", "fte_pct"),
    "contract_hours": (
        "contract_hours",
        "contracturen",
        "contract_uren",
        "uren_per_week",
        "contracturen_per_week",
        "hours_per_week",
    ),
    "fulltime_hours": (
        "fulltime_hours",
        "full_time_hours",
        "fulltime_uren",
        "fulltimeuren",
        "voltijd_uren",
        "voltijduren",
        "normuren",
    ),
    "employment_start": (
        "employment_start",
        "start_date",
        "hire_date",
        "datum_in_dienst",
        "in_dienst",
        "indienst",
        "indiensttreding",
        "datum_indiensttreding",
        "begindatum_dienstverband",
        "ingangsdatum_dienstverband",
    ),
    "employment_end": (
        "employment_end",
        "end_date",
        "leaving_date",
        "datum_uit_dienst",
        "uit_dienst",
        "uitdienst",
        "uitdiensttreding",
        "datum_uitdiensttreding",
        "einddatum_dienstverband",
    ),
    "spell_id": (
        "spell_id",
        "spell",
        "case_id",
        "verzuimgeval",
        "verzuimgeval_id",
        "verzuimnummer",
        "verzuim_id",
        "verzuimid",
        "ziekmeldingnummer",
        "meldingnummer",
        "ziekmelding_id",
    ),
    "first_day": (
        "first_day",
        "start",
        "ziekmelddatum",
        "ziekmeldingsdatum",
        "datum_ziekmelding",
        "eerste_ziektedag",
        "eerste_verzuimdag",
        "begindatum",
        "begindatum_verzuim",
        "ingangsdatum",
        "van",
        "vanaf",
    ),
    "last_day": (
        "last_day",
        "end",
        "laatste_ziektedag",
        "laatste_verzuimdag",
        "einddatum",
        "einddatum_verzuim",
        "tot_en_met",
        "t_m",
    ),
    "first_day_back": (
        "first_day_back",
        "recovery_date",
        "return_date",
        "hersteldatum",
        "herstelmelddatum",
        "datum_herstel",
        "datum_hersteld",
        "herstel",
        "hersteld_per",
    ),
    "unfit_pct": (
        "unfit_pct",
        "unfitness",
        "unfitness_pct",
        "unfit_percentage",
        "percentage_arbeidsongeschikt",
        "arbeidsongeschiktheidspercentage",
        "arbeidsongeschikt_percentage",
        "ao_percentage",
        "ao_perc",
        "ao_pct",
        "ao",
        "percentage_ziek",
        "verzuimpercentage_episode",
        "percentage",
    ),
    "kind": (
        "kind",
        "type",
        "absence_type",
        "soort",
        "soort_verzuim",
        "verzuimsoort",
        "verzuimtype",
    ),
}
for _field, _names in _NAMES.items():
    for _name in _names:
        SYNONYMS[_name] = _field

KIND_CODES: dict[str, str] = {
    "sick": "sick",
    "sickness": "sick",
    "ziek": "sick",
    "ziekte": "sick",
    "ziekteverzuim": "sick",
    "verzuim": "sick",
    "z": "sick",
    "s": "sick",
    "pregnancy": "pregnancy",
    "maternity": "pregnancy",
    "zwanger": "pregnancy",
    "zwangerschap": "pregnancy",
    "zwangerschapsverlof": "pregnancy",
    "bevallingsverlof": "pregnancy",
    "zwangerschaps_en_bevallingsverlof": "pregnancy",
    "wazo": "pregnancy",
    "zw": "pregnancy",
    "p": "pregnancy",
}


def normalise(header: str) -> str:
    text = header.strip().strip("\ufeff").strip('"').lower()
    text = text.replace("%", " pct ").replace("&", " en ")
    return "_".join(re.findall(r"[0-9a-zà-ÿ]+", text))


class Mapping(BaseModel):
    """The optional mapping file; every key is optional."""

    model_config = ConfigDict(extra="forbid")

    columns: dict[str, str] = Field(default_factory=dict)
    recovery_date: Literal["first_day_back", "last_day"] = "first_day_back"
    fulltime_hours: float | None = Field(default=None, gt=0)
    kinds: dict[str, Literal["sick", "pregnancy"]] = Field(default_factory=dict)

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        allowed = set(EMPLOYEE_FIELDS) | set(SPELL_FIELDS)
        unknown = sorted(v for v in value.values() if v not in allowed)
        if unknown:
            raise ValueError(f"unknown field(s) {unknown}; allowed: {sorted(allowed)}")
        return value


class MappingError(ValueError):
    pass


def load_mapping(text: str | None) -> Mapping:
    if not text or not text.strip():
        return Mapping()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(f"the mapping file is not valid YAML or JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise MappingError("the mapping file must be a YAML or JSON object")
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise MappingError(f"the mapping file is invalid at {where}: {first['msg']}") from exc


def resolve(header: list[str], fields: tuple[str, ...], mapping: Mapping) -> dict[str, int]:
    """Field -> column index. The mapping file wins over built-in names; the first match wins."""
    explicit = {normalise(k): v for k, v in mapping.columns.items()}
    found: dict[str, int] = {}
    # Two passes: a column the mapping names wins even over an earlier column whose
    # built-in name means the same field.
    for names in (explicit, SYNONYMS):
        for index, name in enumerate(header):
            field = names.get(normalise(name))
            if field in fields and field not in found and index not in found.values():
                found[field] = index
    return found


def known_names(field: str) -> str:
    return ", ".join(_NAMES[field][:4])
