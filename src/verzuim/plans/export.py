"""The plan as XLSX (a list sheet and a timeline sheet sorted by start, like OiRA's), JSON
and an A4 PDF with a timeline. Renders a :class:`PlanList`/:class:`Timeline`; computes nothing.
"""

from __future__ import annotations

import datetime as dt
import io

from fpdf import FPDF

from verzuim.advice.pdf import PLAIN, _font_paths
from verzuim.balance.render import neutral
from verzuim.plans.model import PlanItem, PlanList, Timeline
from verzuim.plans.svg import COLOURS
from verzuim.plans.texts import pt

MONTHS = {
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def month_names(lang: str) -> list[str]:
    return MONTHS["en" if lang == "en" else "nl"]


def _units(i: PlanItem, lang: str) -> str:
    return ", ".join(i.units) or pt("whole_org", lang)


def _actors(i: PlanItem, lang: str) -> str:
    return ", ".join(
        (a.name_en if lang == "en" else a.name_nl)
        + (f" ({pt('core_expert', lang)})" if a.core_expert else "")
        for a in i.actors
    )


def _row(i: PlanItem, lang: str) -> list[object]:
    return [
        i.id,
        i.title,
        pt(f"origin_{i.origin}", lang),
        i.origin_ref,
        i.risk,
        _units(i, lang),
        _actors(i, lang),
        i.owner.email if i.owner else "",
        i.budget_eur,
        i.planned_start,
        i.planned_end,
        pt(f"status_{i.status}", lang),
        i.status_since,
        i.notes,
    ]


def header(lang: str) -> list[str]:
    keys = ("origin", "origin_ref", "risk", "units", "actors", "owner", "budget")
    return [
        "id",
        pt("measure", lang),
        *(pt(k, lang) for k in keys),
        pt("planned_start", lang),
        pt("planned_end", lang),
        pt("status", lang),
        pt("since", lang),
        pt("notes", lang),
    ]


def to_xlsx(plan: PlanList, timeline: Timeline, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = pt("title", lang)[:31]
    sheet.append(header(lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i in plan.items:
        sheet.append([neutral(v) if isinstance(v, str) else v for v in _row(i, lang)])
    # The timeline: one column per month, the measure's months filled in its status colour.
    gantt = book.create_sheet(pt("timeline", lang)[:31])
    names = month_names(lang)
    gantt.append(
        [pt("measure", lang), pt("status", lang)]
        + [f"{names[m.month - 1]} {m.year}" for m in timeline.months]
    )
    for cell in gantt[1]:
        cell.font = Font(bold=True)
    for row, bar in enumerate(timeline.bars, start=2):
        gantt.append([neutral(bar.title), pt(f"status_{bar.status}", lang)])
        fill = PatternFill("solid", fgColor=COLOURS[bar.status].lstrip("#"))
        for col, month in enumerate(timeline.months, start=3):
            end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            if bar.start < end and bar.end >= month:
                gantt.cell(row=row, column=col).fill = fill
    gantt.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_json(plan: PlanList) -> str:
    return plan.model_dump_json(indent=2)


class _Pdf:
    def __init__(self, orientation: str = "P") -> None:
        self.pdf = FPDF(orientation=orientation, format="A4")
        fonts = _font_paths()
        self.unicode_ok = fonts is not None
        self.font = "Helvetica"
        if fonts:
            self.pdf.add_font("DejaVu", "", str(fonts[0]))
            self.pdf.add_font("DejaVu", "B", str(fonts[1]))
            self.font = "DejaVu"
        self.pdf.set_auto_page_break(True, margin=15)

    def clean(self, text: str) -> str:
        if self.unicode_ok:
            return text
        return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str, size: int = 14) -> None:
        self.pdf.set_font(self.font, "B", size)
        self.pdf.multi_cell(0, size * 0.55, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def para(self, text: str, size: int = 9) -> None:
        self.pdf.set_font(self.font, "", size)
        self.pdf.multi_cell(0, size * 0.5, self.clean(text), new_x="LMARGIN", new_y="NEXT")


def _draw_timeline(doc: _Pdf, t: Timeline, lang: str) -> None:
    pdf = doc.pdf
    label_w = 70.0
    width = pdf.w - pdf.l_margin - pdf.r_margin - label_w
    span = max((t.last - t.first).days + 1, 1)
    names = month_names(lang)

    def x(day: dt.date) -> float:
        return pdf.l_margin + label_w + (day - t.first).days / span * width

    top = pdf.get_y()
    pdf.set_font(doc.font, "", 6)
    step = max(1, len(t.months) // 24 + (1 if len(t.months) > 24 else 0))
    for i, month in enumerate(t.months):
        pdf.set_draw_color(220, 220, 220)
        pdf.line(x(month), top, x(month), top + 5 + 6 * len(t.bars))
        if i % step == 0:
            pdf.text(
                x(month) + 0.5,
                top + 3,
                doc.clean(f"{names[month.month - 1]} {month.year % 100:02d}"),
            )
    y = top + 5
    for bar in t.bars:
        if y > pdf.h - 20:
            pdf.add_page()
            y = pdf.get_y()
        pdf.set_font(doc.font, "", 7)
        title = bar.title if len(bar.title) <= 48 else bar.title[:47] + "…"
        pdf.text(pdf.l_margin, y + 4, doc.clean(title))
        colour = COLOURS[bar.status].lstrip("#")
        pdf.set_fill_color(*(int(colour[i : i + 2], 16) for i in (0, 2, 4)))
        x1, x2 = x(bar.start), x(bar.end + dt.timedelta(days=1))
        pdf.rect(x1, y + 1, max(x2 - x1, 1.0), 4, style="F")
        y += 6
    pdf.set_draw_color(217, 95, 2)
    pdf.line(x(t.today), top, x(t.today), y)
    pdf.set_y(y + 3)
    pdf.set_font(doc.font, "", 7)
    legend = " · ".join(f"{pt('status_' + s, lang)}" for s in COLOURS)
    pdf.multi_cell(
        0, 4, doc.clean(f"{pt('status', lang)}: {legend}"), new_x="LMARGIN", new_y="NEXT"
    )


def to_pdf(
    plan: PlanList, timeline: Timeline, lang: str, organisation: str, today: dt.date
) -> bytes:
    doc = _Pdf("L")
    pdf = doc.pdf
    pdf.set_title(doc.clean(f"{pt('title', lang)}: {organisation}"))
    pdf.add_page()
    doc.heading(f"{pt('title', lang)}: {organisation}", 16)
    doc.para(f"{pt('generated', lang)} {today.isoformat()}")
    pdf.ln(2)
    doc.heading(pt("timeline", lang), 12)
    if plan.items:
        _draw_timeline(doc, timeline, lang)
    else:
        doc.para(pt("none", lang))
    pdf.add_page()
    doc.heading(pt("list", lang), 12)
    pdf.set_font(doc.font, "", 7)
    cols = (pt("measure", lang), pt("risk", lang), pt("units", lang), pt("actors", lang),
            pt("owner", lang), pt("budget", lang), pt("planned_start", lang),
            pt("planned_end", lang), pt("status", lang))  # fmt: skip
    with pdf.table(col_widths=(40, 40, 30, 40, 30, 16, 18, 18, 22), text_align="LEFT") as table:
        row = table.row()
        for c in cols:
            row.cell(doc.clean(c))
        for i in plan.items:
            row = table.row()
            for value in (
                i.title,
                i.risk,
                _units(i, lang),
                _actors(i, lang),
                i.owner.email if i.owner else "",
                "" if i.budget_eur is None else f"{i.budget_eur:,.0f}",
                str(i.planned_start or ""),
                str(i.planned_end or ""),
                f"{pt('status_' + i.status, lang)} ({i.status_since})",
            ):
                row.cell(doc.clean(value))
    return bytes(pdf.output())
