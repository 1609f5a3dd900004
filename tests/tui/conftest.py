"""Fixtures for the TUI tests: the app built by the same factory as the CLI, over the test banks
and a fresh DB, with a pinned clock, timer and seed (so snapshots are stable)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "study"))  # shared helpers and banks

from study_fixtures import clock, db, timer
from study_support import BANKS, SETTINGS, Clock, Timer

from quizapp.tui.app import QuizApp, build_app

__all__ = ["clock", "db", "timer"]  # pytest finds fixtures by the conftest's names


@pytest.fixture
def make_app(db: Path, clock: Clock, timer: Timer) -> Callable[..., QuizApp]:
    """``make_app(**options)``: the test banks only, bank code off unless ``run_code=True``."""

    def make(*paths: Path, **options) -> QuizApp:
        defaults = dict(include_shipped=False, include_user=False, run_code=False, clock=clock,
                        settings=SETTINGS, tz=timezone.utc, seed=1, timer=timer, watch_banks=False)
        defaults.update(options)
        return build_app(db, bank_paths=list(paths) or [BANKS], **defaults)

    return make


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One real, warm snippet engine per test module (starting one imports torch: ~2–3 s)."""
    from quizapp.snippets import SnippetEngine

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUIZAPP_HOME", str(tmp_path_factory.mktemp("engine-home")))
        engine = SnippetEngine(cache=False)
    status = engine.wait_ready(90)
    if status.state != "ready":
        engine.close()
        pytest.fail(f"the snippet engine did not start: {status.state}: {status.message}")
    yield engine
    engine.close()
