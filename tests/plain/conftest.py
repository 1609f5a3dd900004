"""Fixtures for the plain-mode tests: the study tests' banks and helpers over a fresh DB."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "study"))  # shared helpers and banks

from study_fixtures import clock, db, timer, workspace

__all__ = ["clock", "db", "timer", "workspace"]  # pytest finds fixtures by the conftest's names
