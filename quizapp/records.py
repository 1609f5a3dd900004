"""Records: the plain data the domain hands around (cards, schedules, views, results, jobs).

They are `msgspec.Struct`s, not dataclasses. A frozen dataclass compiles six generated
methods when its module is imported (~0.7 ms a class); a start imports some forty record
classes, which was the largest part of quizapp's start-up beyond Textual's own. A Struct is
defined in C (~15 µs), and its instances are smaller and quicker to make. Fields, defaults,
``field(default_factory=...)``, ``__post_init__``, equality and ``repr`` work as with
dataclasses; ``replace``, ``asdict`` and ``fields`` come from here.

`Record` is immutable, hashable and compared by value; a subclass says so again
(``class CardInfo(Record, frozen=True)``) so that type checkers see it too. `MutableRecord`
can be changed. A frozen record's ``__post_init__`` normalises a field with `force_setattr`.
"""

from __future__ import annotations

from msgspec import Struct, field
from msgspec.structs import asdict, fields, force_setattr, replace

__all__ = ["MutableRecord", "Record", "asdict", "field", "fields", "force_setattr", "is_record", "replace"]


class Record(Struct, frozen=True):
    """An immutable record (subclasses declare their fields as annotations)."""


class MutableRecord(Struct):
    """A record whose fields can be set after it is made."""


def is_record(value: object) -> bool:
    """Whether ``value`` is a record instance."""
    return isinstance(value, Struct)
