"""The snippet engine: run bank code live, fast and safely, in a sandboxed helper process.

Exports are lazy (PEP 562) so that importing this package costs nothing until an engine is
needed — and it never imports torch in the app's process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.snippets.cache import SnippetCache
    from quizapp.snippets.engine import SnippetEngine
    from quizapp.snippets.model import EngineStatus, SnippetJob, SnippetResult
    from quizapp.snippets.trust import TrustStore

_EXPORTS = {
    "SnippetEngine": "quizapp.snippets.engine",
    "SnippetCache": "quizapp.snippets.cache",
    "SnippetJob": "quizapp.snippets.model",
    "SnippetResult": "quizapp.snippets.model",
    "EngineStatus": "quizapp.snippets.model",
    "TrustStore": "quizapp.snippets.trust",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'quizapp.snippets' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
