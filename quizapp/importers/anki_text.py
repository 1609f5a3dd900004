"""Anki plain-text decks (.txt/.csv/.tsv) -> an open-question bank.

Follows Anki's text-import rules: optional `#key:value` header lines at the top
(`#separator:`, `#html:`, `#tags:`, `#columns:`, `#deck:`, `#notetype:`, `#tags column:`,
`#deck column:`, `#notetype column:`, `#guid column:`); without `#separator:` a tab anywhere
means tab-separated, else the separator that splits the rows consistently (comma, semicolon,
pipe); fields may be quoted with doubled quotes and hold line breaks; without `#html:` the
fields are HTML when any of them has a tag or an entity. Front -> prompt, back -> model answer
(kind `open`), other fields -> the explanation; cloze notes (`{{c1::…}}`) become open questions
whose answer is the revealed text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path
from typing import Any

from quizapp.importers.gift_import import topic_from_category
from quizapp.importers.html_text import html_to_text, looks_like_html
from quizapp.importers.ids import IdAllocator, is_valid_id, slugify
from quizapp.importers.options import ImportOptions, bank_header, finish_bank
from quizapp.importers.report import ImportReport, Note
from quizapp.records import MutableRecord, field

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_MEDIA = re.compile(r"\[sound:[^\]]*\]")


class AnkiHeader(MutableRecord):
    """What the `#key:value` lines at the top of the file say."""

    separator: str | None = None
    html: bool | None = None
    tags: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    deck: str | None = None
    tags_column: int = 0  # 1-based; 0 = none
    deck_column: int = 0
    notetype_column: int = 0
    guid_column: int = 0
    lines: int = 0  # how many lines the header took
    ignored: list[str] = field(default_factory=list)


def read_header(lines: list[str]) -> AnkiHeader:
    """Parse the header lines at the top of an Anki text file."""
    header = AnkiHeader()
    columns_raw = None
    for index, line in enumerate(lines):
        if index == 0 and line.startswith("tags:"):
            header.tags = line[5:].split()
        elif line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            key = key.strip().lower()
            if sep:
                _header_value(header, key, value.rstrip("\r\n"))
                if key == "columns":
                    columns_raw = value
        else:
            break
        header.lines = index + 1
    if columns_raw is not None:
        header.columns = next(csv.reader([columns_raw.strip()], delimiter=header.separator or "\t"), [])
    return header


def _header_value(header: AnkiHeader, key: str, value: str) -> None:
    stripped = value.strip()
    if key == "separator":
        header.separator = SEPARATORS.get(stripped.lower()) or (value if len(value) == 1 else None)
        if header.separator is None:
            header.ignored.append(f"#separator:{value} "
                                  "(use Tab, Comma, Semicolon, Pipe, Space, Colon or one character)")
    elif key == "html":
        header.html = {"true": True, "false": False}.get(stripped.lower())
    elif key == "tags":
        header.tags = stripped.split()
    elif key == "deck":
        header.deck = stripped or None
    elif key in ("tags column", "deck column", "notetype column", "guid column"):
        if stripped.isdigit():
            setattr(header, key.replace(" ", "_"), int(stripped))
    elif key not in ("columns", "notetype", "if matches", "match scope"):
        header.ignored.append(f"#{key}:{value}")


def detect_separator(body: str) -> str:
    """Tab if the file has one (as Anki decides); else the separator that splits the first
    rows into the same number of fields (more than one), comma first on a tie."""
    sample = body[:8192]
    if "\t" in sample:
        return "\t"
    best, best_score = ",", (False, 0)
    for candidate in (",", ";", "|"):
        if candidate not in sample:
            continue
        rows = [r for r in csv.reader(io.StringIO(sample), delimiter=candidate)][:20]
        if len(body) > len(sample) and len(rows) > 1:
            rows = rows[:-1]  # the sample cut the last row short
        lengths = {len(r) for r in rows if r}
        score = (len(lengths) == 1 and max(lengths, default=0) > 1, max(lengths, default=0))
        if score > best_score:
            best, best_score = candidate, score
    return best


def anki_field_to_text(value: str, html: bool) -> str:
    """One field -> Markdown: HTML converted, `$` escaped where it would read as math, and
    Anki's MathJax `\\(…\\)` / `\\[…\\]` turned into `$…$` / `$$…$$`."""
    text = html_to_text(value) if html else value.replace("\r\n", "\n")
    text = _MEDIA.sub("", text)
    if text.count("$") >= 2:
        text = text.replace("$", "\\$")
    text = re.sub(r"\\\((.+?)\\\)", lambda m: f"${m.group(1).strip()}$", text, flags=re.DOTALL)
    text = re.sub(r"\\\[(.+?)\\\]", lambda m: f"$${m.group(1).strip()}$$", text, flags=re.DOTALL)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _question_id(ids: IdAllocator, front: str, guid: str | None) -> str:
    if guid:
        clean = re.sub(r"[^A-Za-z0-9_.-]", "-", guid).strip("-.")
        if clean != guid or not is_valid_id(f"anki-{clean}"):
            clean = hashlib.sha1(guid.encode()).hexdigest()[:12]
        return ids.take(f"anki-{clean}")
    return ids.take(slugify(front, max_words=6))


def _cloze(front: str) -> tuple[str, str] | None:
    """(prompt with blanks, revealed text) for a cloze note, else None."""
    if not _CLOZE.search(front):
        return None
    prompt = _CLOZE.sub(lambda m: f"[{m.group(3) or '…'}]", front)
    revealed = _CLOZE.sub(lambda m: f"**{m.group(2)}**", front)
    return prompt, revealed


def import_anki_text(path: Path, text: str, options: ImportOptions) -> tuple[dict[str, Any], ImportReport]:
    """Read an Anki text deck into a bank document and its report."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    header = read_header(lines)
    body = "".join(lines[header.lines:])
    separator = header.separator or detect_separator(body)
    report = ImportReport(str(path), "Anki text")
    rows = _rows(body, separator, header.lines)
    html = header.html if header.html is not None else any(looks_like_html(v) for _, row in rows for v in row)
    name = {v: k for k, v in SEPARATORS.items()}.get(separator, repr(separator))
    report.details["separator"] = f"{name} ({'from #separator' if header.separator else 'detected'})"
    report.details["html"] = f"{'yes' if html else 'no'} ({'from #html' if header.html is not None else 'detected'})"
    for ignored in header.ignored:
        report.warnings.append(Note(f"{path}", f"header {ignored} not used"))
    meta = {c for c in (header.tags_column, header.deck_column, header.notetype_column, header.guid_column) if c}
    tags_column = header.tags_column or _labelled(header.columns, "tags", meta)
    meta.add(tags_column)
    ids = IdAllocator()
    questions: list[dict[str, Any]] = []
    extra_fields_used = 0
    for line, row in rows:
        where = f"{path}:{line}"
        if row and row[0].startswith("#"):
            report.unmapped.append(Note(where, "a line starting with `#`: a comment for Anki"))
            continue
        fields = [(i, v) for i, v in enumerate(row, start=1) if i not in meta]
        values = [anki_field_to_text(v, html) for _, v in fields]
        if not any(values):
            continue
        front = values[0] if values else ""
        if not front:
            report.unmapped.append(Note(where, "the first field (the front) is empty"))
            continue
        back = values[1] if len(values) > 1 else ""
        extra = [(header.columns[i - 1] if i - 1 < len(header.columns) and header.columns[i - 1] else f"Field {i}", v)
                 for (i, _), v in zip(fields[2:], values[2:]) if v]
        cloze = _cloze(front)
        guid = _cell(row, header.guid_column)
        question: dict[str, Any] = {"id": _question_id(ids, cloze[0] if cloze else front, guid), "kind": "open"}
        deck = _cell(row, header.deck_column)
        if deck:
            question["topic"] = topic_from_category(deck.replace("::", "/"))
        tags = header.tags + (_cell(row, tags_column) or "").split()
        if tags:
            question["tags"] = list(dict.fromkeys(tags))
        explain_parts = [f"**{label}:** {value}" for label, value in extra]
        if cloze:
            question["prompt"], question["answer"] = cloze
            if back:
                explain_parts.insert(0, back)
        else:
            question["prompt"], question["answer"] = front, back or None
        extra_fields_used += bool(extra)
        if explain_parts:
            question["explain"] = "\n\n".join(explain_parts)
        question["source"] = f"{path.name}:{line}"
        questions.append(question)
        report.count(question)
    if extra_fields_used:
        report.approximated.append(Note(str(path), f"{extra_fields_used} note(s) have fields beyond front and "
                                                   "back: added to the explanation"))
    bank_options = options if options.topic or not header.deck else ImportOptions(
        options.bank_id, options.title, topic_from_category(header.deck.replace("::", "/")))
    return finish_bank(bank_header(path, bank_options), questions, path, report), report


def _labelled(columns: list[str], label: str, taken: set[int]) -> int:
    for i, name in enumerate(columns, start=1):
        if name.strip().lower() == label and i not in taken:
            return i
    return 0


def _cell(row: list[str], column: int) -> str | None:
    if column and column - 1 < len(row):
        return row[column - 1].strip() or None
    return None


def _rows(body: str, separator: str, first_line_offset: int) -> list[tuple[int, list[str]]]:
    """(file line, fields) for every record; quoted fields may span lines."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator, quotechar='"', doublequote=True,
                        skipinitialspace=False, strict=False)
    rows = []
    previous_end = 0
    for row in reader:
        rows.append((first_line_offset + previous_end + 1, row))
        previous_end = reader.line_num
    return rows
