"""`quizapp config`, `quizapp cards` and `quizapp study --extra-new`, run as a user runs them
(real processes over the test banks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from study_support import BANKS, reviews_in

REPO = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QUIZAPP_HOME": str(tmp_path / "home"),
           "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "quizapp", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120)


def test_config_set_get_and_a_bad_value_in_one_line(tmp_path):
    set_ = run(tmp_path, "config", "set", "new_per_day", "12")
    assert set_.returncode == 0 and "new_per_day = 12" in set_.stdout
    assert run(tmp_path, "config", "get", "new_per_day").stdout == "12\n"
    run(tmp_path, "config", "set", "desired_retention", "0.85", "--bank", "basics")
    assert run(tmp_path, "config", "get", "desired_retention", "--bank", "basics").stdout == "0.85\n"
    assert run(tmp_path, "config", "get", "desired_retention").stdout == "0.9\n"
    bad = run(tmp_path, "config", "set", "desired_retention", "1.5")
    assert bad.returncode == 1
    assert bad.stderr == "quizapp: desired_retention: a number from 0.70 to 0.99, not 1.5\n"
    typo = run(tmp_path, "config", "set", "new_per_dya", "3")
    assert "did you mean new_per_day?" in typo.stderr and "Traceback" not in typo.stderr
    per_bank = run(tmp_path, "config", "set", "theme", "nord", "--bank", "basics")
    assert "theme cannot be set per bank" in per_bank.stderr
    listing = run(tmp_path, "config").stdout
    assert "new_per_day        12" in listing and "desired_retention  0.85           bank basics" in listing
    workload = run(tmp_path, "config", "workload").stdout
    assert "retention  reviews/day" in workload and "0.90" in workload and "← now" in workload


def test_a_broken_settings_file_is_one_line_and_study_still_runs(tmp_path):
    settings = tmp_path / "home" / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('[study]\nnew_per_day = "lots"\n')
    result = run(tmp_path, "--db", str(tmp_path / "p.sqlite3"), "study", "--plain", "--no-code",
                 "--topic", "activations", str(BANKS), stdin=":q\n")
    assert result.returncode == 0, result.stderr
    said = ("study.new_per_day = 'lots' is not allowed (allowed: a whole number from 0 to 9999, "
            "not 'lots'); using 20")
    assert said in " ".join(result.stdout.split()) and said in run(tmp_path, "config").stderr
    assert "About the ReLU activation" in result.stdout  # studying goes on, on the defaults


def test_cards_find_suspend_flag_and_show_by_id(tmp_path):
    db = str(tmp_path / "p.sqlite3")
    found = run(tmp_path, "--db", db, "cards", "find", "answer:influence", "--with", str(BANKS))
    assert found.returncode == 0, found.stderr
    assert "basics/receptive-field  [new]  due -  lapses 0  Receptive field\n" in found.stdout
    assert run(tmp_path, "--db", db, "cards", "suspend", "basics/receptive-field").stdout == "suspend: 1 card\n"
    assert run(tmp_path, "--db", db, "cards", "flag", "red", "basics/receptive-field",
               "basics/dice-vs-iou").stdout == "flag: 2 cards\n"
    rows = [json.loads(line) for line in run(tmp_path, "--db", db, "cards", "--with", str(BANKS),
                                               "--state", "flagged", "--json").stdout.splitlines()]
    assert {r["key"]: (r["suspended"], r["flag"]) for r in rows} == {
        "basics/receptive-field": (True, "red"), "basics/dice-vs-iou": (False, "red")}
    shown = run(tmp_path, "--db", db, "cards", "show", "basics/receptive-field", "--with",
                str(BANKS)).stdout
    assert "What is the receptive field of a unit in a CNN?" in shown
    assert "State: new, suspended, red flag" in shown and "never studied" in shown
    bad = run(tmp_path, "--db", db, "cards", "flag", "mauve", "basics/dice-vs-iou")
    assert bad.returncode == 1 and "no flag 'mauve'" in bad.stderr


def test_study_extra_new_studies_past_the_daily_limit(tmp_path):
    db = tmp_path / "p.sqlite3"
    run(tmp_path, "config", "set", "new_per_day", "0")
    only = ["--bank", "basics", "--topic", "cnn", str(BANKS)]
    none = run(tmp_path, "--db", str(db), "study", "--plain", "--no-code", *only, stdin="")
    said = " ".join(none.stdout.split())
    assert "today's new cards (0) are done; 1 more new card here" in said
    assert "`quizapp study --extra-new 1`" in said
    more = run(tmp_path, "--db", str(db), "study", "--plain", "--no-code", "--extra-new", "1",
               *only, stdin="\n4\n")
    assert more.returncode == 0, more.stderr
    assert "What is the receptive field" in more.stdout
    assert [r[0] for r in reviews_in(db)] == ["basics/receptive-field"]


def test_a_bank_id_with_other_capitals_is_refused_and_named_when_studying(tmp_path):
    """`My-linear.yaml` holds the bank `my-linear`: values saved for `My-linear` never applied
    to it, and `quizapp config` listed the bank under both spellings (issue 15, item 14)."""
    bank = tmp_path / "home" / "data" / "banks" / "My-linear.yaml"
    assert run(tmp_path, "new", str(bank)).returncode == 0
    wrong = run(tmp_path, "config", "set", "new_per_day", "2", "--bank", "My-linear")
    assert wrong.returncode == 1
    assert wrong.stderr == ("quizapp: no bank has the id `My-linear` (bank ids are case-sensitive) — "
                            "did you mean `my-linear`? Nothing was changed.\n")
    assert "My-linear" not in run(tmp_path, "config").stdout
    assert run(tmp_path, "config", "get", "new_per_day", "--bank", "My-linear").returncode == 1
    assert run(tmp_path, "config", "set", "new_per_day", "2", "--bank", "my-linear").returncode == 0
    # A table written by hand with the file name's capitals is named before the first card.
    settings = tmp_path / "home" / "config" / "settings.toml"
    settings.write_text(settings.read_text() + "\n[bank.My-linear]\nnew_per_day = 3\n")
    study = run(tmp_path, "--db", str(tmp_path / "p.sqlite3"), "study", "--plain", "--no-code",
                "--bank", "my-linear", stdin=":q\n")
    assert study.returncode == 0, study.stderr
    said = " ".join(study.stdout.split())
    assert ("[bank.My-linear] is not applied: no bank has the id `My-linear` (bank ids are "
            "case-sensitive) — did you mean `my-linear`?") in said
    assert "[1/2] My linear" in said  # my-linear's own limit is the one that applies


def test_a_bank_id_no_known_bank_has_is_saved_with_a_note_and_a_guess(tmp_path):
    """A typo in --bank (`dl_cnn` for `dl-cnn`) used to be saved in silence and never apply."""
    typo = run(tmp_path, "config", "set", "new_per_day", "5", "--bank", "dl_cnn")
    assert typo.returncode == 0 and "new_per_day = 5 for bank dl_cnn" in typo.stdout
    assert "neither your banks folder nor the shipped banks hold a bank `dl_cnn`" in typo.stderr
    assert "Did you mean `dl-cnn`?" in typo.stderr
    known = run(tmp_path, "config", "set", "new_per_day", "5", "--bank", "dl-cnn")
    assert known.returncode == 0 and known.stderr == ""
