"""Small-group and complementary suppression over a tree of groups: which groups to hide, why.

The rule of the project's absence-metrics reference ("Small groups"):
- a group with fewer than 5 employees is suppressed (reason ``small``);
- among the children of one parent, while the suppressed children together have 1 to 4
  employees, the shown child with the fewest employees (ties: the first name in code-point
  order) is suppressed too (reason ``complementary``), until the suppressed children
  together have 0 or at least 5 employees, or all are suppressed. The parent stays.

Two consequences of the same aim (no suppressed group recoverable by subtraction), where
the reference is silent:
- Employees of a parent who are in none of its children (people booked on ``Productie``
  itself, beside ``Productie/Hal 2``) are a hidden part that counts as suppressed: the
  parent minus its shown children would otherwise show them.
- Under a parent that is itself suppressed, the suppressed children (with that hidden part)
  must reach 5 employees: "0" is not enough, because a hidden parent whose children are all
  shown can be rebuilt by adding them up, and then subtracted from its own parent.

Pure and engine-free, so any caller with group sizes (results, the balance check, a pooled
benchmark) can reuse it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from verzuim.analytics.models import SUPPRESSION_THRESHOLD, Suppression

Reason = Suppression


def suppress(
    employees: Mapping[str, int],
    parent: Mapping[str, str | None],
    root_employees: int | None = None,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict[str, Reason]:
    """The suppressed groups with their reason; groups not in the answer are shown.

    ``employees``: distinct employees per group. ``parent``: each group's parent group, or
    None for a group directly under the total (every group of a flat breakdown).
    ``root_employees``: the total's employees, when it may hold people in no group.
    """
    children: dict[str | None, list[str]] = defaultdict(list)
    for group in employees:
        children[parent.get(group)].append(group)
    reasons: dict[str, Reason] = {g: "small" for g, n in employees.items() if n < threshold}

    def visit(node: str | None, node_hidden: bool) -> None:
        kids = sorted(children.get(node, []))
        if not kids:
            return
        own = root_employees if node is None else employees[node]
        in_kids = sum(employees[k] for k in kids)
        hidden = max(own - in_kids, 0) if own is not None else 0
        hidden += sum(employees[k] for k in kids if k in reasons)
        while hidden < threshold and (hidden > 0 or node_hidden):
            shown = [k for k in kids if k not in reasons]
            if not shown:
                break
            pick = min(shown, key=lambda k: (employees[k], k))
            reasons[pick] = "complementary"
            hidden += employees[pick]
        for kid in kids:
            visit(kid, kid in reasons)

    visit(None, False)
    return reasons


def unit_parents(groups: list[str], tree: bool) -> dict[str, str | None]:
    """Each unit group's parent: its nearest ancestor path among ``groups`` in a unit tree,
    or None (under the total) in a flat breakdown."""
    present = set(groups)
    found: dict[str, str | None] = {}
    for group in groups:
        found[group] = None
        if tree:
            parts = group.split("/")
            for i in range(len(parts) - 1, 0, -1):
                ancestor = "/".join(parts[:i])
                if ancestor in present:
                    found[group] = ancestor
                    break
    return found
