"""Watching bank files while the app runs (watchfiles: inotify, no polling loop of ours).

`BankWatcher` runs in its own thread and calls ``on_change`` with the bank files that were
written, created or removed, a short debounce after the last change (an editor's save is
often several writes). Only YAML files count; folders that do not exist are skipped.

The app starts watching only once the first screen is up (importing watchfiles and setting up
inotify in a second thread slowed the first card by tens of milliseconds, GIL contention): a
`snapshot` taken before the banks were read lets the watcher report what changed in between.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Iterable

BANK_SUFFIXES = (".yaml", ".yml")


def is_bank_file(path: str) -> bool:
    return path.endswith(BANK_SUFFIXES) and not Path(path).name.startswith(".")


Snapshot = dict[Path, tuple[int, int]]  # bank file -> (modification time in ns, size)


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Every bank file under ``roots`` (folders, or files named one by one) with its
    modification time and size: taken before the banks are read, compared when watching starts."""
    seen: Snapshot = {}
    for root in roots:
        root = Path(root)
        try:
            found = [root] if root.is_file() else [p for p in root.rglob("*") if is_bank_file(str(p))]
            for path in found:
                stat = path.stat()
                seen[path.resolve()] = (stat.st_mtime_ns, stat.st_size)
        except OSError:  # a folder or file that vanished while we looked: the watcher sees the rest
            continue
    return seen


def changed_since(before: Snapshot, after: Snapshot) -> set[Path]:
    """Bank files written, created or removed between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class BankWatcher:
    """A thread that reports changed bank files until `stop` is called."""

    def __init__(self, roots: Iterable[Path], on_change: Callable[[set[Path]], None],
                 *, debounce_ms: int = 300, since: Snapshot | None = None,
                 on_error: Callable[[str], None] | None = None) -> None:
        """``since``: the bank files as they were when the banks were read; changes made before
        watching starts are reported at once. ``on_error`` hears why watching stopped, if it
        does (the system's limit of watched folders reached, a folder gone…)."""
        roots = [Path(p) for p in roots if Path(p).exists()]
        self._roots = roots
        self._since = since
        self.dirs = {p.resolve() for p in roots if p.is_dir()}
        self.files = {p.resolve() for p in roots if p.is_file()}
        # A file given on the command line is watched through its folder.
        self.folders = sorted(self.dirs | {f.parent for f in self.files})
        self._on_change = on_change
        self._on_error = on_error
        self._debounce = debounce_ms
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if not self.folders or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="bank-watcher", daemon=True)
        self._thread.start()

    def _wanted(self, _change: object, path: str) -> bool:
        if not is_bank_file(path):
            return False
        resolved = Path(path).resolve()
        # Files named one by one: only those; folders: every bank file under them.
        return resolved in self.files or any(d in resolved.parents for d in self.dirs)

    def _run(self) -> None:
        import watchfiles

        if self._since is not None:
            missed = changed_since(self._since, snapshot(self._roots))
            if missed:
                self._on_change(missed)
        try:
            for changes in watchfiles.watch(*self.folders, watch_filter=self._wanted,
                                            debounce=self._debounce, step=50,
                                            stop_event=self._stop, raise_interrupt=False):
                self._on_change({Path(path) for _change, path in changes})
        except Exception as exc:  # noqa: BLE001 - a watcher that dies must not take the app with it
            if self._on_error is not None and not self._stop.is_set():
                self._on_error(f"{type(exc).__name__}: {exc}")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
