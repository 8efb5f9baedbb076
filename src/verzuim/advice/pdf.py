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
from verzuim.i18n.format import decimal, percent

if TYPE_CHECKING:
    from verzuim.advice.render import View

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
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 16, 18)

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
        self.multi_cell(0, size * 0.5, self.clean(text), new_x="LMARGIN", new_y="NEXT")

    def bullet(self, text: str, size: int = 9) -> None:
        self.set_font(self.font_name, "", size)
        self.set_x(self.l_margin + 3)
        self.multi_cell(0, size * 0.5, self.clean(f"- {text}"), new_x="LMARGIN", new_y="NEXT")


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
    pdf.heading(t("advies.title"), 18)
    pdf.para(meta, 8)
    pdf.ln(2)
    pdf.para(t("advies.disclaimer"), 9, bold=True)

    pdf.heading(t("advies.profile"))
    for key, labels in v.facts.items():
        pdf.bullet(f"{t('advies.field.' + key)}: {', '.join(x(label) for label in labels)}")

    pdf.heading(t("advies.measures"))
    pdf.para(t("advies.measures.intro"), 8)
    for rank, m in enumerate(advice.measures, start=1):
        _measure(pdf, rank, m, v)
    if advice.more_measures:
        pdf.heading(t("advies.more"), 11)
        for m in advice.more_measures:
            pdf.bullet(
                f"{x(m.title)} ({x(m.evidence_label)}; "
                f"{t('advies.score')} {decimal(m.score, lang)})"
            )
    if advice.skipped:
        pdf.heading(t("advies.skipped"), 11)
        for s in advice.skipped:
            pdf.bullet(f"{x(s.title)} ({s.id})")

    pdf.heading(t("advies.professionals"))
    pdf.para(t("advies.professionals.intro"), 8)
    for p in advice.professionals:
        risks = [x(r.label) for r in advice.professionals_by_risk if r.risk in p.for_risks]
        needs = [t("advies.need." + n) for n in p.for_needs]
        core = f" [{t('advies.core_expert')}]" if p.core_expert else ""
        status = t("advies.available") if p.available else t("advies.not_available")
        pdf.bullet(f"{x(p.name)}{core} ({status}): {', '.join(risks + needs)}")

    pdf.heading(t("advies.conditions"))
    for g in v.condition_groups:
        title = f"{t('advies.perspective.' + g.perspective)} · {t('advies.com_b.' + g.com_b)}"
        pdf.para(title, 10, bold=True)
        for c in g.items:
            valence = f" ({t('advies.valence.' + c.valence)})" if c.valence else ""
            pdf.bullet(x(c.text) + valence)
    pdf.para(t("advies.motivators"), 10, bold=True)
    for c in v.motivators:
        pdf.bullet(x(c.text))
    if v.other_conditions:
        pdf.para(t("advies.other_conditions"), 10, bold=True)
        for c in v.other_conditions:
            pdf.bullet(x(c.text))

    pdf.heading(t("advies.gaps"))
    for gap in v.profile_gaps + v.general_gaps:
        pdf.bullet(f"{x(gap.topic)}: {x(gap.missing)} (§ {', '.join(gap.sections)})")

    pdf.heading(t("advies.benchmark"))
    b = advice.benchmark
    for key, fig in (
        ("advies.benchmark.sector", b.sector),
        ("advies.benchmark.size", b.size_class),
        ("advies.benchmark.total", b.total),
    ):
        if fig is not None:
            pdf.bullet(
                f"{t(key)}: {percent(fig.absence_pct, lang)} "
                f"({cbs_title(fig.label, lang)}, {fig.year})"
            )
    pdf.para(f"{x(b.note)} {b.source}", 8)

    if advice.notes:
        pdf.heading(t("advies.notes"))
        for n in advice.notes:
            pdf.bullet(x(n))

    pdf.heading(t("advies.sources"))
    for src in advice.sources:
        pdf.bullet(f"[{src.id}] {src.citation}" + (f" {src.url}" if src.url else ""), 8)
    return bytes(pdf.output())


def _measure(pdf: AdvicePdf, rank: int, m: Measure, v: View) -> None:
    lang = v.lang

    def t(key: str) -> str:
        return translate(key, lang)

    def x(text: object) -> str:
        return str(getattr(text, lang, "")) if text is not None else ""

    pdf.heading(f"{rank}. {x(m.title)}", 11)
    pdf.para(
        f"{t('advies.evidence')}: {x(m.evidence_label)} · {t('advies.level')}: "
        f"{t('advies.level.' + m.level)} · {t('advies.score')}: {decimal(m.score, lang)}",
        8,
        bold=True,
    )
    pdf.para(x(m.summary))
    if m.effect:
        pdf.para(x(m.effect))
    pdf.para(f"{t('advies.why')}:", 8, bold=True)
    for r in m.reasons:
        pdf.bullet(f"+{decimal(r.weight, lang)} {r.rule} (§ {r.section}): {', '.join(r.facts)}", 8)
    if m.added_by:
        pdf.bullet(f"{t('advies.added_by')}: {x(m.added_by.explain)} ({m.added_by.rule})", 8)
    for c in m.caveats:
        pdf.bullet(f"{t('advies.caveats')}: {x(c.text)}", 8)
    pdf.para(f"{t('advies.source')}: [{m.source.id}] {m.source.citation}", 7)
