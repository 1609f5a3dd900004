"""Plain mode asks again for `(10^100)^1000` typed as a number (it crashed with OverflowError)."""

from __future__ import annotations

import io
from pathlib import Path

from study_support import open_workspace, reviews_in

from quizapp.plain import PlainFrontEnd
from quizapp.progress import QueueFilter
from quizapp.study import StudySession


def test_plain_mode_asks_again_for_a_number_too_large_to_compare(db, clock):
    reading = Path(__file__).resolve().parents[1] / "tui" / "banks" / "reading.yaml"
    ws = open_workspace(db, reading, clock=clock)
    try:
        session = StudySession(ws, seed=1, filters=QueueFilter(banks=("reading",)))
        out = io.StringIO()
        PlainFrontEnd(io.StringIO("(10^100)^1000\n9^999\n112\n\n:q\n"), out).study(session)
    finally:
        ws.close()
    text = " ".join(out.getvalue().split())
    assert text.count("Cannot read that: number too large") == 2
    assert text.count("Try again (it does not count).") == 2
    assert "✓ Right — you said 112" in text
    assert [r[3] for r in reviews_in(db)] == [1]
