"""A start whose banks are exactly those of the last sync skips registering their cards again
(about 10 ms of every start); whatever changed since — a bank edited, other banks synced into
the same progress file — is registered as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from study_support import BASICS, open_workspace

from quizapp.progress import cards_sync

EXTRA = """
  - id: added-later
    kind: open
    topic: cnn
    title: Added later
    prompt: A question added to the bank after a start.
    answer: It is registered at the next start.
"""


def hidden(db: Path, key: str) -> int | None:
    """What a restart would see: the card's hidden flag (None: not registered)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT hidden FROM cards WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]
    finally:
        conn.close()


def reopen(db: Path, bank: Path) -> int:
    ws = open_workspace(db, bank)
    try:
        return ws.sync.total
    finally:
        ws.close()


def test_the_same_banks_again_are_not_synced_again(db, tmp_path, monkeypatch):
    bank = tmp_path / "basics.yaml"
    bank.write_text(BASICS.read_text())
    total = reopen(db, bank)

    def must_not_run(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the banks did not change: nothing to sync")

    monkeypatch.setattr(cards_sync, "sync_cards", must_not_run)
    assert reopen(db, bank) == total > 0


def test_a_bank_edited_since_the_last_start_gets_its_new_card(db, tmp_path):
    bank = tmp_path / "basics.yaml"
    bank.write_text(BASICS.read_text())
    total = reopen(db, bank)
    bank.write_text(bank.read_text() + EXTRA)
    assert reopen(db, bank) == total + 1
    assert hidden(db, "basics/added-later") == 0


def test_other_banks_synced_in_between_are_undone_at_the_next_start(db, tmp_path):
    """Banks A, then banks B (the same bank id with one more question), then A again: the
    question only B has is hidden again — B's sync replaced A's mark, so A's start syncs."""
    a = tmp_path / "a" / "basics.yaml"
    b = tmp_path / "b" / "basics.yaml"
    for path in (a, b):
        path.parent.mkdir()
        path.write_text(BASICS.read_text())
    b.write_text(b.read_text() + EXTRA)
    reopen(db, a)
    reopen(db, b)
    assert hidden(db, "basics/added-later") == 0
    reopen(db, a)
    assert hidden(db, "basics/added-later") == 1
    reopen(db, b)  # and back: B's start registers B's cards
    assert hidden(db, "basics/added-later") == 0
