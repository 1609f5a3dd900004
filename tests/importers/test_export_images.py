"""Demonstrations' images in exports: PNG media inside the Anki package, inline PNGs in GIFT."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from quizapp.banks import load_bank
from quizapp.importers.anki_export import export_anki
from quizapp.importers.gift_export import bank_to_gift

REPO = Path(__file__).resolve().parents[2]
PICTURES = REPO / "tests" / "tui" / "banks" / "pictures.yaml"
KERNEL = {"caption": "vertical-edge kernel", "columns": 1, "panels": [{
    "width": 3, "height": 3, "channels": 1, "cmap": "diverging", "low": -1.0, "high": 1.0,
    "pixels": base64.b64encode(bytes([0, 128, 255] * 3)).decode(), "label": "", "nonfinite": 0,
    "scaled_from": None}]}


def apkg_media(path: Path) -> tuple[dict[str, bytes], list[str]]:
    """The media files (by name) inside an .apkg, and the notes' fields."""
    with zipfile.ZipFile(path) as z:
        index = json.loads(z.read("media"))
        media = {name: z.read(number) for number, name in index.items()}
        db = path.parent / "collection.anki2"
        db.write_bytes(z.read("collection.anki2"))
    with sqlite3.connect(db) as conn:
        fields = [row[0] for row in conn.execute("SELECT flds FROM notes")]
    return media, fields


def test_anki_package_carries_the_images_as_media_the_notes_name(tmp_path: Path) -> None:
    bank, _ = load_bank(PICTURES)
    out = tmp_path / "deck.apkg"
    report = export_anki(bank, out, {"edge-kernel": [KERNEL]})
    media, fields = apkg_media(out)
    assert len(media) == 1
    (name, png), = media.items()
    assert name.startswith("quizapp-pictures-edge-kernel-1-") and name.endswith(".png")
    assert Image.open(io.BytesIO(png)).size == (159, 159)
    assert any(f'<img src="{name}"' in f and "vertical-edge kernel" in f for f in fields)
    notes = [n.message for n in report.approximated]
    assert "demonstrations exported as their images only (Anki cannot run code)" in notes


def test_gift_feedback_holds_the_png_as_a_data_uri(tmp_path: Path) -> None:
    bank, _ = load_bank(PICTURES)
    text, report = bank_to_gift(bank, {"edge-kernel": [KERNEL]})
    found = re.search(r'<img src\\="data\\:image/png;base64,([A-Za-z0-9+/\\=]+)"', text)
    assert found, "an inline PNG in the feedback"
    png = base64.b64decode(found.group(1).replace("\\=", "="))
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert text.index("####") < found.start()  # after the answers: shown as feedback
    without, _ = bank_to_gift(bank)
    assert "<img" not in without


@pytest.mark.slow
def test_export_cli_runs_the_image_demos_of_a_trusted_bank(tmp_path: Path) -> None:
    env = {**os.environ, "QUIZAPP_HOME": str(tmp_path)}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True, text=True,
                              env=env, timeout=240, check=False)

    untrusted = cli("export", str(PICTURES), "-o", str(tmp_path / "a.apkg"))
    assert untrusted.returncode == 0
    assert "images not exported: the bank is not trusted" in untrusted.stdout
    assert cli("trust", "--yes", str(PICTURES)).returncode == 0
    trusted = cli("export", str(PICTURES), "-o", str(tmp_path / "b.apkg"))
    assert "3 image(s) from 2 demo(s) exported" in trusted.stdout, trusted.stdout + trusted.stderr
    media, fields = apkg_media(tmp_path / "b.apkg")
    assert len(media) == 3 and all(Image.open(io.BytesIO(png)).format == "PNG" for png in media.values())
    assert all(any(name in f for f in fields) for name in media)
