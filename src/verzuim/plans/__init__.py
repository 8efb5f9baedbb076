"""Plan van aanpak: an organisation's measures from advice or signal to action and evidence.

Measures with an origin (advice, knowledge-base practice, analytics or balance-check signal,
or written freely), target units, professionals, an owner, budget, dates and a status
history; a RE-AIM process evaluation; the effect evaluation of ``verzuim.evaluation`` on the
organisation's own absence data; and a shareable good-practice record (``verzuim.records``).
See docs/plans.md.
"""
