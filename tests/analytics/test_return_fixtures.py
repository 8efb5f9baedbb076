"""Hand-computed fixtures for the return threshold: recurrence within 28 days, partial return.

Reference: "Return and recurrence" in the project's absence-metrics reference. The period is
the first quarter of 2024: P_start = 1 Jan, P_end = 31 Mar, so P_end - 28 = 3 Mar. A spell
is eligible when its last day L lies in [1 Jan, 3 Mar] and its employee is still employed on
L + 28; it recurs when the same employee starts another sick spell in [L + 1, L + 28].
"""

from __future__ import annotations

from pytest import approx

from tests.analytics.helpers import EmpRow, SpellRow, period, results, total

Q1 = ("2024-01-01", "2024-03-31")

EMPLOYEES: list[EmpRow] = [
    ("a", "A", 1.0, "2000-01-01", ""),
    ("b", "A", 1.0, "2000-01-01", ""),
    ("c", "A", 1.0, "2000-01-01", "2024-02-06"),  # leaves on L + 27 of her first spell
    ("d", "A", 1.0, "2000-01-01", "2024-02-07"),  # leaves on L + 28: still employed that day
    ("e", "B", 1.0, "2000-01-01", ""),
    ("f", "B", 1.0, "2000-01-01", ""),
    ("g", "B", 1.0, "2000-01-01", ""),
    ("h", "B", 1.0, "2000-01-01", ""),
]
SPELLS: list[SpellRow] = [
    # a: s1 ends 10 Jan (L + 28 = 7 Feb); s2 starts 7 Feb -> s1 recurs (boundary, inclusive).
    #    s1 has a partial episode (50 %). s2 ends 8 Feb: eligible, nothing follows.
    ("a", "s1", "2024-01-05", "2024-01-07", 100, "sick"),
    ("a", "s1", "2024-01-08", "2024-01-10", 50, "sick"),
    ("a", "s2", "2024-02-07", "2024-02-08", 100, "sick"),
    # b: s1 ends 10 Jan; s2 starts 8 Feb = L + 29 -> no recurrence. Both eligible.
    ("b", "s1", "2024-01-05", "2024-01-10", 100, "sick"),
    ("b", "s2", "2024-02-08", "2024-02-09", 100, "sick"),
    # c: employment ends 6 Feb, before L + 28 of either spell -> neither is eligible, although
    #    a second spell follows the first within 28 days.
    ("c", "s1", "2024-01-05", "2024-01-10", 100, "sick"),
    ("c", "s2", "2024-01-20", "2024-01-21", 100, "sick"),
    # d: employment ends 7 Feb = L + 28 -> eligible; nothing follows.
    ("d", "s1", "2024-01-05", "2024-01-10", 100, "sick"),
    # e: s1 ends 3 Mar = P_end - 28 (eligible, partial at 60 %); s2 starts 31 Mar = L + 28:
    #    recurs. s2 ends 31 Mar, after P_end - 28: not eligible.
    ("e", "s1", "2024-03-01", "2024-03-03", 60, "sick"),
    ("e", "s2", "2024-03-31", "2024-03-31", 100, "sick"),
    # f: s1 ends 4 Mar, one day after P_end - 28: not eligible; s2 is open: not eligible, and
    #    its partial episode does not count in partial return (it has not ended).
    ("f", "s1", "2024-02-20", "2024-03-04", 100, "sick"),
    ("f", "s2", "2024-03-10", "2024-03-15", 100, "sick"),
    ("f", "s2", "2024-03-16", "", 50, "sick"),
    # g: pregnancy leave starting 5 days after a sick spell is no recurrence; pregnancy spells
    #    are never eligible either.
    ("g", "s1", "2024-01-05", "2024-01-10", 100, "sick"),
    ("g", "z1", "2024-01-15", "2024-02-20", 100, "pregnancy"),
    # h: a partial spell that ended before the period counts nowhere; s2 ends 3 Jan: eligible.
    ("h", "s0", "2023-12-01", "2023-12-10", 100, "sick"),
    ("h", "s0", "2023-12-11", "2023-12-20", 40, "sick"),
    ("h", "s2", "2024-01-02", "2024-01-03", 100, "sick"),
]


def test_recurrence_within_28_days_by_hand() -> None:
    # Eligible: a.s1 a.s2 b.s1 b.s2 d.s1 e.s1 g.s1 h.s2 = 8; recurring: a.s1, e.s1 = 2.
    # Recurrence = 100 * 2 / 8 = 25 %.
    g = total(EMPLOYEES, SPELLS, *Q1)
    assert g.recurrence_eligible == 8
    assert g.recurrence_recurring == 2
    assert g.recurrence == approx(25.0)


def test_partial_return_by_hand() -> None:
    # Sick spells ended in Q1 (the GZVD set): a 2, b 2, c 2, d 1, e 2, f 1 (s1), g 1, h 1
    # (s2) = 12. With an episode below 100 %: a.s1 and e.s1 = 2 (f.s2 is open, h.s0 ended in
    # December). Partial return = 100 * 2 / 12 = 16.67 %.
    g = total(EMPLOYEES, SPELLS, *Q1)
    assert g.ended_spells == 12
    assert g.partial_return_spells == 2
    assert g.partial_return == approx(100 * 2 / 12)


def test_per_month_and_empty_when_nothing_is_eligible() -> None:
    # January: P_end - 28 = 3 Jan; only h.s2 (L = 3 Jan) is eligible and does not recur: 0 %.
    #   Ended in January: a.s1 b.s1 c.s1 c.s2 d.s1 g.s1 h.s2 = 7, one partial (a.s1).
    # February: P_end - 28 = 1 Feb; no spell ends on 1 Feb -> recurrence empty (not 0).
    #   Ended in February: a.s2 b.s2 = 2, none partial -> 0 %.
    # March: P_end - 28 = 3 Mar; e.s1 (L = 3 Mar) is eligible and recurs (31 Mar): 100 %.
    #   Ended in March: e.s1 e.s2 f.s1 = 3, one partial (e.s1).
    months = [
        period("2024-01-01", "2024-01-31"),
        period("2024-02-01", "2024-02-29"),
        period("2024-03-01", "2024-03-31"),
    ]
    jan, feb, mar = (r.total for r in results(EMPLOYEES, SPELLS, months))
    assert (jan.recurrence_eligible, jan.recurrence_recurring, jan.recurrence) == (1, 0, 0.0)
    assert (feb.recurrence_eligible, feb.recurrence) == (0, None)
    assert (mar.recurrence_eligible, mar.recurrence_recurring, mar.recurrence) == (1, 1, 100.0)
    assert jan.partial_return == approx(100 / 7)
    assert feb.partial_return == 0.0
    assert mar.partial_return == approx(100 / 3)


def test_per_unit_and_small_groups() -> None:
    # Unit A (a, b, c, d: 4 employees) is suppressed: no return measures at all.
    # Unit B (e, f, g, h: 4) too. Together, in a unit tree where both count, they are shown:
    # with units "X/A" and "X/B" rolled up, X has 8 employees and the totals of the first test.
    emps = [(e, f"X/{u}", ptf, s, end) for e, u, ptf, s, end in EMPLOYEES]
    result = results(emps, SPELLS, [period(*Q1)], by="unit", rollup=True)[0]
    by_name = {g.group: g for g in result.groups}
    assert by_name["X/A"].suppressed and by_name["X/A"].recurrence is None
    assert by_name["X/B"].partial_return is None
    assert by_name["X"].recurrence == approx(25.0)
    assert by_name["X"].partial_return == approx(100 * 2 / 12)


def test_open_spells_and_no_ended_spell_leave_partial_return_empty() -> None:
    # Five employees, one open partial spell: nothing ended -> partial return and recurrence
    # are empty, not zero.
    emps: list[EmpRow] = [(f"p{i}", "A", 1.0, "2000-01-01", "") for i in range(5)]
    spells: list[SpellRow] = [("p0", "s1", "2024-01-10", "", 50, "sick")]
    g = total(emps, spells, *Q1)
    assert g.ended_spells == 0
    assert g.partial_return is None
    assert g.recurrence is None
