"""Shared test setup: no test ever touches the developer's own quizapp data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO.parent / "shared" / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every quizapp folder (data, cache, config, DB) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("quizapp-home")
    monkeypatch.setenv("QUIZAPP_HOME", str(home))
    monkeypatch.delenv("QUIZAPP_DB", raising=False)
    return home
