"""Computed answers kept between runs, so a card shows its truth at once the second time.

A SQLite file in the cache folder, separate from the progress database. The key covers
everything that decides a snippet's value: its code, its setup, its parameters, its seed and
the torch and Python versions — so upgrading torch recomputes every answer. Only successful
runs are stored (a snippet that failed or hit a limit is run again next time). Snippets are
deterministic by construction (fixed seed, one thread); a job with ``use_cache=False`` is
never stored or served. A damaged cache file is moved aside and rebuilt: never an error.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

from quizapp.snippets import validate
from quizapp.snippets.model import SnippetJob, SnippetResult

CACHE_FORMAT = 1  # bump when the typed-value format changes
CACHE_FILENAME = "snippet-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    result TEXT NOT NULL,
    torch TEXT NOT NULL,
    python TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def installed_torch_version() -> str:
    """torch's version without importing it (the app process must never load torch).

    Reads the ``torch-X.dist-info`` folder name next to the package; falls back to
    ``importlib.metadata`` (slower: ~0.1 s to import). ``"none"`` when torch is missing.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "none"
    site = os.path.dirname(os.path.dirname(spec.origin))
    infos = glob.glob(os.path.join(site, "torch-*.dist-info"))
    if len(infos) == 1:
        return os.path.basename(infos[0])[len("torch-") : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("torch")
    except PackageNotFoundError:
        return "unknown"


def default_cache_path() -> Path:
    """``snippet-cache.sqlite3`` in the user's cache folder."""
    from quizapp.paths import cache_dir

    return cache_dir() / CACHE_FILENAME


class SnippetCache:
    """Thread-safe cache of successful snippet results (the engine's reader thread writes)."""

    def __init__(self, path: Path | None = None, *, torch_version: str | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._torch = torch_version
        self._python = ".".join(map(str, sys.version_info[:3]))
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    @property
    def torch_version(self) -> str:
        """The torch version answers are keyed on (looked up once)."""
        if self._torch is None:
            self._torch = installed_torch_version()
        return self._torch

    def key(self, job: SnippetJob) -> str:
        """The cache key of a job: code, setup, params, seed, torch and Python versions."""
        payload = {
            "format": CACHE_FORMAT,
            "code": job.code,
            "setup": job.setup,
            **({"helpers": job.helpers} if job.helpers else {}),
            "params": dict(job.params),
            "seed": int(job.seed),
            "torch": self.torch_version,
            "python": self._python,
        }
        blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=repr)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get(self, job: SnippetJob) -> SnippetResult | None:
        """The stored result of ``job`` (marked ``cached``), or None."""
        if not job.use_cache:
            return None
        key = self.key(job)
        row = self._query("SELECT result FROM results WHERE key = ?", (key,))
        if row is None:
            return None
        try:  # the file is outside the sandbox, but still checked like any result
            result = SnippetResult.from_dict(validate.result_payload(json.loads(row[0])))
        except (ValueError, TypeError, RecursionError):  # InvalidResult is a ValueError
            return None
        result.cached = True
        return result

    def put(self, job: SnippetJob, result: SnippetResult) -> bool:
        """Store a successful result; returns whether it was stored."""
        if not job.use_cache or not result.ok or result.limit is not None or result.cached:
            return False
        data = json.dumps(result.to_dict(), separators=(",", ":"))
        self._execute(
            "INSERT OR REPLACE INTO results (key, result, torch, python, created) "
            "VALUES (?, ?, ?, ?, ?)",
            (self.key(job), data, self.torch_version, self._python, time.time()),
        )
        return True

    def clear(self) -> None:
        """Forget every stored answer."""
        self._execute("DELETE FROM results", ())

    def close(self) -> None:
        """Close the database file (it reopens on next use)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # ---- storage --------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self._db = self._open()
            except sqlite3.OperationalError:
                raise  # busy, locked, unreadable: not damage, leave the file alone
            except sqlite3.DatabaseError:  # "file is not a database" and friends
                self._move_aside()
                self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=2.0, check_same_thread=False,
                             isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            # Answers from another torch or Python are never served again: drop them.
            db.execute("DELETE FROM results WHERE torch != ? OR python != ?",
                       (self.torch_version, self._python))
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _move_aside(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                try:
                    source.replace(Path(f"{self.path}.corrupt-{stamp}{suffix}"))
                except OSError:
                    source.unlink(missing_ok=True)

    def _query(self, sql: str, params: tuple) -> tuple | None:
        with self._lock:
            for attempt in range(2):
                try:
                    return self._connect().execute(sql, params).fetchone()
                except sqlite3.OperationalError:
                    return None  # busy or locked: a miss, not an error
                except sqlite3.DatabaseError:
                    if attempt:
                        return None
                    self._move_aside()
        return None

    def _execute(self, sql: str, params: tuple) -> None:
        with self._lock:
            for attempt in range(2):
                try:
                    self._connect().execute(sql, params)
                    return
                except sqlite3.OperationalError:
                    return
                except sqlite3.DatabaseError:
                    if attempt:
                        return
                    self._move_aside()
