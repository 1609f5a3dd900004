"""`quizapp import` and `quizapp export` as a user runs them (real processes)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from importer_support import notebook, result


def quizapp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizapp", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def test_import_notebook_then_strict_lint_fails_on_missing_answers(fixtures: Path, tmp_path: Path) -> None:
    done = quizapp("import", str(fixtures / "notebooks/summary_questions_2021.ipynb"), "-o", "draft.yaml",
                   "--bank-id", "dl-summary", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Imported 29 question(s)" in done.stdout and "22 open, 7 true_false" in done.stdout
    assert "Needs an answer: 44 card(s)" in done.stdout and "0 error(s)" in done.stdout
    assert "bank: dl-summary" in (tmp_path / "draft.yaml").read_text(encoding="utf-8")
    lint = quizapp("lint", "draft.yaml", cwd=tmp_path)
    strict = quizapp("lint", "--strict", "draft.yaml", cwd=tmp_path)
    assert lint.returncode == 0 and strict.returncode == 1
    assert "needs an answer" in strict.stdout


def test_import_refuses_to_overwrite_and_reports_bad_input_without_traceback(fixtures: Path, tmp_path: Path) -> None:
    gift = str(fixtures / "gift/tf2.gift")
    assert quizapp("import", gift, cwd=tmp_path).returncode == 0
    assert (tmp_path / "tf2.yaml").is_file()
    again = quizapp("import", gift, cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert quizapp("import", gift, "--force", "--title", "Grant", cwd=tmp_path).returncode == 0
    assert "title: Grant" in (tmp_path / "tf2.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.gift"
    broken.write_text("Fine?{T}\n\nBroken {=a ~b\n", encoding="utf-8")
    strict = quizapp("import", str(broken), "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and f"{broken}:3:8: question left out: the answers opened here" in strict.stderr
    assert "--strict: 1 item(s) left out" in strict.stderr
    assert "Traceback" not in strict.stderr and not (tmp_path / "broken.yaml").exists()
    lenient = quizapp("import", str(broken), cwd=tmp_path)  # the readable question is imported
    assert lenient.returncode == 0 and "Imported 1 question(s)" in lenient.stdout
    assert f"Not imported (1):\n  {broken}:3:8: question left out" in lenient.stdout
    nothing = tmp_path / "nothing.gift"
    nothing.write_text("Broken {=a ~b\n", encoding="utf-8")
    failed = quizapp("import", str(nothing), cwd=tmp_path)
    assert failed.returncode == 1 and f"{nothing}:1:8:" in failed.stderr and "Traceback" not in failed.stderr
    assert not (tmp_path / "nothing.yaml").exists()


def test_import_to_stdout_and_export_both_ways(fixtures: Path, tmp_path: Path) -> None:
    printed = quizapp("import", str(fixtures / "anki/docker.tsv"), "-o", "-", cwd=tmp_path)
    assert printed.returncode == 0 and printed.stdout.startswith("# yaml-language-server:")
    assert "Imported 21 question(s)" in printed.stderr
    (tmp_path / "docker.yaml").write_text(printed.stdout, encoding="utf-8")
    anki = quizapp("export", "docker.yaml", "--to", "anki", cwd=tmp_path)
    assert anki.returncode == 0 and "Wrote 21 note(s)" in anki.stdout
    assert zipfile.is_zipfile(tmp_path / "docker.apkg")
    gift = quizapp("export", "docker.yaml", "--to", "gift", "-o", "out.gift", cwd=tmp_path)
    assert gift.returncode == 0 and (tmp_path / "out.gift").read_text(encoding="utf-8").count("{####") == 21
    missing = quizapp("export", "no-such-bank", "--to", "gift", cwd=tmp_path)
    assert missing.returncode == 1 and "no bank file or bank id 'no-such-bank'" in missing.stderr


def test_export_takes_its_format_from_the_output_name(fixtures: Path, tmp_path: Path) -> None:
    assert quizapp("import", str(fixtures / "anki/docker.tsv"), "-o", "docker.yaml", cwd=tmp_path).returncode == 0
    named = quizapp("export", "docker.yaml", "-o", "deck.apkg", cwd=tmp_path)
    assert named.returncode == 0 and zipfile.is_zipfile(tmp_path / "deck.apkg")
    unsaid = quizapp("export", "docker.yaml", cwd=tmp_path)
    assert unsaid.returncode == 1 and "say which format: --to anki or --to gift" in unsaid.stderr
    clash = quizapp("export", "docker.yaml", "--to", "gift", "-o", "deck2.apkg", cwd=tmp_path)
    assert clash.returncode == 1 and "--to gift writes a .gift file, but the output is named deck2.apkg" in clash.stderr
    assert not (tmp_path / "deck2.apkg").exists() and "Traceback" not in clash.stderr


@pytest.mark.slow
def test_a_computed_question_from_a_notebook_passes_check(tmp_path: Path) -> None:
    source = notebook(tmp_path / "shapes.ipynb", [
        ("markdown", "### CNNs"),
        ("markdown", "1. What is the output shape?"),
        ("code", "conv = nn.Conv2d(3, 8, 3)\nconv(torch.zeros(1, 3, 10, 10)).shape", [result("torch.Size([1, 8, 8, 8])")]),
    ])
    assert quizapp("import", str(source), "-o", "shapes.yaml", cwd=tmp_path).returncode == 0
    assert quizapp("trust", "shapes.yaml", "--yes", cwd=tmp_path).returncode == 0
    check = quizapp("check", "shapes.yaml", cwd=tmp_path)  # torch computes the shape the notebook showed
    assert check.returncode == 0 and "0 failed" in check.stdout + check.stderr
