"""Real processes against a real file: kill -9 at random moments, and two writers at once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.progress.store import ProgressStore
from tests.progress.conftest import make_cards

CHILD = Path(__file__).with_name("answer_loop.py")
REPO = Path(__file__).resolve().parents[2]


def _spawn(db: Path, seed: int, count: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, str(CHILD), str(db), str(seed), str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _returned_ids(stdout: str) -> set[int]:
    # Only whole lines: a line is printed (one write) after `answer` returned.
    return {int(line) for line in stdout.splitlines(keepends=True)
            if line.endswith("\n") and line.strip().isdigit()}


def _prepare(db: Path) -> None:
    with ProgressStore.open(db) as store:
        store.sync_cards(make_cards(n=20), banks=["dl"])


def _check(db: Path, must_have: set[int]) -> set[int]:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    present = {i for (i,) in conn.execute("SELECT id FROM review_log")}
    conn.close()
    assert must_have <= present, f"lost reviews: {sorted(must_have - present)[:10]}"
    return present


def _replay_matches(db: Path) -> None:
    with ProgressStore.open(db) as store:
        for i in range(20):
            key = f"dl/q{i:03d}"
            assert store.replay(key) == store.card_state(key)


@pytest.mark.slow  # ~9 s: 52 real processes started and killed
def test_kill_9_at_random_moments_never_corrupts_or_loses_an_answer(tmp_path) -> None:
    db = tmp_path / "progress.sqlite3"
    _prepare(db)
    rng = random.Random(2025)
    returned: set[int] = set()
    kills = mid_answer = 0
    while kills < 52:
        # Two writers at a time, each killed at its own random moment: some while starting
        # up, most in the middle of answering (mid-transaction, mid-fsync, mid-checkpoint).
        # "In the middle" is made sure by waiting for a first answer, not by a sleep that a
        # loaded machine can stretch past the kill.
        children = [_spawn(db, rng.randrange(10**6), 0) for _ in range(2)]
        for child in children:
            if rng.random() < 0.8:
                assert child.stdout is not None
                assert child.stdout.readline() == "ready\n"
                first = child.stdout.readline()
                assert first.strip().isdigit(), first
                returned.add(int(first))
                mid_answer += 1
            time.sleep(rng.uniform(0.0, 0.08))
            child.send_signal(signal.SIGKILL)
        for child in children:
            out, err = child.communicate(timeout=30)
            assert child.returncode == -signal.SIGKILL, err
            returned |= _returned_ids(out)
            kills += 1
        _check(db, returned)
    assert mid_answer >= 35  # most children were killed after they had begun answering
    _replay_matches(db)


def test_two_processes_answering_at_once_lose_nothing(tmp_path) -> None:
    db = tmp_path / "progress.sqlite3"
    _prepare(db)
    children = [_spawn(db, seed, 150) for seed in (1, 2)]
    returned: set[int] = set()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert "locked" not in err and err == ""
        returned |= _returned_ids(out)
    assert len(returned) == 300
    assert _check(db, returned) == returned
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT sum(reps) FROM cards").fetchone()[0] == 300  # no lost update
    conn.close()
    _replay_matches(db)
