"""The app imports the progress store at start-up: it must not drag heavy modules in."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("fsrs", "sqlite_utils", "pandas", "numpy", "torch", "textual")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    return set(out.split())


def test_importing_the_store_loads_nothing_heavy() -> None:
    assert _loaded_after("import quizapp.progress.store") == set()


def test_answering_needs_fsrs_but_not_sqlite_utils_pandas_or_torch(tmp_path) -> None:
    db = tmp_path / "p.sqlite3"
    setup = (
        "from quizapp.progress.store import ProgressStore\n"
        "from quizapp.cards import CardInfo\n"
        f"s = ProgressStore.open({str(db)!r})\n"
        "s.sync_cards([CardInfo('b', 'q', None, 'open', 't')], banks=['b'])\n"
        "s.close()\n"
    )
    # Creating the schema and syncing use sqlite-utils, without its optional pandas/numpy.
    assert _loaded_after(setup) == {"sqlite_utils"}
    study = (
        "from quizapp.progress.store import ProgressStore\n"
        f"s = ProgressStore.open({str(db)!r})\n"
        "s.answer(s.next_card(), 3)\n"
    )
    assert _loaded_after(study) == {"fsrs"}
