"""Hand-computed fixtures: one per rule of the project's absence-metrics reference.

Every group needs 5 employees to be shown, so most fixtures add four "fillers": full-time,
employed throughout, never sick. The hand computation is written above each assertion.
"""

from __future__ import annotations

from pytest import approx

from tests.analytics.helpers import fillers, period, results, total

JAN = ("2024-01-01", "2024-01-31")  # D = 31; 2024 is a leap year, Y = 366


def test_part_time_factor_weighs_numerator_and_denominator() -> None:
    # Subject: ptf 0.5, fully sick 10..19 January (10 days).
    # numerator   = 0.5 * 1.00 * 10          = 5
    # denominator = 4 * 1.0 * 31 + 0.5 * 31  = 124 + 15.5 = 139.5
    # ZVP = 100 * 5 / 139.5 = 3.584229...
    emps = [*fillers(), ("p", "A", 0.5, "2000-01-01", "")]
    g = total(emps, [("p", "s1", "2024-01-10", "2024-01-19", 100, "sick")], *JAN)
    assert g.sick_days_weighted == approx(5)
    assert g.employed_days_weighted == approx(139.5)
    assert g.zvp == approx(100 * 5 / 139.5)
    # ZMF counts heads, not part-time factors: N = 5 * 31 / 31 = 5; ZMF = 1 / 5 * 366 / 31
    assert g.average_headcount == approx(5)
    assert g.zmf == approx(1 / 5 * 366 / 31)


def test_partial_recovery_is_one_spell_with_lower_weight() -> None:
    # 1..10 Jan at 100 %, 11..20 Jan at 50 % (same spell): 10 * 1 + 10 * 0.5 = 15 weighted days.
    # denominator 5 * 31 = 155 -> ZVP = 100 * 15 / 155 = 9.677...
    # One spell, not two: new_spells = 1; it ended 20 Jan: GZVD = 20 days (partial days whole).
    emps = [*fillers(), ("p", "A", 1.0, "2000-01-01", "")]
    spells = [
        ("p", "s1", "2024-01-01", "2024-01-10", 100, "sick"),
        ("p", "s1", "2024-01-11", "2024-01-20", 50, "sick"),
    ]
    g = total(emps, spells, *JAN)
    assert g.zvp == approx(100 * 15 / 155)
    assert g.new_spells == 1
    assert g.ended_spells == 1
    assert g.gzvd == approx(20)


def test_spell_across_period_borders() -> None:
    # Spell 20 Dec 2023 .. 10 Jan 2024. In January: 10 sick days -> ZVP = 100 * 10 / 155.
    # Its first day is not in January: new_spells = 0, ZMF = 0.
    # It ended in January: GZVD counts the days before the period too: 12 + 10 = 22.
    emps = [*fillers(), ("p", "A", 1.0, "2000-01-01", "")]
    spells = [("p", "s1", "2023-12-20", "2024-01-10", 100, "sick")]
    g = total(emps, spells, *JAN)
    assert g.zvp == approx(100 * 10 / 155)
    assert g.new_spells == 0
    assert g.zmf == 0
    assert g.gzvd == approx(22)
    # December 2023 (D = 31, Y = 365): 12 sick days, 1 new spell, nothing ended.
    dec = total(emps, spells, "2023-12-01", "2023-12-31")
    assert dec.zvp == approx(100 * 12 / 155)
    assert dec.zmf == approx(1 / 5 * 365 / 31)
    assert dec.gzvd is None
    assert dec.ended_spells == 0


def test_open_spell_counts_up_to_period_end() -> None:
    # Open since 25 Jan: 25..31 = 7 days in January; GZVD empty (nothing ended), not zero.
    # Duration class: length up to P_end = 7 -> kort. In February (29 days, leap year) it
    # counts all 29 days and its length at 29 Feb is 7 + 29 = 36 -> middellang.
    emps = [*fillers(), ("p", "A", 1.0, "2000-01-01", "")]
    spells = [("p", "s1", "2024-01-25", "", 100, "sick")]
    jan, feb = (
        r.total for r in results(emps, spells, [period(*JAN), period("2024-02-01", "2024-02-29")])
    )
    assert jan.zvp == approx(100 * 7 / 155)
    assert jan.gzvd is None
    assert jan.ended_spells == 0
    assert jan.duration_classes is not None and jan.duration_classes.kort == 1
    assert feb.zvp == approx(100 * 29 / (5 * 29))
    assert feb.duration_classes is not None and feb.duration_classes.middellang == 1


def test_joining_and_leaving_mid_period() -> None:
    # "new" joins 11 Jan: employed 21 days; "gone" leaves 20 Jan: employed 20 days; 3 fillers.
    # denominator = 3 * 31 + 21 + 20 = 134; N = 134 / 31.
    # "gone" is sick 15..25 Jan but only 15..20 (6 days) lie in the employment: numerator 6.
    # ZVP = 100 * 6 / 134 = 4.4776...; ZMF = 1 / (134 / 31) * 366 / 31 = 366 / 134.
    emps = [
        *fillers(3),
        ("new", "A", 1.0, "2024-01-11", ""),
        ("gone", "A", 1.0, "2015-03-01", "2024-01-20"),
    ]
    spells = [("gone", "s1", "2024-01-15", "2024-01-25", 100, "sick")]
    g = total(emps, spells, *JAN)
    assert g.employees == 5
    assert g.employed_days_weighted == approx(134)
    assert g.zvp == approx(100 * 6 / 134)
    assert g.average_headcount == approx(134 / 31)
    assert g.zmf == approx(366 / 134)
    # Nulverzuim: 4 of 5 employees had no sick day -> 80 %.
    assert g.nulverzuim == approx(80)


def test_pregnancy_leave_out_of_zvp_and_zmf_but_in_second_figure() -> None:
    # Pregnancy leave all January: ZVP 0; ZVP incl. pregnancy = 100 * 31 / 155 = 20.
    # Not a sick spell: new_spells 0, nulverzuim 100 % (no sick day), GZVD empty.
    emps = [*fillers(), ("p", "A", 1.0, "2000-01-01", "")]
    spells = [("p", "z1", "2023-11-20", "2024-03-10", 100, "pregnancy")]
    g = total(emps, spells, *JAN)
    assert g.zvp == 0
    assert g.zvp_incl_pregnancy == approx(20)
    assert g.new_spells == 0
    assert g.nulverzuim == approx(100)
    assert g.gzvd is None


def test_gzvd_capped_at_730_days() -> None:
    # A spell of 1 Jan 2021 .. 31 Dec 2023 lasts 365 + 365 + 365 = 1095 days; GZVD caps it
    # at 730. With a second spell of 10 days ending in 2023: GZVD = (730 + 10) / 2 = 370.
    emps = [*fillers(), ("p", "A", 1.0, "2000-01-01", ""), ("q", "A", 1.0, "2000-01-01", "")]
    spells = [
        ("p", "s1", "2021-01-01", "2023-12-31", 100, "sick"),
        ("q", "s2", "2023-05-01", "2023-05-10", 100, "sick"),
    ]
    g = total(emps, spells, "2023-01-01", "2023-12-31")
    assert g.ended_spells == 2
    assert g.gzvd == approx(370)
    assert g.duration_classes is not None
    assert g.duration_classes.extra_lang == 1  # 1095 days, capped at 730: 366..730
    assert g.duration_classes.kort == 1


def test_leap_year_day_counts() -> None:
    # Year 2024: D = Y = 366. One spell of 1 day; 5 employees. ZMF = 1 / 5 (a full year).
    # ZVP = 100 * 1 / (5 * 366).
    emps = [*fillers(), ("p", "A", 1.0, "2000-01-01", "")]
    spells = [("p", "s1", "2024-02-29", "2024-02-29", 100, "sick")]
    year = total(emps, spells, "2024-01-01", "2024-12-31")
    assert year.zmf == approx(0.2)
    assert year.zvp == approx(100 / (5 * 366))
    # February 2024: D = 29, Y = 366: ZMF = 1 / 5 * 366 / 29.
    feb = total(emps, spells, "2024-02-01", "2024-02-29")
    assert feb.zmf == approx(1 / 5 * 366 / 29)
    assert feb.zvp == approx(100 / (5 * 29))
    # A period across two years uses Y = 365.25: Dec 2023 + Jan 2024 = 62 days.
    spells_dec = [("p", "s1", "2023-12-15", "2023-12-16", 100, "sick")]
    span = total(emps, spells_dec, "2023-12-01", "2024-01-31")
    assert span.zmf == approx(1 / 5 * 365.25 / 62)


def test_sick_days_outside_employment_do_not_count() -> None:
    # Sick 1..10 Jan but only employed from 6 Jan: 5 days count (6..10).
    # denominator = 4 * 31 + 26 = 150; ZVP = 100 * 5 / 150.
    emps = [*fillers(), ("p", "A", 1.0, "2024-01-06", "")]
    spells = [("p", "s1", "2024-01-01", "2024-01-10", 100, "sick")]
    g = total(emps, spells, *JAN)
    assert g.zvp == approx(100 * 5 / 150)


def test_full_year_zmf_is_new_spells_per_average_employee() -> None:
    # 2023 (365 days): 5 employees all year, 3 sick spells -> ZMF = 3 / 5 = 0.6.
    emps = [*fillers(), ("p", "A", 1.0, "2000-01-01", "")]
    spells = [
        ("p", "s1", "2023-02-01", "2023-02-03", 100, "sick"),
        ("p", "s2", "2023-05-01", "2023-05-02", 100, "sick"),
        ("f0", "s3", "2023-09-01", "2023-09-04", 100, "sick"),
    ]
    g = total(emps, spells, "2023-01-01", "2023-12-31")
    assert g.zmf == approx(0.6)
    # GZVD = (3 + 2 + 4) / 3 = 3; nulverzuim: 3 of 5 never sick = 60 %.
    assert g.gzvd == approx(3)
    assert g.nulverzuim == approx(60)


def test_frequent_absence_counts_three_spells_in_twelve_months_to_period_end() -> None:
    # Period Q4 2024 ends 31 Dec 2024; window 1 Jan 2024 .. 31 Dec 2024.
    # "p": spells starting 5 Jan, 1 May, 1 Nov 2024 -> 3 -> frequent.
    # "q": spells starting 31 Dec 2023 (outside), 1 Mar, 1 Jun 2024 -> 2 -> not frequent.
    emps = [*fillers(3), ("p", "A", 1.0, "2000-01-01", ""), ("q", "A", 1.0, "2000-01-01", "")]
    spells = [
        ("p", "a", "2024-01-05", "2024-01-06", 100, "sick"),
        ("p", "b", "2024-05-01", "2024-05-01", 100, "sick"),
        ("p", "c", "2024-11-01", "2024-11-02", 100, "sick"),
        ("q", "d", "2023-12-31", "2024-01-02", 100, "sick"),
        ("q", "e", "2024-03-01", "2024-03-01", 100, "sick"),
        ("q", "f", "2024-06-01", "2024-06-01", 100, "sick"),
    ]
    g = total(emps, spells, "2024-10-01", "2024-12-31")
    assert g.frequent_absence == 1
    assert g.frequent_absence_pct == approx(20)


def test_bradford_only_as_a_distribution() -> None:
    # Rolling year to 31 Dec 2024. "p": 2 spells of 3 and 2 days -> S^2 * D = 4 * 5 = 20 (1-50).
    # "q": 3 spells of 10 days each -> 9 * 30 = 270 (201-400). Fillers: 0.
    emps = [*fillers(3), ("p", "A", 1.0, "2000-01-01", ""), ("q", "A", 1.0, "2000-01-01", "")]
    spells = [
        ("p", "a", "2024-02-01", "2024-02-03", 100, "sick"),
        ("p", "b", "2024-06-01", "2024-06-02", 50, "sick"),
        ("q", "c", "2024-03-01", "2024-03-10", 100, "sick"),
        ("q", "d", "2024-05-01", "2024-05-10", 100, "sick"),
        ("q", "e", "2024-09-01", "2024-09-10", 100, "sick"),
    ]
    g = total(emps, spells, "2024-01-01", "2024-12-31", bradford=True)
    assert g.bradford is not None
    assert g.bradford.band_0 == 3
    assert g.bradford.band_1_50 == 1
    assert g.bradford.band_201_400 == 1
    assert "employee_id" not in g.bradford.model_dump()


def test_small_groups_suppressed_totals_stay() -> None:
    # Unit B has 4 employees -> suppressed (no metrics); units A and C have 5 -> A goes too
    # (complementary: total - C - A would give B; A and C tie on 5, A comes first); C is
    # shown; total 14 shown. An employee who left before the period does not count.
    emps = [
        *fillers(5, "A"),
        *[(f"b{i}", "B", 1.0, "2000-01-01", "") for i in range(4)],
        ("old", "B", 1.0, "2000-01-01", "2020-12-31"),
        *[(f"c{i}", "C", 1.0, "2000-01-01", "") for i in range(5)],
    ]
    spells = [("b0", "s1", "2024-01-02", "2024-01-04", 100, "sick")]
    r = results(emps, spells, [period(*JAN)], by="unit")[0]
    groups = {g.group: g for g in r.groups}
    assert groups["B"].suppressed and groups["B"].employees == 4
    assert groups["B"].suppression == "small"
    assert groups["B"].zvp is None and groups["B"].new_spells is None
    assert groups["B"].duration_classes is None
    assert groups["A"].suppressed and groups["A"].suppression == "complementary"
    assert groups["A"].zvp is None
    assert not groups["C"].suppressed and groups["C"].zvp == 0
    # The total keeps B's absence: 3 days / (14 * 31).
    assert not r.total.suppressed
    assert r.total.zvp == approx(100 * 3 / (14 * 31))


def test_total_of_a_tiny_organisation_is_suppressed_too() -> None:
    r = results(fillers(3), [], [period(*JAN)])[0]
    assert r.total.suppressed and r.total.zvp is None and r.total.employees == 3


def test_unit_tree_rolls_up() -> None:
    # Productie/Hal 1 (3) and Productie/Hal 2 (3) are each suppressed; Productie (6) is shown.
    emps = [
        *fillers(3, "Productie/Hal 1"),
        *[(f"h{i}", "Productie/Hal 2", 1.0, "2000-01-01", "") for i in range(3)],
    ]
    spells = [("h0", "s", "2024-01-01", "2024-01-06", 100, "sick")]
    r = results(emps, spells, [period(*JAN)], by="unit", rollup=True)[0]
    groups = {g.group: g for g in r.groups}
    assert set(groups) == {"Productie", "Productie/Hal 1", "Productie/Hal 2"}
    assert groups["Productie"].zvp == approx(100 * 6 / (6 * 31))
    assert groups["Productie/Hal 1"].suppressed and groups["Productie/Hal 2"].suppressed
    flat = results(emps, spells, [period(*JAN)], by="unit")[0]
    assert {g.group for g in flat.groups} == {"Productie/Hal 1", "Productie/Hal 2"}


def test_zmf_and_gzvd_count_spells_without_employment_condition() -> None:
    # The reference sets no employment condition for ZMF and GZVD (only for sick days).
    # "p" joins 10 Jan; a spell 5..12 Jan counts as new and as ended in January, while ZVP
    # counts only 10..12 Jan (3 days). denominator = 4 * 31 + 22 = 146.
    emps = [*fillers(), ("p", "A", 1.0, "2024-01-10", "")]
    g = total(emps, [("p", "s", "2024-01-05", "2024-01-12", 100, "sick")], *JAN)
    assert g.new_spells == 1 and g.ended_spells == 1
    assert g.gzvd == approx(8)
    assert g.zvp == approx(100 * 3 / 146)
