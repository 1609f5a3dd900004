"""Where things were written in a YAML file: marks, and containers that remember them.

`YMap` (a dict) and `YSeq` (a list) keep libyaml's own mark objects for every key and value
and turn them into 1-based `Mark`s only when a problem is reported: a bank of 10,000
questions holds ~150,000 values.
"""

from __future__ import annotations

from typing import Any, NamedTuple


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


# What containers keep per value: libyaml's own mark object (already allocated by the
# parser), or for a block scalar (`|`, `>`) the pair (mark, True). Converted to `Mark` only
# when asked.
_Place = Any


def _raw(place: _Place) -> Any:
    """The parser's mark of a place."""
    return place[0] if type(place) is tuple else place


def _to_mark(place: _Place) -> Mark:
    if type(place) is tuple:
        return Mark(place[0].line + 1, place[0].column + 1, True)
    return Mark(place.line + 1, place.column + 1)


def as_mark(where: Any) -> Mark:
    """A `Mark` from a mark or from a place kept by a container."""
    return where if isinstance(where, Mark) else _to_mark(where)


class YMap(dict):
    """A mapping that remembers where it, each key and each value were written.

    ``places`` lists, in the mapping's order, each key's place followed by its value's:
    ``[key 1, value 1, key 2, value 2, …]`` — a flat list costs far less than a dict of pairs
    for a large bank's ~170,000 keys. A YMap is not meant to change once read: a key added
    or removed other than by `add` puts ``places`` out of step, and then every key is
    reported at the mapping's own place.
    """

    __slots__ = ("place", "places", "_order")

    def __init__(self, place: _Place) -> None:
        super().__init__()
        self.place = place
        self.places: list[_Place] = []  # key 1 place, value 1 place, key 2 place, …

    def add(self, key: str, value: Any, key_place: _Place, value_place: _Place) -> None:
        """Add a key that is not in the mapping yet, with where it and its value are."""
        self[key] = value
        self.places += (key_place, value_place)

    @property
    def mark(self) -> Mark:
        return _to_mark(self.place)

    def _key_index(self, key: str) -> int | None:
        """Where ``key``'s place is in ``places`` (None when unknown)."""
        if key not in self or len(self.places) != 2 * len(self):
            return None
        if len(self) <= 16:  # a question's keys: a scan is cheapest
            return 2 * list(self).index(key)
        # A large mapping (a bank's macros, a hostile file's 100,000 unknown keys): one index of
        # the keys, made when first asked, so reporting every key is not quadratic.
        order = getattr(self, "_order", None)  # unset: YMaps are made without __init__
        if order is None or len(order) != len(self):
            order = self._order = {k: i for i, k in enumerate(self)}
        return 2 * order[key]

    def key_node(self, key: str) -> _Place:
        i = self._key_index(key)
        return self.place if i is None else self.places[i]

    def value_node(self, key: str) -> _Place:
        i = self._key_index(key)
        return self.place if i is None else self.places[i + 1]

    def key_mark(self, key: str) -> Mark:
        return _to_mark(self.key_node(key))

    def value_mark(self, key: str) -> Mark:
        return _to_mark(self.value_node(key))


class YSeq(list):
    """A sequence that remembers where it and each item were written."""

    __slots__ = ("place", "places")

    def __init__(self, place: _Place) -> None:
        super().__init__()
        self.place = place
        self.places: list[_Place] = []

    @property
    def mark(self) -> Mark:
        return _to_mark(self.place)

    @property
    def item_marks(self) -> list[Mark]:
        return [_to_mark(p) for p in self.places]
