"""Shared test setup: no test ever touches the developer's own quizapp data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    """The workplace's `shared/` folder (course notebook, importer fixtures): `$QUIZAPP_SHARED`,
    else the nearest `shared/` beside the repository or one of its parents."""
    if os.environ.get("QUIZAPP_SHARED"):
        return Path(os.environ["QUIZAPP_SHARED"])
    for folder in REPO.parents:
        if (folder / "shared" / "fixtures").is_dir():
            return folder / "shared"
    return REPO.parent / "shared"


# Test modules read it from the environment (conftest runs before they are imported).
os.environ["QUIZAPP_TEST_SHARED"] = str(_find_shared())


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every quizapp folder (data, cache, config, DB) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("quizapp-home")
    monkeypatch.setenv("QUIZAPP_HOME", str(home))
    monkeypatch.delenv("QUIZAPP_DB", raising=False)
    return home
