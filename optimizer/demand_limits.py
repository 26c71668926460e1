"""The bounds of a demand in tokens/s, a workload's own and a scenario's alike: far beyond any
real request, so that no number a client sends can overflow the model's arithmetic
(coefficients, costs, tokens) into inf or underflow it to 0."""

from __future__ import annotations

__all__ = ["MAX_TOKENS_PER_SECOND", "MIN_TOKENS_PER_SECOND"]

MAX_TOKENS_PER_SECOND = 1e12
"""A thousand times the world's inference traffic of 2026."""
MIN_TOKENS_PER_SECOND = 1e-3
"""Smaller nonzero demand would make the demand rows' coefficients overflow (a scenario's
scale of 5e-324 failed its plan inside PuLP: probe 18a F2)."""
