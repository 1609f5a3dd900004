"""Write a bank document (plain dicts following the schema) as readable YAML.

Readable means: the `# yaml-language-server: $schema=…` line first, keys in the order the
docs use, multi-line and long text as `|` block scalars, no anchors, no line folding, and a
`# needs an answer` comment next to every empty answer so an instructor can find them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from quizapp.banks.problems import ProblemList
from quizapp.banks.yaml_events import yaml12_float
from quizapp.banks.yaml_source import read_yaml
from quizapp.errors import QuizappError
from quizapp.paths import schema_reference

BANK_KEYS = ("format", "bank", "title", "version", "author", "description", "license", "topic",
             "macros", "questions")
QUESTION_KEYS = ("id", "kind", "topic", "title", "tags", "setup", "stem", "statements",
                 "prompt", "choices", "shuffle", "params", "compute", "cross_check", "compare",
                 "tolerance", "variables", "answer", "examples", "hint", "key_points", "explain",
                 "demos", "run", "source")
STATEMENT_KEYS = ("id", "text", "answer", "explain", "verify", "demos", "source")
CHOICE_KEYS = ("text", "correct", "explain")
LONG_LINE = 88  # single-line text longer than this is written as a block, not a folded scalar

_NEEDS_ANSWER = re.compile(r"^\s*(?:- )?answer: null$")
_BLOCK_START = re.compile(r"^(\s*)(?:- )?[A-Za-z_]+: [|>][0-9+-]*$")


def _ordered(mapping: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    known = {k: mapping[k] for k in order if k in mapping}
    extra = {k: v for k, v in mapping.items() if k not in known}  # unknown keys: keep, lint reports them
    return {**known, **extra}


def order_bank(doc: dict[str, Any]) -> dict[str, Any]:
    """The same bank with its keys in documentation order (bank, questions, statements, choices)."""
    out = _ordered(doc, BANK_KEYS)
    questions = []
    for q in doc.get("questions") or []:
        q2 = _ordered(q, QUESTION_KEYS)
        if "statements" in q2:
            q2["statements"] = [_ordered(s, STATEMENT_KEYS) for s in q2["statements"]]
        if "choices" in q2:
            q2["choices"] = [_ordered(c, CHOICE_KEYS) for c in q2["choices"]]
        questions.append(q2)
    if "questions" in out:
        out["questions"] = questions
    return out


# libyaml's emitter where present: ~10x faster on large banks.
try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeDumper as _Dumper


class _BankDumper(_Dumper):
    """Block scalars for text, no `&id001` anchors for repeated values."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: Any, value: str) -> yaml.ScalarNode:
    if "\n" in value or len(value) > LONG_LINE:
        # PyYAML falls back to a quoted style by itself when block style cannot hold the text
        # (trailing spaces, control characters), so this never changes the value.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if yaml12_float(value):  # our loader reads a bare 1e-9 as a number
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BankDumper.add_representer(str, _represent_str)


def dump_bank_yaml(doc: dict[str, Any], target: Path | None = None) -> str:
    """The bank document as YAML text, the schema comment first (pointing at the installed
    schema, relative to ``target`` when given)."""
    ordered = order_bank(doc)
    body = yaml.dump(ordered, Dumper=_BankDumper, sort_keys=False, allow_unicode=True,
                     width=10_000, indent=2, default_flow_style=False)
    commented = _comment_missing_answers(body)
    # The comment is added by text substitution: keep it only if the bank still reads the same
    # (read as banks are read: ~4x faster than yaml.load, whose constructor is Python).
    if commented != body and read_yaml(Path("draft.yaml"), ProblemList("draft.yaml"), commented) != ordered:
        commented = body
    return f"# yaml-language-server: $schema={schema_reference(target)}\n{commented}"


def _comment_missing_answers(body: str) -> str:
    """Add ``# needs an answer`` after ``answer: null`` keys (never inside block text)."""
    out = []
    block_indent: int | None = None
    for line in body.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            out.append(line)  # a line of a block scalar's text
            continue
        block_indent = None
        start = _BLOCK_START.match(line)
        if start:
            block_indent = len(start.group(1))
        elif _NEEDS_ANSWER.match(line):
            line += "  # needs an answer"
        out.append(line)
    return "\n".join(out)


def write_bank_yaml(doc: dict[str, Any], path: Path, *, force: bool = False) -> None:
    """Write the bank to ``path``; refuse to overwrite an existing file unless ``force``."""
    if path.exists() and not force:
        raise QuizappError(f"{path} already exists: choose another name with -o, or pass --force to overwrite it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_bank_yaml(doc, path), encoding="utf-8")
    except OSError as exc:
        raise QuizappError(f"cannot write {path}: {exc.strerror or exc}") from None
