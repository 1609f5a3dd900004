"""One warm snippet engine for all snippet tests: starting one costs ~2.5 s (it imports torch)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from snippet_support import start_engine

from quizapp.snippets import SnippetEngine


@pytest.fixture(scope="package")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnippetEngine]:
    """A started engine shared by every snippet test (restarts included)."""
    engine = start_engine(tmp_path_factory.mktemp("engine-home"))
    yield engine
    engine.close()
