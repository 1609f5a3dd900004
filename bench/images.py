"""Reveal → picture on screen: the time a demonstration's images take, in the real app.

For each card given (default: every shipped card whose demo draws images, `--quick`: the three
with the heaviest demos by the last run), the app runs headless (80×24, half blocks) with the
snippet engine warm; the card is answered (any answer reveals it) and the time is taken from
the key press to the moment the last image of the card is mounted, and, apart, how long the
demo ran in the engine. The card stays gradable meanwhile (tests/tui/test_tui_images.py).

    python bench/images.py [--quick] [--key BANK/QUESTION ...]

Last line: {"bench": "images", "cards": N, "median_s": …, "max_s": …, "max_key": …}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUICK = ["dl-cnn/conv-parameter-count", "dl-detection-segmentation/transposed-conv-output",
         "dl-unsupervised/vae-without-kl-reconstructions"]


def image_cards() -> list[str]:
    from quizapp.banks import load_banks

    keys = []
    for bank in load_banks(cache=False).banks:
        for q in bank.questions:
            demos = [*q.demos, *(d for s in q.statements for d in s.demos)]
            if any("image(" in d.code.text for d in demos):  # a true/false card is one statement
                keys.append(f"{bank.id}/{q.id}" + (f"/{q.statements[0].id}" if q.statements else ""))
    return keys


async def time_card(app, pilot, key: str) -> tuple[float, float]:
    from quizapp.tui.widgets.image_view import ImageView

    app.start_study("cram", keys=[key])
    waited = time.monotonic() + 30
    while type(app.screen).__name__ != "StudyScreen" or not app.screen.query("#card-prompt"):
        if time.monotonic() > waited:
            raise SystemExit(f"{key}: no such card to study")
        await pilot.pause(0.01)
    kind = app.screen.view.kind
    while kind == "computed" and "answer ready" not in str(app.screen.query_one("#answer-status").content):
        await pilot.pause(0.01)
    keys = {"open": ["space"], "true_false": ["t"], "multiple_choice": ["1"]}.get(kind, ["0", "enter"])
    pressed = time.monotonic()
    await pilot.press(*keys)
    deadline = pressed + 90
    results_at = None
    while time.monotonic() < deadline:
        views = list(app.screen.query(ImageView))
        demos = app.screen.session.demos() if hasattr(app.screen, "session") else []
        running = any(d.state == "running" for d in demos)
        if results_at is None and demos and not running:
            results_at = time.monotonic()
        if views and not running and all(v.shown_at for v in views):
            ran = max((d.duration_ms or 0) for d in demos) / 1000
            shown = max(v.shown_at for v in views)
            drawing = max(v.shown_at - v.mounted_at for v in views)
            print(f"  {key}: all demo results back {results_at - pressed:.3f} s after the reveal;"
                  f" pictures drawn {drawing:.3f} s after their result arrived", flush=True)
            return shown - pressed, ran
        await pilot.pause(0.01)
    raise SystemExit(f"{key}: no image on screen after 90 s")


async def run(keys: list[str], db: Path) -> list[tuple[str, float, float]]:
    from quizapp.snippets import SnippetEngine
    from quizapp.tui.app import build_app

    engine = SnippetEngine(cache=False)
    engine.start()
    engine.wait_ready(120)
    out = []
    try:
        for key in keys:
            app = build_app(db, engine=engine, images="halfcell", start="home")
            async with app.run_test(size=(80, 24)) as pilot:
                while app.workspace is None:
                    await pilot.pause(0.01)
                seconds, ran = await time_card(app, pilot, key)
                out.append((key, seconds, ran))
                print(f"{key}: image on screen {seconds:.3f} s after the reveal (demo ran {ran:.3f} s)",
                      flush=True)
    finally:
        engine.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="three heavy cards only")
    parser.add_argument("--key", action="append", help="a card (bank/question); repeatable")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="quizapp-bench-images-"))
    os.environ["QUIZAPP_HOME"] = str(home)
    os.environ.pop("QUIZAPP_DB", None)
    keys = args.key or (QUICK if args.quick else image_cards())
    results = asyncio.run(run(keys, home / "progress.sqlite3"))
    times = [s for _k, s, _r in results]
    worst = max(results, key=lambda r: r[1])
    print(json.dumps({"bench": "images", "cards": len(results), "median_s": round(statistics.median(times), 3),
                      "max_s": round(worst[1], 3), "max_key": worst[0], "max_demo_s": round(worst[2], 3)}))


if __name__ == "__main__":
    sys.exit(main())
