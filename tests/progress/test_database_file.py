"""The progress file: created where asked, refused (and left untouched) when it is not ours
or not healthy, migrated with a backup when it is older."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from quizapp.errors import QuizappError
from quizapp.progress import schema
from quizapp.progress.reports import ExamConfig
from quizapp.progress.scheduler import Rating
from quizapp.progress.store import ProgressStore
from tests.progress.conftest import make_cards


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(path: Path, match: str) -> None:
    before = _digest(path)
    with pytest.raises(QuizappError, match=match) as info:
        ProgressStore.open(path)
    assert "left untouched" in str(info.value)
    assert _digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_open_creates_the_file_and_its_folders(tmp_path, clock) -> None:
    path = tmp_path / "a" / "b" / "progress.sqlite3"
    with ProgressStore.open(path, clock=clock) as store:
        assert store.integrity_check() == "ok"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_a_text_file_is_refused(tmp_path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes\n" * 50)
    _refused(path, "not an SQLite file")


def test_a_truncated_database_is_refused(store, tmp_path) -> None:
    for i in range(12):
        store.answer(f"dl/q{i:03d}", Rating.Good, response="x" * 2000)
    store.close()
    whole = store.path.read_bytes()
    assert len(whole) > 4 * 4096
    for cut in (50, len(whole) // 2, len(whole) - 4096):
        path = tmp_path / f"cut{cut}.sqlite3"
        path.write_bytes(whole[:cut])
        _refused(path, "truncated")


def test_a_database_from_a_newer_quizapp_is_refused(store) -> None:
    store.close()
    conn = sqlite3.connect(store.path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    _refused(store.path, "newer quizapp")


def test_another_programs_database_is_refused(tmp_path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    _refused(path, "another program")


def test_an_empty_file_becomes_a_new_database(tmp_path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with ProgressStore.open(path) as store:
        assert store.integrity_check() == "ok"


def test_a_folder_is_refused(tmp_path) -> None:
    with pytest.raises(QuizappError, match="is a folder"):
        ProgressStore.open(tmp_path)


def test_an_older_schema_is_backed_up_then_migrated(tmp_path, clock) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.MIGRATIONS[0](conn)  # a file written by the quizapp that knew schema 1 only
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO cards (key, bank_id, question_id, kind, topic, added_at)"
                 " VALUES ('dl/q000', 'dl', 'q000', 'open', 'cnn', 0)")
    conn.close()
    with ProgressStore.open(path, clock=clock) as store:
        store.answer("dl/q000", Rating.Good)
        exam = store.start_exam(ExamConfig())
        assert store.exam_report(exam).answered == 0  # the exam tables of schema 2 exist
    backups = list(tmp_path.glob("old.sqlite3.v1-*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT key FROM cards").fetchall() == [("dl/q000",)]


def test_reopening_keeps_everything(store, open_store) -> None:
    store.answer("dl/q005", Rating.Easy)
    store.close()
    again = open_store()
    assert again.card_state("dl/q005").state == "review"
    assert again.sync_cards(make_cards(), banks=["dl"]).new == []
