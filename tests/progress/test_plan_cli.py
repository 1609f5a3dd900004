"""`quizapp plan add|list|show|remove|retention`, run as a user runs them (a real process)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from quizapp.progress.scheduler import StudySettings
from quizapp.progress.store import ProgressStore
from tests.progress.conftest import make_cards
from tests.progress.test_cli_commands import quizapp


def _db(tmp_path: Path) -> str:
    path = tmp_path / "progress.sqlite3"
    with ProgressStore.open(path, settings=StudySettings(fuzz=False)) as store:
        store.sync_cards(make_cards(n=60), banks=["dl"])
    return str(path)


def test_plan_add_show_list_remove(tmp_path) -> None:
    db = _db(tmp_path)
    day = (date.today() + timedelta(days=12)).isoformat()
    run = quizapp("--db", db, "plan", "add", "Final exam", "--date", day, "--time", "14:30",
                  "--topic", "cnn", "--answers", "4", "--easy-days", "sat,sun")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Added Final exam:") and "topics cnn; 4 answers a day" in run.stdout
    # said at once: 20 new cards, 4 answers a day, 12 days is not enough
    assert "⚠ 4 answers a day cannot cover the scope" in run.stdout
    show = quizapp("--db", db, "plan", "show", "Final exam")
    assert show.returncode == 0, show.stderr
    text = show.stdout
    assert "⚠ 4 answers a day cannot cover the scope" in text  # 20 new cards, 12 days
    assert "Expected score if you follow the plan:" in text and "if you stop now:" in text
    assert "Planned answers per day" in text and "Desired retention against daily workload" in text
    data = json.loads(quizapp("--db", db, "plan", "show", "1", "--json").stdout)
    assert data["exam"]["name"] == "Final exam" and data["cards"] == 20
    assert data["planned"]["mean"] > data["idle"]["mean"] == 0
    # the days from today (before 4 a.m. still yesterday) to the day before the exam
    assert len(data["days"]) in (11, 12, 13) and len(data["retention"]) == 6
    listed = quizapp("--db", db, "plan")
    assert "Final exam" in listed.stdout and "in 1" in listed.stdout
    assert [p["name"] for p in json.loads(quizapp("--db", db, "plan", "list", "--json").stdout)] == ["Final exam"]
    gone = quizapp("--db", db, "plan", "remove", "Final exam")
    assert gone.returncode == 0 and "Removed Final exam" in gone.stdout
    assert "No exams yet" in quizapp("--db", db, "plan", "list").stdout


def test_plan_mistakes_get_one_line_errors(tmp_path) -> None:
    db = _db(tmp_path)
    day = (date.today() + timedelta(days=5)).isoformat()
    for args, message in [
        (("--topic", "cnnn"), "no card matches that scope (cnnn)"),
        (("--time", "25:99"), "cannot read --time '25:99'"),
        (("--answers", "5", "--minutes", "5"), "not both"),
        (("--easy-days", "funday"), "cannot read 'fun' as a weekday"),
    ]:
        run = quizapp("--db", db, "plan", "add", "X", "--date", day, *args)
        assert run.returncode == 1 and run.stderr.strip() == f"quizapp: {run.stderr.strip()[9:]}"
        assert message in run.stderr and "Traceback" not in run.stderr
    past = quizapp("--db", db, "plan", "add", "X", "--date", "2020-01-01")
    assert "in the past" in past.stderr
    assert "no exam 'nope'" in quizapp("--db", db, "plan", "show", "nope").stderr


def test_plan_retention_shows_workload_per_retention_and_when_fsrs_can_say_more(tmp_path) -> None:
    db = _db(tmp_path)
    run = quizapp("--db", db, "plan", "retention", "--topic", "cnn")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].endswith("simulated with fsrs and its default parameters)")
    assert [line.split()[0] for line in lines[2:8]] == ["70%", "75%", "80%", "85%", "90%", "95%"]
    assert sum("← least time per card remembered" in line for line in lines) == 1
    assert "fsrs's optimizer needs 512 timed answers" in run.stdout  # a fresh log: not yet
    data = json.loads(quizapp("--db", db, "plan", "retention", "--json").stdout)
    assert len(data["rows"]) == 6 and data["fsrs_optimal_retention"] is None
