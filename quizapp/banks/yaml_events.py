"""Build positioned values (`YMap`, `YSeq`, scalars) straight from libyaml's event stream.

Why events and not `yaml.compose`: composing builds a Python node object per value and calls
the Python resolver for each scalar; building our values straight from the C parser's events
is about 4× cheaper (measured with bench/bank_load.py), and it is the one pass we need anyway.
The builder also enforces the safety limits: no object-constructing tags, a cap on alias
expansion, a nesting limit, one document per file.
"""

from __future__ import annotations

import math
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
# Numbers: whole numbers below 10^300 in size, so that every one is also a float (floats end
# near 1.8e308, and answers are compared as floats); the text is refused unread past 400
# characters (Python refuses to read a whole number of more than 4,300 digits at all).
MAX_NUMBER_CHARS = 400
_INT_LIMIT = 10**300
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))

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
# YAML 1.1 wants a dot and a signed exponent (`1.0e-9`); people write `1e-9` or `3e4`. We read
# those as numbers too, as YAML 1.2 does, rather than as text that then fails validation.
_YAML12_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$")


def yaml12_float(text: str) -> bool:
    """True for plain text such as ``1e-9`` that the loader reads as a number although YAML 1.1
    (and so PyYAML's dumper) treats it as text: writers must quote such strings."""
    return bool(_YAML12_FLOAT.match(text))


class YamlRefused(Exception):
    """The file cannot be read as a bank at all (the reason is already in the problems)."""


_MERGE = object()  # a `<<` key: the value after it is merged into the mapping
_SLOW = object()  # what `_plain` says of a scalar it leaves to `EventBuilder.scalar`
_SCALAR, _ALIAS = ev.ScalarEvent, ev.AliasEvent
_MAPPING_START, _MAPPING_END = ev.MappingStartEvent, ev.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = ev.SequenceStartEvent, ev.SequenceEndEvent
_new_map, _new_seq = dict.__new__, list.__new__  # containers made without running __init__
_MAP_TAGS = (None, "!", _TAG + "map")  # the tags a mapping may have (none, really)
_SEQ_TAGS = (None, "!", _TAG + "seq")
_BLOCK = ("|", ">")  # styles of scalars whose text starts on the next line


def _plain(event: Any) -> Any:
    """The value of what banks are made of — an untagged, unanchored scalar of text, a word or a
    small whole number — read without the regex resolver; `_SLOW` for any other event.
    (Untagged plain scalars are the ones with no style; libyaml marks them all plain-implicit.)"""
    if type(event) is not _SCALAR or event.tag is not None or event.anchor is not None:
        return _SLOW
    value = event.value
    if event.style:
        return _SLOW if event.style == '"' and not value.isprintable() else value  # escapes such as \e
    if not value:
        return None  # `key:` with nothing after it
    first = value[0]
    if first in _WORD_START:
        return _PLAIN_WORDS.get(value, value)
    if first in _MAYBE_NOT_TEXT:
        if len(value) < 19 and value.isascii() and value.isdigit() and (first != "0" or value == "0"):
            return int(value)  # (`isdigit` alone is also true for `²` and other scripts' digits)
        return _SLOW
    return value


def _place(event: Any, value: Any) -> Any:
    """Where a value read from ``event`` is kept: a container's own place (an alias's too), else
    the event's mark — with `True` for a `|` or `>` scalar, whose text starts on the next line."""
    if type(value) is YMap or type(value) is YSeq:
        return value.place
    if type(event) is _SCALAR and event.style in _BLOCK:
        return (event.start_mark, True)
    return event.start_mark


class EventBuilder:
    """Builds YMap / YSeq / scalars from parser events, enforcing the safety limits.

    One handler per kind of value — scalar, mapping, list, alias — each pulling the events of
    its value from the parser (a mapping or list reads its items, then its end). Every value
    counts towards the size of the containers around it (an alias at its full size: that is
    what the alias-bomb cap adds up); a container's size is ``count`` at its end minus
    ``count`` at its start. Plain scalars are counted by their container, in bulk.
    """

    def __init__(self, problems: ProblemList) -> None:
        self.problems = problems
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, size)
        self.expanded = 0
        self.documents = 0
        self.redefined = False  # whether an anchor name was defined again (aliases after it mean the new value)
        self.count = 0  # values so far, aliases at their full size
        self.depth = 0  # containers open
        self.next_event: Callable[[], Any] = lambda: None
        self.by_kind: dict[type, Callable[[Any], Any]] = {
            _SCALAR: self.on_scalar, _MAPPING_START: self.on_mapping, _SEQUENCE_START: self.on_sequence,
            _ALIAS: self.on_alias,
        }

    def refuse(self, raw_mark: Any, message: str, code: str) -> YamlRefused:
        self.problems.add(raw_mark.line + 1, raw_mark.column + 1, message, code=code)
        return YamlRefused()

    def run(self, next_event: Callable[[], Any]) -> Any:
        """Build the document from ``next_event`` (the parser's `get_event`), called until
        the stream ends; None (with a problem) for an empty file."""
        self.next_event = next_event
        root = None
        while True:
            event = next_event()
            kind = type(event)
            if kind is ev.StreamEndEvent or event is None:
                break
            if kind is ev.DocumentStartEvent:
                self.on_document_start(event)
            elif kind in self.by_kind:
                root = self.by_kind[kind](event)
        if root is None:
            self.problems.add(1, 1, "the file is empty: a bank needs `bank`, `title` and `questions`", code="empty")
        return root

    # -- one handler per kind of value --------------------------------------------------------
    def on_scalar(self, event: ev.ScalarEvent, key: bool = False) -> Any:
        """A scalar's value; `_MERGE` for a `<<` key (only a key may be one)."""
        value = _plain(event)
        if value is _SLOW:
            value = self.scalar(event)
            if value is _MERGE:
                if not key:
                    raise self.refuse(event.start_mark, _tag_message(_TAG + "merge"), "tag")
                return value  # not a value: not counted
            if event.anchor is not None:
                self.define(event.anchor, value, 1)
        self.count += 1
        return value

    def on_mapping(self, event: ev.MappingStartEvent) -> YMap:
        anchor = event.anchor
        mapping: YMap = self.open(event, _new_map(YMap), _MAP_TAGS)
        start = self.count - 1
        places = mapping.places
        next_event, by_kind = self.next_event, self.by_kind
        plain = 0  # plain scalars read here (keys and values), added to `count` at the end
        merges: list[Any] | None = None
        while True:
            event = next_event()
            # nearly every key: plain, untagged, unanchored text (what `_plain` reads as text)
            if (type(event) is _SCALAR and not event.style and event.tag is None and event.anchor is None
                    and (key := event.value)
                    and (key[0] not in _MAYBE_NOT_TEXT or (key[0] in _WORD_START and key not in _PLAIN_WORDS))):
                key_place = event.start_mark
                plain += 1
            elif type(event) is _MAPPING_END:
                break
            else:
                key = self.key(event)
                key_place = _place(event, key)
            event = next_event()
            value = _plain(event)
            if value is _SLOW:
                value = by_kind[type(event)](event)
                place = _place(event, value)
            else:
                plain += 1
                place = event.start_mark
                if event.style and event.style in _BLOCK:
                    place = (place, True)
            if key is _MERGE:
                merges = [value] if merges is None else [*merges, value]
            elif key in mapping:
                self.duplicate(key, key_place, mapping)
            else:
                mapping[key] = value
                places.append(key_place)
                places.append(place)
        if merges is not None:
            self.apply_merges(mapping, merges)
        return self.close(mapping, anchor, start, plain)

    def on_sequence(self, event: ev.SequenceStartEvent) -> YSeq:
        anchor = event.anchor
        sequence: YSeq = self.open(event, _new_seq(YSeq), _SEQ_TAGS)
        start = self.count - 1
        places = sequence.places
        next_event, by_kind = self.next_event, self.by_kind
        plain = 0
        while True:
            event = next_event()
            value = _plain(event)
            if value is _SLOW:
                if type(event) is _SEQUENCE_END:
                    break
                value = by_kind[type(event)](event)
                places.append(_place(event, value))
            else:
                plain += 1
                places.append((event.start_mark, True) if event.style and event.style in _BLOCK else event.start_mark)
            sequence.append(value)
        return self.close(sequence, anchor, start, plain)

    def on_alias(self, event: ev.AliasEvent) -> Any:
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
        self.count += size
        return value

    def on_document_start(self, event: ev.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.refuse(
                event.start_mark,
                "several YAML documents in one file: a bank is one document (remove the `---`)",
                "several-documents",
            )

    # -- what the handlers share ----------------------------------------------------------------
    def open(self, event: ev.CollectionStartEvent, container: Any, tags: tuple[str | None, ...]) -> Any:
        """Start reading a mapping or list: check its depth and tag, count it."""
        mark = event.start_mark
        if self.depth >= MAX_DEPTH:
            raise self.refuse(mark, f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
        if event.tag not in tags:
            raise self.refuse(mark, _tag_message(event.tag), "tag")
        container.places = []
        container.place = mark
        self.depth += 1
        self.count += 1
        return container

    def close(self, container: Any, anchor: str | None, start: int, plain: int) -> Any:
        """Finish a mapping or list: count its plain scalars, define its anchor."""
        self.depth -= 1
        self.count += plain
        if anchor is not None:
            self.define(anchor, container, self.count - start)
        return container

    def key(self, event: Any) -> Any:
        """A mapping's key that `_plain` does not read as text (or `_MERGE` for `<<`)."""
        kind = type(event)
        if kind is _MAPPING_START or kind is _SEQUENCE_START:
            raise self.refuse(event.start_mark, "a key must be plain text, not a list or mapping", "key")
        key = self.on_scalar(event, key=True) if kind is _SCALAR else self.on_alias(event)
        if key is _MERGE or type(key) is str:
            return key
        if not isinstance(key, (str, int, float, bool)):  # None, or an alias to a list or mapping
            raise self.refuse(event.start_mark, "a key must be plain text, not a list or mapping", "key")
        return _key_text(key, event.start_mark)  # keys stay text: `1:` or `on:` name a field

    def define(self, anchor: str, value: Any, size: int) -> None:
        self.redefined = self.redefined or anchor in self.anchors
        self.anchors[anchor] = (value, size)

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
        return self.typed(event, tag)

    def typed(self, event: ev.ScalarEvent, tag: str) -> Any:
        """The null, bool, int or float a scalar's ``tag`` says it is (written or resolved),
        refused when its text is not one (`!!float abc`) or the number is out of bounds."""
        value = event.value
        name = tag[len(_TAG):]
        if tag in (_TAG + "int", _TAG + "float") and len(value) > MAX_NUMBER_CHARS:
            raise self.refuse(event.start_mark, f"a number written with more than {MAX_NUMBER_CHARS} characters: "
                              "banks take numbers below 10^300 (put text in quotes)", "number")
        if tag == _TAG + "null":
            if value not in _NULL_WORDS:
                raise self.refuse(event.start_mark, f"`{_short(value)}` is not a valid !!null (write ~ or null)",
                                  "tag")
            return None
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            if tag == _TAG + "bool":
                return _constructor.construct_yaml_bool(node)
            if tag == _TAG + "int":
                number = _constructor.construct_yaml_int(node)
                if abs(number) >= _INT_LIMIT:
                    raise OverflowError
                return number
            number = _constructor.construct_yaml_float(node)
            if math.isinf(number) and value.lstrip("+-").lower() != ".inf":
                raise OverflowError
            return number
        except OverflowError:
            raise self.refuse(event.start_mark, f"the number `{_short(value)}` is too large: banks take numbers "
                              "below 10^300 (put text in quotes)", "number") from None
        except (ValueError, KeyError, IndexError, TypeError):  # `!!float abc`, `!!int 0x`, `!!bool maybe`
            raise self.refuse(event.start_mark, f"`{_short(value)}` is not a valid !!{name}", "tag") from None

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


def _short(text: str) -> str:
    """``text`` cut for a message."""
    return text if len(text) <= 40 else text[:37] + "…"


def _key_text(value: Any, raw_mark: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
    return (f"YAML tag {shown} is not allowed: banks hold plain data "
            "(text, numbers, true/false, lists and mappings)")
