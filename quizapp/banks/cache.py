"""Loaded banks kept on disk, keyed by each file's exact content, so a start does not parse YAML.

Reading the 13 shipped banks (parse, validate, build, compile every snippet) takes ~55 ms and
imports PyYAML; a pickled result takes ~3 ms. Nearly every start sees the same files as the
last one, so `load_bank_cached` keeps each file's result — its bank (or None) and its
problems — under a key made of:

- the file's bytes, its resolved path and whether it is shipped (all appear in the result);
- the code that reads banks: the name, size and modification time of every module of
  ``quizapp.banks`` and of ``quizapp/records.py`` and ``quizapp/terminal_text.py``, and the
  Python version.

Any change to one of those is a miss, and the file is read afresh. One entry per file is kept
(a new one replaces the old). The cache is only ever an optimisation: an entry that cannot be
read, or a folder that cannot be written, costs a fresh load and nothing else. The folder is
the user's own cache folder; nobody else's files are ever unpickled.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.banks.limits import MAX_FILE_BYTES
from quizapp.banks.problems import ProblemList

if TYPE_CHECKING:
    from quizapp.banks.model import Bank

_BANKS_PACKAGE = Path(__file__).resolve().parent
_code_fingerprint: bytes | None = None


def _fingerprint() -> bytes:
    """What identifies the code that turns a file into a bank (computed once per process)."""
    global _code_fingerprint
    if _code_fingerprint is None:
        parts = [sys.version]
        outside = [_BANKS_PACKAGE.parent / name for name in ("records.py", "terminal_text.py")]
        for module in [*sorted(_BANKS_PACKAGE.glob("*.py")), *outside]:
            stat = module.stat()
            parts.append(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}")
        _code_fingerprint = "\n".join(parts).encode()
    return _code_fingerprint


def load_bank_cached(path: Path, *, shipped: bool, folder: Path,
                     keys: list[str | None] | None = None) -> tuple[Bank | None, ProblemList]:
    """`load_bank(path, shipped=shipped)`, answered from ``folder`` when the file is unchanged.
    ``keys``: gets the file's key appended (None for a file read without the cache)."""
    from quizapp.banks.loader import load_bank

    try:
        too_big = path.stat().st_size > MAX_FILE_BYTES
        data = b"" if too_big else path.read_bytes()
    except OSError:
        too_big = True  # load_bank reports why it cannot be read
    if too_big:
        if keys is not None:
            keys.append(None)
        return load_bank(path, shipped=shipped)  # reports the size or the error; nothing worth keeping
    where = str(path.resolve())
    prefix = hashlib.sha256(where.encode()).hexdigest()[:16]
    key = hashlib.sha256(_fingerprint() + b"\0" + where.encode() + b"\0" + bytes([shipped]) + b"\0" + data)
    if b"include:" in data:  # an edited shared file must not serve the bank as it was
        from quizapp.banks.includes import included_files

        for shared in included_files(path, data.decode("utf-8", "replace")):
            try:
                key.update(b"\0" + str(shared).encode() + b"\0" + shared.read_bytes())
            except OSError:
                key.update(b"\0" + str(shared).encode() + b"\0missing")
    entry = folder / f"{prefix}-{key.hexdigest()[:32]}.pickle"
    if keys is not None:
        keys.append(key.hexdigest())
    try:
        bank, problems = pickle.loads(entry.read_bytes())
        if isinstance(problems, ProblemList):
            return bank, problems
    except Exception:  # noqa: BLE001 - missing, damaged or from other code: read the file
        pass
    from quizapp.banks.yaml_source import decode_text

    # Read from the bytes the key was made of: the entry stays true even if the file changes now.
    problems = ProblemList(path)
    text = decode_text(data, problems)
    bank = None
    if text is not None:
        bank, problems = load_bank(path, shipped=shipped, text=text)
    try:
        _store(entry, prefix, pickle.dumps((bank, problems), protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - a read-only or full disk: the next start reads the file again
        pass
    return bank, problems


def _store(entry: Path, prefix: str, blob: bytes) -> None:
    """Write ``entry`` atomically and drop the file's older entries."""
    folder = entry.parent
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{entry.name}.{os.getpid()}.tmp"
    temporary.write_bytes(blob)
    os.replace(temporary, entry)
    for old in folder.glob(f"{prefix}-*.pickle"):
        if old != entry:
            old.unlink(missing_ok=True)
