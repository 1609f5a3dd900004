"""A progress file that cannot be written is refused at start with a clear message, as a
read-only folder is: SQLite would open it read-only without a word, show the cards, and lose
the first answer with "attempt to write a readonly database"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.progress.store import ProgressStore

OPEN_AND_WRITE = """
import sys
from pathlib import Path
from quizapp.errors import QuizappError
from quizapp.progress.store import ProgressStore
try:
    store = ProgressStore.open(Path(sys.argv[1]))
except QuizappError as exc:
    print("refused:", exc)
else:
    try:
        store.save_settings(store.settings)  # a write, as the first answer is
        print("written")
    except Exception as exc:
        print("lost:", type(exc).__name__, exc)
"""

_MOUNT_READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def run_where_read_only(target: Path, *command: str, env: dict[str, str] | None = None) -> str:
    """Run ``command`` where ``target`` cannot be written, and return what it printed. For a
    normal user a chmod does it; root writes any file whatever its mode, so for root the target
    is bind-mounted read-only in a mount namespace of the command's own."""
    if os.geteuid() != 0:
        target.chmod(0o555 if target.is_dir() else 0o444)
        wrapped = list(command)
    else:
        probe = subprocess.run(["unshare", "--mount", "sh", "-c", _MOUNT_READ_ONLY, "sh", str(target), "true"],
                               capture_output=True, text=True) if shutil.which("unshare") else None
        if probe is None or probe.returncode != 0:
            pytest.skip("root, and no read-only bind mount possible here (unshare --mount)")
        wrapped = ["unshare", "--mount", "sh", "-c", _MOUNT_READ_ONLY, "sh", str(target), *command]
    done = subprocess.run(wrapped, capture_output=True, text=True, timeout=120, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout + done.stderr


def make_store(path: Path) -> None:
    ProgressStore.open(path).close()


def test_a_read_only_progress_file_is_refused_at_start(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_store(path)
    said = run_where_read_only(path, sys.executable, "-c", OPEN_AND_WRITE, str(path))
    assert said.startswith(f"refused: {path} is read-only: quizapp could not record your answers."), said
    assert "--db PATH" in said


def test_a_read_only_wal_file_is_refused_too(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_store(path)
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"")  # left by a window that is still open, or a crash
    said = run_where_read_only(wal, sys.executable, "-c", OPEN_AND_WRITE, str(path))
    assert said.startswith(f"refused: {wal} is read-only"), said


def test_a_read_only_folder_is_refused_with_the_same_words(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    make_store(folder / "progress.sqlite3")
    said = run_where_read_only(folder, sys.executable, "-c", OPEN_AND_WRITE, str(folder / "progress.sqlite3"))
    assert said.startswith("refused:") and "is read-only: quizapp could not record your answers" in said, said


def test_the_command_line_says_so_in_one_line(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_store(path)
    said = run_where_read_only(path, sys.executable, "-m", "quizapp", "stats",
                               env={**os.environ, "QUIZAPP_DB": str(path)})
    assert f"{path} is read-only" in said and len(said.strip().splitlines()) == 1, said


def test_a_writable_store_still_opens(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_store(path)
    with ProgressStore.open(path) as store:
        store.save_settings(store.settings)
