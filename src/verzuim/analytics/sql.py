"""The metric definitions of the project's absence-metrics reference, written once, as SQL.

The query is assembled from small named parts (common table expressions), each one rule of
the reference. The parts use only portable SQL (joins, UNION ALL, CASE, GREATEST/LEAST,
aggregates) over integer day numbers; the single engine-specific piece, turning a DATE into a
day number, lives in ``Dialect``. Porting to another engine (Spark, Trino, or Ibis over them)
means writing one ``Dialect``, not the metrics.

How it stays fast without expanding days: a sum over the days of a period of something that
starts on day ``a`` and stops after day ``b`` equals, per "event" (+w on day a, -w on day
b + 1), ``w * (P_end - max(P_start, t) + 1)`` summed over events with ``t <= P_end``. Events
are first summed per unit and day (a few hundred thousand rows for a million employees), then
spread over the periods. Every sum is additive over units, so the total and the unit tree are
sums of per-unit rows, made at the very end.

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

FAR = 10_000_000  # a day number beyond any real date: "still open"
GZVD_CAP = 730


@dataclass(frozen=True)
class Dialect:
    """How one engine turns a DATE column into an integer day number."""

    name: str
    day_template: str

    def day(self, column: str) -> str:
        return self.day_template.format(column)


DUCKDB = Dialect("duckdb", "CAST(({} - DATE '1970-01-01') AS INTEGER)")

# The range all periods together cover: events are clipped to it.
WINDOW = "win AS (SELECT min(ps) AS w0, max(pe) AS w1 FROM q_periods)"


def _scope(alias: str, pooled: bool) -> tuple[str, str]:
    """The unit a row counts in and the filter on organisation: one, or all of them."""
    if pooled:
        return f"{alias}.org_id", ""
    return f"{alias}.unit", f"\n    WHERE {alias}.org_id = (SELECT org_id FROM q_org)"


def emp(d: Dialect, pooled: bool = False, per_employee: bool = False) -> str:
    """Employments in day numbers; an empty end date means still employed.

    Every later part groups by the column ``unit``. ``pooled`` makes each organisation one
    unit (the pooled benchmark); ``per_employee`` puts the employee's key in that column
    (and the real unit in ``home_unit``), so the very same parts give their sums per
    employee: what the effect evaluation resamples.
    """
    unit, only_org = _scope("e", pooled)
    key = "e.employee_id AS unit, e.unit AS home_unit" if per_employee else f"{unit} AS unit"
    return f"""emp AS (
    SELECT e.org_id, e.employee_id, {key}, e.part_time_factor AS ptf,
        {d.day("e.employment_start")} AS es,
        coalesce({d.day("e.employment_end")}, {FAR}) AS ee
    FROM employees e{only_org}
)"""


def ep(d: Dialect, pooled: bool = False) -> str:
    """Episodes with their employee's unit, part-time factor and employment."""
    _, only_org = _scope("x", pooled)
    return f"""ep AS (
    SELECT x.employee_id, x.spell_id, x.kind, x.unfit_pct / 100.0 AS u,
        {d.day("x.first_day")} AS f,
        coalesce({d.day("x.last_day")}, {FAR}) AS l,
        emp.unit, emp.ptf, emp.es, emp.ee
    FROM episodes x
    JOIN emp ON emp.org_id = x.org_id AND emp.employee_id = x.employee_id{only_org}
)"""


# Days of employment inside the window.
EMPLOYED = """employed AS (
    SELECT emp.unit, emp.ptf, greatest(emp.es, win.w0) AS a, least(emp.ee, win.w1) AS b
    FROM emp CROSS JOIN win
    WHERE emp.es <= win.w1 AND emp.ee >= win.w0
)"""

# Absence days inside the employment AND the window: a day outside employment does not count.
ABSENT = """absent AS (
    SELECT ep.employee_id, ep.unit, ep.kind, ep.ptf * ep.u AS w,
        greatest(ep.f, ep.es, win.w0) AS a, least(ep.l, ep.ee, win.w1) AS b
    FROM ep CROSS JOIN win
    WHERE greatest(ep.f, ep.es, win.w0) <= least(ep.l, ep.ee, win.w1)
)"""

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


def spell_rows(d: Dialect, pooled: bool = False) -> str:
    """Spells with their employee's unit and employment, in day numbers."""
    unit, only_org = _scope("s", pooled)
    return f"""spell_rows AS (
    SELECT s.org_id, s.employee_id, s.spell_id, s.kind, {unit} AS unit,
        {d.day("s.employment_start")} AS es,
        coalesce({d.day("s.employment_end")}, {FAR}) AS ee,
        {d.day("s.first_day")} AS f,
        coalesce({d.day("s.last_day")}, {FAR}) AS l
    FROM spells s{only_org}
)"""


EMPLOYMENT_EVENTS = """employment_events AS (
    SELECT unit, t, sum(d_ptf) AS d_ptf, sum(d_days) AS d_days,
        sum(starts) AS starts, sum(ends) AS ends
    FROM (
        SELECT unit, a AS t, ptf AS d_ptf, 1 AS d_days, 1 AS starts, 0 AS ends FROM employed
        UNION ALL
        SELECT unit, b + 1 AS t, -ptf AS d_ptf, -1 AS d_days, 0 AS starts, 1 AS ends
        FROM employed
    ) AS ev
    GROUP BY unit, t
)"""

# One scan makes both events of an episode (side 1: +w on day a, side -1: -w on day b + 1).
ABSENCE_EVENTS = """absence_events AS (
    SELECT unit, t, sum(d_sick) AS d_sick, sum(d_all) AS d_all
    FROM (
        SELECT a.unit,
            CASE WHEN side.k = 1 THEN a.a ELSE a.b + 1 END AS t,
            CASE WHEN a.kind = 'sick' THEN side.k * a.w ELSE 0 END AS d_sick,
            side.k * a.w AS d_all
        FROM absent a CROSS JOIN (VALUES (1), (-1)) AS side(k)
    ) AS ev
    GROUP BY unit, t
)"""

# ZVP denominator (ptf-weighted employed days), N's employed days, and the employees employed
# on at least one day: those who started by P_end minus those who left before P_start.
DENOMINATORS = """denominators AS (
    SELECT p.period_no, v.unit,
        sum(v.d_ptf * (p.pe - greatest(p.ps, v.t) + 1)) AS ptf_days,
        sum(v.d_days * (p.pe - greatest(p.ps, v.t) + 1)) AS employed_days,
        sum(v.starts) - sum(CASE WHEN v.t <= p.ps THEN v.ends ELSE 0 END) AS employees
    FROM employment_events v JOIN q_periods p ON v.t <= p.pe
    GROUP BY p.period_no, v.unit
)"""

# ZVP numerators: pregnancy leave is out of the standard figure, in the second one.
NUMERATORS = """numerators AS (
    SELECT p.period_no, v.unit,
        sum(v.d_sick * (p.pe - greatest(p.ps, v.t) + 1)) AS sick_weighted,
        sum(v.d_all * (p.pe - greatest(p.ps, v.t) + 1)) AS all_weighted
    FROM absence_events v JOIN q_periods p ON v.t <= p.pe
    GROUP BY p.period_no, v.unit
)"""

# ZMF counts sick spells whose first day lies in the period; GZVD averages closed sick spells
# whose last day lies in it, each capped at 730 days, days before the period included.
# One scan makes a spell's start event (side 1) and, once closed, its end event (side 2).
SPELL_EVENTS = f"""spell_events AS (
    SELECT unit, t, sum(new_spells) AS new_spells, sum(ended_spells) AS ended_spells,
        sum(ended_days) AS ended_days
    FROM (
        SELECT s.unit,
            CASE WHEN side.k = 1 THEN s.f ELSE s.l END AS t,
            CASE WHEN side.k = 1 THEN 1 ELSE 0 END AS new_spells,
            CASE WHEN side.k = 2 THEN 1 ELSE 0 END AS ended_spells,
            CASE WHEN side.k = 2 THEN least(s.l - s.f + 1, {GZVD_CAP}) ELSE 0 END AS ended_days
        FROM spell_rows s CROSS JOIN win CROSS JOIN (VALUES (1), (2)) AS side(k)
        WHERE s.kind = 'sick' AND (
            (side.k = 1 AND s.f >= win.w0 AND s.f <= win.w1)
            OR (side.k = 2 AND s.l < {FAR} AND s.l >= win.w0 AND s.l <= win.w1)
        )
    ) AS ev
    GROUP BY unit, t
)"""

SPELL_COUNTS = """spell_counts AS (
    SELECT p.period_no, v.unit, sum(v.new_spells) AS new_spells,
        sum(v.ended_spells) AS ended_spells, sum(v.ended_days) AS ended_days
    FROM spell_events v JOIN q_periods p ON v.t >= p.ps AND v.t <= p.pe
    GROUP BY p.period_no, v.unit
)"""

# --- detail: measures per employee or per spell, for the few periods that show them -------

# Nulverzuim: employees with at least one sick day in the period (within their employment).
SICK_EMPLOYEES = """sick_employees AS (
    SELECT p.period_no, a.unit, count(DISTINCT a.employee_id) AS employees_sick
    FROM absent a JOIN q_periods p ON a.a <= p.pe AND a.b >= p.ps
    WHERE a.kind = 'sick'
    GROUP BY p.period_no, a.unit
)"""

# Vernet classes over sick spells active in the period, length up to last day or P_end.
DURATION_CLASSES = f"""duration_classes AS (
    SELECT period_no, unit,
        sum(CASE WHEN len <= 14 THEN 1 ELSE 0 END) AS dc_kort,
        sum(CASE WHEN len BETWEEN 15 AND 91 THEN 1 ELSE 0 END) AS dc_middellang,
        sum(CASE WHEN len BETWEEN 92 AND 365 THEN 1 ELSE 0 END) AS dc_lang,
        sum(CASE WHEN len >= 366 THEN 1 ELSE 0 END) AS dc_extra_lang
    FROM (
        SELECT p.period_no, s.unit, least(least(s.l, p.pe) - s.f + 1, {GZVD_CAP}) AS len
        FROM spell_rows s JOIN q_periods p ON s.f <= p.pe AND s.l >= p.ps
        WHERE s.kind = 'sick'
    ) AS active
    GROUP BY period_no, unit
)"""

# Frequent absence: employees employed in the period with 3+ sick spells starting in the
# 12 months ending at P_end.
FREQUENT = """frequent AS (
    SELECT period_no, unit, count(*) AS frequent
    FROM (
        SELECT p.period_no, s.unit, s.employee_id
        FROM spell_rows s JOIN q_periods p ON s.f >= p.rs AND s.f <= p.pe
        WHERE s.kind = 'sick' AND s.es <= p.pe AND s.ee >= p.ps
        GROUP BY p.period_no, s.unit, s.employee_id
        HAVING count(*) >= 3
    ) AS f3
    GROUP BY period_no, unit
)"""

# Bradford factor S^2 * D per employee over the 12 months ending at P_end (S: sick spells with
# a sick day in those months, D: those sick days); only the distribution leaves the database.
# Employees employed in the period without such a day score 0 (computed from the headcount).
BRADFORD = """bradford AS (
    SELECT period_no, unit,
        sum(CASE WHEN score <= 50 THEN 1 ELSE 0 END) AS bf_1_50,
        sum(CASE WHEN score > 50 AND score <= 200 THEN 1 ELSE 0 END) AS bf_51_200,
        sum(CASE WHEN score > 200 AND score <= 400 THEN 1 ELSE 0 END) AS bf_201_400,
        sum(CASE WHEN score > 400 AND score <= 650 THEN 1 ELSE 0 END) AS bf_401_650,
        sum(CASE WHEN score > 650 THEN 1 ELSE 0 END) AS bf_over_650
    FROM (
        SELECT p.period_no, e.unit, e.employee_id,
            count(DISTINCT e.spell_id) * count(DISTINCT e.spell_id)
                * sum(least(e.l, e.ee, p.pe) - greatest(e.f, e.es, p.rs) + 1) AS score
        FROM ep e JOIN q_periods p ON e.f <= p.pe AND e.l >= p.rs
        WHERE e.kind = 'sick' AND least(e.l, e.ee, p.pe) >= greatest(e.f, e.es, p.rs)
            AND e.es <= p.pe AND e.ee >= p.ps
        GROUP BY p.period_no, e.unit, e.employee_id
    ) AS scores
    GROUP BY period_no, unit
)"""

# --- return and recurrence: the return threshold of the absence model ----------------------

RECURRENCE_DAYS = 28  # an interruption shorter than four weeks (art. 7:629 lid 10 BW)

# Recurrence, per eligible spell: a closed sick spell with last day L whose employee is still
# employed on L + 28 recurs when the same employee starts another sick spell in [L+1, L+28].
# Spells of one employee never overlap (the import refuses overlapping episodes), so that
# other spell, if any, is the employee's next sick spell by first day: a window function
# (lead) finds it without joining the spells to themselves. The flag does not depend on the
# period, so it is made once per spell and summed per unit and last day; the periods then
# count the days L in [P_start, P_end - 28].
RECURRENCE_SPELLS = f"""recurrence_spells AS (
    SELECT unit, l, count(*) AS eligible,
        sum(CASE WHEN next_f BETWEEN l + 1 AND l + {RECURRENCE_DAYS} THEN 1 ELSE 0 END)
            AS recurring
    FROM (
        SELECT s.unit, s.l, s.es, s.ee,
            lead(s.f) OVER (PARTITION BY s.org_id, s.employee_id ORDER BY s.f) AS next_f
        FROM spell_rows s
        WHERE s.kind = 'sick'
    ) AS x CROSS JOIN win
    WHERE l < {FAR} AND l >= win.w0 AND l <= win.w1
        AND es <= l + {RECURRENCE_DAYS} AND ee >= l + {RECURRENCE_DAYS}
    GROUP BY unit, l
)"""

RECURRENCE = f"""recurrence AS (
    SELECT p.period_no, r.unit, sum(r.eligible) AS recurrence_eligible,
        sum(r.recurring) AS recurrence_recurring
    FROM recurrence_spells r JOIN q_periods p
        ON r.l >= p.ps AND r.l <= p.pe - {RECURRENCE_DAYS}
    GROUP BY p.period_no, r.unit
)"""


# Partial return: of the closed sick spells whose last day lies in the period (the GZVD set,
# ``ended_spells``), those with at least one episode below 100 % unfit.
def partial_spells(pooled: bool = False) -> str:
    _, only_org = _scope("x", pooled)
    where = "WHERE" if pooled else "AND"
    return f"""partial_spells AS (
    SELECT DISTINCT x.org_id, x.employee_id, x.spell_id
    FROM episodes x{only_org}
    {where} x.kind = 'sick' AND x.unfit_pct < 100
)"""


PARTIAL_RETURN = f"""partial_return AS (
    SELECT p.period_no, x.unit, sum(x.spells) AS partial_return_spells
    FROM (
        SELECT s.unit, s.l, count(*) AS spells
        FROM spell_rows s
        JOIN partial_spells x
            ON x.org_id = s.org_id AND x.employee_id = s.employee_id AND x.spell_id = s.spell_id
        CROSS JOIN win
        WHERE s.kind = 'sick' AND s.l < {FAR} AND s.l >= win.w0 AND s.l <= win.w1
        GROUP BY s.unit, s.l
    ) AS x JOIN q_periods p ON x.l >= p.ps AND x.l <= p.pe
    GROUP BY p.period_no, x.unit
)"""

CORE_COLUMNS = (
    "employees", "ptf_days", "employed_days", "sick_weighted", "all_weighted", "new_spells",
    "ended_spells", "ended_days",
)  # fmt: skip
DETAIL_COLUMNS = (
    "employees_sick", "dc_kort", "dc_middellang", "dc_lang", "dc_extra_lang", "frequent",
)  # fmt: skip
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


Part = tuple[str, str, bool]  # name, SELECT, whether worth materialising (small, reused)


def _part(text: str, materialise: bool = True) -> Part:
    name, body = text.split(" AS (", 1)
    return name.strip(), body.rstrip()[:-1].strip(), materialise


def parts(
    dialect: Dialect = DUCKDB,
    detail: bool = True,
    bradford: bool = False,
    pooled: bool = False,
    returns: bool | None = None,
) -> list[Part]:
    """The named parts in dependency order; the last one, ``unit_keys``, lists every row.

    ``detail`` adds the per-employee and per-spell measures (nulverzuim, duration classes,
    frequent absence, recurrence within 28 days, partial return); ``bradford`` the Bradford
    distribution. Row-level parts (employees, episodes, spells) are cheap to recompute and
    big to store, so they are not materialised.
    ``pooled`` reads every organisation and makes each organisation a unit (module docstring);
    ``returns`` asks for recurrence and partial return with or without the rest of ``detail``.
    """
    found = [_part(WINDOW)]
    row_parts = (emp(dialect, pooled), ep(dialect, pooled), spell_rows(dialect, pooled))
    found += [_part(p, False) for p in row_parts]
    found += [_part(EMPLOYED, False), _part(ABSENT, False)]
    found += [_part(p) for p in (EMPLOYMENT_EVENTS, ABSENCE_EVENTS, DENOMINATORS, NUMERATORS)]
    found += [_part(SPELL_EVENTS), _part(SPELL_COUNTS)]
    if detail:
        found += [_part(SICK_EMPLOYEES), _part(DURATION_CLASSES), _part(FREQUENT)]
    if _returns(detail, returns):
        found += [_part(RECURRENCE_SPELLS), _part(RECURRENCE)]
        found += [_part(partial_spells(pooled)), _part(PARTIAL_RETURN)]
    if bradford:
        found.append(_part(BRADFORD))
    # Every (period, unit) any part has a row for: a spell counts in ZMF and GZVD even when
    # its unit has nobody employed in that period (the reference sets no employment condition).
    sources = ["denominators", *(_JOINS[a] for a in _aliases(detail, bradford, returns))]
    keys = " UNION ".join(f"SELECT period_no, unit FROM {name}" for name in sources)
    found.append(("unit_keys", keys, True))
    return found


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
    found = [_part(WINDOW), _part(emp(dialect, per_employee=True), False)]
    found += [_part(ep(dialect), False), _part(EMPLOYED, False), _part(ABSENT, False)]
    found += [_part(p) for p in (EMPLOYMENT_EVENTS, ABSENCE_EVENTS, DENOMINATORS, NUMERATORS)]
    found.append(_part(EMPLOYEE_KEYS))
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
