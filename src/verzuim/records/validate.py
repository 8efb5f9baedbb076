"""Checking a record for import (or before export): the schema, then the evidence rules.

A record is refused, with every reason at once, when it does not fit the schema, when it
calls itself proven without an effect evaluation that could bear that (and an outside
recognition), when its claim does not match its evaluation, or when its texts claim proof
the record does not carry. Each reason names the field and says how to fix it, in Dutch
and English.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from verzuim.evaluation.texts import LABELS
from verzuim.records.model import GoodPracticeRecord, Words

_PROOF_WORDS = re.compile(
    r"\b(bewezen|aantoonbaar|erkend)\s+effectie[fv]\w*|\bproven\b|\bbewezen\b|"
    r"\bevidence[- ]based\b|\beffectief\b|\beffective\b",
    re.IGNORECASE,
)


class Reason(BaseModel):
    code: str
    field: str
    text: Words

    @classmethod
    def make(cls, code: str, field: str, nl: str, en: str) -> Reason:
        return cls(code=code, field=field, text=Words(nl=nl, en=en))


class Outcome(BaseModel):
    accepted: bool
    record: GoodPracticeRecord | None = None
    reasons: list[Reason] = []


class RecordRefused(ValueError):
    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("; ".join(f"{r.field}: {r.text.en}" for r in reasons))
        self.reasons = reasons


def _schema_reasons(err: ValidationError) -> list[Reason]:
    return [
        Reason.make(
            "schema",
            ".".join(str(p) for p in e["loc"]) or "(record)",
            f"past niet in het schema: {e['msg']}",
            f"does not fit the schema: {e['msg']}",
        )
        for e in err.errors()
    ]


def parse(data: bytes | str | dict[str, Any]) -> Outcome:
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            reason = Reason.make(
                "not_json", "(file)", f"geen geldige JSON: {exc}", f"not valid JSON: {exc}"
            )
            return Outcome(accepted=False, reasons=[reason])
    try:
        return Outcome(accepted=True, record=GoodPracticeRecord.model_validate(data))
    except ValidationError as err:
        return Outcome(accepted=False, reasons=_schema_reasons(err))


def _proof_reasons(record: GoodPracticeRecord) -> list[Reason]:
    evaluation = record.effect_evaluation
    if evaluation is None:
        return [
            Reason.make(
                "proven_without_evaluation",
                "evidence_claim",
                "het record noemt zichzelf bewezen maar bevat geen effectevaluatie. Voeg de "
                "evaluatie toe of kies 'practice_based'.",
                "the record calls itself proven but carries no effect evaluation. Add the "
                "evaluation or choose 'practice_based'.",
            )
        ]
    why: list[tuple[str, str]] = []
    if evaluation.design != "did":
        why.append(
            ("een voor/na-meting zonder vergelijkingsgroep", "a before/after without comparison")
        )
    if evaluation.ci_high is None or evaluation.ci_high >= 0:
        why.append(("een interval dat niet geheel onder 0 ligt", "an interval not wholly below 0"))
    if evaluation.too_small:
        why.append(("te weinig gegevens", "too little data"))
    if evaluation.pre_trend_warning:
        why.append(("een waarschuwing van de placebotoets", "a placebo-check warning"))
    if record.recognition is None:
        why.append(
            ("geen erkenning door effectstudies elders ('recognition')",
             "no recognition by outside effect studies ('recognition')")
        )  # fmt: skip
    if not why:
        return []
    return [
        Reason.make(
            "proven_not_supported",
            "evidence_claim",
            "'proven' vraagt meer dan deze evaluatie kan dragen: "
            + "; ".join(nl for nl, _ in why)
            + ". Eén eigen evaluatie bewijst geen werkzaamheid; kies de claim die bij het "
            "ontwerp past.",
            "'proven' asks more than this evaluation can bear: "
            + "; ".join(en for _, en in why)
            + ". One own evaluation does not prove a measure works; choose the claim that "
            "fits the design.",
        )
    ]


def _claim_reasons(record: GoodPracticeRecord) -> list[Reason]:
    claim, evaluation = record.evidence_claim, record.effect_evaluation
    if claim == "proven":
        return _proof_reasons(record)
    if claim == "practice_based":
        return []
    if evaluation is None:
        return [
            Reason.make(
                "claim_without_evaluation",
                "evidence_claim",
                f"de claim '{claim}' vraagt een effectevaluatie; voeg die toe of kies "
                "'practice_based'.",
                f"the claim '{claim}' needs an effect evaluation; add it or choose "
                "'practice_based'.",
            )
        ]
    if claim == "own_evaluation_with_comparison" and evaluation.design != "did":
        return [
            Reason.make(
                "claim_design_mismatch",
                "evidence_claim",
                "de evaluatie heeft geen vergelijkingsgroep; kies 'own_before_after'.",
                "the evaluation has no comparison group; choose 'own_before_after'.",
            )
        ]
    return []


def _evaluation_reasons(record: GoodPracticeRecord) -> list[Reason]:
    e = record.effect_evaluation
    if e is None:
        return []
    found = []
    honest = LABELS[e.design]
    if e.label.nl != honest.nl or (e.label.en is not None and e.label.en != honest.en):
        found.append(
            Reason.make(
                "label",
                "effect_evaluation.label",
                f"het label bij dit ontwerp is '{honest.nl}'.",
                f"the label for this design is '{honest.en}'.",
            )
        )
    values = (e.estimate, e.ci_low, e.ci_high)
    if any(v is None for v in values) and not all(v is None for v in values):
        found.append(
            Reason.make(
                "interval", "effect_evaluation", "schatting en interval horen samen.",
                "estimate and interval go together.",
            )
        )  # fmt: skip
    elif (
        e.estimate is not None
        and e.ci_low is not None
        and e.ci_high is not None
        and not e.ci_low <= e.estimate <= e.ci_high
    ):
        found.append(
                Reason.make(
                    "interval", "effect_evaluation", "de schatting ligt buiten het interval.",
                    "the estimate lies outside its interval.",
                )
            )  # fmt: skip
    if e.design == "its" and e.comparison is not None:
        found.append(
            Reason.make(
                "comparison", "effect_evaluation.comparison",
                "een tijdreeks zonder vergelijkingsgroep heeft geen vergelijkingscijfers.",
                "a time series without comparison has no comparison figures.",
            )
        )  # fmt: skip
    return found


def _text_reasons(record: GoodPracticeRecord) -> list[Reason]:
    if record.evidence_claim == "proven" and record.effect_evaluation is not None:
        return []
    data = record.model_dump(mode="json", exclude={"effect_evaluation", "evidence_claim"})
    found = []
    for section, value in data.items():
        hit = _PROOF_WORDS.search(json.dumps(value, ensure_ascii=False))
        if hit:
            found.append(
                Reason.make(
                    "claim_in_text",
                    section,
                    f"de tekst claimt bewijs ('{hit.group(0)}') dat het record niet draagt; "
                    "beschrijf wat er gebeurde en wat de evaluatie liet zien.",
                    f"the text claims proof ('{hit.group(0)}') the record does not carry; "
                    "describe what happened and what the evaluation showed.",
                )
            )
    return found


def check_record(
    data: bytes | str | dict[str, Any], category_codes: set[str] | None = None
) -> Outcome:
    """The record, or every reason it is refused. ``category_codes`` defaults to the KB's."""
    outcome = parse(data)
    if outcome.record is None:
        return outcome
    record = outcome.record
    reasons = _claim_reasons(record) + _evaluation_reasons(record) + _text_reasons(record)
    codes = category_codes if category_codes is not None else _kb_categories()
    unknown = [c for c in record.practice.categories if c not in codes]
    if unknown:
        listed, allowed = ", ".join(unknown), ", ".join(sorted(codes))
        reasons.append(
            Reason.make(
                "unknown_category",
                "practice.categories",
                f"onbekende categorie(ën) {listed}; kies uit {allowed}.",
                f"unknown categor(y/ies) {listed}; choose from {allowed}.",
            )
        )
    if reasons:
        return Outcome(accepted=False, reasons=reasons)
    return outcome


def _kb_categories() -> set[str]:
    from verzuim.knowledge.load import load

    return {t.code for t in load().vocab.categories}
