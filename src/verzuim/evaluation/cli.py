"""`verzuim evaluate`: an effect evaluation from an employee file and a spell file.

Stateless like `verzuim analyse`: the files are read into memory, nothing is stored. The
result goes to stdout (json or a table); problems go to stderr. Bad input exits with 1.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from verzuim.analytics import cli as analytics_cli

if TYPE_CHECKING:
    from rich.table import Table

    from verzuim.analytics.models import Problem
    from verzuim.evaluation.result import Evaluation


class Format(StrEnum):
    json = "json"
    table = "table"


class DesignOption(StrEnum):
    did = "did"
    its = "its"


class Lang(StrEnum):
    nl = "nl"
    en = "en"


# Reading files, the progress bar and error output are those of `verzuim analyse`, so the
# two stateless commands behave the same on bad input.
def _fail(message: str, fmt: Format, problems: list[Problem] | None = None) -> typer.Exit:
    return analytics_cli._fail(message, analytics_cli.Format(fmt.value), problems)


def _day(text: str | None, option: str, fmt: Format) -> dt.date | None:
    from verzuim.analytics import service as analytics_service

    if text is None:
        return None
    try:
        return analytics_service.parse_day(text, option)
    except analytics_service.InputError as exc:
        raise _fail(str(exc), fmt) from None


def _number(value: float | None, lang: str) -> str:
    from verzuim.evaluation.texts import points

    return "-" if value is None else points(value, lang)


def _zvp(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


_LABELS = {
    "effect": ("effect (ZVP-procentpunt)", "effect (ZVP points)"),
    "interval": ("interval", "interval"),
    "pre_trend": ("placebotoets waarschuwt", "pre-trend warning"),
    "too_small": ("te klein om iets te zeggen", "too small to tell"),
    "start": ("start", "start"),
    "months": ("maanden", "months"),
    "groups": ("groepen", "groups"),
    "series": ("ZVP per maand", "monthly ZVP"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
}
_HEADERS = {
    "nl": ("groep", "eenheden", "medewerkers", "gem./maand", "maanden voor", "maanden na",
           "ZVP voor", "ZVP na"),
    "en": ("group", "units", "employees", "avg/month", "months before", "months after",
           "ZVP before", "ZVP after"),
}  # fmt: skip
_SIDES = {"nl": ("met maatregel", "vergelijking"), "en": ("treated", "comparison")}
_SERIES = {"nl": ("maand", "deel", "met maatregel", "vergelijking"),
           "en": ("month", "role", "treated", "comparison")}  # fmt: skip


def _t(key: str, lang: str) -> str:
    nl, en = _LABELS[key]
    return en if lang == "en" else nl


def _tables(result: Evaluation, lang: str) -> list[Table]:
    from rich.table import Table

    main = Table(title=f"{result.label.pick(lang)} ({result.design.upper()})", show_header=False)
    main.add_column("", justify="left")
    main.add_column("", justify="right")
    e = result.effect
    main.add_row(_t("effect", lang), _number(e.estimate, lang))
    main.add_row(
        f"{e.level:.0%} {_t('interval', lang)}",
        f"{_number(e.ci_low, lang)} .. {_number(e.ci_high, lang)}",
    )
    main.add_row(_t("pre_trend", lang), _t("yes" if result.pre_trend_warning else "no", lang))
    main.add_row(_t("too_small", lang), _t("yes" if result.too_small else "no", lang))
    main.add_row(_t("start", lang), str(result.start))
    main.add_row(_t("months", lang), f"{result.first_month} .. {result.last_month}")
    headers = _HEADERS["en" if lang == "en" else "nl"]
    sides = Table(title=_t("groups", lang))
    for i, h in enumerate(headers):
        sides.add_column(h, justify="left" if i < 2 else "right")
    names = _SIDES["en" if lang == "en" else "nl"]
    for name, g in zip(names, (result.treated, result.comparison), strict=True):
        if g is not None:
            sides.add_row(
                name, ", ".join(g.units), str(g.employees), f"{g.average_employees:.1f}",
                str(g.months_before), str(g.months_after), _zvp(g.zvp_before), _zvp(g.zvp_after),
            )  # fmt: skip
    series = Table(title=_t("series", lang))
    for i, h in enumerate(_SERIES["en" if lang == "en" else "nl"]):
        series.add_column(h, justify="left" if i < 2 else "right")
    for p in result.series:
        series.add_row(p.month, p.role, _zvp(p.treated_zvp), _zvp(p.comparison_zvp))
    return [main, sides, series]


def evaluate(
    employees: Path = typer.Option(..., "--employees", help="Employee file (CSV or XLSX)."),
    spells: Path = typer.Option(..., "--spells", help="Spell/episode file (CSV or XLSX)."),
    unit: list[str] = typer.Option(..., "--unit", help="A unit that got the measure (repeat)."),
    start: str = typer.Option(..., "--start", help="First day of the measure (yyyy-mm-dd)."),
    comparison: list[str] = typer.Option(
        [], "--comparison", help="A unit without the measure (repeat); default: suggested."
    ),
    design: DesignOption | None = typer.Option(
        None, "--design", help="did (default when comparison units exist) or its."
    ),
    first_day: str | None = typer.Option(None, "--from", help="Use no month before this day."),
    last_day: str | None = typer.Option(None, "--to", help="Use no month after this day."),
    run_in: int = typer.Option(0, "--run-in", help="Months after the start left out."),
    resamples: int = typer.Option(1000, "--resamples", help="Bootstrap resamples (100+)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the resampling (same seed, same answer)."),
    mapping: Path | None = typer.Option(None, "--mapping", help="Column mapping file (YAML)."),
    lang: Lang = typer.Option(Lang.nl, "--lang", help="Language of the texts (nl or en)."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
) -> None:
    """Did absence move in the units that got a measure? (nothing is stored)"""
    from pydantic import ValidationError
    from rich.console import Console

    from verzuim.evaluation import service

    start_day = _day(start, "--start", fmt)
    assert start_day is not None  # the option is required
    lo, hi = _day(first_day, "--from", fmt), _day(last_day, "--to", fmt)
    try:
        request = service.Request(
            units=unit,
            start=start_day,
            comparison=comparison,
            design=design.value if design else None,
            run_in_months=run_in,
            resamples=resamples,
            seed=seed,
        )
    except ValidationError as exc:
        errors = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise _fail(f"bad option: {errors}", fmt) from None
    read = analytics_cli._read
    fmt_a = analytics_cli.Format(fmt.value)
    emp, sp, mp = (
        read(employees, "employee", fmt_a),
        read(spells, "spell", fmt_a),
        read(mapping, "mapping", fmt_a),
    )
    assert emp is not None and sp is not None  # both options are required
    try:
        with analytics_cli._progress_bar() as progress:
            result = service.evaluate_files(emp, sp, request, lo, hi, mp, progress)
    except service.InputError as exc:
        problems = exc.summary.problems if exc.summary else None
        raise _fail(str(exc), fmt, problems) from None
    except service.EvaluationInputError as exc:
        raise _fail(str(exc), fmt) from None
    if fmt is Format.json:
        typer.echo(json.dumps(result.contract(lang.value), ensure_ascii=False, indent=2))
        return
    console = Console(width=140)
    for table in _tables(result, lang.value):
        console.print(table)
    console.print(result.summary.pick(lang.value), markup=False, highlight=False)
    for note in result.warnings:
        console.print(f"- {note.text.pick(lang.value)}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)
