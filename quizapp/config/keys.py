"""The settings a person can change, what each allows, and how a typed value is read.

One table (`KEYS`) feeds the settings file, `quizapp config` and the settings screen, so the
three always agree on names, limits and the words used to explain them.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Callable

from quizapp.records import Record

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_STEP = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")


class BadValue(ValueError):
    """A value a key does not allow; the message says what is allowed."""


class Key(Record, frozen=True):
    """One setting: its name, section in the file, default, and what it allows."""

    name: str
    section: str  # "study" or "ui"
    default: Any
    allowed: str  # words for people: "a whole number from 0 to 9999"
    help: str
    per_bank: bool = False


def steps_text(steps: tuple[timedelta, ...] | list[str]) -> str:
    """Steps as people write them: ``1m 10m``."""
    out = []
    for s in steps:
        if isinstance(s, str):
            out.append(s)
            continue
        secs = int(s.total_seconds())
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
            if secs % size == 0:
                out.append(f"{secs // size}{unit}")
                break
    return " ".join(out)


def parse_steps(value: Any) -> list[str]:
    """``"1m 10m"`` or ``["1m", "10m"]`` → ``["1m", "10m"]`` (checked)."""
    items = value.replace(",", " ").split() if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise BadValue("one or more durations such as 1m 10m (s, m, h or d)")
    out = []
    for item in items:
        m = _STEP.match(str(item).strip())
        if not m or float(m.group(1)) <= 0:
            raise BadValue(f"durations such as 1m 10m (s, m, h or d), not {item!r}")
        out.append(f"{m.group(1)}{m.group(2)}")
    return out


def steps_to_timedeltas(steps: list[str]) -> tuple[timedelta, ...]:
    out = []
    for s in steps:
        m = _STEP.match(s)
        assert m is not None
        out.append(timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2)]))
    return tuple(out)


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool):
            raise BadValue(f"a whole number from {low} to {high}")
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise BadValue(f"a whole number from {low} to {high}, not {value!r}") from None
        if not low <= number <= high:
            raise BadValue(f"a whole number from {low} to {high}, not {number}")
        return number
    return parse


def _retention(value: Any) -> float:
    try:
        number = float(str(value).strip().rstrip("%")) if not isinstance(value, float) else value
    except ValueError:
        raise BadValue(f"a number from 0.70 to 0.99, not {value!r}") from None
    if isinstance(value, str) and value.strip().endswith("%") or number > 1:
        number /= 100  # "90%" or 90 mean 0.90
    if not 0.70 <= number <= 0.99:
        raise BadValue(f"a number from 0.70 to 0.99, not {value}")
    return round(number, 4)


def _onoff(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("on", "true", "yes", "1"):
        return True
    if text in ("off", "false", "no", "0"):
        return False
    raise BadValue(f"on or off, not {value!r}")


def _choice(*options: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in options:
            raise BadValue(f"one of {', '.join(options)}, not {value!r}")
        return text
    return parse


def _name(value: Any) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", text):
        raise BadValue(f"a theme name such as textual-dark, not {value!r}")
    return text


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("new_per_day", "study", 20, "a whole number from 0 to 9999",
        "New cards a day", per_bank=True),
    Key("reviews_per_day", "study", 200, "a whole number from 0 to 99999",
        "Reviews a day", per_bank=True),
    Key("desired_retention", "study", 0.9, "a number from 0.70 to 0.99",
        "Desired retention: the chance of recalling a card when it comes due", per_bank=True),
    Key("learning_steps", "study", ["1m", "10m"], "durations such as 1m 10m (s, m, h or d)",
        "Learning steps of a new card", per_bank=True),
    Key("relearning_steps", "study", ["10m"], "durations such as 10m (s, m, h or d)",
        "Relearning steps of a forgotten card", per_bank=True),
    Key("rollover_hour", "study", 4, "a whole number from 0 to 23",
        "Hour at which a new study day starts"),
    Key("bury_related", "study", False, "on or off",
        "Bury related cards until tomorrow once one is answered"),
    Key("leech_threshold", "study", 8, "a whole number from 1 to 99",
        "Lapses that make a card a leech"),
    Key("leech_action", "study", "tag", "tag or suspend",
        "What happens to a leech: tagged only, or suspended too"),
    Key("second_try", "study", "bank", "bank, on or off",
        "One more try after a wrong typed answer: as the bank says, always, or never", per_bank=True),
    Key("theme", "ui", "textual-dark", "a theme name such as textual-dark or nord",
        "Colour theme"),
    Key("images", "ui", "auto", "auto, off, halfcell, kitty or sixel",
        "Demonstrations' images: how to draw them (auto: by terminal)"),
)}

PARSERS: dict[str, Callable[[Any], Any]] = {
    "new_per_day": _whole(0, 9999),
    "reviews_per_day": _whole(0, 99999),
    "desired_retention": _retention,
    "learning_steps": parse_steps,
    "relearning_steps": parse_steps,
    "rollover_hour": _whole(0, 23),
    "bury_related": _onoff,
    "leech_threshold": _whole(1, 99),
    "leech_action": _choice("tag", "suspend"),
    "second_try": _choice("bank", "on", "off"),
    "theme": _name,
    "images": _choice("auto", "off", "halfcell", "kitty", "sixel"),
}


def parse_value(name: str, value: Any) -> Any:
    """The checked value of setting ``name``; `BadValue` says what it allows."""
    return PARSERS[name](value)


def value_text(name: str, value: Any) -> str:
    """A value as `quizapp config get` prints it (and `set` reads it back)."""
    if name.endswith("_steps"):
        return steps_text(value)
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def unknown_key_message(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(KEYS), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"no setting {name!r}{hint}; settings: {', '.join(KEYS)}"
