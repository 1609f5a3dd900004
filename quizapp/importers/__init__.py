"""Bring banks in from what instructors already have, and send them out again.

Import: course notebooks (.ipynb), Moodle GIFT, Anki text decks -> a bank document (plain
dicts following `data/bank.schema.json`) and an `ImportReport`; `write_bank_yaml` writes it.
Export: a loaded bank -> an Anki package (.apkg) or GIFT text, with an `ExportReport`.

Nothing here imports textual or torch; nbformat and genanki load only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizapp.importers.bank_yaml import dump_bank_yaml, write_bank_yaml
from quizapp.importers.options import ImportOptions
from quizapp.importers.report import ExportReport, ImportReport, Note

if TYPE_CHECKING:
    from quizapp.importers.anki_export import export_anki
    from quizapp.importers.dispatch import import_file
    from quizapp.importers.gift_export import export_gift

__all__ = ["ExportReport", "ImportOptions", "ImportReport", "Note", "dump_bank_yaml", "export_anki",
           "export_gift", "import_file", "write_bank_yaml"]

_LAZY = {
    "import_file": "quizapp.importers.dispatch",
    "export_anki": "quizapp.importers.anki_export",
    "export_gift": "quizapp.importers.gift_export",
}


def __getattr__(name: str) -> Any:
    # PEP 562: the importers and exporters load on first use.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'quizapp.importers' has no attribute {name!r}")
