"""A round's summary as a PDF (fpdf2): status of the instrument, the units with their
load, capacity and binding scores (hidden units named as hidden), and the signals.
Renders a :class:`RoundResult`; computes nothing. Fonts as in advice/pdf.py (no network)."""

from __future__ import annotations

from fpdf import FPDF

from verzuim.advice.pdf import PLAIN, _font_paths
from verzuim.balance.render import absence_line, absence_period_line
from verzuim.balance.results import RoundResult
from verzuim.balance.texts import bt
from verzuim.i18n import Lang


def _pdf() -> tuple[FPDF, str, bool]:
    pdf = FPDF(format="A4")
    fonts = _font_paths()
    if fonts:
        pdf.add_font("DejaVu", "", str(fonts[0]))
        pdf.add_font("DejaVu", "B", str(fonts[1]))
        return pdf, "DejaVu", True
    return pdf, "Helvetica", False


def summary_pdf(r: RoundResult, lang: Lang) -> bytes:
    pdf, font, unicode_ok = _pdf()

    def clean(text: str) -> str:
        plain = text if unicode_ok else text.translate(PLAIN)
        return plain if unicode_ok else plain.encode("latin-1", "replace").decode("latin-1")

    pdf.set_title(clean(f"{bt('title', lang)}: {r.name}"))
    pdf.add_page()
    pdf.set_font(font, "B", 16)
    pdf.multi_cell(0, 8, clean(f"{bt('title', lang)}: {r.name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 10)
    status = r.instrument_status_en if lang == "en" else r.instrument_status_nl
    pdf.multi_cell(
        0,
        5,
        clean(f"{r.opens} - {r.closes} · {r.instrument}. {bt('status', lang)}: {status}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, clean(bt("results", lang)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 9)
    head = [
        bt("unit", lang),
        bt("responses", lang),
        bt("load", lang),
        bt("capacity", lang),
        bt("binding", lang),
    ]
    with pdf.table(col_widths=(60, 25, 25, 30, 25), text_align="LEFT") as table:
        row = table.row()
        for cell in head:
            row.cell(clean(cell))
        for u in [*r.units, *([r.total] if r.total else [])]:
            row = table.row()
            row.cell(clean(u.unit or bt("total", lang)))
            row.cell(str(u.responses))
            if u.suppressed:
                row.cell(clean(bt(f"hidden_{u.suppressed}", lang)), colspan=3)
                continue
            for group in ("load", "capacity", "binding"):
                value = u.groups.get(group)
                row.cell("-" if value is None else f"{value:.0f}")
    pdf.ln(3)
    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, clean(bt("signals", lang)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 10)
    if not r.signals:
        pdf.multi_cell(0, 5, clean(bt("no_signals", lang)), new_x="LMARGIN", new_y="NEXT")
    period_line = absence_period_line(r, lang)
    if r.signals and period_line:
        pdf.multi_cell(0, 5, clean(period_line), new_x="LMARGIN", new_y="NEXT")
    for s in r.signals:
        text = s.text_en if lang == "en" else s.text_nl
        pdf.multi_cell(0, 5, clean(f"- {text}"), new_x="LMARGIN", new_y="NEXT")
        if period_line:
            line = absence_line(s.absence, lang)
            pdf.multi_cell(0, 5, clean(f"  {line}"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
