"""`include:` — banks share LaTeX macros and hidden helper code from one file.

A bank names one file or a list of files, relative to itself:

    include: shared/course.shared.yaml

A shared file (named ``*.shared.yaml`` so that it is never loaded as a bank of its own) holds
``macros`` (merged under the bank's own, which win), ``helpers`` (Python run before every
snippet's setup, never shown to students — `quizapp trust` shows it) and may ``include``
further shared files. Every included file must lie inside the folder of the bank that
includes it (the banks' folder tree): a bank never reads files elsewhere. A missing file, a
file outside that folder, a cycle and a bad shared file are problems at ``path:line:col``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quizapp.banks.model import Code
from quizapp.banks.positions import Mark, YMap, _raw, _to_mark
from quizapp.banks.problems import ProblemList
from quizapp.records import MutableRecord, field

SHARED_SUFFIXES = (".shared.yaml", ".shared.yml")
_KEYS = {"macros", "helpers", "include"}
_MACRO_NAME = re.compile(r"^[A-Za-z]+$")
MAX_DEPTH = 8


def is_shared_file(path: Path) -> bool:
    """A shared file for `include:`, not a bank."""
    return path.name.lower().endswith(SHARED_SUFFIXES)


class Shared(MutableRecord):
    """What a bank's includes give it."""

    macros: dict[str, str] = field(default_factory=dict)
    helpers: list[Code] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def helper_code(self) -> Code | None:
        """All helpers as one piece of code (they run in one namespace, in include order)."""
        if not self.helpers:
            return None
        if len(self.helpers) == 1:
            return self.helpers[0]
        first = self.helpers[0]
        return Code("\n".join(h.text.rstrip("\n") for h in self.helpers) + "\n", first.path, first.line)


def _entries(doc: YMap) -> list[tuple[str, Any]]:
    """(path text, its place) for each entry of ``include``."""
    value = doc.get("include")
    if isinstance(value, str):
        return [(value, doc.value_node("include"))]
    places = getattr(value, "places", None) or [doc.value_node("include")] * len(value or ())
    return [(item, place) for item, place in zip(value or (), places)]


def resolve_includes(bank_path: Path, doc: YMap, problems: ProblemList) -> Shared:
    """Read the files ``doc`` includes; their problems join ``problems``."""
    shared = Shared()
    if "include" not in doc:
        return shared
    root = bank_path.resolve().parent
    _include(bank_path.resolve(), doc, root, [bank_path.resolve()], shared, problems)
    return shared


def _include(including: Path, doc: YMap, root: Path, chain: list[Path], shared: Shared,
             problems: ProblemList) -> None:
    for text, place in _entries(doc):
        mark = _to_mark(place)

        def problem(message: str, code: str, mark: Mark = mark, text: str = text) -> None:
            # `add` shows what the message quotes (the path written) with its hidden characters escaped
            problems.add(mark.line, mark.col, f"include `{text}`: {message}", code=code)

        if not isinstance(text, str) or not text.strip():
            problem("give the path of a shared file, relative to this file", "include")
            continue
        target = (including.parent / text).resolve()
        if not target.is_relative_to(root):
            problem(f"outside the bank's folder {root}: an included file must lie inside it", "include-outside")
            continue
        if not is_shared_file(target):
            problem("a shared file's name ends in .shared.yaml (so it is not loaded as a bank)", "include")
            continue
        if target in chain:
            cycle = " → ".join(p.name for p in [*chain[chain.index(target):], target])
            problem(f"an include cycle: {cycle}", "include-cycle")
            continue
        if len(chain) > MAX_DEPTH:
            problem(f"includes nested more than {MAX_DEPTH} deep", "include")
            continue
        if not target.is_file():
            problem(f"no such file ({target})", "include-missing")
            continue
        _read_shared(target, root, [*chain, target], shared, problems)


def _read_shared(path: Path, root: Path, chain: list[Path], shared: Shared, problems: ProblemList) -> None:
    from quizapp.banks.yaml_source import read_text, read_yaml

    own = ProblemList(path)
    text = read_text(path, own)
    doc = read_yaml(path, own, text) if text is not None else None
    if doc is not None and not isinstance(doc, YMap):
        own.add(1, 1, "a shared file is a mapping with `macros`, `helpers` and `include`", code="include")
        doc = None
    if doc is not None:
        for key in doc:
            if key not in _KEYS:
                mark = doc.key_mark(key)
                own.add(mark.line, mark.col, f"unknown key `{key}` in a shared file (use macros, helpers, include)",
                        code="unknown-key")
        if "include" in doc:
            _include(path, doc, root, chain, shared, own)
        macros = doc.get("macros")
        if macros is not None:
            if not isinstance(macros, dict):
                mark = doc.value_mark("macros")
                own.add(mark.line, mark.col, "`macros` maps names to LaTeX text", code="include")
            else:
                for name, body in macros.items():
                    if not (isinstance(name, str) and _MACRO_NAME.match(name) and isinstance(body, str)):
                        mark = macros.key_mark(name) if isinstance(macros, YMap) else doc.value_mark("macros")
                        own.add(mark.line, mark.col, f"macro `{name}`: a name of letters and a LaTeX text",
                                code="include")
                        continue
                    shared.macros.setdefault(name, body)  # the first include to define a macro wins
        helpers = doc.get("helpers")
        if helpers is not None:
            _helpers(path, doc, helpers, shared, own)
    shared.files.append(path)
    problems.extend(own)


def _helpers(path: Path, doc: YMap, helpers: Any, shared: Shared, own: ProblemList) -> None:
    place = doc.value_node("helpers")
    if not isinstance(helpers, str):
        mark = _to_mark(place)
        own.add(mark.line, mark.col, "`helpers` is Python code (a `|` block)", code="include")
        return
    raw = _raw(place)
    block = raw is not place
    code = Code(helpers, path, raw.line + 1 + block)
    try:
        compile(helpers, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        own.add(code.line + (exc.lineno or 1) - 1, exc.offset or 1, f"Python syntax error in `helpers`: {exc.msg}",
                code="syntax")
        return
    except ValueError as exc:
        mark = _to_mark(place)
        own.add(mark.line, mark.col, f"`helpers` cannot be compiled: {exc}", code="syntax")
        return
    shared.helpers.append(code)


_INCLUDE_LINE = re.compile(r"^include:[ \t]*(.*?)[ \t]*(?:#.*)?$", re.MULTILINE)
_LIST_ITEM = re.compile(r"^[ \t]+-[ \t]+(.+?)[ \t]*(?:#.*)?$")


def included_files(path: Path, text: str, depth: int = 0) -> list[Path]:
    """The files a bank's text includes, found without parsing YAML (for the bank cache's
    key: an edited shared file must not serve a stale bank). Nested includes too."""
    found: list[Path] = []
    match = _INCLUDE_LINE.search(text)
    if match is None or depth > MAX_DEPTH:
        return found
    value = match.group(1)
    if value.startswith("["):
        names = [v.strip().strip("'\"") for v in value.strip("[]").split(",") if v.strip()]
    elif value:
        names = [value.strip("'\"")]
    else:
        names = []
        for line in text[match.end() + 1:].split("\n"):
            item = _LIST_ITEM.match(line)
            if not item:
                break
            names.append(item.group(1).strip("'\""))
    for name in names:
        target = (path.parent / name).resolve()
        found.append(target)
        try:
            found.extend(included_files(target, target.read_text(encoding="utf-8"), depth + 1))
        except (OSError, UnicodeDecodeError):
            pass
    return found
