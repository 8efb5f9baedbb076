"""Who is treated and who is compared: unit paths matched against the employees' units."""

from __future__ import annotations

import difflib
import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from verzuim.analytics.values import unit_path

Mask = npt.NDArray[np.bool_]


class UnitError(ValueError):
    """A unit path that matches nobody, or units given both as treated and as comparison."""


def normalise(path: str) -> str:
    return unit_path(path)


def within(unit: str, path: str) -> bool:
    """``Productie/Hal 2`` lies within ``Productie`` and within itself."""
    return unit == path or unit.startswith(path + "/")


def overlaps(a: str, b: str) -> bool:
    return within(a, b) or within(b, a)


def select(paths: Sequence[str], units: Sequence[str], option: str) -> Mask:
    """Employees whose unit lies within any of ``paths``; an unknown path is an error."""
    known = sorted(set(units))  # a few hundred units for thousands of employees
    chosen: set[str] = set()
    for path in paths:
        hits = {u for u in known if within(u, path)}
        if not hits:
            raise UnitError(_unknown(path, known, option))
        chosen |= hits
    return np.fromiter((u in chosen for u in units), dtype=bool, count=len(units))


def _unknown(path: str, known: list[str], option: str) -> str:
    prefixes = sorted({"/".join(u.split("/")[:i]) for u in known for i in (1, 2, 3)})
    same = [p for p in prefixes if p.casefold() == path.casefold()]
    close = same or difflib.get_close_matches(path, prefixes, n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    top = sorted({u.split("/")[0] for u in known})
    return (
        f"{option} '{path}': no employee in the files belongs to this unit.{hint} "
        f"Give a unit path as it appears in the employee file, e.g. "
        f"{', '.join(repr(t) for t in top[:5])}."
    )


def suggest(treated: Sequence[str], units: Sequence[str], sizes: dict[str, int]) -> list[str]:
    """Comparison units: same level of the unit tree as the treated units, similar size.

    Candidates are the units at the depth of a treated path that neither contain nor lie
    inside a treated path. Those within a factor 2 of the treated units' average size are
    taken; when none is, the three closest in size. ``sizes`` counts the employees of a
    unit path (every level of the tree) in the months before the start.
    """
    depths = {len(p.split("/")) for p in treated}
    target = sum(sizes.get(p, 0) for p in treated) / len(treated)
    candidates: set[str] = set()
    for unit in set(units):  # distinct units only
        parts = unit.split("/")
        for depth in depths:
            if len(parts) >= depth:
                prefix = "/".join(parts[:depth])
                if not any(overlaps(prefix, t) for t in treated):
                    candidates.add(prefix)
    scored = sorted(
        (abs(math.log(max(sizes.get(c, 0), 1) / max(target, 1))), c)
        for c in candidates
        if sizes.get(c, 0) > 0
    )
    close = [c for distance, c in scored if distance <= math.log(2)]
    return sorted(close or [c for _, c in scored[:3]])


def sizes_by_path(units: Sequence[str]) -> dict[str, int]:
    """Employees per unit path at every level: ``A/B`` counts in ``A`` and in ``A/B``."""
    found: dict[str, int] = {}
    for unit, n in Counter(units).items():
        parts = unit.split("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            found[prefix] = found.get(prefix, 0) + n
    return found
