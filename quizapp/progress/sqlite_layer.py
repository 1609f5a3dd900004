"""Loading sqlite-utils without the ~250 ms it would spend importing pandas and numpy.

sqlite-utils 4 imports pandas and numpy, when they are installed, only to convert their
values on insert; we never pass any. They are installed here because the FSRS optimizer
needs them, so without this guard every start of the app would pay for them.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import sqlite_utils


def _import_sqlite_utils() -> None:
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None makes `import name` fail; typeshed allows modules only
    try:
        import sqlite_utils  # noqa: F401 - imported here, with pandas and numpy hidden, for its side effect
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def sqlite_utils_db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """A sqlite-utils `Database` over our connection (no plugins, our transactions)."""
    _import_sqlite_utils()
    import sqlite_utils

    # recursive_triggers would issue a PRAGMA (it commits nothing, but keep the connection as
    # we configured it); plugins could change the connection behind our back.
    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE takes the write lock up front, so a second
    process waits on the busy timeout instead of failing halfway with "database is locked";
    COMMIT on success, ROLLBACK on any error. Inside another one it joins it: the outer
    transaction commits or rolls back the whole (an undone answer and the marks it made)."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def insert_row(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> int:
    """Run one INSERT and return the new row's id (typeshed types `lastrowid` as optional,
    since it is None before any INSERT; after ours it is always set)."""
    rowid = conn.execute(sql, params).lastrowid
    assert rowid is not None, "an INSERT always sets lastrowid"
    return rowid
