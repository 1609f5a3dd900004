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

from quizapp.banks.positions import YMap, YSeq, _raw, _to_mark
from quizapp.banks.problems import ProblemList
from quizapp.terminal_text import first_control, visible_controls

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


_MERGE = object()  # the pending key of a mapping when the next value is a `<<` merge


class EventBuilder:
    """Builds YMap / YSeq / scalars from parser events, enforcing the safety limits."""

    def __init__(self, problems: ProblemList) -> None:
        self.problems = problems
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, size)
        self.expanded = 0
        self.documents = 0
        self.redefined = False  # whether an anchor name was defined again (aliases after it mean the new value)

    def refuse(self, raw_mark: Any, message: str, code: str) -> YamlRefused:
        self.problems.add(raw_mark.line + 1, raw_mark.column + 1, message, code=code)
        return YamlRefused()

    def run(self, next_event: Callable[[], Any]) -> Any:
        """Build the document from ``next_event`` (the parser's `get_event`), called until
        the stream ends.

        One loop over ~400,000 events for a large bank: the container being built and its
        pending key live in local variables, the enclosing ones in ``stack`` frames. Every
        value counts towards the size of the containers around it (an alias at its full size:
        that is what the alias-bomb cap adds up); a container's size is the count at its end
        minus the count at its start.
        """
        scalar_event, map_start, seq_start = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
        map_end, seq_end, alias_event = ev.MappingEndEvent, ev.SequenceEndEvent, ev.AliasEvent
        new_map, new_seq = dict.__new__, list.__new__
        word_start, maybe_not_text, words = _WORD_START, _MAYBE_NOT_TEXT, _PLAIN_WORDS
        anchors = self.anchors
        stack: list[tuple[Any, ...]] = []  # (container, is_map, places, key, key_mark, anchor, start, merges)
        cur: Any = None  # the container being built; None at the top level
        is_map = False
        places: Any = None  # cur.places
        key: Any = None  # pending key of a mapping (str or _MERGE), None when a key comes next
        key_mark: Any = None
        anchor: str | None = None  # of `cur`
        start = 0  # `count` when `cur` started
        merges: list[Any] | None = None  # `<<` values of `cur`
        count = 0  # values so far, aliases at their full size
        root: Any = None
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar_event:
                value = event.value
                mark = event.start_mark
                if event.tag is None and event.anchor is None and cur is not None:
                    # What banks are made of: untagged, unanchored text, words and small whole
                    # numbers inside a container. (Untagged plain scalars are the ones with no
                    # style; libyaml marks them all plain-implicit.)
                    style = event.style
                    if style:
                        result = value
                        if style == "|" or style == ">":
                            mark = (mark, True)  # the text starts on the next line
                        elif style == '"' and not value.isprintable():  # escapes such as \e
                            self.controls(value, mark)
                    elif not value:
                        result = None  # `key:` with nothing after it
                    elif value[0] in word_start:
                        result = words.get(value, value)
                    elif value[0] in maybe_not_text:
                        if value.isdigit() and (value[0] != "0" or value == "0"):
                            result = int(value)
                        else:
                            result = self.scalar(event)
                            if result is _MERGE:
                                if not is_map or key is not None:
                                    raise self.refuse(event.start_mark, _tag_message(_TAG + "merge"), "tag")
                                key = _MERGE
                                key_mark = mark
                                continue
                    else:
                        result = value
                    count += 1
                    if is_map:
                        if key is None:
                            if result is value:
                                key = value
                                key_mark = mark
                                continue
                        elif key is not _MERGE:
                            if key in cur:
                                self.duplicate(key, key_mark, cur)
                            else:
                                cur[key] = result
                                places.append(key_mark)
                                places.append(mark)
                            key = None
                            continue
                    else:
                        cur.append(result)
                        places.append(mark)
                        continue
                else:
                    result = self.scalar(event)
                    if result is _MERGE:
                        if not is_map or key is not None:
                            raise self.refuse(event.start_mark, _tag_message(_TAG + "merge"), "tag")
                        key = _MERGE
                        key_mark = mark
                        continue
                    if event.style == "|" or event.style == ">":
                        mark = (mark, True)
                    count += 1
                    if event.anchor is not None:
                        self.redefined = self.redefined or event.anchor in anchors
                        anchors[event.anchor] = (result, 1)
            elif kind is map_start or kind is seq_start:
                opens_map = kind is map_start
                mark = event.start_mark
                if len(stack) >= MAX_DEPTH:
                    raise self.refuse(mark, f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
                if event.tag not in (None, "!", _TAG + ("map" if opens_map else "seq")):
                    raise self.refuse(mark, _tag_message(event.tag), "tag")
                if is_map and key is None:
                    raise self.refuse(mark, "a key must be plain text, not a list or mapping", "key")
                stack.append((cur, is_map, places, key, key_mark, anchor, start, merges))
                if opens_map:
                    cur = new_map(YMap)
                    cur.places = places = []
                else:
                    cur = new_seq(YSeq)
                    cur.places = places = []
                cur.place = mark
                is_map = opens_map
                key = None
                anchor = event.anchor
                start = count
                merges = None
                count += 1
                continue
            elif kind is map_end or kind is seq_end:
                result = cur
                mark = cur.place
                if merges is not None:
                    self.apply_merges(cur, merges)
                size = count - start
                if anchor is not None:
                    self.redefined = self.redefined or anchor in anchors
                    anchors[anchor] = (result, size)
                cur, is_map, places, key, key_mark, anchor, start, merges = stack.pop()
            elif kind is alias_event:
                found = anchors.get(event.anchor)
                if found is None:
                    raise self.refuse(event.start_mark, f"unknown alias `*{event.anchor}`", "yaml-syntax")
                result, size = found
                self.expanded += size
                if self.expanded > MAX_ALIAS_EXPANSION:
                    raise self.refuse(
                        event.start_mark,
                        f"aliases expand to too many values (an alias bomb?): more than {MAX_ALIAS_EXPANSION:,}",
                        "alias-bomb",
                    )
                if is_map and key is None and not isinstance(result, (str, int, float, bool)):
                    raise self.refuse(event.start_mark, "a key must be plain text, not a list or mapping", "key")
                count += size
                mark = result.place if isinstance(result, (YMap, YSeq)) else event.start_mark
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
                continue
            else:
                continue
            # A finished value other than plain text in a mapping or a list: attach it.
            if cur is None:
                root = result
            elif not is_map:
                cur.append(result)
                places.append(mark)
            elif key is None:
                if not isinstance(result, (str, int, float, bool)) or result is None:
                    raise self.refuse(_raw(mark), "a key must be plain text, not a list or mapping", "key")
                # keys stay text: `1:` or `on:` name a field, they are not numbers or booleans
                key = result if isinstance(result, str) else _key_text(result, mark)
                key_mark = mark
            elif key is _MERGE:
                if merges is None:
                    merges = []
                merges.append(result)
                key = None
            else:
                if key in cur:
                    self.duplicate(key, key_mark, cur)
                else:
                    cur[key] = result
                    places.append(key_mark)
                    places.append(mark)
                key = None
        if root is None:
            self.problems.add(1, 1, "the file is empty: a bank needs `bank`, `title` and `questions`", code="empty")
            return None
        return root

    def duplicate(self, key: str, key_mark: Any, mapping: YMap) -> None:
        first = _to_mark(mapping.key_node(key))
        raw = _raw(key_mark)
        self.problems.add(raw.line + 1, raw.column + 1, f"duplicate key `{key}` (first given at line {first.line})",
                          code="duplicate-key")

    def controls(self, value: str, raw_mark: Any) -> None:
        """Report a control character in a double-quoted string (the only way one gets into a
        YAML value: the file itself may not hold them)."""
        char = first_control(value)
        if char is not None:
            self.problems.add(raw_mark.line + 1, raw_mark.column + 1,
                              f"control character {visible_controls(char)} in a quoted string: a bank holds "
                              "plain text, and a terminal would act on it", code="control-char")

    def scalar(self, event: ev.ScalarEvent) -> Any:
        """The value of a scalar the fast path in `run` does not read (or `_MERGE` for `<<`)."""
        value = event.value
        tag = event.tag
        style = event.style
        if style == '"' and not value.isprintable():
            self.controls(value, event.start_mark)
        if tag is None or tag == "!":
            plain = event.implicit[0] and not style  # the C parser says "" for plain, Python None
            if plain and (not value or value[0] in _MAYBE_NOT_TEXT):  # '' is null
                tag = _resolver.resolve(ScalarNode, value, event.implicit)
                if tag == _STR and _YAML12_FLOAT.match(value):
                    tag = _TAG + "float"
            else:
                tag = _STR
        if tag == _TAG + "merge":
            return _MERGE
        if tag == _STR or tag == _TAG + "timestamp":  # dates stay text
            return value
        if tag not in _SCALAR_TAGS:
            raise self.refuse(event.start_mark, _tag_message(tag), "tag")
        if tag == _TAG + "null":
            return None
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, style)
        if tag == _TAG + "bool":
            return _constructor.construct_yaml_bool(node)
        if tag == _TAG + "int":
            return _constructor.construct_yaml_int(node)
        return _constructor.construct_yaml_float(node)

    def apply_merges(self, mapping: YMap, merges: list[Any]) -> YMap:
        """`<<: *base` (or a list of them): keys written in the mapping itself win."""
        for source in merges:
            sources = source if isinstance(source, list) else [source]
            for item in sources:
                if not isinstance(item, YMap):
                    raise self.refuse(mapping.place, "`<<` merges mappings only", "merge")
                for key, value in item.items():
                    if key not in mapping:
                        mapping.add(key, value, item.key_node(key), item.value_node(key))
        return mapping


def _key_text(value: Any, raw_mark: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
    return (f"YAML tag {shown} is not allowed: banks hold plain data "
            "(text, numbers, true/false, lists and mappings)")
