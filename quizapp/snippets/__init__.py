"""The snippet engine: run bank code live, fast and safely, in a sandboxed helper process.

Exports are lazy (PEP 562) so that importing this package costs nothing until an engine is
needed — and it never imports torch in the app's process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.lazy import lazy_exports

if TYPE_CHECKING:
    from quizapp.snippets.cache import SnippetCache
    from quizapp.snippets.engine import SnippetEngine
    from quizapp.snippets.model import EngineStatus, SnippetJob, SnippetResult
    from quizapp.snippets.trust import TrustStore

_EXPORTS = {
    "SnippetEngine": "engine",
    "SnippetCache": "cache",
    "SnippetJob": "model",
    "SnippetResult": "model",
    "EngineStatus": "model",
    "TrustStore": "trust",
}

__all__ = list(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
