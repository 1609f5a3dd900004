"""Text from banks and snippets, made safe to show in a terminal.

A terminal acts on control characters: ESC starts sequences that clear the screen, move the
cursor, set the window title or even write the clipboard (OSC 52). Banks are somebody else's
text and snippets somebody else's code, so nothing they produce reaches the screen with its
control characters intact. Banks may not contain them at all (the loader reports them); a
snippet's output has its colour and cursor sequences removed and any other control character
shown as an escape (``\\x07``). Newlines and tabs are text.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab and newline, DEL, and the C1 controls (U+0080–U+009F, which some
# terminals also act on).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What programs print on purpose: CSI sequences (colours, cursor moves), OSC sequences (titles,
# links), and two-character escapes.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"            # CSI … final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC … BEL or ST
    r"|\x1b[@-Z\\-_]"                      # other two-character escapes
)


# Bidirectional embedding, override and isolate controls (LRE RLE PDF LRO RLO, LRI RLI FSI
# PDI): they reorder how a line is shown, so code can read differently from what it does
# ("Trojan Source", CVE-2021-42574). Banks may not hold them at all (the loader reports them).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What a reviewer of code must see too, though banks may hold it (right-to-left prose needs
# the marks): the bidi controls, the implicit marks (LRM RLM ALM) and characters of no width.
_HIDDEN_IN_CODE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]")


def bidi_name(char: str) -> str:
    """``<U+202E>``: how a hidden or reordering character is shown."""
    return f"<U+{ord(char):04X}>"


def visible_code(text: str) -> str:
    """Code (or any text) as a reviewer must see it: control characters as escapes, and
    bidirectional controls and invisible characters as ``<U+202E>``."""
    if not text.isascii():
        text = _HIDDEN_IN_CODE.sub(lambda m: bidi_name(m.group()), text)
    return visible_controls(text)


def first_control(text: str) -> str | None:
    """The first control character in ``text`` (tab and newline are not), or None."""
    if text.isprintable():
        return None
    found = _CONTROL.search(text)
    return found.group() if found else None


def visible_controls(text: str) -> str:
    """``text`` with every control character written as an escape, e.g. ``\\x1b``."""
    if first_control(text) is None:
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def program_output(text: str) -> str:
    """What a program printed, as a terminal should show it: colour and cursor sequences
    dropped, carriage returns (progress bars) made into line ends, other controls visible."""
    if first_control(text) is None:
        return text
    text = _ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return visible_controls(text)


def visible_in(value: Any) -> Any:
    """A JSON-like value (a computed answer, a chart) with every string in it, keys too,
    passed through `visible_controls`: the same shape back (so `Any`, as `json.loads` gives)."""
    if isinstance(value, str):
        return visible_controls(value)
    if isinstance(value, list):
        return [visible_in(v) for v in value]
    if isinstance(value, dict):
        return {visible_in(k): visible_in(v) for k, v in value.items()}
    return value
