"""Verzuim in beeld: knowledge, advice and analytics for preventing sickness absence."""

__version__ = "0.1.0"
