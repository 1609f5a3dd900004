"""Suspend, bury, flag, leech, reset and set due: through their logs, undoable, exact on
replay, and safe with two writers and kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.errors import QuizappError
from quizapp.progress.scheduler import Rating
from quizapp.progress.store import ProgressStore
from tests.progress.conftest import make_cards

REPO = Path(__file__).resolve().parents[2]
KEYS = [f"dl/q{i:03d}" for i in range(12)]


def test_suspended_and_buried_cards_leave_the_queue_and_undo_brings_them_back(store) -> None:
    assert store.today_queue()[:3] == KEYS[:3]
    store.mark([KEYS[0]], "suspend")
    store.mark([KEYS[1], KEYS[2]], "bury")
    assert KEYS[0] not in store.today_queue() and KEYS[1] not in store.today_queue()
    assert store.marks(KEYS[0]).suspended and store.marks(KEYS[1]).buried_until is not None
    assert store.undo_action() == "undone on 2 cards"  # the bury, as one step
    assert store.today_queue()[:2] == [KEYS[1], KEYS[2]]
    store.undo_action()
    assert store.today_queue()[0] == KEYS[0]
    assert store.undo_action() is None


def test_bury_lasts_until_the_next_study_day(store, clock) -> None:
    store.mark([KEYS[0]], "bury")
    clock.advance(hours=12)  # 22:00 in Paris: same study day
    assert KEYS[0] not in store.today_queue()
    clock.advance(hours=8)  # 06:00 next day, after the 4 a.m. rollover
    assert store.today_queue()[0] == KEYS[0]


def test_flags_take_colours_and_replaying_the_action_log_gives_the_stored_marks(store) -> None:
    store.mark(KEYS[:3], "flag", "red")
    store.mark([KEYS[1]], "flag", 3)
    store.mark([KEYS[2]], "suspend")
    store.mark([KEYS[2]], "flag", "none")
    store.undo_action()  # the flag removal
    assert [store.marks(k).flag for k in KEYS[:3]] == [1, 3, 1]
    for key in KEYS[:4]:
        assert store.replay_marks(key) == store.marks(key)
    with pytest.raises(QuizappError, match="no flag 'mauve'"):
        store.mark([KEYS[0]], "flag", "mauve")


def test_the_action_log_is_append_only(store, db_path) -> None:
    store.mark([KEYS[0]], "suspend")
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM card_actions")
    conn.close()


def test_set_due_and_reset_go_through_the_review_log_and_replay_exactly(store, clock) -> None:
    store.answer(KEYS[0], Rating.Good)
    clock.advance(minutes=10)
    store.answer(KEYS[0], Rating.Good)
    before = store.card_state(KEYS[0])
    target = clock.now + timedelta(days=30)
    store.set_due([KEYS[0]], target)
    moved = store.card_state(KEYS[0])
    assert moved.due == store.now().replace(microsecond=0) + timedelta(days=30) or moved.due.date() == target.date()
    assert store.replay(KEYS[0]) == moved
    store.undo_action()
    assert store.card_state(KEYS[0]) == before == store.replay(KEYS[0])
    store.reset_cards([KEYS[0]])
    assert store.card_state(KEYS[0]).state == "new" and store.replay(KEYS[0]).state == "new"
    store.undo_action()
    assert store.card_state(KEYS[0]) == before == store.replay(KEYS[0])
    with pytest.raises(QuizappError, match="is new"):
        store.set_due([KEYS[5]], target)


def test_an_answer_cannot_be_undone_across_a_later_due_date_change(store, clock) -> None:
    store.answer(KEYS[0], Rating.Good)
    store.set_due([KEYS[0]], clock.now + timedelta(days=3))
    with pytest.raises(QuizappError, match="answered or reset again"):
        store.undo_last()


def _lapse_to(store, clock, key: str, lapses: int) -> list:
    results = []
    for _ in range(40):
        result = store.answer(key, Rating.Good)
        clock.advance(days=400)
        if result.card.state == "review":
            results.append(store.answer(key, Rating.Again))
            clock.advance(days=1)
            if results[-1].card.lapses >= lapses:
                break
    return results


def test_a_leech_is_tagged_once_and_suspended_when_so_set(open_store, clock) -> None:
    store = open_store(leech_threshold=2, leech_action="suspend")
    store.sync_cards(make_cards(), banks=["dl"])
    results = _lapse_to(store, clock, KEYS[0], 2)
    assert [r.leech for r in results] == [False, True]
    assert results[-1].suspended and store.marks(KEYS[0]).leech and store.marks(KEYS[0]).suspended
    assert KEYS[0] not in store.today_queue()
    store.undo_last()  # the lapse and its leech marks go together
    assert not store.marks(KEYS[0]).leech and not store.marks(KEYS[0]).suspended


def test_a_leech_with_the_tag_action_stays_in_the_queue(open_store, clock) -> None:
    store = open_store(leech_threshold=1)
    store.sync_cards(make_cards(), banks=["dl"])
    results = _lapse_to(store, clock, KEYS[0], 2)
    assert [r.leech for r in results] == [True, False]  # told once, not at every lapse
    assert store.marks(KEYS[0]).leech and not store.marks(KEYS[0]).suspended
    assert store.leeches() == [KEYS[0]]  # what statistics list


def test_answering_buries_the_related_cards_until_tomorrow_and_undo_unburies(store) -> None:
    result = store.answer(KEYS[0], Rating.Good, bury=[KEYS[1], KEYS[2]])
    assert result.buried == [KEYS[1], KEYS[2]]
    queue = store.today_queue()
    assert KEYS[1] not in queue and KEYS[2] not in queue
    store.undo_last()
    assert store.today_queue()[:3] == KEYS[:3]
    store.answer(KEYS[0], Rating.Good, bury=[KEYS[1]], mode="cram")  # practice buries nothing
    assert KEYS[1] in store.today_queue()


def test_study_more_adds_new_cards_over_the_limit_for_today_only(open_store, clock) -> None:
    store = open_store(new_per_day=2)
    store.sync_cards(make_cards(), banks=["dl"])
    for key in store.today_queue():
        store.answer(key, Rating.Easy)
    assert store.today_queue() == []
    store.study_more(extra_new=3)
    assert store.today_queue() == KEYS[2:5]
    clock.advance(days=1)
    assert len([k for k in store.today_queue() if store.card_state(k).state == "new"]) == 2


def test_review_ahead_brings_cards_due_in_the_next_days(store, clock) -> None:
    store.answer(KEYS[0], Rating.Easy)  # due in a week or more
    store.study_more(ahead_days=0)
    assert KEYS[0] not in store.today_queue()
    due_in = (store.card_state(KEYS[0]).due - clock.now).days + 1
    store.study_more(ahead_days=due_in)
    assert store.today_queue()[0] == KEYS[0]


def test_per_bank_limits_apply_with_the_global_one(tmp_path, clock, monkeypatch) -> None:
    from quizapp.config import set_setting

    set_setting("new_per_day", 2, bank="dl")
    set_setting("new_per_day", 5)
    with ProgressStore.open(tmp_path / "p.sqlite3", clock=clock) as store:
        store.sync_cards(make_cards() + make_cards("other"), banks=["dl", "other"])
        queue = store.today_queue()
        assert [k for k in queue if k.startswith("dl/")] == KEYS[:2]
        assert len(queue) == 5


def test_a_bad_settings_file_gives_one_line_and_the_defaults(tmp_path, clock) -> None:
    from quizapp.config import settings_path

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[study]\nnew_per_day = -4\ndesired_retention = 0.9\n")
    with ProgressStore.open(tmp_path / "p.sqlite3", clock=clock) as store:
        assert store.settings.new_per_day == 20
        assert store.config_problems == [
            f"{path}: study.new_per_day = -4 is not allowed (allowed: a whole number from 0 "
            "to 9999, not -4); using 20"]
    path.write_text("[study\n")
    with ProgressStore.open(tmp_path / "p.sqlite3", clock=clock) as store:
        assert store.settings.new_per_day == 20 and "not valid TOML" in store.config_problems[0]


def _spawn(db: Path, seed: int, count: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, str(Path(__file__).with_name("mark_loop.py")),
                             str(db), str(seed), str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _replay_all(db: Path) -> None:
    with ProgressStore.open(db) as store:
        for key in KEYS:
            assert store.replay_marks(key) == store.marks(key)


def test_two_writers_and_kill_9_lose_no_action_and_replay_exactly(tmp_path) -> None:
    db = tmp_path / "progress.sqlite3"
    with ProgressStore.open(db) as store:
        store.sync_cards(make_cards(), banks=["dl"])
    children = [_spawn(db, seed, 60) for seed in (1, 2)]
    batches: set[int] = set()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0 and err == "", err
        batches |= {int(x) for x in out.split() if x.isdigit()}
    assert len(batches) == 120  # no two writers got the same batch, none lost
    killed = _spawn(db, 3, 0)
    assert killed.stdout is not None and killed.stdout.readline() == "ready\n"
    time.sleep(0.3)
    killed.send_signal(signal.SIGKILL)
    out, _err = killed.communicate(timeout=30)
    returned = {int(x) for x in out.splitlines() if x.isdigit()}
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    present = {b for (b,) in conn.execute("SELECT DISTINCT batch FROM card_actions")}
    conn.close()
    assert batches | returned <= present
    _replay_all(db)


def test_browse_sorts_studied_cards_first_and_filters_by_words_and_state(open_store, clock) -> None:
    from quizapp.cards import CardInfo
    from quizapp.progress.browse import BrowseQuery, parse_search

    store = open_store()
    cards = [CardInfo("dl", f"q{i}", None, "open", "cnn", ("hard",) if i % 2 else (),
                      f"h{i}", f"Card {i}", prompt=f"prompt {i}", answer=f"answer {i} kernel"
                      if i < 3 else f"answer {i}", explanation="") for i in range(6)]
    store.sync_cards(cards, banks=["dl"])
    store.answer("dl/q4", Rating.Again)  # learning, due in a minute
    store.answer("dl/q1", Rating.Easy)  # review, due in days
    rows, total = store.browse(BrowseQuery(sort="due"))
    assert [r.key for r in rows] == ["dl/q4", "dl/q1", "dl/q0", "dl/q2", "dl/q3", "dl/q5"]
    assert total == 6
    clock.advance(days=2)  # the card failed has the lower predicted recall by now
    rows, _ = store.browse(BrowseQuery(sort="recall"))
    assert [r.key for r in rows][:2] == ["dl/q4", "dl/q1"] and len(rows) == 6
    rows, total = store.browse(parse_search("answer:kern is:review", "due"))
    assert [r.key for r in rows] == ["dl/q1"] and total == 1
    rows, _ = store.browse(parse_search("kernel tag:hard"))
    assert [r.key for r in rows] == ["dl/q1"]
    store.mark(["dl/q2"], "suspend")
    rows, _ = store.browse(parse_search("kernel is:suspended"))
    assert [r.key for r in rows] == ["dl/q2"]
    with pytest.raises(QuizappError, match="no card state 'sleepy'"):
        store.browse(parse_search("is:sleepy"))
