"""Pick the importer for a file and run it: `import_file(path)` -> (bank document, report)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from quizapp.errors import QuizappError
from quizapp.importers.options import ImportOptions
from quizapp.importers.report import ImportReport

SourceFormat = Literal["notebook", "gift", "anki"]
MAX_SOURCE_BYTES = 32 * 1024 * 1024
_SUFFIXES: dict[str, SourceFormat] = {
    ".ipynb": "notebook", ".gift": "gift", ".csv": "anki", ".tsv": "anki", ".txt": "anki",
}


def source_format(path: Path, data: bytes, declared: SourceFormat | None = None) -> SourceFormat:
    """The format of ``path``: ``declared`` if given, else from the suffix; a `.txt` file that
    reads as GIFT (answers in braces, no tabs) is GIFT."""
    if declared:
        return declared
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise QuizappError(f"{path}: unknown kind of file; quizapp imports .ipynb, .gift, .csv, .tsv and .txt "
                           "(or say which with --from)")
    if path.suffix.lower() == ".txt" and _looks_like_gift(data[:16384].decode("utf-8", "replace")):
        return "gift"  # Moodle exports GIFT as .txt
    return fmt


_GIFT_MARKS = re.compile(r"^\s*::[^\n]+?::|^\$CATEGORY:|\{\s*[=~#}]|\{\s*(?:T|F|TRUE|FALSE)\s*[#}]", re.MULTILINE)
_ANKI_HEADER = re.compile(r"^#(?:separator|html|tags|columns|notetype|deck|guid)\b", re.IGNORECASE)


def _looks_like_gift(head: str) -> bool:
    """GIFT marks (`::title::`, `$CATEGORY:`, `{=…`, `{T}`) and no tab-separated fields (tabs
    only indent GIFT answers), and no Anki header."""
    if _ANKI_HEADER.match(head) or re.search(r"\S\t", head):
        return False
    return bool(_GIFT_MARKS.search(head))


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM is fine); anything else is an error that says where."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise QuizappError(f"{path}:{line}:{col}: not UTF-8 text ({exc.reason}); save the file as UTF-8") from None


def import_file(path: Path, options: ImportOptions | None = None,
                fmt: SourceFormat | None = None) -> tuple[dict[str, Any], ImportReport]:
    """Import ``path`` (notebook, GIFT or Anki text) into a bank document and its report.

    Raises `QuizappError` with ``path:line:col`` when the file cannot be read.
    """
    options = options or ImportOptions()
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise QuizappError(f"{path}: {size // (1024 * 1024)} MiB is too large to import (limit "
                               f"{MAX_SOURCE_BYTES // (1024 * 1024)} MiB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise QuizappError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise QuizappError(f"{path}: is a folder; give a file to import") from None
    except OSError as exc:
        raise QuizappError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    kind = source_format(path, data, fmt)
    if kind == "notebook":
        from quizapp.importers.notebook_import import import_notebook

        return import_notebook(path, data, options)
    text = decode_text(path, data)
    if kind == "gift":
        from quizapp.importers.gift_import import import_gift

        return import_gift(path, text, options)
    from quizapp.importers.anki_text import import_anki_text

    return import_anki_text(path, text, options)
