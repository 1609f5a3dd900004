"""`quizapp check PATH...`: run every snippet of the banks and compare with declared answers."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON document: per-snippet results, timings, isolation layers.")
@click.option("--trust", "run_untrusted", is_flag=True,
              help="Also run banks you have not trusted (this once; nothing is recorded).")
@click.option("--variants", default=20, show_default=True, metavar="N", type=click.IntRange(1, 1000),
              help="Seeded variants checked per parametrised question, besides its examples.")
@click.option("--budget", default=600.0, show_default=True, metavar="SECONDS", type=click.FloatRange(1, None),
              help="Time budget: after the first variants, more are checked only while time is left.")
def command(paths: tuple[Path, ...], as_json: bool, run_untrusted: bool, variants: int, budget: float) -> int:
    """Run every snippet of the banks (default: all the banks the app loads) in the sandbox.

    Each computed answer is compared with the bank's declared answer; each cross_check with
    its compute; verify code with the statement's answer; demos and typical mistakes must run;
    no variant may degenerate. Failures print as path:line: question-id: expected X, computed
    Y. Exits 1 on any failure (warnings, such as a mistake that gives the right answer, do not).
    """
    from quizapp.snippets import SnippetEngine

    engine = SnippetEngine(cache=False)
    engine.start()  # torch loads while the banks are read
    try:
        return _check(engine, list(paths), as_json, run_untrusted, variants, budget)
    finally:
        engine.close()


def _load(paths: list[Path]) -> tuple[list[Any], list[Any]]:
    from quizapp.banks import load_bank_paths, load_banks

    # a check reads the files afresh
    loaded = load_bank_paths(paths) if paths else load_banks(cache=False)
    return loaded.banks, loaded.problems


FIRST_ROUND = 3  # seeded variants always checked; later rounds of ROUND_SIZE while the budget lasts
ROUND_SIZE = 5


def _check(engine: Any, paths: list[Path], as_json: bool, run_untrusted: bool,
           variants: int, budget: float = 600.0) -> int:
    from quizapp.snippets.checking import degenerate, judge, plan
    from quizapp.snippets.trust import TrustStore

    began = time.monotonic()
    banks, problems = _load(paths)
    errors = [p for p in problems if p.severity == "error"]
    store = TrustStore()
    skipped = [b for b in banks if not run_untrusted and not store.is_trusted(b)]
    checked = [b for b in banks if b not in skipped]
    items: list[Any] = []
    results: list[Any] = []
    start, done_variants = 0, 0
    while start < variants:  # rounds: the first always runs, later ones while time is left
        end = min(variants, FIRST_ROUND if start == 0 else start + ROUND_SIZE)
        batch = [item for bank in checked for item in plan(bank, end, start)]
        futures = [engine.submit(item.job) for item in batch]
        results += _wait_all(futures, batch, show_bar=not as_json and sys.stderr.isatty())
        items += batch
        done_variants, start = end, end
        if time.monotonic() - began > budget:
            break
    outcomes = judge(items, results)
    failures = [o for o in outcomes if not o.passed]
    constant: list[str] = []
    degenerates = degenerate(outcomes, constant)
    warnings = [o.warning for o in outcomes if o.warning] + constant
    failed = bool(errors or skipped or failures or degenerates)
    status = engine.status
    if as_json:
        click.echo(json.dumps({
            "ok": not failed,
            "engine": status.to_dict(),
            "banks": [{"id": b.id, "path": str(b.path), "trusted": b not in skipped}
                      for b in banks],
            "problems": [p.to_dict() for p in errors],
            "snippets": [o.to_dict() for o in outcomes],
            "failures": [o.message for o in failures] + degenerates,
            "warnings": warnings,
            "variants": done_variants,
            "seconds": round(time.monotonic() - began, 2),
        }, indent=2))
        return 1 if failed else 0
    for problem in errors:
        click.echo(str(problem))
    for bank in skipped:
        click.echo(f"{bank.path}:1: bank `{bank.id}` is not trusted, its code was not run "
                   f"(approve it with `quizapp trust {bank.path}`, or pass --trust)")
    for outcome in failures:
        click.echo(outcome.message)
    for line in degenerates:
        click.echo(line)
    for line in warnings:
        click.echo("warning: " + line)
    layers = ", ".join(status.layers) or "none"
    absent = "".join(f"; missing {name}: {why}" for name, why in status.unavailable().items())
    cut = f" (time budget of {budget:g} s reached)" if done_variants < variants else ""
    click.echo(f"{len(outcomes)} snippet run(s) in {len(checked)} bank(s), {done_variants} seeded "
               f"variant(s) per parametrised question{cut}: {len(failures) + len(degenerates)} failed, "
               f"{len(warnings)} warning(s), {time.monotonic() - began:.1f} s "
               f"(isolation: {layers}{absent})", err=True)
    return 1 if failed else 0


def _wait_all(futures: list[Any], items: list[Any], show_bar: bool) -> list[Any]:
    """Every result, in order; a progress bar on the terminal while they come in."""
    from concurrent.futures import TimeoutError as FutureTimeout

    from quizapp.snippets import SnippetResult

    def wait(future: Any, item: Any) -> Any:
        try:  # the engine enforces limits itself; this only guards against a lost helper
            return future.result(timeout=item.job.time_limit + 180)
        except FutureTimeout:
            return SnippetResult.failure("the snippet engine did not answer")

    if not show_bar:
        return [wait(f, i) for f, i in zip(futures, items)]
    results = []
    with click.progressbar(length=len(futures), label="Running snippets", file=sys.stderr,
                           show_pos=True) as bar:
        for future, item in zip(futures, items):
            results.append(wait(future, item))
            bar.update(1)
    return results
