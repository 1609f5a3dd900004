"""`quizapp` opening the app reads its few options without click (start-up, issue 15); every
other command line still goes to click, unchanged."""

from __future__ import annotations

import pytest

from quizapp.cli.quick import Launch, parse_launch


@pytest.mark.parametrize(("args", "launch"), [
    ([], Launch(None, "home", False)),
    (["--db", "p.sqlite3"], Launch("p.sqlite3", "home", False)),
    (["--db=p.sqlite3", "study"], Launch("p.sqlite3", "home", False)),
    (["study", "--mode", "today"], Launch(None, "study", False)),
    (["--db", "p.sqlite3", "study", "--mode=cram", "--no-code"], Launch("p.sqlite3", "cram", True)),
    (["study", "--no-code", "--mode", "mistakes"], Launch(None, "mistakes", True)),
])
def test_the_app_launches_read_without_click(args, launch) -> None:
    assert parse_launch(args, {}) == launch


def test_quizapp_db_from_the_environment_as_click_reads_it() -> None:
    assert parse_launch([], {"QUIZAPP_DB": "env.sqlite3"}) == Launch("env.sqlite3", "home", False)
    assert parse_launch(["--db", "arg.sqlite3"], {"QUIZAPP_DB": "env.sqlite3"}).db == "arg.sqlite3"


@pytest.mark.parametrize("args", [
    ["--help"], ["-V"], ["stats"], ["study", "--plain"], ["study", "--mode", "bogus"], ["study", "--mode"],
    ["--db"], ["study", "questions/"], ["study", "--topic", "cnn"], ["exam"], ["--dbx", "f"], ["study", "study"],
])
def test_everything_else_is_left_to_click(args) -> None:
    assert parse_launch(args, {}) is None
