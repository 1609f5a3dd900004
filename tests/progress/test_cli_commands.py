"""`quizapp stats` and `quizapp optimize`, run as a user runs them (a real process)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from quizapp.progress.scheduler import StudySettings
from quizapp.progress.simulate import simulate_history
from quizapp.progress.store import ProgressStore
from tests.progress.conftest import make_cards

REPO = Path(__file__).resolve().parents[2]


def quizapp(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def _studied_db(path: Path, cards: int, days: int) -> Path:
    """A DB with `days` of simulated study up to the real now (the CLI uses the real clock)."""
    with ProgressStore.open(path, settings=StudySettings(fuzz=False)) as store:
        store.sync_cards(make_cards(n=cards), banks=["dl"])
        keys = store.cram(limit=cards)
        simulate_history(store._conn, store.scheduler, keys,
                         now=datetime.now(timezone.utc), days=days, max_reviews=10**9)
    return path


@pytest.fixture(scope="module")
def studied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _studied_db(tmp_path_factory.mktemp("cli") / "progress.sqlite3", 30, 40)


def test_stats_prints_a_summary_that_fits_80_columns(studied) -> None:
    exam_day = (date.today() + timedelta(days=30)).isoformat()
    run = quizapp("--db", str(studied), "stats", "--exam-date", exam_day)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    for heading in ("Today (", "Answers per day, last 28 days", "Retention by topic",
                    "Due in the coming days", "Readiness on"):
        assert any(line.startswith(heading) for line in lines), heading
    assert all(len(line) <= 80 for line in lines[1:]), max(lines[1:], key=len)
    assert any(line.split()[:1] == ["cnn"] for line in lines)


def test_stats_json_has_the_same_figures(studied) -> None:
    run = quizapp("--db", str(studied), "stats", "--json", "--days", "7")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["cards"] == 30 and len(data["reviews_per_day"]) == 7
    assert {t["topic"] for t in data["retention_by_topic"]} <= {"cnn", "rnn", "opt"}
    assert sum(d["reviews"] for d in data["reviews_per_day"]) > 0


def test_a_bad_database_gives_one_clear_line_and_is_left_alone(tmp_path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    run = quizapp("--db", str(notes), "stats")
    assert run.returncode == 1
    assert run.stderr.startswith("quizapp: ") and "not an SQLite file" in run.stderr
    assert "Traceback" not in run.stderr and notes.read_text() == "not a database\n"
    missing = tmp_path / "missing.sqlite3"
    run = quizapp("--db", str(missing), "stats")
    assert run.returncode == 0 and not missing.exists()  # nothing studied yet is not an error


def test_a_new_database_s_stats_show_the_cards_waiting(tmp_path) -> None:
    """Issue 15 item 14: `stats` before any study exits 0 and says what waits."""
    run = quizapp("--db", str(tmp_path / "new.sqlite3"), "stats")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("No progress yet (no database at ")
    assert re.search(r": \d{3,} cards in \d+ topics wait to be studied, all new. Run `quizapp` to start.", run.stdout)


def test_optimize_explains_when_there_are_too_few_reviews(studied) -> None:
    run = quizapp("--db", str(studied), "optimize")
    assert run.returncode == 0, run.stderr  # "not enough data yet" is normal, not a failure
    assert run.stdout.startswith("Not enough reviews") and "of the 512 needed" in run.stdout
    assert "scheduled answers in all" in run.stdout


@pytest.mark.slow  # ~15 s: torch import and the fsrs optimizer's five epochs
def test_optimize_fits_and_applies_personal_parameters(tmp_path) -> None:
    db = _studied_db(tmp_path / "progress.sqlite3", 90, 365)  # ~630 spaced reviews
    run = quizapp("--db", str(db), "optimize", "--apply", "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["trainable_reviews"] >= 512
    assert result["log_loss_after"] < result["log_loss_before"]
    assert result["applied"]
    with ProgressStore.open(db) as store:
        assert store.settings.parameters == pytest.approx(tuple(result["parameters"]))
        for key in store.cram(limit=10, include_new=False):
            assert store.replay(key) == store.card_state(key)


def test_stats_says_how_many_answers_were_cram_and_drill_which_optimize_leaves_out(tmp_path) -> None:
    """Issue 15 item 14: stats counted cram/drill answers, optimize did not, and neither said so."""
    db = _studied_db(tmp_path / "progress.sqlite3", 10, 5)
    with ProgressStore.open(db, settings=StudySettings(fuzz=False)) as store:
        key = store.cram(limit=1)[0]
        store.answer(key, 3, mode="cram")
        store.answer(key, 1, mode="drill")
    run = quizapp("--db", str(db), "stats")
    assert run.returncode == 0, run.stderr
    assert "  2 of them cram/drill answers, which retention and `optimize` leave out" in run.stdout.splitlines()
    data = json.loads(quizapp("--db", str(db), "stats", "--json").stdout)
    assert sum(d["practice"] for d in data["reviews_per_day"]) == 2
