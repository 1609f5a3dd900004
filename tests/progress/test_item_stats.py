"""Item statistics for instructors: `quizapp export --reviews` and `quizapp item-stats`, run as
an instructor runs them (real processes) on logs we build ourselves."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

from quizapp.progress.item_stats import item_statistics, read_review_logs
from quizapp.progress.simulate_class import item_ids, write_class
from quizapp.progress.store import ProgressStore
from tests.progress.conftest import make_cards

REPO = Path(__file__).resolve().parents[2]


def quizapp(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=cwd)


def test_a_statement_with_a_wrong_answer_key_is_flagged_first(tmp_path: Path) -> None:
    wrong = item_ids(40)[11]  # a true/false statement: ("course", "tf-0009", "s2")
    assert wrong[2] == "s2"
    files = write_class(tmp_path / "class", 80, 40, wrong_key=wrong, seed=3)
    few = tmp_path / "few.jsonl"  # a student who answered 3 items: left out, and counted
    few.write_text('{"format": "quizapp-reviews", "version": 1, "student": "feeb1e"}\n' + "".join(
        json.dumps({"bank": "course", "question": f"q-000{i}", "at": "2026-11-01T10:00:00Z", "correct": True})
        + "\n" for i in range(3)), encoding="utf-8")
    run = quizapp("item-stats", *map(str, files), str(few))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("80 student(s),") and "1 student(s) with fewer than 10 items answered left out" \
        in lines[0]
    header = lines.index(next(line for line in lines if line.startswith("item ")))
    worst = lines[header + 1]
    assert worst.startswith("course/tf-0009/s2 ") and "negative discrimination — check the answer key" in worst
    assert sum("negative discrimination" in line for line in lines) == 1
    assert "facility (share right at first try)" in run.stdout  # the chart
    data = json.loads(quizapp("item-stats", "--json", *map(str, files)).stdout)
    first = data["items"][0]
    assert (first["question"], first["statement"]) == ("tf-0009", "s2") and first["discrimination"] < -0.2
    assert all(item["discrimination"] > 0 for item in data["items"][1:] if item["discrimination"] is not None)
    assert data["students"] == 80 and len(data["items"]) == 40


def test_facility_counts_the_first_try_only_and_flags_easy_and_hard_items(tmp_path: Path) -> None:
    def log(student: str, answers: list[tuple[str, str, bool]]) -> Path:
        path = tmp_path / f"{student}.jsonl"
        path.write_text("\n".join([json.dumps({"format": "quizapp-reviews", "student": student})] + [
            json.dumps({"bank": "b", "question": q, "at": at, "correct": right, "seconds": 10})
            for q, at, right in answers]) + "\n", encoding="utf-8")
        return path

    files = []
    for s in range(6):
        # "easy": everyone right; "hard": everyone wrong at first, right later (first try counts);
        # "mid": half the students right. Answers out of order in the file: time decides.
        answers = [("easy", "2026-11-02", True), ("hard", "2026-11-09", True), ("hard", "2026-11-01", False),
                   ("mid", "2026-11-01", s % 2 == 0)]
        files.append(log(f"s{s}", answers))
    report = item_statistics(read_review_logs(files), min_answers=2)
    by_id = {i.question: i for i in report.items}
    assert by_id["easy"].facility == 1.0 and "too easy" in by_id["easy"].flags
    assert by_id["hard"].facility == 0.0 and "too hard" in by_id["hard"].flags
    assert by_id["hard"].attempts == 12 and by_id["mid"].facility == 0.5 and by_id["mid"].flags == ()
    assert by_id["mid"].mean_seconds == 10


def test_bad_and_mixed_files_get_errors_naming_file_and_line(tmp_path: Path) -> None:
    good = write_class(tmp_path / "ok", 2, 12, seed=1)
    not_a_log = tmp_path / "notes.jsonl"
    not_a_log.write_text('{"bank": "b"}\n', encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text(good[0].read_text(encoding="utf-8").replace('"correct": ', '"correct" ', 1), encoding="utf-8")
    joined = tmp_path / "joined.jsonl"
    joined.write_text(good[0].read_text(encoding="utf-8") + good[1].read_text(encoding="utf-8"), encoding="utf-8")
    cases = [
        ([not_a_log], f"{not_a_log}:1: not a quizapp review log"),
        ([broken], f"{broken}:2: not JSON"),
        ([joined], f"{joined}:"),
        ([good[0], good[0]], f"{good[0]}:1: student "),
        ([tmp_path / "missing.jsonl"], "missing.jsonl: cannot read it"),
    ]
    for files, message in cases:
        run = quizapp("item-stats", *map(str, files))
        assert run.returncode == 1 and message in run.stderr, (message, run.stderr)
        assert "Traceback" not in run.stderr
    lines_of_first = good[0].read_text(encoding="utf-8").count("\n")
    run = quizapp("item-stats", str(joined))
    assert f"{joined}:{lines_of_first + 1}: a second log's header" in run.stderr


def test_export_reviews_is_anonymous_and_leaves_out_undone_answers(tmp_path: Path) -> None:
    db = tmp_path / "my-name-progress.sqlite3"
    with ProgressStore.open(db) as store:
        store.sync_cards(make_cards(n=5), banks=["dl"])
        keys = store.cram(limit=5)
        for i, key in enumerate(keys):
            store.answer(key, 3 if i % 2 else 1, duration_ms=4200, response="my secret answer",
                         correct=bool(i % 2))
        store.undo_last()
    out = tmp_path / "hand-in.jsonl"
    run = quizapp("--db", str(db), "export", "--reviews", "-o", str(out))
    assert run.returncode == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    header, *answers = [json.loads(line) for line in text.splitlines()]
    assert header["format"] == "quizapp-reviews" and len(header["student"]) == 16
    assert len(answers) == 4 and header["answers"] == 4  # the undone fifth answer is not there
    assert answers[0]["seconds"] == 4.2 and answers[0]["correct"] is False and answers[1]["correct"] is True
    for private in ("my secret answer", str(tmp_path), "my-name", getpass.getuser()):
        assert private not in text
    again = quizapp("--db", str(db), "export", "--reviews", "-o", str(tmp_path / "again.jsonl"))
    assert again.returncode == 0
    assert json.loads((tmp_path / "again.jsonl").read_text().split("\n")[0])["student"] == header["student"]
    refused = quizapp("--db", str(db), "export", "--reviews", "-o", str(out))
    assert refused.returncode == 1 and "already exists" in refused.stderr
