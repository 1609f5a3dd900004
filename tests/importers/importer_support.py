"""Helpers for the importer tests: small notebooks we build ourselves, and loading what an
importer wrote through the real bank loader."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from quizapp.banks import Bank, load_bank
from quizapp.importers import ImportOptions, import_file, write_bank_yaml

# Found by tests/conftest.py: the workplace's shared/ folder beside the repository (or above it).
FIXTURES = Path(os.environ.get("QUIZAPP_TEST_SHARED", Path(__file__).resolve().parents[3] / "shared")) / "fixtures"


def notebook(path: Path, cells: list[tuple[str, str] | tuple[str, str, list[dict]]]) -> Path:
    """Write a minimal nbformat-4 notebook: cells are (kind, source[, outputs])."""
    out = []
    for cell in cells:
        kind, source = cell[0], cell[1]
        entry: dict[str, Any] = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            entry.update(execution_count=None, outputs=list(cell[2]) if len(cell) > 2 else [])
        out.append(entry)
    path.write_text(json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
                    encoding="utf-8")
    return path


def result(text: str) -> dict:
    """A code cell's `execute_result` output showing ``text``."""
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {},
            "data": {"text/plain": text}}


def import_and_load(source: Path, out_dir: Path, **options: Any) -> tuple[Bank, list, Any, dict]:
    """Import ``source``, write the bank, load it back: (bank, problems, report, document)."""
    doc, report = import_file(source, ImportOptions(**options))
    target = out_dir / f"{source.stem}-imported.yaml"
    write_bank_yaml(doc, target, force=True)
    bank, problems = load_bank(target)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert bank is not None and not errors, errors
    return bank, list(problems), report, doc
