"""Render one :class:`Advice` as JSON, Markdown, HTML (standalone, printable) or PDF.

Every export carries the date it was made, the knowledge-base version, the rules version and
every source cited. Renderers only arrange what the engine computed; they decide nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from verzuim.advice.result import Advice, Caveat, Condition, Measure, Professional
from verzuim.i18n import Lang, cbs_titles, translate
from verzuim.i18n.format import install_filters, percent
from verzuim.knowledge.models import Text

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"
STYLE = TEMPLATES / "_advies_style.css"
FORMATS = ("md", "html", "json", "pdf")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "pdf": "application/pdf",
}
COM_B = ("capability", "opportunity", "motivation")


@dataclass
class ConditionGroup:
    key: str  # e.g. "employer-capability"
    perspective: str
    com_b: str
    items: list[Condition] = field(default_factory=list)


@dataclass
class View:
    """The advice arranged for reading: conditions grouped, gaps split, facts by key."""

    advice: Advice
    lang: Lang
    generated: date
    facts: dict[str, list[Text]]
    condition_groups: list[ConditionGroup]
    motivators: list[Condition]
    other_conditions: list[Condition]
    profile_gaps: list[Any]
    general_gaps: list[Any]
    missing_professionals: list[str]
    start_measures: list[Measure]  # the first page: measures to start with
    call: list[Professional]  # the first page: who to call
    no_practice: list[Any]  # risks for which the report has no practice
    # Caveats every practice in the package carries: said once, not under each measure.
    common_caveats: list[Caveat]

    def own_caveats(self, m: Measure) -> list[Caveat]:
        """The caveats of one measure that are not already said once for all practices."""
        common = {c.id for c in self.common_caveats} if m.evidence == "practice_based" else set()
        return [c for c in m.caveats if c.id not in common]


def view(advice: Advice, lang: Lang, generated: date) -> View:
    facts: dict[str, list[Text]] = {}
    for fact in advice.profile_facts:
        facts.setdefault(fact.key, []).append(fact.label)
    groups: dict[str, ConditionGroup] = {}
    motivators: list[Condition] = []
    other: list[Condition] = []
    for c in advice.conditions:
        if c.kind == "condition" and c.com_b and c.perspective:
            key = f"{c.perspective}-{c.com_b}"
            groups.setdefault(key, ConditionGroup(key, c.perspective, c.com_b)).items.append(c)
        elif c.kind in ("motivator", "cost_figure"):
            motivators.append(c)
        else:
            other.append(c)
    ordered = sorted(
        groups.values(),
        key=lambda g: (
            g.perspective != "employer",
            COM_B.index(g.com_b) if g.com_b in COM_B else 9,
        ),
    )
    return View(
        advice=advice,
        lang=lang,
        generated=generated,
        facts=facts,
        condition_groups=ordered,
        motivators=motivators,
        other_conditions=other,
        profile_gaps=[g for g in advice.gaps if g.scope == "profile"],
        general_gaps=[g for g in advice.gaps if g.scope == "general"],
        missing_professionals=[p.name.pick(lang) for p in advice.professionals if not p.available],
        start_measures=[m for i in advice.start.measures for m in advice.measures if m.id == i],
        call=[p for i in advice.start.call for p in advice.professionals if p.id == i],
        no_practice=[g for g in advice.risk_gaps if not g.has_practice],
        common_caveats=_common_caveats(advice.measures),
    )


def _common_caveats(measures: list[Measure]) -> list[Caveat]:
    practices = [m for m in measures if m.evidence == "practice_based"]
    if len(practices) < 2:
        return []
    shared = set.intersection(*({c.id for c in m.caveats} for m in practices))
    return [c for c in practices[0].caveats if c.id in shared]


def tx(text: Text | None, lang: Lang) -> str:
    return "" if text is None else text.pick(lang)


def to_json(advice: Advice) -> str:
    return json.dumps(advice.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


# --- Markdown --------------------------------------------------------------------------


def to_markdown(advice: Advice, lang: Lang, generated: date) -> str:
    v = view(advice, lang, generated)

    def t(key: str) -> str:
        return translate(key, lang)

    def x(text: Text | None) -> str:
        return tx(text, lang)

    out: list[str] = [f"# {t('advies.title')}", ""]
    out.append(
        f"{t('advies.generated')}: {generated.isoformat()} · {t('advies.kb_version')}: "
        f"{advice.knowledge_base_version} · {t('advies.rules_version')}: {advice.rules_version}"
    )
    out += ["", *_md_start(v), "", f"# {t('advies.appendix')}", ""]
    out += [f"## {t('advies.profile')}", ""]
    for key, labels in v.facts.items():
        out.append(f"- **{t('advies.field.' + key)}**: {', '.join(x(label) for label in labels)}")
    out += ["", f"## {t('advies.measures')}", "", t("advies.measures.intro"), ""]
    if v.common_caveats:
        out.append(f"{t('advies.caveats.common')}:")
        out += [f"- {x(c.text)}" for c in v.common_caveats] + [""]
    for rank, m in enumerate(advice.measures, start=1):
        out += _md_measure(rank, m, v)
    if advice.more_measures:
        out += [f"## {t('advies.more')}", ""]
        for m in advice.more_measures:
            out.append(f"- [{x(m.title)}]({m.url}) ({x(m.evidence_label)})")
        out.append("")
    if advice.skipped:
        out += [f"## {t('advies.skipped')}", ""]
        out += [f"- {x(s.title)} ({s.id})" for s in advice.skipped] + [""]
    out += [f"## {t('advies.basics')}", "", t("advies.basics.intro"), ""]
    for basic in advice.basics:
        names = ", ".join(x(n) for n in basic.actor_names)
        out.append(f"- **{x(basic.title)}**: {x(basic.text)} ({names}; § {basic.section})")
    for risk_gap in advice.risk_gaps:
        hints = " ".join(f"{x(h.explain)} (§ {h.section})" for h in risk_gap.hints)
        out.append(f"- **{x(risk_gap.label)}**: {x(risk_gap.text)} {hints}".rstrip())
    out += ["", f"## {t('advies.professionals')}", "", t("advies.professionals.intro"), ""]
    for p in advice.professionals:
        core = f" — {t('advies.core_expert')}" if p.core_expert else ""
        status = t("advies.available") if p.available else t("advies.not_available")
        needs = [t("advies.need." + n) for n in p.for_needs]
        risks = [x(r.label) for r in advice.professionals_by_risk if r.risk in p.for_risks]
        out.append(f"- **{x(p.name)}**{core} ({status}): {', '.join(risks + needs)}")
        out += [f"  - {x(r.explain)} (§ {r.section})" for r in p.reasons]
    out += ["", f"## {t('advies.conditions')}", "", t("advies.conditions.intro"), ""]
    for g in v.condition_groups:
        out.append(
            f"### {t('advies.perspective.' + g.perspective)} · {t('advies.com_b.' + g.com_b)}"
        )
        for c in g.items:
            valence = f" ({t('advies.valence.' + c.valence)})" if c.valence else ""
            out.append(f"- {x(c.text)}{valence}")
        out.append("")
    out += [f"### {t('advies.motivators')}"] + [f"- {x(c.text)}" for c in v.motivators] + [""]
    if v.other_conditions:
        out += [f"### {t('advies.other_conditions')}"]
        out += [f"- {x(c.text)}" for c in v.other_conditions] + [""]
    out += [f"## {t('advies.gaps')}", ""]
    for g in v.profile_gaps + v.general_gaps:
        out.append(f"- **{x(g.topic)}**: {x(g.missing)} (§ {', '.join(g.sections)})")
    out += ["", f"## {t('advies.benchmark')}", ""]
    out += [*_md_benchmark(advice, lang), ""]
    if advice.notes:
        out += [f"## {t('advies.notes')}", ""] + [f"- {x(n)}" for n in advice.notes] + [""]
    out += [f"## {t('advies.sources')}", "", f"> {t('advies.disclaimer')}", ""]
    for s in advice.sources:
        url = f" <{s.url}>" if s.url else ""
        out.append(f"- [{s.id}] {s.citation}{url}")
    return "\n".join(out) + "\n"


def _md_start(v: View) -> list[str]:
    """Page one: the measures to start with, who to call, the first step, the caveat."""
    advice, lang = v.advice, v.lang

    def t(key: str) -> str:
        return translate(key, lang)

    def x(text: Text | None) -> str:
        return tx(text, lang)

    out = [f"## {t('advies.start')}", "", t("advies.start.intro"), ""]
    for rank, m in enumerate(v.start_measures, start=1):
        out.append(f"{rank}. **[{x(m.title)}]({m.url})** — {x(m.evidence_label)}")
        if m.interventions:
            out.append(f"   {t('advies.interventions')}:")
            out += [f"   - [{x(i.text)}]({i.url})" for i in m.interventions]
    out += ["", f"### {t('advies.start.call')}", ""]
    for p in v.call:
        status = t("advies.available") if p.available else t("advies.not_available")
        risks = [x(r.label) for r in advice.professionals_by_risk if r.risk in p.for_risks]
        needs = [t("advies.need." + n) for n in p.for_needs]
        out.append(f"- **{x(p.name)}** ({status}): {', '.join(risks + needs)}")
    first = advice.start.first_step
    out += [
        "",
        f"### {t('advies.start.first_step')}",
        "",
        f"{x(first.explain)} (§ {first.section})",
    ]
    basics = " · ".join(x(b.title) for b in advice.basics)
    out += ["", f"**{t('advies.basics')}**: {basics}"]
    for g in v.no_practice:
        hints = " ".join(x(h.explain) for h in g.hints)
        out += ["", f"**{x(g.label)}**: {x(g.text)} {hints}".rstrip()]
    out += ["", f"> **{t('advies.start.caveat')}**: {x(advice.start.caveat.explain)}"]
    return out


def _md_measure(rank: int, m: Measure, v: View) -> list[str]:
    lang = v.lang

    def t(key: str) -> str:
        return translate(key, lang)

    out = [
        f"### {rank}. [{tx(m.title, lang)}]({m.url})",
        "",
        f"- {t('advies.evidence')}: **{tx(m.evidence_label, lang)}**",
        f"- {t('advies.level')}: {t('advies.level.' + m.level)}",
        "",
        tx(m.summary, lang),
        "",
    ]
    if m.interventions:
        out += [f"{t('advies.interventions')}:", ""]
        out += [f"- [{tx(i.text, lang)}]({i.url})" for i in m.interventions] + [""]
    if m.effect:
        out += [tx(m.effect, lang), ""]
    own = v.own_caveats(m)
    if own:
        out += [f"{t('advies.caveats')}:"] + [f"- {tx(c.text, lang)}" for c in own] + [""]
    if m.note:
        out += [f"{t('advies.note')}: {tx(m.note, lang)}", ""]
    out.append(f"{t('advies.why')}:")
    out += [f"- {tx(r.explain, lang)} (§ {r.section})" for r in m.reasons]
    if m.added_by:
        out.append(f"- {tx(m.added_by.explain, lang)} (§ {m.added_by.section})")
    out += ["", f"{t('advies.source')}: [{m.source.id}] {m.source.citation}", ""]
    return out


def _md_benchmark(advice: Advice, lang: Lang) -> list[str]:
    b = advice.benchmark
    rows = [
        ("advies.benchmark.sector", b.sector),
        ("advies.benchmark.size", b.size_class),
        ("advies.benchmark.total", b.total),
    ]
    out = [
        f"- {translate(key, lang)}: {percent(fig.absence_pct, lang)} "
        f"({cbs_titles.cbs_title(fig.label, lang)}, {fig.year})"
        for key, fig in rows
        if fig is not None
    ]
    return [*out, "", tx(b.note, lang), f"{b.source}"]


# --- HTML ------------------------------------------------------------------------------


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install_filters(env)
    cbs_titles.install(env)
    return env


def template_context(advice: Advice, lang: Lang, generated: date) -> dict[str, Any]:
    """What _advies_result.html needs; the web page adds its own request context on top."""
    return {
        "v": view(advice, lang, generated),
        "advice": advice,
        "lang": lang,
        "tx": lambda text: tx(text, lang),
    }


def to_html(advice: Advice, lang: Lang, generated: date, share_url: str | None = None) -> str:
    """A standalone HTML document (inline CSS, print-ready), for download and the CLI."""
    context = template_context(advice, lang, generated)
    context.update(
        t=lambda key: translate(key, lang),
        style=STYLE.read_text(encoding="utf-8"),
        share_url=share_url,
    )
    return environment().get_template("advies_export.html").render(context)


def to_pdf(advice: Advice, lang: Lang, generated: date) -> bytes:
    from verzuim.advice.pdf import render_pdf

    return render_pdf(view(advice, lang, generated))
