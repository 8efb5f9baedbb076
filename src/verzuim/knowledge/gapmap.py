"""The evidence-and-gap map: intervention categories against absence type (and a second dimension).

Like the Campbell/3ie maps: rows are interventions, columns are populations (absence type,
split by worker type, level or single/multi); a cell counts the good practices and names the
review-level conclusions for that combination; its class says the strongest kind of evidence;
an empty cell is a gap. A cell's records are exactly what its link to /maatregelen lists,
because both use the same facet values.
"""

from __future__ import annotations

import csv
import io
from typing import Literal

from pydantic import BaseModel

from verzuim.csvsafe import safe_cell
from verzuim.i18n import Lang
from verzuim.knowledge.documents import Doc
from verzuim.knowledge.facets import FacetDef
from verzuim.knowledge.load import KnowledgeBase, load
from verzuim.knowledge.models import EvidenceStatement, Text
from verzuim.knowledge.search import index_for, state_url

Second = Literal["none", "worker_type", "level", "components"]
SECOND_DIMENSIONS: tuple[Second, ...] = ("none", "worker_type", "level", "components")
EvidenceClass = Literal["review_indicative", "review_weak", "practice_only", "gap"]

LEGEND: dict[EvidenceClass, Text] = {
    "review_indicative": Text(
        nl="Reviews wijzen op effect (en eventueel praktijkervaring)",
        en="Reviews indicate an effect (possibly with practice-based evidence)",
    ),
    "review_weak": Text(
        nl="Zwak bewijs uit reviews (en eventueel praktijkervaring)",
        en="Weak review evidence (possibly with practice-based evidence)",
    ),
    "practice_only": Text(
        nl="Alleen praktijkervaring (door de organisatie zelf gemeld)",
        en="Practice-based only (reported by the organisation itself)",
    ),
    "gap": Text(nl="Hiaat: geen praktijk en geen review", en="Gap: no practice and no review"),
}
SECOND_LABELS: dict[Second, Text] = {
    "none": Text(nl="Alleen type verzuim", en="Absence type only"),
    "worker_type": Text(nl="Type werknemer", en="Worker type"),
    "level": Text(nl="Aangrijpingspunt (persoon/omgeving)", en="Level (individual/environment)"),
    "components": Text(nl="Single of multi", en="Single or multi"),
}


class MapColumn(BaseModel):
    key: str
    absence_type: str
    absence_label: str
    second: str | None
    second_label: str | None


class MapCell(BaseModel):
    row: str
    column: str
    practices: int
    reviews: list[str]  # ids of review-level conclusions
    evidence: EvidenceClass
    url: str
    label: str  # the whole cell in words, for screen readers and the table version


class MapRow(BaseModel):
    code: str
    label: str
    practices: int
    cells: list[MapCell]


class LegendItem(BaseModel):
    evidence: EvidenceClass
    label: str


class GapMap(BaseModel):
    second: Second
    second_label: str
    columns: list[MapColumn]
    rows: list[MapRow]
    legend: list[LegendItem]
    max_count: int
    gaps: int
    cells: int
    notes: list[str]


def _values(defs: dict[str, FacetDef], name: str) -> tuple[str, ...]:
    return defs[name].codes


def _class(docs: list[Doc], practices: int) -> EvidenceClass:
    strengths = {d.record.strength for d in docs if isinstance(d.record, EvidenceStatement)}
    if "indicative" in strengths:
        return "review_indicative"
    if "weak" in strengths:
        return "review_weak"
    return "practice_only" if practices else "gap"


def gap_map(second: Second = "none", lang: Lang = "nl", kb: KnowledgeBase | None = None) -> GapMap:
    kb = kb or load()
    index = index_for(kb)
    defs = {f.name: f for f in index.facets}
    columns: list[MapColumn] = []
    for absence in _values(defs, "absence_type"):
        seconds: tuple[str | None, ...] = (None,) if second == "none" else _values(defs, second)
        for value in seconds:
            columns.append(
                MapColumn(
                    key=absence if value is None else f"{absence}.{value}",
                    absence_type=absence,
                    absence_label=defs["absence_type"].label_of(absence).pick(lang),
                    second=value,
                    second_label=None
                    if value is None or second == "none"
                    else defs[second].label_of(value).pick(lang),
                )
            )
    relevant = [d for d in index.docs if d.kind != "review_group"]
    rows: list[MapRow] = []
    max_count = 0
    gaps = 0
    for category in kb.vocab.categories:
        cells: list[MapCell] = []
        in_row = [d for d in relevant if category.code in d.facets["category"]]
        for col in columns:
            docs = [
                d
                for d in in_row
                if col.absence_type in d.facets["absence_type"]
                and (col.second is None or second == "none" or col.second in d.facets[second])
            ]
            practices = sum(1 for d in docs if d.kind == "practice")
            reviews = [d.id for d in docs if d.kind == "statement"]
            evidence = _class(docs, practices)
            max_count = max(max_count, practices)
            gaps += evidence == "gap"
            selected: dict[str, list[str]] = {
                "category": [category.code],
                "absence_type": [col.absence_type],
            }
            if col.second is not None and second != "none":
                selected[second] = [col.second]
            column_name = col.absence_label + (f", {col.second_label}" if col.second_label else "")
            label = _cell_label(
                category.label.pick(lang), column_name, practices, len(reviews), evidence, lang
            )
            cells.append(
                MapCell(
                    row=category.code,
                    column=col.key,
                    practices=practices,
                    reviews=reviews,
                    evidence=evidence,
                    url=state_url("/maatregelen", "", selected),
                    label=label,
                )
            )
        rows.append(
            MapRow(
                code=category.code,
                label=category.label.pick(lang),
                practices=sum(1 for d in in_row if d.kind == "practice"),
                cells=cells,
            )
        )
    notes = [
        (
            Text(
                nl="Review-conclusies (hoofdstuk 2) noemen geen type werknemer, sector of land; "
                "ze staan bij 'Niet vermeld' als u splitst naar type werknemer.",
                en="Review conclusions (chapter 2) name no worker type, sector or country; "
                "they appear under 'Not stated' when you split by worker type.",
            )
        ).pick(lang),
        (
            Text(
                nl="De zeven thuiswerkpraktijken (tabel B1.2) hebben geen type verzuim: "
                "kolom 'Niet vermeld'.",
                en="The seven home-working practices (Table B1.2) have no absence type: "
                "column 'Not stated'.",
            )
        ).pick(lang),
    ]
    return GapMap(
        second=second,
        second_label=SECOND_LABELS[second].pick(lang),
        columns=columns,
        rows=rows,
        legend=[LegendItem(evidence=k, label=v.pick(lang)) for k, v in LEGEND.items()],
        max_count=max_count,
        gaps=gaps,
        cells=len(rows) * len(columns),
        notes=notes,
    )


def _cell_label(
    row: str, column: str, practices: int, reviews: int, evidence: EvidenceClass, lang: Lang
) -> str:
    if lang == "en":
        counts = f"{practices} good practice{'s' if practices != 1 else ''}, "
        counts += f"{reviews} review conclusion{'s' if reviews != 1 else ''}"
    else:
        counts = f"{practices} goede praktijk{'en' if practices != 1 else ''}, "
        counts += f"{reviews} review-conclusie{'s' if reviews != 1 else ''}"
    return f"{row} × {column}: {counts} ({LEGEND[evidence].pick(lang)})"


def gap_map_csv(data: GapMap) -> str:
    """One line per cell, with codes and labels, so a spreadsheet can rebuild the map."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "category",
            "category_label",
            "absence_type",
            "second_dimension",
            "second_value",
            "practices",
            "review_conclusions",
            "evidence",
            "list_url",
        ]
    )
    columns = {c.key: c for c in data.columns}
    for row in data.rows:
        for cell in row.cells:
            col = columns[cell.column]
            writer.writerow(
                [
                    row.code,
                    safe_cell(row.label),
                    col.absence_type,
                    "" if data.second == "none" else data.second,
                    col.second or "",
                    cell.practices,
                    " ".join(cell.reviews),
                    cell.evidence,
                    cell.url,
                ]
            )
    return out.getvalue()
