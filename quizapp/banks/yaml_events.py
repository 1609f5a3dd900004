"""Build positioned values (`YMap`, `YSeq`, scalars) straight from libyaml's event stream.

Why events and not `yaml.compose`: composing builds a Python node object per value and calls
the Python resolver for each scalar; building our values straight from the C parser's events
is about 4× cheaper (measured with bench/bank_load.py), and it is the one pass we need anyway.
The builder also enforces the safety limits: no object-constructing tags, a cap on alias
expansion, a nesting limit, one document per file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml import events as ev
from yaml.nodes import ScalarNode

from quizapp.banks.positions import Mark, YMap, YSeq, _Place, _to_mark
from quizapp.banks.problems import ProblemList

MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000  # values reached through aliases, summed over the file

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()
# A plain scalar can only be a number, bool, null, date or merge key if it starts with one of
# these; everything else is text without asking the (slow) regex resolver.
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~<nNtTfFyYoO")
# Of those, plain scalars starting with a letter or `~` are only ever bools or nulls, all of
# them listed in `_PLAIN_WORDS`: no regex needed for them either.
_WORD_START = frozenset("~nNtTfFyYoO")
_BLOCK_STYLES = ("|", ">")
# YAML 1.1 words that are not text, as the resolver would read them (checked by a test).
_PLAIN_WORDS: dict[str, Any] = {
    **{w: True for w in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{w: False for w in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{w: None for w in ("~", "null", "Null", "NULL")},
}
_NOT_A_WORD = object()
# YAML 1.1 wants a dot and a signed exponent (`1.0e-9`); people write `1e-9` or `3e4`. We read
# those as numbers too, as YAML 1.2 does, rather than as text that then fails validation.
_YAML12_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$")


def yaml12_float(text: str) -> bool:
    """True for plain text such as ``1e-9`` that the loader reads as a number although YAML 1.1
    (and so PyYAML's dumper) treats it as text: writers must quote such strings."""
    return bool(_YAML12_FLOAT.match(text))


class YamlRefused(Exception):
    """The file cannot be read as a bank at all (the reason is already in the problems)."""


class _Container:
    """A mapping or sequence under construction."""

    __slots__ = ("value", "size", "pending_key", "anchor", "is_map", "merges")

    def __init__(self, value: Any, anchor: str | None, is_map: bool) -> None:
        self.value = value
        self.size = 1  # values inside, aliases counted at their full size
        self.pending_key: tuple[str, _Place] | None = None
        self.anchor = anchor
        self.is_map = is_map
        self.merges: list[YMap] = []


class EventBuilder:
    """Builds YMap / YSeq / scalars from parser events, enforcing the safety limits."""

    def __init__(self, problems: ProblemList) -> None:
        self.problems = problems
        self.stack: list[_Container] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, size)
        self.expanded = 0
        self.root: Any = None
        self.documents = 0

    def refuse(self, raw_mark: Any, message: str, code: str) -> YamlRefused:
        self.problems.add(raw_mark.line + 1, raw_mark.column + 1, message, code=code)
        return YamlRefused()

    def run(self, next_event: Callable[[], Any]) -> Any:
        """Build the document from ``next_event`` (the parser's `get_event`), called until
        the stream ends."""
        stack = self.stack
        scalar_event = ev.ScalarEvent
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar_event:
                # Fast path for what banks are made of: untagged, unanchored text, words and
                # small whole numbers inside a container. Everything else takes `scalar()`.
                if event.tag is None and event.anchor is None and stack:
                    value = event.value
                    style = event.style
                    if style or not event.implicit[0]:
                        result = value
                    elif not value:
                        result = None  # `key:` with nothing after it
                    elif value[0] in _WORD_START:
                        result = _PLAIN_WORDS.get(value, value)
                    elif value[0] in _MAYBE_NOT_TEXT:
                        if value.isdigit() and (value[0] != "0" or value == "0"):
                            result = int(value)
                        else:
                            self.scalar(event)
                            continue
                    else:
                        result = value
                    parent = stack[-1]
                    place = (event.start_mark, style == "|" or style == ">")
                    if parent.is_map:
                        if parent.pending_key is None and result is value:
                            parent.pending_key = (value, place)
                            parent.size += 1
                            continue
                        self.add(result, place, 1, event.start_mark)
                    else:
                        parent.size += 1
                        parent.value.append(result)
                        parent.value.places.append(place)
                    continue
                self.scalar(event)
            elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                self.start(event, kind is ev.MappingStartEvent)
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                self.end()
            elif kind is ev.AliasEvent:
                self.alias(event)
            elif kind is ev.StreamEndEvent or event is None:
                break
            elif kind is ev.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self.refuse(
                        event.start_mark,
                        "several YAML documents in one file: a bank is one document (remove the `---`)",
                        "several-documents",
                    )
        if self.root is None:
            self.problems.add(1, 1, "the file is empty: a bank needs `bank`, `title` and `questions`", code="empty")
            return None
        return self.root

    # -- values --------------------------------------------------------------------------
    def add(self, value: Any, place: _Place, size: int, raw_mark: Any) -> None:
        """Attach a finished value to the container being built (or make it the root)."""
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        parent.size += size
        if parent.is_map:
            if parent.pending_key is None:
                if not isinstance(value, (str, int, float, bool)) or value is None:
                    raise self.refuse(raw_mark, "a key must be plain text, not a list or mapping", "key")
                # keys stay text: `1:` or `on:` name a field, they are not numbers or booleans
                parent.pending_key = (value if isinstance(value, str) else _key_text(value, raw_mark), place)
                return
            key, key_place = parent.pending_key
            parent.pending_key = None
            mapping: YMap = parent.value
            if key in mapping.places:
                first = _to_mark(mapping.places[key][0])
                self.problems.add(
                    key_place[0].line + 1, key_place[0].column + 1,
                    f"duplicate key `{key}` (first given at line {first.line})",
                    code="duplicate-key",
                )
                return
            mapping.places[key] = (key_place, place)
            mapping[key] = value
        else:
            seq: YSeq = parent.value
            seq.append(value)
            seq.places.append(place)

    def scalar(self, event: ev.ScalarEvent) -> None:
        value = event.value
        tag = event.tag
        style = event.style
        if tag is None or tag == "!":
            plain = event.implicit[0] and not style  # the C parser says "" for plain, Python None
            if plain and (not value or value[0] in _MAYBE_NOT_TEXT):  # '' is null
                tag = _resolver.resolve(ScalarNode, value, event.implicit)
                if tag == _STR and _YAML12_FLOAT.match(value):
                    tag = _TAG + "float"
            else:
                tag = _STR
        parent = self.stack[-1] if self.stack else None
        if tag == _TAG + "merge" and parent is not None and parent.is_map and parent.pending_key is None:
            parent.pending_key = ("<<", (event.start_mark, False))
            parent.merges.append(None)  # type: ignore[arg-type]  # marks "next value merges"
            return
        if tag == _STR or tag == _TAG + "timestamp":  # dates stay text
            result: Any = value
        elif tag not in _SCALAR_TAGS:
            raise self.refuse(event.start_mark, _tag_message(tag), "tag")
        elif tag == _TAG + "null":
            result = None
        else:
            node = ScalarNode(tag, value, event.start_mark, event.end_mark, style)
            if tag == _TAG + "bool":
                result = _constructor.construct_yaml_bool(node)
            elif tag == _TAG + "int":
                result = _constructor.construct_yaml_int(node)
            else:
                result = _constructor.construct_yaml_float(node)
        self.finish(result, (event.start_mark, style in _BLOCK_STYLES), 1, event.anchor, event.start_mark)

    def start(self, event: Any, is_map: bool) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.refuse(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
        expected = _TAG + ("map" if is_map else "seq")
        if event.tag not in (None, "!", expected):
            raise self.refuse(event.start_mark, _tag_message(event.tag), "tag")
        if self.stack and self.stack[-1].is_map and self.stack[-1].pending_key is None:
            raise self.refuse(event.start_mark, "a key must be plain text, not a list or mapping", "key")
        place = (event.start_mark, False)
        self.stack.append(_Container(YMap(place) if is_map else YSeq(place), event.anchor, is_map))

    def end(self) -> None:
        done = self.stack.pop()
        value = done.value
        if done.is_map and done.merges:
            value = self.apply_merges(done)
        self.finish(value, value.place, done.size, done.anchor, value.place[0])

    def finish(self, value: Any, place: _Place, size: int, anchor: str | None, raw_mark: Any) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.is_map and parent.pending_key is not None and parent.pending_key[0] == "<<" \
                and parent.merges and parent.merges[-1] is None:
            parent.pending_key = None
            parent.merges[-1] = value
            parent.size += size
            return
        self.add(value, place, size, raw_mark)

    def alias(self, event: ev.AliasEvent) -> None:
        found = self.anchors.get(event.anchor)
        if found is None:
            raise self.refuse(event.start_mark, f"unknown alias `*{event.anchor}`", "yaml-syntax")
        value, size = found
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise self.refuse(
                event.start_mark,
                f"aliases expand to too many values (an alias bomb?): more than {MAX_ALIAS_EXPANSION:,}",
                "alias-bomb",
            )
        place = value.place if isinstance(value, (YMap, YSeq)) else (event.start_mark, False)
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.is_map and parent.pending_key is not None and parent.pending_key[0] == "<<" \
                and parent.merges and parent.merges[-1] is None:
            parent.pending_key = None
            parent.merges[-1] = value
            parent.size += size
            return
        self.add(value, place, size, event.start_mark)

    def apply_merges(self, done: _Container) -> YMap:
        """`<<: *base` (or a list of them): keys written in the mapping itself win."""
        mapping: YMap = done.value
        for source in done.merges:
            sources = source if isinstance(source, list) else [source]
            for item in sources:
                if not isinstance(item, YMap):
                    raise self.refuse(mapping.place[0], "`<<` merges mappings only", "merge")
                for key, value in item.items():
                    if key not in mapping:
                        mapping[key] = value
                        mapping.places[key] = item.places[key]
        return mapping


def _key_text(value: Any, raw_mark: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
    return (f"YAML tag {shown} is not allowed: banks hold plain data "
            "(text, numbers, true/false, lists and mappings)")
