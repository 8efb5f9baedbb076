"""Effect evaluation: did absence move in the units that got a measure?

Difference-in-differences against comparison units, or an interrupted time series when no
comparison exists, on the monthly ZVP of ``verzuim.analytics`` (the same definitions, run
per employee so employees can be resampled). The rules are those of the project's
evaluation reference page; see docs/evaluation.md.
"""
