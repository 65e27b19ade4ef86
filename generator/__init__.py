"""Deterministic, vectorised generator of a simulated wealth-management firm."""

__version__ = "0.1.0"
