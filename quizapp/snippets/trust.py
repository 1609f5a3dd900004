"""Which banks' code the user has approved, by content hash (as ``direnv allow`` does).

A bank's fingerprint covers every snippet it would run — compute, cross_check, demo and verify
code, the setup run before it, its run settings (time limit, seed, memory) and the parameter
values that get bound into it (``params`` choices/ranges and ``examples``) — plus the bank id.
Change any of it and the bank asks again. The approvals live in the user's data folder
(``trust.json``), never in the bank. The banks shipped with quizapp are trusted by default.

The path is deliberately *not* part of the fingerprint (direnv hashes path + content): an
approval is for code, and moving or renaming a reviewed bank does not change what would run.
A different bank with the same id but other code has another fingerprint, so it is not trusted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.records import Record

if TYPE_CHECKING:
    from quizapp.banks import Bank, Question, SnippetSource

TRUST_FILENAME = "trust.json"
TRUST_FORMAT = 1
KEEP_APPROVALS = 5  # per bank id: switching between a few versions does not ask every time

SnippetKey = tuple[str, "str | None", str]  # (question id, statement id, role)


def _digest(material: Any) -> str:
    blob = json.dumps(material, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _question_inputs(question: Question) -> list[Any]:
    """Values bound into a question's code: its parameters and its examples' parameters."""
    params = [[p.name, list(p.choices) if p.choices is not None else None,
               list(p.range) if p.range is not None else None] for p in question.params]
    examples = [e.params for e in question.examples]
    return [params, examples]


def _snippet_material(snippet: SnippetSource, question: Question | None) -> list[Any]:
    material = [
        snippet.role,
        snippet.code.text,
        snippet.setup.text if snippet.setup is not None else "",
        [snippet.run.time_limit, snippet.run.seed, snippet.run.memory_mb],
        _question_inputs(question) if question is not None else [],
    ]
    if question is not None and question.helpers is not None:  # hidden code runs too: it is approved too
        material.append(["helpers", question.helpers.text])
    return material


def snippet_hashes(bank: Bank) -> dict[SnippetKey, str]:
    """One hash per (question, statement, role): what the TUI lists as changed."""
    grouped: dict[SnippetKey, list[Any]] = {}
    questions = {q.id: q for q in bank.questions}
    for snippet in bank.snippets():
        key = (snippet.question_id, snippet.statement_id, snippet.role)
        grouped.setdefault(key, []).append(_snippet_material(snippet, questions.get(snippet.question_id)))
    return {key: _digest(material) for key, material in grouped.items()}


def fingerprint(bank: Bank) -> str:
    """The content hash of everything ``bank`` would run."""
    hashes = sorted(([list(key), value] for key, value in snippet_hashes(bank).items()),
                    key=json.dumps)  # keys hold None (no statement): order them as text
    return _digest(["quizapp-trust", TRUST_FORMAT, bank.id, hashes])


def is_shipped(bank: Bank) -> bool:
    """A bank that comes with quizapp: its file lies in the shipped banks folder.

    Decided by where the file is, not by how it was loaded, so ``quizapp check questions/``
    in a source checkout treats the shipped banks as shipped too.
    """
    try:
        Path(bank.path).resolve().relative_to(_shipped_root())
    except (ValueError, OSError):
        return False
    return True


@functools.cache
def _shipped_root() -> Path:
    from quizapp.paths import shipped_banks_dir

    return shipped_banks_dir().resolve()


class Approval(Record, frozen=True):
    """One approved version of a bank's code."""

    fingerprint: str
    path: str
    approved_at: float
    snippets: dict[SnippetKey, str]

    def to_dict(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "path": self.path,
                "approved_at": self.approved_at,
                "snippets": [[list(k), v] for k, v in sorted(self.snippets.items(), key=str)]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Approval:
        snippets = {(k[0], k[1], k[2]): v for k, v in data.get("snippets", [])}
        return cls(str(data["fingerprint"]), str(data.get("path", "")),
                   float(data.get("approved_at", 0.0)), snippets)


def default_trust_path() -> Path:
    """``trust.json`` in the user's data folder."""
    from quizapp.paths import data_dir

    return data_dir() / TRUST_FILENAME


class TrustStore:
    """The user's approvals of bank code, kept in ``trust.json``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_trust_path()

    # ---- questions ------------------------------------------------------------------------

    def is_trusted(self, bank: Bank) -> bool:
        """Whether ``bank``'s code may run as it is now."""
        if is_shipped(bank) or not bank.snippets():
            return True  # shipped, or nothing to run
        current = fingerprint(bank)
        return any(a.fingerprint == current for a in self._approvals(bank.id))

    def status(self, bank: Bank) -> str:
        """``shipped``, ``trusted``, ``changed`` (approved before, code differs) or ``untrusted``."""
        if is_shipped(bank):
            return "shipped"
        if self.is_trusted(bank):
            return "trusted"
        return "changed" if self._approvals(bank.id) else "untrusted"

    def changes(self, bank: Bank) -> set[SnippetKey] | None:
        """Snippets new or changed since the last approval of this bank id; None if never."""
        approvals = self._approvals(bank.id)
        if not approvals:
            return None
        last = approvals[-1].snippets
        return {key for key, value in snippet_hashes(bank).items() if last.get(key) != value}

    def trusted_bank_ids(self) -> list[str]:
        """Every bank id with at least one approval."""
        return sorted(self._read().get("banks", {}))

    # ---- changes --------------------------------------------------------------------------

    def trust(self, bank: Bank) -> None:
        """Approve ``bank``'s code as it is now."""
        data = self._read()
        entry = data.setdefault("banks", {}).setdefault(bank.id, {"approvals": []})
        current = fingerprint(bank)
        approvals = [a for a in entry["approvals"] if a.get("fingerprint") != current]
        approval = Approval(current, str(bank.path), time.time(), snippet_hashes(bank))
        entry["approvals"] = (approvals + [approval.to_dict()])[-KEEP_APPROVALS:]
        self._write(data)

    def revoke(self, bank: Bank | str) -> bool:
        """Forget every approval of a bank (or bank id); whether there was any."""
        bank_id = bank if isinstance(bank, str) else bank.id
        data = self._read()
        removed = data.get("banks", {}).pop(bank_id, None) is not None
        if removed:
            self._write(data)
        return removed

    # ---- storage --------------------------------------------------------------------------

    def _approvals(self, bank_id: str) -> list[Approval]:
        entry = self._read().get("banks", {}).get(bank_id) or {}
        out = []
        for item in entry.get("approvals", []):
            try:
                out.append(Approval.from_dict(item))
            except (KeyError, TypeError, ValueError, IndexError):
                continue  # one damaged entry only costs that approval
        return out

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"format": TRUST_FORMAT, "banks": {}}
        except (OSError, ValueError):
            # Unreadable approvals mean "nothing approved": safe, and the next approval
            # rewrites the file (the damaged one is kept beside it).
            self._set_aside()
            return {"format": TRUST_FORMAT, "banks": {}}
        if not isinstance(data, dict) or not isinstance(data.get("banks"), dict):
            self._set_aside()
            return {"format": TRUST_FORMAT, "banks": {}}
        return data

    def _set_aside(self) -> None:
        try:
            self.path.replace(self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}"))
        except OSError:
            pass

    def _write(self, data: dict[str, Any]) -> None:
        from quizapp.errors import QuizappError

        data["format"] = TRUST_FORMAT
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".trust-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            raise QuizappError(f"cannot save bank approvals to {self.path}: {exc}") from None
