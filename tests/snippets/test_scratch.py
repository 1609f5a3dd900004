"""A snippet's scratch folder cannot fill the disk, with or without a tmpfs, and is removed
when the snippet ends — even the parts it locked."""

from __future__ import annotations

import os
import time
from pathlib import Path

from snippet_support import start_engine

from quizapp.snippets import SnippetJob
from quizapp.snippets.scratch import remove_scratch, scratch_usage

FILL = ("i = 0\n"
        "while True:\n"
        "    with open(f'f{i}', 'wb') as out:\n"
        "        out.write(b'x' * 32_000_000)\n"
        "    i += 1\n")


def test_without_a_tmpfs_the_helper_stops_a_snippet_that_fills_its_scratch_folder(
        tmp_path: Path) -> None:
    # as where user namespaces are off: the folder is on the user's disk
    engine = start_engine(tmp_path, disabled_layers=("scratch-tmpfs",))
    try:
        assert engine.status.missing["scratch-tmpfs"] == "disabled"
        began = time.monotonic()
        res = engine.run(SnippetJob(code=FILL, time_limit=20), timeout=60)
        assert time.monotonic() - began < 10
        assert res.limit == "output" and "scratch folder" in (res.error or ""), res
        scratch = tmp_path / "cache" / "scratch"
        used, _ = scratch_usage(str(scratch), 100_000)
        assert used < 1024 * 1024  # removed at once: the disk got its space back
        many = engine.run(SnippetJob(code="for i in range(20_000):\n    open(f'f{i}', 'w').close()",
                                     time_limit=20), timeout=60)
        assert many.limit == "output" and "files" in (many.error or ""), many
    finally:
        engine.close()


def test_removal_opens_locked_folders_and_never_follows_links(tmp_path: Path) -> None:
    outside = tmp_path / "users-folder"
    outside.mkdir(mode=0o755)
    (outside / "keep.txt").write_text("keep")
    scratch = tmp_path / "job-1"
    locked = scratch / "a" / "locked"
    locked.mkdir(parents=True)
    (locked / "data").write_bytes(b"x" * 10_000)
    (scratch / "a" / "link").symlink_to(outside)
    locked.chmod(0)
    (scratch / "a").chmod(0o500)  # read-only: nothing could be deleted in it
    assert scratch_usage(str(scratch), 100)[1] >= 3
    remove_scratch(str(scratch))
    assert not scratch.exists()
    assert (outside / "keep.txt").read_text() == "keep"
    assert os.stat(outside).st_mode & 0o777 == 0o755  # the link's target was not touched


def test_closing_the_engine_leaves_no_scratch_folder(tmp_path: Path) -> None:
    engine = start_engine(tmp_path)
    try:
        res = engine.run(SnippetJob(code="open('notes.txt', 'w').write('x' * 1000)"), timeout=60)
        assert res.ok, res
    finally:
        engine.close()  # right after the answer, as `quizapp check` does
    assert list((tmp_path / "cache" / "scratch").iterdir()) == []
