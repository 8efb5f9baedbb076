"""The metric definitions of the project's absence-metrics reference, written once, as SQL.

The query is assembled from small named parts (common table expressions), each one rule of
the reference. The parts use only portable SQL (joins, UNION ALL, CASE, GREATEST/LEAST,
aggregates, one window function) over integer day numbers; the single engine-specific piece,
turning a DATE into a day number, lives in ``Dialect``. Porting to another engine (Spark,
Trino, or Ibis over them) means writing one ``Dialect``, not the metrics.

How it stays fast without expanding days: a sum over the days of a period of something that
starts on day ``a`` and stops after day ``b`` equals, per "event" (+w on day a, -w on day
b + 1), ``w * (P_end - max(P_start, t) + 1)`` summed over events with ``t <= P_end``. Events
are first summed per unit and day (a few hundred thousand rows for a million employees), then
spread over the periods. Every sum is additive over units, so the total and the unit tree are
sums of per-unit rows, made at the very end.

The parts come in two layers:
- **derived** parts (``derived_parts``) do not depend on the periods asked for: employments,
  absence and spells in day numbers, their events per unit and day, the spells that recur
  within 28 days, the partial returns, the runs of three sick spells. They are the expensive
  ones (the join of episodes to employees, the window functions over every spell). The
  embedded DuckDB store keeps them as tables beside the rows they come from, rebuilt once per
  change of the data (``analytics/derived.py``); other engines (PostgreSQL, the pooled
  benchmark on DuckDB or Spark) compute them in the same query.
- **period** parts spread those over the periods asked for; they are cheap.
Every derived row carries its ``org_id``, and every part reading one filters on the
organisation, so a store holding several organisations gives each its own figures.

Inputs, besides the stored ``employees``, ``episodes`` and ``spells`` tables:
- ``q_org(org_id)``: the organisation (one row); not read when ``pooled``.
- ``q_periods(period_no, ps, pe, p_days, y_days, rs)``: periods as day numbers; ``rs`` is
  the first day of the 12 months ending at ``pe`` (frequent absence, Bradford).
- ``q_groups(unit, grp_no)``: which group(s) each unit counts in; group 0 is the total.
Open episodes and employments end at ``FAR`` (a day number far in the future).

Pooled (``parts(..., pooled=True)``): every organisation in one pass. The row-level parts
then read all organisations and carry the organisation as their ``unit``, so every later
part, grouping by ``unit``, sums per organisation; the definitions themselves do not change.
Rows are matched on ``org_id`` as well as ``employee_id``, because employee keys are only
unique within an organisation. The pooled benchmark (``verzuim.benchmark``) builds on this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FAR = 10_000_000  # a day number beyond any real date: "still open"
GZVD_CAP = 730
# Vernet duration classes as days since the first day (length - 1): kort up to 14 days,
# middellang 15-91, lang 92-365, extra lang 366 and more (no upper bound).
DURATION_BANDS: tuple[tuple[int, int | None], ...] = ((0, 13), (14, 90), (91, 364), (365, None))
ENDED_CLASSES = ("ended_kort", "ended_middellang", "ended_lang", "ended_extra_lang")
OPEN_CLASSES = ("open_kort", "open_middellang", "open_lang", "open_extra_lang")
DURATION_COLUMNS = ("dc_kort", "dc_middellang", "dc_lang", "dc_extra_lang")
RECURRENCE_DAYS = 28  # an interruption shorter than four weeks (art. 7:629 lid 10 BW)
# The 12 months ending at a period's last day span 365 or 366 days, so three sick spells
# that start further apart than this can never fall in one of them.
ROLLING_YEAR_MAX_DAYS = 366

# What the column ``unit`` of the row-level parts holds: the employee's unit, the
# organisation (pooled benchmark) or the employee (the effect evaluation's per-employee sums).
UnitKey = Literal["unit", "org", "employee"]


@dataclass(frozen=True)
class Dialect:
    """How one engine turns a DATE column into an integer day number."""

    name: str
    day_template: str

    def day(self, column: str) -> str:
        return self.day_template.format(column)


DUCKDB = Dialect("duckdb", "CAST(({} - DATE '1970-01-01') AS INTEGER)")

# The range all periods together cover: events before it are summed onto its first day.
WINDOW = "win AS (SELECT min(ps) AS w0, max(pe) AS w1 FROM q_periods)"
ONE_ORG = "(SELECT org_id FROM q_org)"


def _only_org(alias: str, pooled: bool, joiner: str = "WHERE") -> str:
    """The filter on the organisation asked for; none when pooled (all of them)."""
    return "" if pooled else f"\n    {joiner} {alias}.org_id = {ONE_ORG}"


def _unit(alias: str, key: UnitKey) -> str:
    return {"unit": f"{alias}.unit", "org": f"{alias}.org_id", "employee": f"{alias}.employee_id"}[
        key
    ]


# A spell runs from its earliest first day to its latest last day and is open while any of
# its episodes is. The store keeps this table in step with ``episodes`` and ``employees`` on
# every import (same transaction), with the employee's unit and employment beside it, so the
# metrics need neither group millions of episodes nor join them again each time.
SPELL_TABLE = """
SELECT x.org_id, x.employee_id, x.spell_id, min(x.kind) AS kind,
    min(x.first_day) AS first_day,
    CASE WHEN count(x.last_day) = count(*) THEN max(x.last_day) END AS last_day,
    min(e.unit) AS unit, min(e.employment_start) AS employment_start,
    min(e.employment_end) AS employment_end
FROM episodes x JOIN employees e ON e.org_id = x.org_id AND e.employee_id = x.employee_id
WHERE x.org_id = ?
GROUP BY x.org_id, x.employee_id, x.spell_id"""


def spell_table(pooled: bool = False) -> str:
    """``SPELL_TABLE`` for one organisation (a ``?`` parameter), or for all when ``pooled``."""
    if not pooled:
        return SPELL_TABLE
    one_org = "WHERE x.org_id = ?\n"
    assert one_org in SPELL_TABLE
    return SPELL_TABLE.replace(one_org, "")


# --- derived parts: independent of the periods ----------------------------------------------


def emp(d: Dialect, key: UnitKey = "unit") -> str:
    """Employments in day numbers; an empty end date means still employed.

    Every later part groups by the column ``unit`` (see ``UnitKey``); ``home_unit`` keeps
    the real unit for the per-employee sums.
    """
    return f"""emp AS (
    SELECT e.org_id, e.employee_id, {_unit("e", key)} AS unit, e.unit AS home_unit,
        e.part_time_factor AS ptf,
        {d.day("e.employment_start")} AS es,
        coalesce({d.day("e.employment_end")}, {FAR}) AS ee
    FROM employees e{_only_org("e", key == "org")}
)"""


def absence_days(d: Dialect, pooled: bool = False, previous: bool = True) -> str:
    """Every episode's days inside its employee's employment (``a`` to ``b``), weighted by
    part-time factor and unfit percentage: a day outside employment does not count.

    ``pb``: the last day ``b`` of the employee's previous episode of the same kind. Episodes
    of one employee never overlap (the import refuses it), so an episode is the employee's
    first of its kind to touch a period exactly when it touches it and ``pb`` lies before the
    period: counting those counts employees without a DISTINCT over millions of rows.
    ``previous=False`` leaves ``pb`` out (only nulverzuim needs it, and it costs a sort)."""
    pb = (
        """,
        lag(least(x.l, emp.ee)) OVER (
            PARTITION BY x.org_id, x.employee_id, x.kind ORDER BY x.f
        ) AS pb"""
        if previous
        else ""
    )
    return f"""absence_days AS (
    SELECT x.org_id, x.employee_id, x.spell_id, x.kind, emp.unit, emp.es, emp.ee,
        emp.ptf * x.unfit_pct / 100.0 AS w, greatest(x.f, emp.es) AS a,
        least(x.l, emp.ee) AS b{pb}
    FROM (
        SELECT org_id, employee_id, spell_id, kind, unfit_pct,
            {d.day("first_day")} AS f, coalesce({d.day("last_day")}, {FAR}) AS l
        FROM episodes{_only_org("episodes", pooled)}
    ) AS x
    JOIN emp ON emp.org_id = x.org_id AND emp.employee_id = x.employee_id
    WHERE greatest(x.f, emp.es) <= least(x.l, emp.ee)
)"""


def sick_spells(d: Dialect, key: UnitKey = "unit") -> str:
    """Sick spells with their employee's unit and employment, in day numbers (the stored
    ``spells`` table already joined them once, at import), and, in one pass over them in
    order of first day, the first day of the employee's previous (``prev_f``), next
    (``next_f``) and next-but-one (``f3``) sick spell. ``partial`` is 1 when the spell has an
    episode below 100 % unfit (partial return).

    Spells of one employee never overlap (the import refuses overlapping episodes): the
    recurrence and frequent-absence parts rely on it."""
    pooled = key == "org"
    return f"""sick_spells AS (
    SELECT s.org_id, s.employee_id, s.spell_id, s.unit, s.es, s.ee, s.f, s.l,
        lag(s.f) OVER w AS prev_f, lead(s.f) OVER w AS next_f, lead(s.f, 2) OVER w AS f3,
        CASE WHEN x.spell_id IS NULL THEN 0 ELSE 1 END AS partial
    FROM (
        SELECT org_id, employee_id, spell_id, {_unit("spells", key)} AS unit,
            {d.day("employment_start")} AS es,
            coalesce({d.day("employment_end")}, {FAR}) AS ee,
            {d.day("first_day")} AS f,
            coalesce({d.day("last_day")}, {FAR}) AS l
        FROM spells
        WHERE kind = 'sick'{_only_org("spells", pooled, "AND")}
    ) AS s
    LEFT JOIN (
        SELECT DISTINCT org_id, employee_id, spell_id FROM episodes
        WHERE kind = 'sick' AND unfit_pct < 100{_only_org("episodes", pooled, "AND")}
    ) AS x ON x.org_id = s.org_id AND x.employee_id = s.employee_id AND x.spell_id = s.spell_id
    WINDOW w AS (PARTITION BY s.org_id, s.employee_id ORDER BY s.f)
)"""


def spell_spans(pooled: bool = False) -> str:
    """Sick spells counted per unit, first and last day: about half as many rows to spread
    over the periods as there are spells."""
    return f"""spell_spans AS (
    SELECT s.org_id, s.unit, s.f, s.l, count(*) AS n
    FROM sick_spells s{_only_org("s", pooled)}
    GROUP BY s.org_id, s.unit, s.f, s.l
)"""


def _in_band(days: str, lo: int, hi: int | None) -> str:
    return f"{days} >= {lo}" if hi is None else f"{days} BETWEEN {lo} AND {hi}"


def sick_interval_events(pooled: bool = False) -> str:
    """Nulverzuim counts employees with a sick day in the period. An employee's sick
    episodes never overlap, so those touching a period are consecutive ones: the employees
    are the episodes touching it minus the pairs of consecutive episodes that both touch it.
    The first count is one of events (an episode starts on day ``a``, ends after ``b``),
    the second is ``sick_returns``."""
    return f"""sick_interval_events AS (
    SELECT org_id, unit, t, sum(starts) AS starts, sum(ends) AS ends
    FROM (
        SELECT x.org_id, x.unit, x.a AS t, 1 AS starts, 0 AS ends
        FROM absence_days x
        WHERE x.kind = 'sick'{_only_org("x", pooled, "AND")}
        UNION ALL
        SELECT x.org_id, x.unit, x.b + 1 AS t, 0 AS starts, 1 AS ends
        FROM absence_days x
        WHERE x.kind = 'sick'{_only_org("x", pooled, "AND")}
    ) AS ev
    GROUP BY org_id, unit, t
)"""


def sick_returns(pooled: bool = False) -> str:
    """Consecutive sick episodes of one employee (the previous one ends on ``pb``, the next
    starts on ``a``, ``gap`` days later): both touch a period exactly when ``pb`` and ``a``
    lie in it, so a period can only hold those whose gap fits in it."""
    return f"""sick_returns AS (
    SELECT x.org_id, x.unit, x.pb, x.a, x.a - x.pb AS gap
    FROM absence_days x
    WHERE x.kind = 'sick' AND x.pb IS NOT NULL{_only_org("x", pooled, "AND")}
)"""


def open_duration_events(pooled: bool = False) -> str:
    """Duration classes count sick spells active in the period by their length up to their
    last day or P_end. A spell closed by P_end has its own length (``spell_events``). A
    spell still running after P_end (``l > P_end``) is in a class by how long before P_end it
    started: in class [lo, hi] (days since its first day) exactly when P_end lies in
    [f + lo, min(l - 1, f + hi)]. So each class is an interval of P_end per spell: an event
    +n at its start and -n after its end, summed up to P_end."""
    bands = ", ".join(
        f"({i}, {lo}, {hi if hi is not None else FAR})"
        for i, (lo, hi) in enumerate(DURATION_BANDS, start=1)
    )
    columns = ",\n            ".join(
        f"CASE WHEN c.k = {i} THEN side.k * s.n ELSE 0 END AS {c}"
        for i, c in enumerate(OPEN_CLASSES, start=1)
    )
    sums = ", ".join(f"sum({c}) AS {c}" for c in OPEN_CLASSES)
    return f"""open_duration_events AS (
    SELECT org_id, unit, t, {sums}
    FROM (
        SELECT s.org_id, s.unit,
            CASE WHEN side.k = 1 THEN s.f + c.lo ELSE least(s.l - 1, s.f + c.hi) + 1 END AS t,
            {columns}
        FROM spell_spans s
        CROSS JOIN (VALUES {bands}) AS c(k, lo, hi)
        CROSS JOIN (VALUES (1), (-1)) AS side(k)
        WHERE s.f + c.lo <= least(s.l - 1, s.f + c.hi){_only_org("s", pooled, "AND")}
    ) AS ev
    GROUP BY org_id, unit, t
)"""


def employment_events(pooled: bool = False) -> str:
    """+ptf on the first day of an employment, -ptf the day after its last."""
    return f"""employment_events AS (
    SELECT org_id, unit, t, sum(d_ptf) AS d_ptf, sum(d_days) AS d_days,
        sum(starts) AS starts, sum(ends) AS ends
    FROM (
        SELECT org_id, unit, es AS t, ptf AS d_ptf, 1 AS d_days, 1 AS starts, 0 AS ends
        FROM emp{_only_org("emp", pooled)}
        UNION ALL
        SELECT org_id, unit, ee + 1 AS t, -ptf AS d_ptf, -1 AS d_days, 0 AS starts, 1 AS ends
        FROM emp{_only_org("emp", pooled)}
    ) AS ev
    GROUP BY org_id, unit, t
)"""


def absence_events(pooled: bool = False) -> str:
    """One scan makes both events of an episode (side 1: +w on day a, side -1: -w on b + 1)."""
    return f"""absence_events AS (
    SELECT org_id, unit, t, sum(d_sick) AS d_sick, sum(d_all) AS d_all
    FROM (
        SELECT x.org_id, x.unit,
            CASE WHEN side.k = 1 THEN x.a ELSE x.b + 1 END AS t,
            CASE WHEN x.kind = 'sick' THEN side.k * x.w ELSE 0 END AS d_sick,
            side.k * x.w AS d_all
        FROM absence_days x CROSS JOIN (VALUES (1), (-1)) AS side(k){_only_org("x", pooled)}
    ) AS ev
    GROUP BY org_id, unit, t
)"""


def spell_events(pooled: bool = False) -> str:
    """ZMF counts sick spells whose first day lies in the period; GZVD averages closed sick
    spells whose last day lies in it, each capped at 730 days, days before the period
    included: a start event on the first day and, once closed, an end event on the last,
    which also counts the closed spell in its duration class (``duration_classes``)."""
    ended = ", ".join(f"sum({c}) AS {c}" for c in ENDED_CLASSES)
    no_class = ", ".join(f"0 AS {c}" for c in ENDED_CLASSES)
    classes = ",\n            ".join(
        f"CASE WHEN {_in_band('s.l - s.f', lo, hi)} THEN s.n ELSE 0 END AS {c}"
        for c, (lo, hi) in zip(ENDED_CLASSES, DURATION_BANDS, strict=True)
    )
    return f"""spell_events AS (
    SELECT org_id, unit, t, sum(new_spells) AS new_spells, sum(ended_spells) AS ended_spells,
        sum(ended_days) AS ended_days, {ended}
    FROM (
        SELECT s.org_id, s.unit, s.f AS t, s.n AS new_spells, 0 AS ended_spells,
            0 AS ended_days, {no_class}
        FROM spell_spans s{_only_org("s", pooled)}
        UNION ALL
        SELECT s.org_id, s.unit, s.l AS t, 0 AS new_spells, s.n AS ended_spells,
            s.n * least(s.l - s.f + 1, {GZVD_CAP}) AS ended_days,
            {classes}
        FROM spell_spans s
        WHERE s.l < {FAR}{_only_org("s", pooled, "AND")}
    ) AS ev
    GROUP BY org_id, unit, t
)"""


def recurrence_spells(pooled: bool = False) -> str:
    """Recurrence, per eligible spell: a closed sick spell with last day L whose employee is
    still employed on L + 28 recurs when the same employee starts another sick spell in
    [L+1, L+28]. Spells of one employee never overlap, so that other spell, if any, is the
    employee's next sick spell by first day (``next_f``), found without joining the spells to
    themselves. Summed per unit and last day; the periods then count the days L in
    [P_start, P_end - 28]."""
    only_org = _only_org("s", pooled, "AND")
    return f"""recurrence_spells AS (
    SELECT s.org_id, s.unit, s.l, count(*) AS eligible,
        sum(CASE WHEN s.next_f BETWEEN s.l + 1 AND s.l + {RECURRENCE_DAYS} THEN 1 ELSE 0 END)
            AS recurring
    FROM sick_spells s
    WHERE s.l < {FAR} AND s.es <= s.l + {RECURRENCE_DAYS}
        AND s.ee >= s.l + {RECURRENCE_DAYS}{only_org}
    GROUP BY s.org_id, s.unit, s.l
)"""


def partial_ends(pooled: bool = False) -> str:
    """Partial return: closed sick spells with at least one episode below 100 % unfit, per
    unit and last day (of the GZVD set, ``ended_spells``)."""
    return f"""partial_ends AS (
    SELECT s.org_id, s.unit, s.l, count(*) AS spells
    FROM sick_spells s
    WHERE s.partial = 1 AND s.l < {FAR}{_only_org("s", pooled, "AND")}
    GROUP BY s.org_id, s.unit, s.l
)"""


def frequent_spans(pooled: bool = False) -> str:
    """Frequent absence needs three sick spells starting in the 12 months ending at P_end.
    With an employee's sick spells in order of first day, there are three in [R, P_end]
    exactly when some spell starts on or after R and the spell two further on starts by
    P_end; so each spell with the first day ``f3`` of the spell two further on is a
    candidate, and only those whose ``f3`` is close enough to ever fit in 12 months are kept.
    Of the candidates that fit a period, exactly one has its previous spell (``prev_f``)
    before R: the employee's first spell in those 12 months. Counting only that one counts
    each employee once without a DISTINCT."""
    only_org = _only_org("s", pooled, "AND")
    return f"""frequent_spans AS (
    SELECT s.org_id, s.unit, s.employee_id, s.es, s.ee, s.prev_f, s.f AS f1, s.f3
    FROM sick_spells s
    WHERE s.f3 IS NOT NULL AND s.f3 - s.f <= {ROLLING_YEAR_MAX_DAYS}{only_org}
)"""


Part = tuple[str, str, bool]  # name, SELECT, whether worth materialising (small, reused)


def _part(text: str, materialise: bool = True) -> Part:
    name, body = text.split(" AS (", 1)
    return name.strip(), body.rstrip()[:-1].strip(), materialise


def derived_parts(
    dialect: Dialect = DUCKDB, pooled: bool = False, detail: bool = True
) -> list[Part]:
    """The period-independent parts in dependency order; the views are row-level inputs.

    ``detail=False`` leaves out what only nulverzuim, duration classes and frequent absence
    need (an engine computing them per query, such as the pooled benchmark, then does less);
    the store keeps them all."""
    key: UnitKey = "org" if pooled else "unit"
    found = [
        _part(emp(dialect, key), False),
        _part(absence_days(dialect, pooled, previous=detail)),
        _part(sick_spells(dialect, key)),
        _part(spell_spans(pooled)),
        _part(employment_events(pooled)),
        _part(absence_events(pooled)),
        _part(spell_events(pooled)),
        _part(recurrence_spells(pooled)),
        _part(partial_ends(pooled)),
    ]
    if detail:
        found += [
            _part(sick_interval_events(pooled)),
            _part(sick_returns(pooled)),
            _part(open_duration_events(pooled)),
            _part(frequent_spans(pooled)),
        ]
    return found


# --- period parts: the derived rows spread over the periods asked for ------------------------


def _source(name: str, pooled: bool, alias: str) -> str:
    """A derived table read for the organisation asked for (all of them when pooled)."""
    if pooled:
        return f"{name} {alias}"
    return f"(SELECT * FROM {name} WHERE org_id = {ONE_ORG}) AS {alias}"


def _windowed(name: str, columns: tuple[str, ...], pooled: bool) -> str:
    """Events after the last period are never counted, and every event before the first
    period counts in each period exactly as one on the first day would: so they are summed
    there, which leaves a few rows per unit instead of one per day of the past."""
    sums = ", ".join(f"sum({c}) AS {c}" for c in columns)
    return f"""{name}_window AS (
    SELECT v.unit, greatest(v.t, win.w0) AS t, {sums}
    FROM {_source(name, pooled, "v")} CROSS JOIN win
    WHERE v.t <= win.w1
    GROUP BY v.unit, greatest(v.t, win.w0)
)"""


# ZVP denominator (ptf-weighted employed days), N's employed days, and the employees employed
# on at least one day: those who started by P_end minus those who left before P_start.
DENOMINATORS = """denominators AS (
    SELECT p.period_no, v.unit,
        sum(v.d_ptf * (p.pe - greatest(p.ps, v.t) + 1)) AS ptf_days,
        sum(v.d_days * (p.pe - greatest(p.ps, v.t) + 1)) AS employed_days,
        sum(v.starts) - sum(CASE WHEN v.t <= p.ps THEN v.ends ELSE 0 END) AS employees
    FROM employment_events_window v JOIN q_periods p ON v.t <= p.pe
    GROUP BY p.period_no, v.unit
)"""

# ZVP numerators: pregnancy leave is out of the standard figure, in the second one.
NUMERATORS = """numerators AS (
    SELECT p.period_no, v.unit,
        sum(v.d_sick * (p.pe - greatest(p.ps, v.t) + 1)) AS sick_weighted,
        sum(v.d_all * (p.pe - greatest(p.ps, v.t) + 1)) AS all_weighted
    FROM absence_events_window v JOIN q_periods p ON v.t <= p.pe
    GROUP BY p.period_no, v.unit
)"""


def spell_counts(pooled: bool, detail: bool) -> str:
    """New and ended sick spells per period; with ``detail`` the ended ones per duration
    class too (``duration_classes``)."""
    ended = "".join(f", sum(v.{c}) AS {c}" for c in ENDED_CLASSES) if detail else ""
    return f"""spell_counts AS (
    SELECT p.period_no, v.unit, sum(v.new_spells) AS new_spells,
        sum(v.ended_spells) AS ended_spells, sum(v.ended_days) AS ended_days{ended}
    FROM {_source("spell_events", pooled, "v")} JOIN q_periods p ON v.t >= p.ps AND v.t <= p.pe
    GROUP BY p.period_no, v.unit
)"""


# --- detail: measures per employee or per spell, for the few periods that show them -------


def sick_employees(pooled: bool) -> str:
    """Nulverzuim: employees with at least one sick day in the period (within employment):
    the sick episodes touching the period minus the consecutive pairs that both touch it
    (``sick_interval_events``, ``sick_returns``)."""
    only_org = _only_org("sick_returns", pooled, "AND")
    return f"""sick_employees AS (
    SELECT o.period_no, o.unit, o.touching - coalesce(r.pairs, 0) AS employees_sick
    FROM (
        SELECT p.period_no, v.unit,
            sum(v.starts) - sum(CASE WHEN v.t <= p.ps THEN v.ends ELSE 0 END) AS touching
        FROM sick_interval_events_window v JOIN q_periods p ON v.t <= p.pe
        GROUP BY p.period_no, v.unit
    ) AS o
    LEFT JOIN (
        SELECT p.period_no, r.unit, count(*) AS pairs
        FROM (
            SELECT * FROM sick_returns
            WHERE gap <= (SELECT max(pe - ps) FROM q_periods){only_org}
        ) AS r
        JOIN q_periods p ON r.pb >= p.ps AND r.a <= p.pe
        GROUP BY p.period_no, r.unit
    ) AS r ON r.period_no = o.period_no AND r.unit = o.unit
)"""


def duration_classes() -> str:
    """Vernet classes over sick spells active in the period, length up to last day or P_end:
    those closed in the period (``spell_counts``) and those still running after P_end
    (``open_duration_events``)."""
    columns = ",\n        ".join(
        f"sum({e}) AS {d}" for e, d in zip(ENDED_CLASSES, DURATION_COLUMNS, strict=True)
    )
    open_sums = ", ".join(
        f"sum(v.{o}) AS {e}" for o, e in zip(OPEN_CLASSES, ENDED_CLASSES, strict=True)
    )
    ended = ", ".join(ENDED_CLASSES)
    return f"""duration_classes AS (
    SELECT period_no, unit,
        {columns}
    FROM (
        SELECT period_no, unit, {ended} FROM spell_counts
        UNION ALL
        SELECT p.period_no, v.unit, {open_sums}
        FROM open_duration_events_window v JOIN q_periods p ON v.t <= p.pe
        GROUP BY p.period_no, v.unit
    ) AS active
    GROUP BY period_no, unit
)"""


# Frequent absence: employees employed in the period with 3+ sick spells starting in the 12
# months ending at P_end, counted once each through the first of their spells in those
# months (``frequent_spans``): spell ``f1`` counts in a period when
#   f1 >= R, f3 <= P_end, es <= P_end, ee >= P_start and (no prev_f or prev_f < R).
# R, the first day of the 12 months, only grows with P_end, so "R <= x" is "P_end <= G(x)",
# with G(x) the last day whose 12 months start by x (``q_year_ends``, made by the caller
# from the calendar: runs of days x for which G(x) = x + shift). The conditions on R then
# become an interval of P_end per spell:
# [max(f3, es, G(prev_f) + 1), G(f1)], whose events are summed up to P_end like the others.
# ``ee >= P_start`` holds by itself when the employment lasts to G(f1); the few spells of
# employees who leave earlier are matched to the periods directly.
FREQUENT_CANDIDATES = f"""frequent_candidates AS (
    SELECT s.unit, s.es, s.ee, s.prev_f, s.f1, s.f3, s.f1 + g1.shift AS hi,
        greatest(s.f3, s.es, coalesce(s.prev_f + g0.shift, -{FAR}) + 1) AS lo
    FROM {{source}}
    JOIN q_year_ends g1 ON s.f1 BETWEEN g1.x_from AND g1.x_to
    LEFT JOIN q_year_ends g0 ON s.prev_f BETWEEN g0.x_from AND g0.x_to
    WHERE s.f3 <= (SELECT max(pe) FROM q_periods)
)"""


def frequent_candidates(pooled: bool) -> str:
    return FREQUENT_CANDIDATES.replace("{source}", _source("frequent_spans", pooled, "s"))


FREQUENT_EVENTS = """frequent_events_window AS (
    SELECT unit, greatest(t, win.w0) AS t, sum(d) AS d
    FROM (
        SELECT unit, lo AS t, 1 AS d FROM frequent_candidates WHERE ee >= hi AND lo <= hi
        UNION ALL
        SELECT unit, hi + 1 AS t, -1 AS d FROM frequent_candidates WHERE ee >= hi AND lo <= hi
    ) AS ev CROSS JOIN win
    WHERE t <= win.w1
    GROUP BY unit, greatest(t, win.w0)
)"""

FREQUENT = """frequent AS (
    SELECT period_no, unit, sum(n) AS frequent
    FROM (
        SELECT p.period_no, v.unit, sum(v.d) AS n
        FROM frequent_events_window v JOIN q_periods p ON v.t <= p.pe
        GROUP BY p.period_no, v.unit
        UNION ALL
        SELECT p.period_no, s.unit, count(*) AS n
        FROM frequent_candidates s JOIN q_periods p ON s.f1 >= p.rs AND s.f3 <= p.pe
        WHERE s.ee < s.hi AND s.es <= p.pe AND s.ee >= p.ps
            AND (s.prev_f IS NULL OR s.prev_f < p.rs)
        GROUP BY p.period_no, s.unit
    ) AS both_kinds
    GROUP BY period_no, unit
)"""


def bradford_part(pooled: bool) -> str:
    """Bradford factor S^2 * D per employee over the 12 months ending at P_end (S: sick spells
    with a sick day in those months, D: those sick days); only the distribution leaves the
    database. Employees employed in the period without such a day score 0 (computed from the
    headcount)."""
    return f"""bradford AS (
    SELECT period_no, unit,
        sum(CASE WHEN score <= 50 THEN 1 ELSE 0 END) AS bf_1_50,
        sum(CASE WHEN score > 50 AND score <= 200 THEN 1 ELSE 0 END) AS bf_51_200,
        sum(CASE WHEN score > 200 AND score <= 400 THEN 1 ELSE 0 END) AS bf_201_400,
        sum(CASE WHEN score > 400 AND score <= 650 THEN 1 ELSE 0 END) AS bf_401_650,
        sum(CASE WHEN score > 650 THEN 1 ELSE 0 END) AS bf_over_650
    FROM (
        SELECT p.period_no, e.unit, e.employee_id,
            count(DISTINCT e.spell_id) * count(DISTINCT e.spell_id)
                * sum(least(e.b, p.pe) - greatest(e.a, p.rs) + 1) AS score
        FROM {_source("absence_days", pooled, "e")} JOIN q_periods p ON e.a <= p.pe AND e.b >= p.rs
        WHERE e.kind = 'sick' AND e.es <= p.pe AND e.ee >= p.ps
        GROUP BY p.period_no, e.unit, e.employee_id
    ) AS scores
    GROUP BY period_no, unit
)"""


# --- return and recurrence: the return threshold of the absence model ----------------------


def recurrence(pooled: bool) -> str:
    return f"""recurrence AS (
    SELECT p.period_no, r.unit, sum(r.eligible) AS recurrence_eligible,
        sum(r.recurring) AS recurrence_recurring
    FROM {_source("recurrence_spells", pooled, "r")} JOIN q_periods p
        ON r.l >= p.ps AND r.l <= p.pe - {RECURRENCE_DAYS}
    GROUP BY p.period_no, r.unit
)"""


def partial_return(pooled: bool) -> str:
    return f"""partial_return AS (
    SELECT p.period_no, x.unit, sum(x.spells) AS partial_return_spells
    FROM {_source("partial_ends", pooled, "x")} JOIN q_periods p ON x.l >= p.ps AND x.l <= p.pe
    GROUP BY p.period_no, x.unit
)"""


CORE_COLUMNS = (
    "employees", "ptf_days", "employed_days", "sick_weighted", "all_weighted", "new_spells",
    "ended_spells", "ended_days",
)  # fmt: skip
DETAIL_COLUMNS = ("employees_sick", *DURATION_COLUMNS, "frequent")
RETURN_COLUMNS = ("recurrence_eligible", "recurrence_recurring", "partial_return_spells")
BRADFORD_COLUMNS = (
    "bf_1_50", "bf_51_200", "bf_201_400", "bf_401_650", "bf_over_650",
)  # fmt: skip

_SOURCES = {
    "ptf_days": "d",
    "employed_days": "d",
    "employees": "d",
    "sick_weighted": "n",
    "all_weighted": "n",
    "new_spells": "sc",
    "ended_spells": "sc",
    "ended_days": "sc",
    "employees_sick": "se",
    "dc_kort": "dc",
    "dc_middellang": "dc",
    "dc_lang": "dc",
    "dc_extra_lang": "dc",
    "frequent": "fr",
    "recurrence_eligible": "rc",
    "recurrence_recurring": "rc",
    "partial_return_spells": "pr",
    **{c: "bf" for c in BRADFORD_COLUMNS},
}
_JOINS = {
    "d": "denominators",
    "n": "numerators",
    "sc": "spell_counts",
    "se": "sick_employees",
    "dc": "duration_classes",
    "fr": "frequent",
    "rc": "recurrence",
    "pr": "partial_return",
    "bf": "bradford",
}


def result_columns(detail: bool, bradford: bool, returns: bool | None = None) -> tuple[str, ...]:
    return (
        ("period_no", "grp_no")
        + CORE_COLUMNS
        + (DETAIL_COLUMNS if detail else ())
        + (RETURN_COLUMNS if _returns(detail, returns) else ())
        + (BRADFORD_COLUMNS if bradford else ())
    )


def _returns(detail: bool, returns: bool | None) -> bool:
    """Recurrence and partial return come with ``detail`` unless asked for on their own."""
    return detail if returns is None else returns


def parts(
    dialect: Dialect = DUCKDB,
    detail: bool = True,
    bradford: bool = False,
    pooled: bool = False,
    returns: bool | None = None,
    stored: bool = False,
) -> list[Part]:
    """The named parts in dependency order; the last one, ``unit_keys``, lists every row.

    ``detail`` adds the per-employee and per-spell measures (nulverzuim, duration classes,
    frequent absence, recurrence within 28 days, partial return); ``bradford`` the Bradford
    distribution. Row-level parts (employees, episodes, spells) are cheap to recompute and
    big to store, so they are not materialised.
    ``pooled`` reads every organisation and makes each organisation a unit (module docstring);
    ``returns`` asks for recurrence and partial return with or without the rest of ``detail``.
    ``stored``: the derived parts are tables kept by the store (``analytics/derived.py``), so
    only the period parts are made here.
    """
    found = [_part(WINDOW)]
    if not stored:
        found += derived_parts(dialect, pooled, detail)
    found += [
        _part(_windowed("employment_events", EMPLOYMENT_SUMS, pooled)),
        _part(_windowed("absence_events", ABSENCE_SUMS, pooled)),
        _part(DENOMINATORS),
        _part(NUMERATORS),
        _part(spell_counts(pooled, detail)),
    ]
    if detail:
        found += [
            _part(_windowed("sick_interval_events", ("starts", "ends"), pooled)),
            _part(_windowed("open_duration_events", OPEN_CLASSES, pooled)),
            _part(sick_employees(pooled)),
            _part(duration_classes()),
            _part(frequent_candidates(pooled)),
            _part(FREQUENT_EVENTS),
            _part(FREQUENT),
        ]
    if _returns(detail, returns):
        found += [_part(recurrence(pooled)), _part(partial_return(pooled))]
    if bradford:
        found.append(_part(bradford_part(pooled)))
    # Every (period, unit) any part has a row for: a spell counts in ZMF and GZVD even when
    # its unit has nobody employed in that period (the reference sets no employment condition).
    sources = ["denominators", *(_JOINS[a] for a in _aliases(detail, bradford, returns))]
    keys = " UNION ".join(f"SELECT period_no, unit FROM {name}" for name in sources)
    found.append(("unit_keys", keys, True))
    return found


EMPLOYMENT_SUMS = ("d_ptf", "d_days", "starts", "ends")
ABSENCE_SUMS = ("d_sick", "d_all")


def _aliases(detail: bool, bradford: bool, returns: bool | None = None) -> list[str]:
    detail_aliases = ["se", "dc", "fr"] if detail else []
    return_aliases = ["rc", "pr"] if _returns(detail, returns) else []
    return ["n", "sc", *detail_aliases, *return_aliases] + (["bf"] if bradford else [])


def _unit_joins(detail: bool, bradford: bool, returns: bool | None) -> str:
    """Every part's per-unit row beside ``unit_keys`` (a part may have none: then 0)."""
    return "\n".join(
        f"LEFT JOIN {_JOINS[a]} {a} ON {a}.period_no = k.period_no AND {a}.unit = k.unit"
        for a in ["d", *_aliases(detail, bradford, returns)]
    )


def final_select(detail: bool = True, bradford: bool = False, returns: bool | None = None) -> str:
    """Per-unit rows summed into groups (the total is group 0) through ``q_groups``."""
    sums = ",\n    ".join(
        f"sum(coalesce({_SOURCES[c]}.{c}, 0)) AS {c}"
        for c in result_columns(detail, bradford, returns)[2:]
    )
    joins = _unit_joins(detail, bradford, returns)
    return f"""SELECT k.period_no, g.grp_no,
    {sums}
FROM unit_keys k
{joins}
JOIN q_groups g ON g.unit = k.unit
GROUP BY k.period_no, g.grp_no
ORDER BY k.period_no, g.grp_no"""


def unit_select(detail: bool = True, bradford: bool = False, returns: bool | None = None) -> str:
    """The per-unit rows themselves (per organisation when pooled), before any grouping."""
    sums = ",\n    ".join(
        f"coalesce({_SOURCES[c]}.{c}, 0) AS {c}"
        for c in result_columns(detail, bradford, returns)[2:]
    )
    joins = _unit_joins(detail, bradford, returns)
    return f"""SELECT k.period_no, k.unit,
    {sums}
FROM unit_keys k
{joins}"""


def metrics_query(dialect: Dialect = DUCKDB, detail: bool = True, bradford: bool = False) -> str:
    """The same definitions as one statement, for engines that run a single query."""
    ctes = ",\n".join(
        f"{name} AS (\n{body}\n)" for name, body, _ in parts(dialect, detail, bradford)
    )
    return f"WITH {ctes}\n{final_select(detail, bradford)}"


def employee_parts(dialect: Dialect = DUCKDB) -> list[Part]:
    """The ZVP parts (numerator and denominator) keyed per employee instead of per unit."""
    found = [_part(WINDOW), _part(emp(dialect, "employee"), False)]
    found += [
        _part(absence_days(dialect, previous=False)),
        _part(employment_events()),
        _part(absence_events()),
    ]
    found += [
        _part(_windowed("employment_events", EMPLOYMENT_SUMS, False)),
        _part(_windowed("absence_events", ABSENCE_SUMS, False)),
        _part(DENOMINATORS),
        _part(NUMERATORS),
        _part(EMPLOYEE_KEYS),
    ]
    return found


# Employees numbered 0, 1, ... in key order, so the sums leave the database as numbers only.
EMPLOYEE_KEYS = """employee_keys AS (
    SELECT unit AS employee_id, min(home_unit) AS home_unit,
        row_number() OVER (ORDER BY unit) - 1 AS row_no
    FROM emp
    GROUP BY unit
)"""

EMPLOYEE_LIST = "SELECT employee_id, home_unit FROM employee_keys ORDER BY row_no"

# One row per employee and period in which the employee was employed on at least one day:
# the ZVP denominator (ptf-weighted employed days) and numerator (weighted sick days).
EMPLOYEE_SELECT = """SELECT k.row_no, d.period_no, d.ptf_days,
    coalesce(n.sick_weighted, 0) AS sick_weighted
FROM denominators d
JOIN employee_keys k ON k.employee_id = d.unit
LEFT JOIN numerators n ON n.period_no = d.period_no AND n.unit = d.unit
WHERE d.employees > 0"""
