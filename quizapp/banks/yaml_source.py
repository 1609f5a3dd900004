"""Read a YAML file safely and keep the line and column of every value.

Bank files come from other people. This module refuses what could hurt (object-constructing
tags, alias bombs, huge files, deep nesting) and turns libyaml's event stream into plain
Python values — `YMap` (a dict) and `YSeq` (a list) — that remember where each key and value
was written, so every later problem can be reported as ``path:line:col``.

The values are built from libyaml's event stream by `yaml_events`; their positions are
kept by the containers of `positions`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quizapp.banks.limits import MAX_FILE_BYTES
from quizapp.banks.problems import ProblemList
from quizapp.banks.yaml_events import EventBuilder, YamlRefused
from quizapp.terminal_text import BIDI_CONTROLS, bidi_name, first_control, visible_controls

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser where present


def read_yaml(path: Path, problems: ProblemList, text: str, builder: EventBuilder | None = None) -> Any:
    """Parse ``text`` (read from ``path``) into positioned values.

    Returns None, with the reasons added to ``problems``, when the file cannot be used.
    A ``builder`` given (made with the same ``problems``) tells afterwards what the file's
    anchors and aliases did.
    """
    builder = builder or EventBuilder(problems)
    if not text.isascii():
        _report_bidi(text, problems)
    parser = _Loader(text)
    try:
        return builder.run(parser.get_event)
    except yaml.MarkedYAMLError as exc:
        _report_yaml_error(exc, text, problems)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        at = exc.position  # libyaml counts UTF-8 bytes; PyYAML's own reader, characters
        if not (0 <= at < len(text) and text[at] == char):
            at = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        before = text[:at]
        line, col = before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1
        if first_control(char) is not None:
            problems.add(line, col, f"control character {visible_controls(char)}: a bank holds plain text (tabs and "
                         "line breaks are the only control characters YAML allows)", code="control-char")
        else:
            problems.add(line, col, f"character U+{ord(char):04X} is not allowed in a YAML file",
                         code="yaml-syntax")
    except yaml.YAMLError as exc:  # errors without a position are rare
        problems.add(1, 1, f"not valid YAML: {' '.join(str(exc).split())}", code="yaml-syntax")
    except YamlRefused:
        pass
    finally:
        parser.dispose()
    return None


def _report_bidi(text: str, problems: ProblemList) -> None:
    """Report every bidirectional control in the file, comments included: they make an editor,
    a terminal or `quizapp trust` show text in another order than it is read and run."""
    for found in BIDI_CONTROLS.finditer(text):
        at = found.start()
        line_start = text.rfind("\n", 0, at) + 1
        problems.add(text.count("\n", 0, at) + 1, at - line_start + 1,
                     f"bidirectional control {bidi_name(found.group())}: it can make code or text show in another "
                     "order than it runs (the \"Trojan Source\" trick); remove it", code="bidi-control")


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
    return decode_text(data, problems)


def decode_text(data: bytes, problems: ProblemList) -> str | None:
    """A bank file's bytes as text (a leading byte-order mark dropped), or None (with the
    place of the first bad byte in ``problems``) when they are not UTF-8."""
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


