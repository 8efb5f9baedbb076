"""A good-practice record as a two-page A4 PDF: page 1 the practice and its description,
page 2 the process and effect evaluation. Renders the record; computes nothing."""

from __future__ import annotations

from verzuim.plans.export import _Pdf
from verzuim.records.model import GoodPracticeRecord, Words

LABELS: dict[str, tuple[str, str]] = {
    "goal": ("Doel", "Goal"),
    "target_group": ("Doelgroep", "Target group"),
    "approach": ("Aanpak", "Approach"),
    "preconditions": ("Randvoorwaarden", "Preconditions"),
    "transferability": ("Overdraagbaarheid", "Transferability"),
    "implementation_experience": ("Ervaringen met de uitvoering", "Implementation experience"),
    "costs": ("Kosten", "Costs"),
    "management_involvement": ("Betrokkenheid leiding", "Management involvement"),
    "worker_involvement": ("Betrokkenheid medewerkers", "Worker involvement"),
    "costs_and_benefits": ("Kosten en baten", "Costs and benefits"),
    "reach": ("Bereik", "Reach"),
    "adoption": ("Adoptie", "Adoption"),
    "implementation": ("Uitvoering", "Implementation"),
    "maintenance_note": ("Behoud", "Maintenance"),
    "after_action_review": ("Terugblik", "After-action review"),
    "process": ("Procesevaluatie (RE-AIM)", "Process evaluation (RE-AIM)"),
    "effect": ("Effectevaluatie", "Effect evaluation"),
    "no_effect": (
        "Geen effectevaluatie opgenomen: een praktijkervaring zonder vergelijking.",
        "No effect evaluation included: a practice account without comparison.",
    ),
    "claim": ("Claim over bewijs", "Evidence claim"),
    "licence": ("Licentie", "Licence"),
    "estimate": ("Schatting (procentpunt ZVP)", "Estimate (ZVP percentage points)"),
    "warnings": ("Waarschuwingen", "Warnings"),
    "reach_pct": ("Bereik (% van de doelgroep)", "Reach (% of the target group)"),
    "as_planned": ("Uitgevoerd zoals gepland", "Carried out as planned"),
    "practice": ("Kenmerken", "Characteristics"),
}


def _l(key: str, lang: str) -> str:
    nl, en = LABELS[key]
    return en if lang == "en" else nl


def _w(words: Words | None, lang: str) -> str:
    if words is None:
        return "-"
    return words.en if lang == "en" and words.en else words.nl


def record_pdf(r: GoodPracticeRecord, lang: str) -> bytes:
    doc = _Pdf("P")
    pdf = doc.pdf
    pdf.set_title(doc.clean(_w(r.title, lang)))
    pdf.add_page()
    doc.heading(_w(r.title, lang), 15)
    doc.para(
        f"{r.id} · {r.created} · {_l('licence', lang)}: {r.licence} · "
        f"{_l('claim', lang)}: {r.evidence_claim}"
    )
    o = r.organisation
    doc.para(f"NACE {o.sector_nace} · {o.number_of_workers} · {o.ownership}")
    pr = r.practice
    doc.para(
        f"{_l('practice', lang)}: {', '.join(pr.categories)} · {pr.level} · {pr.components}"
        + (f" · {pr.absence_type}" if pr.absence_type else "")
        + (f" · {pr.worker_type}" if pr.worker_type else "")
    )
    pdf.ln(2)
    for key in (
        "goal", "target_group", "approach", "preconditions", "transferability",
        "implementation_experience", "costs",
    ):  # fmt: skip
        doc.heading(_l(key, lang), 10)
        doc.para(_w(getattr(r.description, key), lang))
    for key in ("management_involvement", "worker_involvement", "costs_and_benefits"):
        doc.heading(_l(key, lang), 10)
        doc.para(_w(getattr(o, key), lang))
    pdf.add_page()
    doc.heading(_l("process", lang), 13)
    p = r.process
    doc.para(
        f"{_l('reach_pct', lang)}: {'-' if p.reach_pct is None else f'{p.reach_pct:.0f}'} · "
        f"{_l('as_planned', lang)}: {p.implementation_as_planned or '-'} · "
        f"{p.maintenance}" + (f" · {p.costs_eur:.0f} EUR" if p.costs_eur is not None else "")
    )
    for key in ("reach", "adoption", "implementation", "maintenance_note", "after_action_review"):
        value = getattr(p, key)
        if value is not None:
            doc.heading(_l(key, lang), 10)
            doc.para(_w(value, lang))
    pdf.ln(2)
    doc.heading(_l("effect", lang), 13)
    e = r.effect_evaluation
    if e is None:
        doc.para(_l("no_effect", lang))
    else:
        doc.heading(_w(e.label, lang), 10)
        doc.para(_w(e.summary, lang))
        if e.estimate is not None and e.ci_low is not None and e.ci_high is not None:
            doc.para(
                f"{_l('estimate', lang)}: {e.estimate:.2f} "
                f"[{e.ci_low:.2f}; {e.ci_high:.2f}] ({e.level:.0%}, {e.resamples})"
            )
        if e.warnings:
            doc.heading(_l("warnings", lang), 10)
            for w in e.warnings:
                doc.para(f"- {_w(w, lang)}")
    return bytes(pdf.output())
