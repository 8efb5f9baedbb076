"""The advice as a PDF (fpdf2), with no font fetched from the network.

DejaVu Sans from the operating system is used when it is installed (Debian: fonts-dejavu-core),
so every character renders. Without it the PDF falls back to the built-in Helvetica, which
covers Latin-1 (ë, é, ï, ü ...); the few typographic characters outside Latin-1 are replaced
by their plain equivalents rather than failing the export.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from fpdf import FPDF

from verzuim.advice.result import Measure
from verzuim.i18n import translate
from verzuim.i18n.cbs_titles import cbs_title
from verzuim.i18n.format import percent

if TYPE_CHECKING:
    from verzuim.advice.render import View

# Line height in mm per point of type: 0.45 is about 1.27 times the type size.
LEADING = 0.45
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
PLAIN = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "€": "EUR",
        "≥": ">=",
        "≤": "<=",
        "•": "-",
        "\u00a0": " ",
    }
)


def _font_paths() -> tuple[Path, Path] | None:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None


class AdvicePdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        fonts = _font_paths()
        if fonts:
            self.add_font("DejaVu", "", str(fonts[0]))
            self.add_font("DejaVu", "B", str(fonts[1]))
            self.font_name = "DejaVu"
            self.has_unicode = True
        else:
            self.font_name = "Helvetica"
            self.has_unicode = False
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(14, 12, 14)

    def clean(self, text: str) -> str:
        if self.has_unicode:
            return text
        plain = text.translate(PLAIN)
        return plain.encode("latin-1", errors="replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.font_name, "", 7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.clean(f"{self.footer_text} · {self.page_no()}"), align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(2)
        self.set_font(self.font_name, "B", size)
        self.multi_cell(0, size * 0.5, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, text: str, size: int = 9, bold: bool = False) -> None:
        self.set_font(self.font_name, "B" if bold else "", size)
        self.multi_cell(0, size * LEADING, self.clean(text), new_x="LMARGIN", new_y="NEXT")

    def flow(self, items: list[str], size: int, chunk: int = 500) -> None:
        """Short items run on as paragraphs of about `chunk` characters.

        Dense on paper, and fast: fpdf2 measures a growing line fragment again for every
        character, so one very long paragraph costs time quadratic in its length.
        """
        part: list[str] = []
        for item in items:
            part.append(item)
            if sum(len(p) for p in part) >= chunk:
                self.para(" · ".join(part), size)
                part = []
        if part:
            self.para(" · ".join(part), size)

    def bullet(self, text: str, size: int = 9) -> None:
        self.set_font(self.font_name, "", size)
        self.set_x(self.l_margin + 3)
        self.multi_cell(0, size * LEADING, self.clean(f"- {text}"), new_x="LMARGIN", new_y="NEXT")


# Page one is read; the appendix is looked up: a smaller type keeps the whole advice within
# four A4 pages (tests/advice/test_print.py), the first page within one.
START_SIZE = 9
APPENDIX_SIZE = 7


def render_pdf(v: View) -> bytes:
    advice, lang = v.advice, v.lang

    def t(key: str) -> str:
        return translate(key, lang)

    def x(text: object) -> str:
        return str(getattr(text, lang, "")) if text is not None else ""

    meta = (
        f"{t('advies.generated')}: {v.generated.isoformat()} · {t('advies.kb_version')}: "
        f"{advice.knowledge_base_version} · {t('advies.rules_version')}: {advice.rules_version}"
    )
    pdf = AdvicePdf(f"{t('site.name')} · {t('advies.title')} · {meta}")
    pdf.set_title(t("advies.title"))
    # The export date, not the clock: the same advice on the same day gives the same bytes.
    pdf.set_creation_date(datetime.combine(v.generated, time(0), tzinfo=UTC))
    pdf.add_page()
    pdf.heading(t("advies.title"), 16)
    pdf.para(meta, 7)
    _start_page(pdf, v)

    # --- appendix: the full package and why -------------------------------------------
    pdf.add_page()
    size = APPENDIX_SIZE
    pdf.heading(t("advies.appendix"), 12)
    pdf.heading(t("advies.profile"), 9)
    facts = [
        f"{t('advies.field.' + k)}: {', '.join(x(lb) for lb in labels)}"
        for k, labels in v.facts.items()
    ]
    pdf.flow(facts, size)

    pdf.heading(t("advies.measures"), 9)
    pdf.para(t("advies.measures.intro"), size)
    if v.common_caveats:
        common = "; ".join(x(c.text) for c in v.common_caveats)
        pdf.para(f"{t('advies.caveats.common')}: {common}", size)
    for rank, m in enumerate(advice.measures, start=1):
        _measure(pdf, rank, m, v)
    if advice.more_measures:
        more = [f"{x(m.title)} ({m.id})" for m in advice.more_measures]
        pdf.flow([f"{t('advies.more')}: {more[0]}", *more[1:]], size)
    if advice.skipped:
        skipped = " · ".join(f"{x(s.title)} ({s.id})" for s in advice.skipped)
        pdf.para(f"{t('advies.skipped')}: {skipped}", size)

    pdf.heading(t("advies.basics"), 9)
    for basic in advice.basics:
        names = ", ".join(x(n) for n in basic.actor_names)
        pdf.bullet(f"{x(basic.title)}: {x(basic.text)} ({names}; § {basic.section})", size)
    for risk_gap in advice.risk_gaps:
        hints = " ".join(f"{x(h.explain)} (§ {h.section})" for h in risk_gap.hints)
        pdf.bullet(f"{x(risk_gap.label)}: {x(risk_gap.text)} {hints}".strip(), size)

    pdf.heading(t("advies.professionals"), 9)
    pdf.para(t("advies.professionals.intro"), size)
    for p in advice.professionals:
        risks = [x(r.label) for r in advice.professionals_by_risk if r.risk in p.for_risks]
        needs = [t("advies.need." + n) for n in p.for_needs]
        core = f" [{t('advies.core_expert')}]" if p.core_expert else ""
        status = t("advies.available") if p.available else t("advies.not_available")
        why = " ".join(f"{x(r.explain)} (§ {r.section})" for r in p.reasons)
        pdf.bullet(f"{x(p.name)}{core} ({status}; {', '.join(risks + needs)}): {why}", size)

    pdf.heading(t("advies.conditions"), 9)
    pdf.para(t("advies.conditions.intro"), size)
    for g in v.condition_groups:
        title = f"{t('advies.perspective.' + g.perspective)} · {t('advies.com_b.' + g.com_b)}"
        items = [
            x(c.text) + (f" ({t('advies.valence.' + c.valence)})" if c.valence else "")
            for c in g.items
        ]
        pdf.flow([f"{title}: {items[0]}", *items[1:]], size)
    motivators = [x(c.text) for c in v.motivators]
    if motivators:
        pdf.flow([f"{t('advies.motivators')}: {motivators[0]}", *motivators[1:]], size)
    if v.other_conditions:
        other = [x(c.text) for c in v.other_conditions]
        pdf.flow([f"{t('advies.other_conditions')}: {other[0]}", *other[1:]], size)

    pdf.heading(t("advies.gaps"), 9)
    pdf.flow(
        [
            f"{x(gap.topic)}: {x(gap.missing)} (§ {', '.join(gap.sections)})"
            for gap in v.profile_gaps + v.general_gaps
        ],
        size,
    )

    pdf.heading(t("advies.benchmark"), 9)
    b = advice.benchmark
    figures = [
        f"{t(key)}: {percent(fig.absence_pct, lang)} ({cbs_title(fig.label, lang)}, {fig.year})"
        for key, fig in (
            ("advies.benchmark.sector", b.sector),
            ("advies.benchmark.size", b.size_class),
            ("advies.benchmark.total", b.total),
        )
        if fig is not None
    ]
    pdf.para(" · ".join(figures) + f". {x(b.note)} {b.source}", size)
    if advice.notes:
        pdf.para(f"{t('advies.notes')}: " + " · ".join(x(n) for n in advice.notes), size)

    pdf.heading(t("advies.sources"), 9)
    pdf.para(t("advies.disclaimer"), size)
    pdf.flow(
        [
            f"[{src.id}] {src.citation}" + (f" {src.url}" if src.url else "")
            for src in advice.sources
        ],
        6,
    )
    return bytes(pdf.output())


def _start_page(pdf: AdvicePdf, v: View) -> None:
    """Page one: the measures to start with, who to call, the first step, the caveat."""
    advice, lang = v.advice, v.lang

    def t(key: str) -> str:
        return translate(key, lang)

    def x(text: object) -> str:
        return str(getattr(text, lang, "")) if text is not None else ""

    size = START_SIZE
    pdf.heading(t("advies.start"), 13)
    pdf.para(t("advies.start.intro"), 8)
    for rank, m in enumerate(v.start_measures, start=1):
        pdf.ln(1)
        pdf.para(f"{rank}. {x(m.title)}", 10, bold=True)
        pdf.para(f"{x(m.evidence_label)} · {t('advies.level')}: {t('advies.level.' + m.level)}", 8)
        if m.interventions:
            pdf.para(f"{t('advies.interventions')}:", size)
            for i in m.interventions:
                pdf.bullet(x(i.text), size)
        else:
            pdf.para(_first_sentence(x(m.summary)), size)
    pdf.heading(t("advies.start.call"), 11)
    for p in v.call:
        status = t("advies.available") if p.available else t("advies.not_available")
        risks = [x(r.label) for r in advice.professionals_by_risk if r.risk in p.for_risks]
        needs = [t("advies.need." + n) for n in p.for_needs]
        pdf.bullet(f"{x(p.name)} ({status}): {', '.join(risks + needs)}", size)
    first = advice.start.first_step
    pdf.heading(t("advies.start.first_step"), 11)
    pdf.para(f"{x(first.explain)} (§ {first.section})", size)
    basics = " · ".join(x(b.title) for b in advice.basics)
    pdf.para(f"{t('advies.basics')}: {basics}", size)
    for g in v.no_practice:
        hints = " ".join(x(h.explain) for h in g.hints)
        pdf.para(f"{x(g.label)}: {x(g.text)} {hints}".strip(), size, bold=False)
    pdf.ln(2)
    pdf.para(f"{t('advies.start.caveat')}: {x(advice.start.caveat.explain)}", size, bold=True)


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _measure(pdf: AdvicePdf, rank: int, m: Measure, v: View) -> None:
    lang = v.lang
    size = APPENDIX_SIZE

    def t(key: str) -> str:
        return translate(key, lang)

    def x(text: object) -> str:
        return str(getattr(text, lang, "")) if text is not None else ""

    pdf.ln(1)
    pdf.para(f"{rank}. {x(m.title)}", 8, bold=True)
    pdf.para(
        f"{t('advies.evidence')}: {x(m.evidence_label)} · {t('advies.level')}: "
        f"{t('advies.level.' + m.level)} · {t('advies.source')}: [{m.source.id}] "
        f"{m.source.citation}",
        6,
    )
    text = x(m.summary) + (f" {x(m.effect)}" if m.effect else "")
    pdf.para(text, size)
    if m.interventions:
        names = "; ".join(x(i.text) for i in m.interventions)
        pdf.para(f"{t('advies.interventions')}: {names}", size)
    own = v.own_caveats(m)
    if own:
        pdf.para(f"{t('advies.caveats')}: " + " ".join(x(c.text) for c in own), size)
    if m.note:
        pdf.para(f"{t('advies.note')}: {x(m.note)}", size)
    why = [f"{x(r.explain)} (§ {r.section})" for r in m.reasons]
    if m.added_by:
        why.append(f"{x(m.added_by.explain)} (§ {m.added_by.section})")
    pdf.para(f"{t('advies.why')}: " + " · ".join(why), size)
