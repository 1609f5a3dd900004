"""Keeping the store's card list in step with the loaded banks.

Cards are matched by key (ids), never by wording. A card missing from its bank is hidden,
not deleted, so its history survives; a card whose answer hash moved since it was last
studied is reported so the app can offer to reset that card alone.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Iterable

from quizapp.cards import CardInfo
from quizapp.errors import QuizappError
from quizapp.progress.models import SyncReport
from quizapp.progress.sqlite_layer import sqlite_utils_db, write_transaction

_META = ("bank_id", "question_id", "statement_id", "kind", "topic", "tags", "title",
         "answer_hash", "ordinal", "search_hash")


def _search_row(card: CardInfo) -> tuple[str, str, str, str]:
    """The card's searchable text: prompt, answer, explanation, and topic with tags."""
    return (card.prompt, card.answer, card.explanation, " ".join((card.topic, *card.tags)))


def _search_hash(row: tuple[str, ...]) -> str:
    import hashlib

    return hashlib.blake2b("\x1f".join(row).encode(), digest_size=8).hexdigest()


def _records(cards: Iterable[CardInfo], texts: dict[str, tuple[str, ...]]) -> dict[str, dict]:
    records: dict[str, dict] = {}
    # The position across everything synced: new cards are studied in this order (the banks'
    # load order — a course's numbered files — then each bank's own order).
    for ordinal, card in enumerate(cards):
        key = card.key
        if key in records:
            raise QuizappError(f"card {key!r} appears twice in the banks being synced")
        texts[key] = text = _search_row(card)
        records[key] = {
            "key": key, "bank_id": card.bank_id, "question_id": card.question_id,
            "statement_id": card.statement_id, "kind": card.kind, "topic": card.topic,
            "tags": json.dumps(list(card.tags)), "title": card.title,
            "answer_hash": card.answer_hash, "ordinal": ordinal,
            "search_hash": _search_hash(text),
        }
    return records


_SYNCED = "cards_synced"  # meta key: what the last sync registered (see `synced_mark`)


def synced_mark(fingerprint: str | None, banks: list[str], conn: sqlite3.Connection) -> str | None:
    """What identifies a sync of exactly these banks by this code into this database: the banks'
    fingerprint (`LoadResult.fingerprint`: their files and the code that read them), the code
    that turns them into rows (this module, quizapp/cards.py, the schema version) and the rows'
    count and hidden count (a sync by another quizapp that keeps no mark would change those)."""
    if fingerprint is None:
        return None
    import hashlib
    from pathlib import Path

    from quizapp.progress.schema import SCHEMA_VERSION

    code = [Path(__file__), Path(__file__).resolve().parents[1] / "cards.py"]
    parts = [fingerprint, str(SCHEMA_VERSION), *(f"{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in code)]
    marks = ",".join("?" * len(banks))
    count, hidden = conn.execute(
        f"SELECT count(*), coalesce(sum(hidden), 0) FROM cards WHERE bank_id IN ({marks})", banks).fetchone()
    parts.append(f"{count}:{hidden}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def already_synced(conn: sqlite3.Connection, fingerprint: str | None, banks: list[str]) -> int | None:
    """The number of cards registered when the last sync was of exactly these banks (nothing
    to do: a start with banks unchanged skips building ~500 rows and comparing them); else None."""
    mark = synced_mark(fingerprint, banks, conn)
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_SYNCED,)).fetchone()
    if mark is None or row is None or not row[0].startswith(mark + " "):
        return None
    return int(row[0].split(" ", 1)[1])


def sync_cards(
    conn: sqlite3.Connection, cards: Iterable[CardInfo], banks: Iterable[str], now_ms: int,
    fingerprint: str | None = None,
) -> SyncReport:
    """Upsert the cards of `banks` (in bank order) in one transaction; hide the ones gone.
    ``fingerprint``: the banks' (`LoadResult.fingerprint`), remembered so that the next sync
    of the same banks can be skipped (`already_synced`)."""
    texts: dict[str, tuple[str, ...]] = {}
    records = _records(cards, texts)
    bank_ids = set(banks) | {r["bank_id"] for r in records.values()}
    with write_transaction(conn):
        existing: dict[str, tuple] = {}
        marks = ",".join("?" * len(bank_ids))
        if bank_ids:
            for row in conn.execute(
                f"SELECT key, {', '.join(_META)}, id, added_at, hidden, state, reviewed_hash"
                " FROM cards"
                f" WHERE bank_id IN ({marks}) ORDER BY bank_id, ordinal", tuple(bank_ids),
            ):
                existing[row[0]] = row[1:]
        new, changed, hidden, restored, updates = [], [], [], [], []
        for key, rec in records.items():
            old = existing.get(key)
            if old is None:
                new.append(key)
                continue
            meta, (card_id, added_at, was_hidden, state, reviewed_hash) = old[:-5], old[-5:]
            if was_hidden:
                restored.append(key)
            if state is not None and reviewed_hash != rec["answer_hash"]:
                changed.append(key)
            if was_hidden or meta != tuple(rec[c] for c in _META):
                # id and added_at ride along: SQLite checks NOT NULL before the upsert's
                # conflict clause turns the insert into an update.
                updates.append({**rec, "id": card_id, "added_at": added_at, "hidden": 0})
        for key, old in existing.items():
            if key not in records and not old[-3]:
                hidden.append(key)
        # sqlite-utils costs ~70 ms to import: only pay it when there is something to write
        # (every start after the first finds the cards unchanged).
        if new or updates:
            db = sqlite_utils_db(conn)
        if new:
            db.table("cards").insert_all(
                ({**records[k], "hidden": 0, "added_at": now_ms,
                  "reviewed_hash": records[k]["answer_hash"]} for k in new),
                batch_size=500,
            )
        if updates:
            db.table("cards").upsert_all(updates, pk="id", batch_size=500)
        if hidden:
            conn.executemany("UPDATE cards SET hidden = 1 WHERE key = ?", ((k,) for k in hidden))
        searched = new + [u["key"] for u in updates
                          if existing[u["key"]][_META.index("search_hash")] != u["search_hash"]]
        if searched:
            _index_text(conn, searched, texts)
        # Every sync leaves its mark or clears the last one: a skipped sync is always one whose
        # result is already in the table.
        mark = synced_mark(fingerprint, sorted(bank_ids), conn)
        if mark is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (_SYNCED,))
        else:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_SYNCED, f"{mark} {len(records)}"))
    return SyncReport(new=new, changed_answers=changed, hidden=hidden, restored=restored,
                      total=len(records))


def _index_text(conn: sqlite3.Connection, keys: list[str], texts: dict[str, tuple[str, ...]]) -> None:
    """Keep the browser's full-text index in step with the banks' wording."""
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        ids = dict(conn.execute(
            f"SELECT key, id FROM cards WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        conn.executemany("DELETE FROM cards_fts WHERE rowid = ?", ((ids[k],) for k in chunk))
        conn.executemany(
            "INSERT INTO cards_fts (rowid, prompt, answer, explanation, tags) VALUES (?, ?, ?, ?, ?)",
            ((ids[k], *texts[k]) for k in chunk))


def keep_progress(conn: sqlite3.Connection, key: str) -> None:
    """The user chose to keep a card's schedule although its answer changed."""
    with write_transaction(conn):
        cur = conn.execute("UPDATE cards SET reviewed_hash = answer_hash WHERE key = ?", (key,))
        if cur.rowcount == 0:
            raise QuizappError(f"no card {key!r} in the progress store")
