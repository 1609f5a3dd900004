"""A layer this machine cannot give is never lost silently: the status line names it, and
`quizapp check` and `check --json` say why."""

from __future__ import annotations

from quizapp.snippets import EngineStatus
from quizapp.tui.widgets.engine_status import engine_words

LAYERS = ("pidns", "process", "landlock", "seccomp", "rlimits")
MISSING = {"netns": "Permission denied (/proc/self/setgroups)",
           "scratch-tmpfs": "needs a mount namespace", "landlock-net": "disabled"}


def test_the_status_line_names_missing_layers() -> None:
    status = EngineStatus(state="ready", layers=LAYERS, missing=MISSING)
    line = engine_words(status)
    assert line.endswith("· missing: netns, scratch-tmpfs")  # not the one turned off on purpose
    narrow = engine_words(status, width=90)
    assert len(narrow) <= 90 and "missing: netns, scratch-tmpfs" in narrow
    assert engine_words(status, width=60).endswith("· 2 missing")
    full = engine_words(EngineStatus(state="ready", layers=LAYERS))
    assert "missing" not in full


def test_why_each_layer_is_missing_is_kept() -> None:
    status = EngineStatus(state="ready", layers=LAYERS, missing=MISSING)
    assert status.unavailable() == {"netns": "Permission denied (/proc/self/setgroups)",
                                    "scratch-tmpfs": "needs a mount namespace"}
    assert status.to_dict()["missing"] == MISSING
