"""The settings file (``settings.toml`` in the config folder) read and written with tomlkit.

tomlkit keeps the file as it was written: saving one value leaves comments, blank lines,
order and keys this version does not know untouched. A file that cannot be read, or a value
out of range, gives one line naming the key and what it allows, and the default is used:
the app still starts.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from quizapp.config.keys import KEYS, BadValue, parse_value, steps_to_timedeltas, unknown_key_message
from quizapp.errors import QuizappError

FILE_NAME = "settings.toml"
_HEADER = (
    "quizapp settings. Edit this file or use `quizapp config set KEY VALUE`; comments and keys\n"
    "this version does not know are kept. Per-bank overrides go in a [bank.BANK-ID] table.\n"
)
# Settings that feed the scheduler (StudySettings fields of the same name).
STUDY_FIELDS = ("new_per_day", "reviews_per_day", "desired_retention", "learning_steps",
                "relearning_steps", "rollover_hour", "bury_related", "leech_threshold",
                "leech_action")


def settings_path() -> Path:
    """Where the settings file lives (`quizapp paths` shows it)."""
    from quizapp.paths import config_dir

    return config_dir() / FILE_NAME


class Config:
    """The settings in force: the file's values over the defaults, per-bank overrides, and
    what was wrong with the file."""

    def __init__(self, path: Path, values: dict[str, Any], banks: dict[str, dict[str, Any]],
                 problems: list[str]) -> None:
        self.path = path
        self.values = values
        self.banks = banks
        self.problems = problems
        self.explicit: set[str] = set()  # global keys the file sets (the rest are defaults)

    def get(self, name: str, bank: str | None = None) -> Any:
        """A setting's value (a bank's override when it has one)."""
        if bank is not None and name in self.banks.get(bank, {}):
            return self.banks[bank][name]
        return self.values[name]

    def study_changes(self, bank: str | None = None) -> dict[str, Any]:
        """StudySettings fields the file sets (with ``bank``: that bank's overrides only),
        steps as timedeltas."""
        out: dict[str, Any] = {}
        names = self.explicit if bank is None else set(self.banks.get(bank, {}))
        for name in STUDY_FIELDS:
            if name not in names:
                continue
            value = self.get(name, bank)
            out[name] = steps_to_timedeltas(value) if name.endswith("_steps") else value
        return out


def load_config(path: Path | None = None) -> Config:
    """Read the settings file (missing: the defaults). Never raises for its content."""
    path = path or settings_path()
    values = {name: key.default for name, key in KEYS.items()}
    banks: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    explicit: set[str] = set()
    try:
        doc = _read(path)
    except QuizappError as exc:
        return Config(path, values, banks, [f"{exc}; using the default settings"])
    if doc is None:
        return Config(path, values, banks, problems)
    for section in ("study", "ui"):
        table = doc.get(section, {})
        if not isinstance(table, dict):
            problems.append(f"{path}: [{section}] must be a table; its settings are the defaults")
            continue
        for name, raw in table.items():
            key = KEYS.get(name)
            if key is None or key.section != section:
                continue  # kept on save, unknown to this version
            try:
                values[name] = parse_value(name, _plain(raw))
                explicit.add(name)
            except BadValue as exc:
                problems.append(f"{path}: {section}.{name} = {_plain(raw)!r} is not allowed "
                                f"(allowed: {exc}); using {KEYS[name].default!r}")
    for bank_id, table in (doc.get("bank") or {}).items():
        if not isinstance(table, dict):
            continue
        for name, raw in table.items():
            key = KEYS.get(name)
            if key is None or not key.per_bank:
                continue
            try:
                banks.setdefault(bank_id, {})[name] = parse_value(name, _plain(raw))
            except BadValue as exc:
                problems.append(f"{path}: bank.{bank_id}.{name} = {_plain(raw)!r} is not allowed "
                                f"(allowed: {exc}); using the global value")
    config = Config(path, values, banks, problems)
    config.explicit = explicit
    return config


def _plain(value: Any) -> Any:
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if unwrap is not None else value


def _read(path: Path) -> Any:
    """The parsed document (tomlkit), None when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None  # the usual case: no import of tomlkit at start-up
    except (OSError, UnicodeDecodeError) as exc:
        raise QuizappError(f"{path}: cannot be read ({exc})") from exc
    import tomlkit
    from tomlkit.exceptions import ParseError
    try:
        return tomlkit.parse(text)
    except ParseError as exc:
        raise QuizappError(f"{path}:{exc.line}:{exc.col}: not valid TOML ({_reason(exc)})") from exc


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.split(" at line")[0] if " at line" in text else text


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Two `config set` at once must not lose either change: one read-modify-write at a time."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write(path: Path, doc: Any) -> None:
    import tomlkit

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(tomlkit.dumps(doc))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)  # a reader sees the old file or the new one, never half of one


def _check_name(name: str, bank: str | None) -> None:
    if name not in KEYS:
        raise QuizappError(unknown_key_message(name))
    if bank is not None and not KEYS[name].per_bank:
        per_bank = ", ".join(k for k, v in KEYS.items() if v.per_bank)
        raise QuizappError(f"{name} cannot be set per bank (per-bank settings: {per_bank})")


def set_setting(name: str, value: Any, *, bank: str | None = None, path: Path | None = None) -> Any:
    """Check and save one setting (a bank's override with ``bank``); returns the value saved.
    Everything else in the file is kept as it was."""
    import tomlkit

    path = path or settings_path()
    _check_name(name, bank)
    try:
        checked = parse_value(name, value)
    except BadValue as exc:
        raise QuizappError(f"{name}: {exc}") from None
    with _locked(path):
        try:
            doc = _read(path)
        except QuizappError as exc:
            raise QuizappError(f"{exc}: fix or move the file first; nothing was changed") from None
        if doc is None:
            doc = tomlkit.document()
            for line in _HEADER.splitlines():
                doc.add(tomlkit.comment(line))
        if bank is None:
            table = _table(doc, KEYS[name].section)
        else:
            table = _table(_table(doc, "bank", super_table=True), bank)
        table[name] = checked
        _write(path, doc)
    return checked


def unset_setting(name: str, *, bank: str | None = None, path: Path | None = None) -> bool:
    """Remove a setting from the file (back to the default, or a bank back to the global
    value); False when it was not set."""
    path = path or settings_path()
    _check_name(name, bank)
    with _locked(path):
        doc = _read(path)
        if doc is None:
            return False
        table = doc.get(KEYS[name].section) if bank is None else (doc.get("bank") or {}).get(bank)
        if not table or name not in table:
            return False
        del table[name]
        _write(path, doc)
    return True


def _table(parent: Any, name: str, *, super_table: bool = False) -> Any:
    import tomlkit

    if name not in parent:
        parent[name] = tomlkit.table(is_super_table=super_table) if super_table else tomlkit.table()
    return parent[name]
