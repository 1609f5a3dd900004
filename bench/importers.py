"""How long imports and exports take: the shared fixtures, and large generated sources.

    python bench/importers.py [--quick]

Prints one line per measurement (median of several runs, milliseconds) and, last, one JSON
object with every figure. Generated sources: a GIFT file, an Anki deck and a notebook of N
questions each (N = 2000, or 300 with --quick), plus the .apkg and GIFT export of the GIFT bank.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from quizapp.banks import load_bank  # noqa: E402
from quizapp.importers import export_anki, export_gift, import_file, write_bank_yaml  # noqa: E402

FIXTURES = (REPO / "../shared/fixtures").resolve()


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def generated_sources(folder: Path, n: int) -> dict[str, Path]:
    gift = folder / "big.gift"
    kinds = ["{T#wrong#right}", "{=alpha ~beta ~gamma#no}", "{#3.14:0.01}", "{=one =uno}", "{}", "{#1..5}"]
    gift.write_text("\n\n".join(f"::Q{i}::Question {i} about $x_\\{{{i}\\}}$ \\{{set\\}}? {kinds[i % len(kinds)]}"
                                for i in range(n)) + "\n", encoding="utf-8")
    anki = folder / "big.tsv"
    anki.write_text("#separator:tab\n#html:true\n#tags column:3\n" + "\n".join(
        f"Front {i} <b>bold</b> \\(x^{i}\\)\tBack {i}&nbsp;<div>more</div>\ttag{i % 7}" for i in range(n)) + "\n",
        encoding="utf-8")
    cells = []
    for topic in range(max(n // 20, 1)):
        cells.append({"cell_type": "markdown", "metadata": {}, "source": f"### Topic {topic}"})
        for k in range(1, 21):
            if k % 5 == 0:
                text = f"{k}. State whether **true or false**:\n  1. first $a$\n  1. second\n  1. third"
            else:
                text = f"{k}. Explain item {k} of topic {topic} with $\\vec{{x}}$."
            cells.append({"cell_type": "markdown", "metadata": {}, "source": text})
            cells.append({"cell_type": "markdown", "metadata": {}, "source": "**Answer:** True. Because."})
    notebook = folder / "big.ipynb"
    notebook.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}),
                        encoding="utf-8")
    return {"gift": gift, "anki": anki, "notebook": notebook}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sources, fewer runs (under a minute)")
    args = parser.parse_args()
    n, runs = (300, 3) if args.quick else (2000, 5)
    figures: dict[str, float | int] = {"n_generated": n}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if FIXTURES.is_dir():
            for name, rel in [("fixture_notebook", "notebooks/summary_questions_2021.ipynb"),
                              ("fixture_gift", "gift/giftFormatPhpExamples.gift"), ("fixture_anki", "anki/docker.tsv")]:
                figures[f"{name}_import_ms"] = median_ms(lambda rel=rel: import_file(FIXTURES / rel), runs)
        for kind, path in generated_sources(folder, n).items():
            figures[f"{kind}_{n}_import_ms"] = median_ms(lambda path=path: import_file(path), runs)
            doc, report = import_file(path)
            figures[f"{kind}_{n}_questions"] = report.questions
            out = folder / f"{kind}.yaml"
            figures[f"{kind}_{n}_write_yaml_ms"] = median_ms(lambda: write_bank_yaml(doc, out, force=True), runs)
        bank, problems = load_bank(folder / "gift.yaml")
        assert bank is not None, problems
        figures[f"export_apkg_{n}_ms"] = median_ms(lambda: export_anki(bank, folder / "out.apkg"), runs)
        figures[f"export_gift_{n}_ms"] = median_ms(lambda: export_gift(bank, folder / "out.gift"), runs)
        figures[f"apkg_{n}_bytes"] = (folder / "out.apkg").stat().st_size
    for key, value in figures.items():
        print(f"{key:32} {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
