"""CBS benchmarks, the cost estimate and the signal rules."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from verzuim.analytics import benchmarks, costs, signals
from verzuim.analytics.models import DurationClasses, GroupMetrics, MetricsResult, Period


def test_cbs_series_by_sector_size_year_and_quarter() -> None:
    assert benchmarks.sections()["Q"] == "422400"
    bench = benchmarks.benchmark("F", "10-100")
    assert bench.sector is not None and bench.sector.title == "F Bouwnijverheid"
    assert bench.size is not None and bench.size.title == "10 tot 100 werkzame personen"
    latest = bench.total.latest_final_year()
    assert latest is not None and latest.final and latest.year == 2024
    q3 = bench.total.quarter(2025, 3)
    assert q3 is not None and not q3.final  # 2025 is provisional (Voorlopig)
    assert bench.primary() is bench.sector
    assert benchmarks.benchmark(None, None).primary().key == benchmarks.TOTAL_KEY
    assert [benchmarks.size_class_for(n) for n in (1, 9.9, 10, 99, 100)] == [
        "1-10", "1-10", "10-100", "10-100", "100+",
    ]  # fmt: skip


def _total(**kw: object) -> GroupMetrics:
    base: dict[str, object] = {"employees": 10, "suppressed": False}
    base.update(kw)
    return GroupMetrics.model_validate(base)


def test_cost_estimate_per_day_and_wage() -> None:
    total = _total(sick_days_weighted=70.0, average_headcount=10.0)
    per_day = costs.estimate(total, costs.CostAssumptions())
    # 70 calendar days * 5/7 = 50 workdays * EUR 405 = 20,250
    assert per_day.estimate is True
    assert per_day.sick_workdays == pytest.approx(50)
    assert per_day.total_eur == pytest.approx(20_250)
    assert per_day.per_employee_eur == pytest.approx(2_025)
    wage = costs.estimate(total, costs.CostAssumptions(method="wage", continuation_pct=70))
    assert wage.total_eur == pytest.approx(50 * 36_500 / 260 * 0.7)
    suppressed = costs.estimate(GroupMetrics(employees=3, suppressed=True), costs.CostAssumptions())
    assert suppressed.total_eur is None
    with pytest.raises(ValueError):
        costs.CostAssumptions(continuation_pct=60)


def _result(total: GroupMetrics, groups: list[GroupMetrics] | None = None) -> MetricsResult:
    period = Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    return MetricsResult(period=period, total=total, groups=groups or [])


PROFILE = signals.Profile(sector="Q", size_class="100+")


def test_above_benchmark_for_shown_groups_only() -> None:
    bench = benchmarks.benchmark("Q", "100+")
    reference = bench.primary().year(2024)
    assert reference is not None
    high = reference.pct * 1.5 + 1
    groups = [
        _total(group="Zorg", zvp=high),
        GroupMetrics(group="Klein", employees=3, suppressed=True),
    ]
    found = signals.evaluate(_result(_total(zvp=reference.pct), groups), [], [], bench, PROFILE)
    assert [(f.code, f.group) for f in found] == [("above_benchmark", "Zorg")]
    url = urlsplit(found[0].advice_url)
    assert url.path == "/advies"
    assert parse_qs(url.query) == {"sector": ["Q"], "size_class": ["100+"], "concern": ["general"]}
    assert "Zorg" in found[0].text_nl and "Zorg" in found[0].text_en


def test_rising_trend_short_spells_long_share_and_frequent() -> None:
    bench = benchmarks.benchmark(None, None)
    trend = [_result(_total(zvp=v)) for v in (3.0, 3.2, 4.5, 4.8)]
    short = DurationClasses(kort=8, middellang=2, lang=0, extra_lang=0)
    total = _total(zvp=1.0, zmf=2.0, duration_classes=short, frequent_absence_pct=12.0)
    halves = [
        _result(
            _total(duration_classes=DurationClasses(kort=9, middellang=1, lang=0, extra_lang=0))
        ),
        _result(
            _total(duration_classes=DurationClasses(kort=5, middellang=2, lang=3, extra_lang=0))
        ),
    ]
    codes = {f.code for f in signals.evaluate(_result(total), trend, halves, bench, PROFILE)}
    assert codes == {"rising_trend", "many_short_spells", "growing_long_share", "frequent_absence"}
    frequent = next(
        f
        for f in signals.evaluate(_result(total), [], [], bench, PROFILE)
        if f.code == "frequent_absence"
    )
    assert parse_qs(urlsplit(frequent.advice_url).query)["risks"] == [
        "psychosocial_load", "private_strain",
    ]  # fmt: skip


def test_no_signals_for_quiet_data() -> None:
    bench = benchmarks.benchmark(None, None)
    trend = [_result(_total(zvp=v)) for v in (3.0, 3.1, 3.0, 3.1)]
    total = _total(zvp=2.0, zmf=0.8, frequent_absence_pct=2.0)
    assert signals.evaluate(_result(total), trend, [], bench, PROFILE) == []
