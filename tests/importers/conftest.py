"""Importer tests read real files no one on the project wrote, from ../shared/fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_support import FIXTURES


@pytest.fixture
def fixtures() -> Path:
    """`../shared/fixtures` beside the repository; skip when it is absent."""
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures folder {FIXTURES} is missing (it lives beside the repository)")
    return FIXTURES
