"""Checks of a measure against the organisation: every problem at once, each with its field
and what to do, in Dutch and English. Nothing is stored when any is found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import ValidationError

from verzuim.plans.model import MeasureIn, Problem, Status, StatusEntry


class PlanError(ValueError):
    """Input that cannot be stored; ``problems`` says what, where and how to fix it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.en}" for p in problems))
        self.problems = problems


def problem(field: str, nl: str, en: str) -> Problem:
    return Problem(field=field, nl=nl, en=en)


def invalid_values(exc: ValidationError) -> list[Problem]:
    """Pydantic's complaints about a form or JSON body, one located problem each."""
    return [
        problem(
            ".".join(str(p) for p in e["loc"]),
            f"ongeldige waarde: {e['msg']}",
            f"invalid value: {e['msg']}",
        )
        for e in exc.errors()
    ]


def clean_unit(raw: str) -> str:
    return "/".join(part.strip() for part in raw.strip().strip("/").split("/"))


def unit_prefixes(units: Iterable[str]) -> set[str]:
    """Every path of the unit tree: ``A/B/C`` gives ``A``, ``A/B`` and ``A/B/C``."""
    found: set[str] = set()
    for unit in units:
        parts = unit.split("/")
        found.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return found


def check_measure(
    data: MeasureIn,
    known_units: set[str],
    members: set[int],
    actors: set[str],
) -> tuple[MeasureIn, list[Problem]]:
    """The measure with cleaned units, and what is wrong with it."""
    found: list[Problem] = []
    title = data.title.strip()
    if not title:
        found.append(problem("title", "Geef de maatregel een titel.", "Give the measure a title."))
    units: list[str] = []
    for i, raw in enumerate(data.units):
        unit = clean_unit(raw)
        if not unit:
            continue
        if any(not part for part in unit.split("/")) or len(unit) > 500:
            found.append(
                problem(
                    f"units[{i}]",
                    f"Eenheid '{raw[:60]}' heeft een leeg deel of is te lang; schrijf "
                    "bijvoorbeeld Zorg/Team A.",
                    f"Unit '{raw[:60]}' has an empty part or is too long; write for example "
                    "Care/Team A.",
                )
            )
        elif known_units and unit not in known_units:
            some = ", ".join(sorted(known_units)[:8])
            found.append(
                problem(
                    f"units[{i}]",
                    f"Eenheid '{unit}' komt niet voor in de medewerkergegevens; kies een "
                    f"bestaande eenheid, zoals {some}.",
                    f"Unit '{unit}' does not occur in the employee data; choose an existing "
                    f"unit, such as {some}.",
                )
            )
        elif unit not in units:
            units.append(unit)
    for i, actor in enumerate(data.actors):
        if actor not in actors:
            found.append(
                problem(
                    f"actors[{i}]",
                    f"Deskundige '{actor}' kennen we niet; kies uit de lijst van 'Wie doet wat'.",
                    f"Professional '{actor}' is unknown; choose from the 'Who does what' list.",
                )
            )
    if data.owner_id is not None and data.owner_id not in members:
        found.append(
            problem(
                "owner_id",
                f"Gebruiker {data.owner_id} is geen lid van deze organisatie; kies een "
                "verantwoordelijke uit de leden.",
                f"User {data.owner_id} is not a member of this organisation; choose the "
                "person responsible from its members.",
            )
        )
    if data.planned_start and data.planned_end and data.planned_end < data.planned_start:
        found.append(
            problem(
                "planned_end",
                f"De geplande einddatum ({data.planned_end}) ligt vóór de startdatum "
                f"({data.planned_start}); zet het einde op of na de start.",
                f"The planned end ({data.planned_end}) lies before the planned start "
                f"({data.planned_start}); set the end on or after the start.",
            )
        )
    actor_ids = list(dict.fromkeys(data.actors))
    cleaned = data.model_copy(
        update={
            "title": title,
            "units": units,
            "actors": actor_ids,
            "risk": data.risk.strip(),
            "notes": data.notes.strip(),
            "origin_ref": data.origin_ref.strip(),
        }
    )
    return cleaned, found


def check_status(
    current: Status, new: Status, day: dt.date, history: list[StatusEntry], today: dt.date
) -> list[Problem]:
    found: list[Problem] = []
    if new == current:
        found.append(
            problem(
                "status",
                f"De maatregel heeft de status '{new}' al.",
                f"The measure has the status '{new}' already.",
            )
        )
    if day > today:
        found.append(
            problem(
                "day",
                f"De datum {day} ligt in de toekomst; een status geldt vanaf vandaag of eerder.",
                f"The date {day} lies in the future; a status takes effect today or earlier.",
            )
        )
    # The first entry is the day the measure was put in the plan; a measure entered
    # afterwards may have started before it, so only later changes must keep their order.
    if len(history) > 1 and day < history[-1].day:
        found.append(
            problem(
                "day",
                f"De datum {day} ligt vóór de vorige statuswijziging ({history[-1].day}); "
                "kies die dag of later.",
                f"The date {day} lies before the previous status change ({history[-1].day}); "
                "choose that day or later.",
            )
        )
    return found
