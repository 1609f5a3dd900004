"""LaTeX → Unicode converters measured on our real math.

Every formula found in the course notebook (`../shared/seed/*.txt`) and in the text fields of
the banks under `questions/` goes through each candidate: quizapp.textmath (ours), pylatexenc,
flatlatex, unicodeit, and flatlatex falling back to pylatexenc. Bank macros (and the
notebook's \\newcommand block) are expanded first for every candidate, so all convert the
same LaTeX. Printed per candidate: expressions, exceptions, outputs with LaTeX left in them
(a `\\command`, a brace, or `_{`/`^{`), mean and p95 µs per expression, import ms (first
use in a fresh interpreter, byte-code cached; and again with textual already imported, as in
the app), samples.

    python bench/latex.py            # 15 timing rounds per expression
    python bench/latex.py --quick    # 3 rounds, a few seconds

Last line: one JSON object with the chosen converter's figures.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed"
PYCACHE = Path(tempfile.mkdtemp(prefix="latex-bench-pycache-"))
atexit.register(shutil.rmtree, PYCACHE, ignore_errors=True)
CODE_FIELDS = {"setup", "compute", "verify", "code", "cross_check"}
RESIDUE = re.compile(r"\\[A-Za-z]+|[{}]|[_^]\{")
RESIDUE_NO_BRACES = re.compile(r"\\[A-Za-z]+|[_^]\{")  # for formulas that show \{ \}
# A script left in ASCII although Unicode has the raised/lowered form: x_1, y^(i), N^2.
ASCII_SCRIPT = re.compile(r"[_^](?:[0-9]|[ijklmnx]\b|\([0-9a-z+\-−=]+\))")
SAMPLE_IDS = (
    r"\frac{1}{1-p}",
    r"\sum_{i=1}^{N}",
    r"\lfloor",
    r"\mathcal{D}_{\text{KL}}",
    r"\begin{",
    r"\left\lVert",
    r"\hat{y}^{(i)}",
    r"\arg \min",
)

IMPORTS = {
    "quizapp.textmath": "from quizapp.textmath import latex_to_unicode; latex_to_unicode('x')",
    "pylatexenc": "from pylatexenc.latex2text import LatexNodes2Text; "
                  "LatexNodes2Text(math_mode='text')",
    "flatlatex": "import flatlatex; flatlatex.converter()",
    "unicodeit": "import unicodeit; unicodeit.replace('x')",
    "flatlatex+pylatexenc": "import flatlatex; flatlatex.converter(); "
                            "from pylatexenc.latex2text import LatexNodes2Text; "
                            "LatexNodes2Text(math_mode='text')",
}


def collect() -> list[tuple[str, str, dict[str, str]]]:
    """(source, latex, macros) for every formula in the notebook and the banks."""
    from quizapp.textmath.markdown import find_math

    found: list[tuple[str, str, dict[str, str]]] = []
    for path in sorted(SEED.glob("*.txt")):
        macros = dict(_newcommands(path.read_text(encoding="utf-8")))
        for latex, _display in find_math(path.read_text(encoding="utf-8")):
            if "\\newcommand" not in latex:
                found.append((path.name, latex, macros))
    import yaml

    for path in sorted((ROOT / "questions").glob("*.y*ml")):
        try:
            bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            print(f"skipped {path.name}: {error}", file=sys.stderr)
            continue
        if not isinstance(bank, dict):
            continue
        macros = {str(k): str(v) for k, v in (bank.get("macros") or {}).items()}
        for text in _texts(bank):
            found.extend((path.name, latex, macros) for latex, _ in find_math(text))
    return found


def _newcommands(text: str) -> list[tuple[str, str]]:
    """The notebook's `\\newcommand{\\name}[n]{body}` lines as bank-style macros."""
    from quizapp.textmath.macros import compile_macros, expand
    from quizapp.textmath.tokens import tokenize, untokenize

    table = compile_macros({})
    for line in text.splitlines():
        if line.startswith("\\newcommand"):
            expand(tokenize(line), table)
    return [(name[1:], untokenize(list(m.body))) for name, m in table.items()
            if m.default is None]


def _texts(node: object, key: str = ""):
    if isinstance(node, str):
        if key not in CODE_FIELDS and "$" in node:
            yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k != "macros":
                yield from _texts(v, str(k))
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, key)


def expanded(latex: str, macros: dict[str, str]) -> str:
    """The formula with the bank's macros expanded, as LaTeX source."""
    from quizapp.textmath.macros import compile_macros, expand
    from quizapp.textmath.tokens import tokenize, untokenize

    return untokenize(expand(tokenize(latex), compile_macros(macros)))


def candidates():
    """name → function(latex, macros) → text. Others get the macros already expanded."""
    from pylatexenc.latex2text import LatexNodes2Text

    from quizapp.textmath import latex_to_unicode

    try:  # the others are only needed here: pip install flatlatex unicodeit
        import flatlatex
        import unicodeit
    except ImportError as error:
        print(f"not measured: {error.name} is not installed", file=sys.stderr)
        return {"quizapp.textmath": (lambda latex, macros: latex_to_unicode(latex, macros),
                                     False),
                "pylatexenc": (lambda latex, macros: LatexNodes2Text(
                    math_mode="text").latex_to_text(latex), True)}

    pylatexenc = LatexNodes2Text(math_mode="text").latex_to_text
    flat = flatlatex.converter().convert

    def combined(latex: str) -> str:
        try:
            return flat(latex)
        except Exception:  # noqa: BLE001 - measuring the fallback is the point
            return pylatexenc(latex)

    found = {
        "quizapp.textmath": (lambda latex, macros: latex_to_unicode(latex, macros), False),
        "pylatexenc": (lambda latex, macros: pylatexenc(latex), True),
        "flatlatex": (lambda latex, macros: flat(latex), True),
        "unicodeit": (lambda latex, macros: unicodeit.replace(latex), True),
        "flatlatex+pylatexenc": (lambda latex, macros: combined(latex), True),
    }
    return found


def import_ms(statement: str, runs: int, preload: str = "") -> float:
    """Median wall time of `statement` in a fresh interpreter (after `preload`, untimed).

    Byte-code is cached (in a temporary folder, as an installed package would have it):
    with PYTHONDONTWRITEBYTECODE set, our modules would be compiled at every start while
    the site-packages ones come compiled, which is no fair comparison.
    """
    timed = f"import time; t = time.perf_counter(); {statement}; "
    code = (f"{preload}; " if preload else "") + timed + "print((time.perf_counter() - t) * 1000)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    times = []
    for run in range(runs + 1):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                cwd=ROOT, check=True, env=env)
        if run:  # the first run only compiles
            times.append(float(result.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def measure(name, convert, pre_expand, corpus, rounds):
    outputs, failures, residue, ascii_scripts, per_expr = [], 0, 0, 0, []
    for _source, latex, macros in corpus:
        text = expanded(latex, macros) if pre_expand else latex
        try:
            out = convert(text, macros)
        except Exception as error:  # noqa: BLE001 - counted, shown
            out = f"!! {type(error).__name__}"
            failures += 1
        else:
            shows_braces = "\\{" in text or "\\lbrace" in text
            if (RESIDUE_NO_BRACES if shows_braces else RESIDUE).search(out):
                residue += 1
            if ASCII_SCRIPT.search(out):
                ascii_scripts += 1
        outputs.append(out)
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            try:
                convert(text, macros)
            except Exception:  # noqa: BLE001
                pass
            samples.append(time.perf_counter() - start)
        per_expr.append(statistics.median(samples) * 1e6)
    per_expr.sort()
    return {
        "count": len(corpus),
        "exceptions": failures,
        "latex_left": residue,
        "ascii_scripts": ascii_scripts,
        "mean_us": round(statistics.fmean(per_expr), 1),
        "p95_us": round(per_expr[int(0.95 * (len(per_expr) - 1))], 1),
    }, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 timing rounds, 3 import runs")
    args = parser.parse_args()
    rounds, import_runs = (3, 3) if args.quick else (15, 7)

    corpus = collect()
    sources = sorted({source for source, _, _ in corpus})
    print(f"{len(corpus)} expressions from {', '.join(sources)}")
    results, outputs = {}, {}
    for name, (convert, pre_expand) in candidates().items():
        results[name], outputs[name] = measure(name, convert, pre_expand, corpus, rounds)
        results[name]["import_ms"] = round(import_ms(IMPORTS[name], import_runs), 1)
        # In the app, textual (and with it typing, re, …) is loaded already.
        results[name]["import_ms_after_textual"] = round(
            import_ms(IMPORTS[name], import_runs, preload="import textual.app"), 1)

    print(f"\n{'candidate':22} {'count':>5} {'exc':>4} {'latex left':>10} {'ascii _^':>8} "
          f"{'mean µs':>8} {'p95 µs':>8} {'import ms':>9} {'(after textual)':>15}")
    for name, r in results.items():
        print(f"{name:22} {r['count']:5} {r['exceptions']:4} {r['latex_left']:10} "
              f"{r['ascii_scripts']:8} {r['mean_us']:8} {r['p95_us']:8} {r['import_ms']:9} "
              f"{r['import_ms_after_textual']:15}")
    print("latex left: a \\command, a brace or _{ ^{ in the output; ascii _^: a script left as"
          " x_1 or N^2 where Unicode has x₁, N²")

    shown = set()
    print("\nSamples:")
    for marker in SAMPLE_IDS:
        index = next((i for i, (_, latex, _) in enumerate(corpus)
                      if marker in latex and i not in shown), None)
        if index is None:
            continue
        shown.add(index)
        print(f"\n  {corpus[index][1].strip()}")
        for name in results:
            print(f"    {name:22} {outputs[name][index]!r}")

    from quizapp.textmath import render_markdown_math

    passes = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _source, latex, macros in corpus:
            render_markdown_math(f"Text with ${latex}$ in it.", macros)
        passes.append(time.perf_counter() - start)
    markdown_us = statistics.median(passes) / max(len(corpus), 1) * 1e6
    print(f"\nrender_markdown_math, one formula in a sentence: {markdown_us:.1f} µs")

    chosen = results["quizapp.textmath"]
    print(json.dumps({
        "bench": "latex",
        "expressions": len(corpus),
        "chosen": "quizapp.textmath",
        "mean_us": chosen["mean_us"],
        "p95_us": chosen["p95_us"],
        "import_ms": chosen["import_ms"],
        "import_ms_after_textual": chosen["import_ms_after_textual"],
        "failures": chosen["exceptions"] + chosen["latex_left"],
        "markdown_us_per_formula": round(markdown_us, 1),
        "candidates": results,
    }))


if __name__ == "__main__":
    main()
