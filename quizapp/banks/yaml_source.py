"""Read a YAML file safely and keep the line and column of every value.

Bank files come from other people. This module refuses what could hurt (object-constructing
tags, alias bombs, huge files) and turns the YAML node tree into plain Python values —
`YMap` (a dict) and `YSeq` (a list) — that remember where each key and value was written,
so every later problem can be reported as ``path:line:col``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.banks.problems import ProblemList

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000  # values reached through aliases, summed over the file

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser where present
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()


class Mark(NamedTuple):
    """Where a value starts (1-based). ``block`` is true for ``|`` and ``>`` scalars, whose
    text starts on the next line."""

    line: int
    col: int
    block: bool = False

    @property
    def text_line(self) -> int:
        """The line of the first character of the value's text."""
        return self.line + 1 if self.block else self.line


class YMap(dict):
    """A mapping that remembers where it, each key and each value were written."""

    __slots__ = ("mark", "key_marks", "value_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}

    def key_mark(self, key: str) -> Mark:
        return self.key_marks.get(key, self.mark)

    def value_mark(self, key: str) -> Mark:
        return self.value_marks.get(key, self.mark)


class YSeq(list):
    """A sequence that remembers where it and each item were written."""

    __slots__ = ("mark", "item_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


class YamlRefused(Exception):
    """The file cannot be read as a bank at all (the reason is already in the problems)."""


def _mark(node: Node) -> Mark:
    m = node.start_mark
    block = isinstance(node, ScalarNode) and node.style in ("|", ">")
    return Mark(m.line + 1, m.column + 1, block)


def read_yaml(path: Path, problems: ProblemList, text: str) -> Any:
    """Parse ``text`` (read from ``path``) into positioned values.

    Returns None, with the reasons added to ``problems``, when the file cannot be used.
    """
    try:
        documents = yaml.compose_all(text, Loader=_Loader)
        root = next(documents, None)
        extra = next(documents, None)
    except yaml.MarkedYAMLError as exc:
        _report_yaml_error(exc, text, problems)
        return None
    except yaml.YAMLError as exc:  # errors without a position are rare (encoding, reader)
        problems.add(1, 1, f"not valid YAML: {exc}", code="yaml-syntax")
        return None
    if extra is not None:
        m = extra.start_mark
        problems.add(
            m.line + 1,
            m.column + 1,
            "several YAML documents in one file: a bank is one document (remove the `---`)",
            code="several-documents",
        )
        return None
    if root is None:
        problems.add(1, 1, "the file is empty: a bank needs `bank`, `title` and `questions`", code="empty")
        return None
    converter = _Converter(problems)
    try:
        return converter.convert(root, 0, False)
    except YamlRefused:
        return None


def read_text(path: Path, problems: ProblemList) -> str | None:
    """The file's text, or None (with the reason in ``problems``) when it is too large,
    unreadable or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.add(
                1, 1,
                f"file is too large ({size / 1048576:.1f} MiB; banks are limited to "
                f"{MAX_FILE_BYTES // 1048576} MiB)",
                code="too-large",
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.add(1, 1, f"cannot read the file: {exc.strerror or exc}", code="unreadable")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.add(
            line, col,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            code="encoding",
        )
        return None


def _report_yaml_error(exc: yaml.MarkedYAMLError, text: str, problems: ProblemList) -> None:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if "'\\t'" in problem or (mark and _char_at(text, mark.index) == "\t"):
        message = "tab character: YAML indentation must use spaces, not tabs"
    elif "end of stream" in problem and "quoted scalar" in context and exc.context_mark:
        start = exc.context_mark
        message = f"unclosed quote: the string that starts at line {start.line + 1} never ends"
        line, col = start.line + 1, start.column + 1
    elif "exceeded maximum nesting depth" in problem:
        message = "nesting is too deep"
    else:
        message = problem or context or "not valid YAML"
        if context and problem and context not in message:
            message = f"{problem} ({context}" + (
                f" at line {exc.context_mark.line + 1})" if exc.context_mark else ")"
            )
    problems.add(line, col, f"YAML syntax: {message}", code="yaml-syntax")


def _char_at(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


class _Converter:
    """Turns composed YAML nodes into YMap / YSeq / scalars, enforcing the safety limits."""

    def __init__(self, problems: ProblemList) -> None:
        self.problems = problems
        self.expanded = 0  # values reached through an alias
        self.seen_anchored: set[int] = set()

    def refuse(self, node: Node, message: str, code: str) -> YamlRefused:
        m = _mark(node)
        self.problems.add(m.line, m.col, message, code=code)
        return YamlRefused()

    def convert(self, node: Node, depth: int, via_alias: bool) -> Any:
        if depth > MAX_DEPTH:
            raise self.refuse(node, f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
        # The C composer hands back the same node object for every alias of an anchor: a
        # node met twice was reached through an alias, and everything under it counts.
        if not via_alias and id(node) in self.seen_anchored:
            via_alias = True
        if via_alias:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise self.refuse(
                    node,
                    "aliases expand to too many values (an alias bomb?): "
                    f"more than {MAX_ALIAS_EXPANSION:,}",
                    "alias-bomb",
                )
        else:
            self.seen_anchored.add(id(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            self.check_tag(node, _TAG + "seq")
            seq = YSeq(_mark(node))
            for item in node.value:
                seq.append(self.convert(item, depth + 1, via_alias))
                seq.item_marks.append(_mark(item))
            return seq
        if isinstance(node, MappingNode):
            self.check_tag(node, _TAG + "map")
            return self.mapping(node, depth, via_alias)
        raise self.refuse(node, "unsupported YAML node", "yaml-syntax")  # pragma: no cover

    def check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise self.refuse(
                node,
                f"YAML tag {_short_tag(node.tag)} is not allowed: banks hold plain data "
                "(text, numbers, true/false, lists and mappings)",
                "tag",
            )

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _TAG + "str" or tag == _TAG + "timestamp":  # dates stay text
            return node.value
        if tag not in _SCALAR_TAGS:
            self.check_tag(node, _TAG + "str")
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _constructor.construct_yaml_bool(node)
        if tag == _TAG + "int":
            return _constructor.construct_yaml_int(node)
        return _constructor.construct_yaml_float(node)

    def mapping(self, node: MappingNode, depth: int, via_alias: bool) -> YMap:
        result = YMap(_mark(node))
        merged: list[YMap] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged.extend(self.merge_sources(value_node, depth, via_alias))
                continue
            if not isinstance(key_node, ScalarNode):
                raise self.refuse(key_node, "a key must be plain text, not a list or mapping", "key")
            if key_node.tag not in _SCALAR_TAGS:
                self.check_tag(key_node, _TAG + "str")
            key = key_node.value
            if key in result.key_marks:
                first = result.key_marks[key]
                km = _mark(key_node)
                self.problems.add(
                    km.line, km.col,
                    f"duplicate key `{key}` (first given at line {first.line})",
                    code="duplicate-key",
                )
                continue
            result.key_marks[key] = _mark(key_node)
            result.value_marks[key] = _mark(value_node)
            result[key] = self.convert(value_node, depth + 1, via_alias)
        for source in merged:  # `<<: *base` — keys written here win
            for key, value in source.items():
                if key not in result:
                    result[key] = value
                    result.key_marks[key] = source.key_mark(key)
                    result.value_marks[key] = source.value_mark(key)
        return result

    def merge_sources(self, node: Node, depth: int, via_alias: bool) -> list[YMap]:
        value = self.convert(node, depth + 1, via_alias)
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(s, YMap) for s in sources):
            raise self.refuse(node, "`<<` merges mappings only", "merge")
        return sources


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
