"""Question banks: load YAML banks safely, validate them, and describe them as records.

Nothing here imports textual or torch.
"""

from quizapp.banks.loader import LoadResult, bank_files, load_bank, load_bank_paths, load_banks
from quizapp.banks.model import (
    Bank,
    Choice,
    Code,
    Demo,
    Example,
    Mistake,
    Param,
    Question,
    RunSettings,
    SnippetSource,
    Statement,
)
from quizapp.banks.problems import Problem
from quizapp.banks.variants import Variant, draw_variant, variants

__all__ = [
    "Bank", "Choice", "Code", "Demo", "Example", "LoadResult", "Mistake", "Param", "Problem", "Question",
    "RunSettings", "SnippetSource", "Statement", "Variant", "bank_files", "draw_variant",
    "load_bank", "load_bank_paths", "load_banks", "variants",
]
