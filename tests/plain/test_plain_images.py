"""Plain mode cannot draw: it writes each image as a PNG in a temporary folder and prints the
path with the caption and the value range (and, with --no-images, only says how many there were)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

PICTURES = Path(__file__).resolve().parents[1] / "tui" / "banks" / "pictures.yaml"
pytestmark = pytest.mark.slow  # runs torch snippets in a real engine


def run_cli(args: list[str], stdin: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QUIZAPP_HOME": str(home), "COLUMNS": "100", "TMPDIR": str(home)}
    env.pop("QUIZAPP_IMAGES", None)
    return subprocess.run([sys.executable, "-m", "quizapp", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


def study_plain(home: Path, *extra: str) -> str:
    assert run_cli(["trust", "--yes", str(PICTURES)], "", home).returncode == 0
    result = run_cli(["--db", str(home / "p.sqlite3"), "study", "--plain", *extra, "--bank", "pictures",
                      str(PICTURES)], "9\n\n:q\n", home)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_plain_mode_writes_pngs_and_prints_paths_and_captions(tmp_path):
    out = study_plain(tmp_path)
    assert "Image: vertical-edge kernel — 3×3 · −1 … 1 (blue → white → red)" in out
    assert "Image: a square and its vertical edges [input, edges] — 2 × 12×12 · −3 … 3" in out
    paths = [Path(p) for p in re.findall(r"^\s+(\S+\.png)$", out, re.MULTILINE)]
    assert len(paths) == 2 and all(p.is_file() and p.is_relative_to(tmp_path) for p in paths)
    kernel = Image.open(paths[0])
    assert kernel.format == "PNG" and kernel.size == (159, 159)  # 3×3 enlarged 53× by nearest
    left, middle, right = (kernel.getpixel((x, 80)) for x in (10, 80, 150))
    assert left[2] > left[0] and right[0] > right[2] and min(middle) > 240  # blue, white, red
    pair = Image.open(paths[1])
    assert pair.size[0] > 2 * pair.size[1]  # two panels side by side


def test_no_images_writes_nothing(tmp_path):
    out = study_plain(tmp_path, "--no-images")
    assert "2 image(s) not shown (images are off)." in out
    assert ".png" not in out and not list(tmp_path.glob("quizapp-images-*"))


def test_the_images_setting_turns_them_off_too(tmp_path):
    set_off = run_cli(["config", "set", "images", "off"], "", tmp_path)
    assert set_off.returncode == 0, set_off.stderr
    bad = run_cli(["config", "set", "images", "jpeg"], "", tmp_path)
    assert bad.returncode != 0 and "images: one of auto, off, halfcell, kitty, sixel, not 'jpeg'" in bad.stderr
    out = study_plain(tmp_path)
    assert "2 image(s) not shown (images are off)." in out and ".png" not in out
