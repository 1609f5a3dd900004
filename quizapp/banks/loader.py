"""Find and load banks: shipped ones, the user's, and paths given on the command line.

A bank with any error is left out (its problems are reported) and every other bank still
loads: a broken file never takes the app down, and never makes the progress store hide the
cards of a bank it simply failed to read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.banks.model import Bank
from quizapp.banks.problems import Problem, ProblemList
from quizapp.gc_pause import gc_paused
from quizapp.records import MutableRecord, field

BANK_SUFFIXES = (".yaml", ".yml")


class LoadResult(MutableRecord):
    """The banks that loaded and every problem found, in file order."""

    banks: list[Bank] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    # What identifies exactly these banks: every file's cache key (content, path, the code that
    # read it) in load order; None when a file was read without the cache.
    fingerprint: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def broken_files(self) -> list[str]:
        """Files that did not load because of errors."""
        return sorted({p.path for p in self.errors})

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)


def load_bank(
    path: Path, *, shipped: bool = False, text: str | None = None, parallel: bool = True,
) -> tuple[Bank | None, ProblemList]:
    """Load one bank file. Returns (bank or None when it has errors, its problems).

    A large file is read on several cores when it can be (see `quizapp.banks.parallel_load`);
    ``parallel=False`` reads it in this process only. The cyclic GC is paused meanwhile:
    nearly every object made here stays alive (see `quizapp.gc_pause`)."""
    with gc_paused():
        return _load_bank(path, shipped, text, parallel)


def _load_bank(path: Path, shipped: bool, text: str | None, parallel: bool) -> tuple[Bank | None, ProblemList]:
    # Imported here: a start whose banks all come from the cache never needs PyYAML.
    from quizapp.banks.yaml_source import read_text, read_yaml

    problems = ProblemList(path)
    if text is None:
        text = read_text(path, problems)
        if text is None:
            return None, problems
    if parallel and not _includes(text):  # a bank with includes is read in one go
        from quizapp.banks.parallel_load import read_in_parts

        done = read_in_parts(path, shipped, text)
        if done is not None:
            return done
    document = read_yaml(path, problems, text)
    if document is None:
        return None, problems
    bank = bank_from_document(path, shipped, text, document, problems)
    return (None if problems.errors else bank), problems


def _includes(text: str) -> bool:
    return text.startswith("include:") or "\ninclude:" in text


def bank_from_document(path: Path, shipped: bool, text: str, document: Any, problems: ProblemList,
                       first_question: int = 0) -> Bank | None:
    """Validate a parsed bank file and build its bank from the questions that passed; None
    when the bank as a whole is unusable. Its problems, sorted by place, are in ``problems``:
    a bank with errors is for the caller to drop. ``first_question``: how many of the file's
    questions come before this document's (a part of a file read in parts)."""
    from quizapp.banks.build import BankBuilder
    from quizapp.banks.validate import validate_document

    valid = validate_document(document, problems, first_question)
    if valid is None:
        return None
    builder = BankBuilder(path, text, problems)
    if "include" in document:
        from quizapp.banks.includes import resolve_includes

        shared = resolve_includes(path, document, problems)
        builder.shared_macros, builder.helpers = shared.macros, shared.helper_code()
    bank = builder.build(document, shipped, valid)
    problems.sort(key=lambda p: (p.line, p.col))
    return bank


def _is_shared(path: Path) -> bool:
    """A file banks `include:` (``*.shared.yaml``), not a bank."""
    return path.name.lower().endswith((".shared.yaml", ".shared.yml"))


def bank_files(paths: list[Path], *, empty_is_error: bool = False) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their bank files (sorted); report paths that do not exist, and with
    ``empty_is_error`` folders without a bank file (named by the user, most likely the wrong
    folder; the app's own banks folders may well be empty)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.suffix in BANK_SUFFIXES and p.is_file() and not _is_shared(p))
            if not found and empty_is_error:
                problems.append(Problem(str(path), 1, 1, "no bank files (.yaml or .yml) in this folder",
                                        code="no-banks"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or folder", code="missing-file"))
    return files, problems


def load_bank_paths(paths: list[Path]) -> LoadResult:
    """Load the bank files and folders a user named (for `lint`, `trust`, `check`): every
    file read afresh, a folder without banks reported as a problem."""
    result = LoadResult()
    result.files, result.problems = bank_files(paths, empty_is_error=True)
    owner: dict[str, Path] = {}
    for file in result.files:
        bank, problems = load_bank(file)
        result.problems.extend(problems)
        if bank is not None:
            _keep(result, owner, bank, file)
    return result


def load_banks(
    paths: list[Path] | None = None,
    *,
    include_shipped: bool = True,
    include_user: bool = True,
    cache: bool = True,
) -> LoadResult:
    """Load the shipped banks, the user's banks and ``paths``; a later file with a bank id
    already loaded is skipped, and both files are named in the problems. With ``cache``, files
    unchanged since they were last read come from the user's cache folder (see
    `quizapp.banks.cache`)."""
    from quizapp import paths as app_paths
    from quizapp.banks.cache import load_bank_cached

    cache_folder = app_paths.cache_dir() / "banks"

    result = LoadResult()
    sources: list[tuple[Path, bool]] = []
    if include_shipped:
        sources.append((app_paths.shipped_banks_dir(), True))
    if include_user and app_paths.user_banks_dir().is_dir():
        sources.append((app_paths.user_banks_dir(), False))
    sources.extend((Path(p), False) for p in paths or ())
    seen_files: set[Path] = set()
    owner: dict[str, Path] = {}
    keys: list[str | None] = []
    for root, shipped in sources:
        files, problems = bank_files([root])
        result.problems.extend(problems)
        for file in files:
            resolved = file.resolve()
            if resolved in seen_files:
                continue
            seen_files.add(resolved)
            result.files.append(file)
            if cache:
                bank, file_problems = load_bank_cached(file, shipped=shipped, folder=cache_folder, keys=keys)
            else:
                keys.append(None)
                bank, file_problems = load_bank(file, shipped=shipped)
            result.problems.extend(file_problems)
            if bank is not None:
                _keep(result, owner, bank, file)
    if None not in keys:
        import hashlib

        result.fingerprint = hashlib.sha256("\n".join(
            [*(k or "" for k in keys), *(b.id for b in result.banks)]).encode()).hexdigest()
    return result


def _keep(result: LoadResult, owner: dict[str, Path], bank: Bank, file: Path) -> None:
    """Keep ``bank`` unless an earlier file has its id; then the later file is skipped, and the
    problems name both files (an error on the skipped one, a warning on the one kept)."""
    first = owner.get(bank.id)
    if first is None:
        owner[bank.id] = file
        result.banks.append(bank)
        return
    result.problems.append(Problem(str(file), 1, 1, f"bank id `{bank.id}` is already used by {first}; "
                                   "this file is skipped (give it a bank id of its own)", code="duplicate-bank"))
    result.problems.append(Problem(str(first), 1, 1, f"bank id `{bank.id}` is also used by {file}, "
                                   "which is skipped", severity="warning", code="duplicate-bank"))
