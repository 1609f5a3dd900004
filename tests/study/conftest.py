"""Fixtures for the study-flow tests: the test banks over a fresh progress DB."""

from __future__ import annotations

from study_fixtures import clock, db, timer, workspace

__all__ = ["clock", "db", "timer", "workspace"]  # pytest finds fixtures by the conftest's names
