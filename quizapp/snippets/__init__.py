"""The snippet engine: run bank code live, fast and safely, in a sandboxed helper process.

Exports are lazy (PEP 562) so that importing this package costs nothing until an engine is
needed — and it never imports torch in the app's process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.lazy import lazy_exports

if TYPE_CHECKING:
    # `X as X`: re-exported for type checkers (at run time `__getattr__` imports them on first use)
    from quizapp.snippets.cache import SnippetCache as SnippetCache
    from quizapp.snippets.engine import SnippetEngine as SnippetEngine
    from quizapp.snippets.model import EngineStatus as EngineStatus
    from quizapp.snippets.model import SnippetJob as SnippetJob
    from quizapp.snippets.model import SnippetResult as SnippetResult
    from quizapp.snippets.trust import TrustStore as TrustStore

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
