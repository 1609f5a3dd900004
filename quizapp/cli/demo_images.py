"""Run a bank's demonstrations that draw images, for exports (Anki media, GIFT inline PNGs).

Only demos whose code calls ``image(`` are run, so exporting a bank without pictures never
starts torch. The bank must be trusted, as for studying: an untrusted bank's code is not run.
"""

from __future__ import annotations

from typing import Any

from quizapp.banks.model import Bank
from quizapp.banks.variants import Variant


def image_demos(bank: Bank) -> list[tuple[str, Any, Any]]:
    """(key, question, demo) for each demo that draws images; key ``q`` or ``q/statement``."""
    found = []
    for q in bank.questions:
        for demo in q.demos:
            if "image(" in demo.code.text:
                found.append((q.id, q, demo))
        for s in q.statements:
            for demo in s.demos:
                if "image(" in demo.code.text:
                    found.append((f"{q.id}/{s.id}", q, demo))
    return found


def collect_images(bank: Bank, run_untrusted: bool = False) -> tuple[dict[str, list[dict]], list[str]]:
    """The figures of every image demo by key, and notes on what could not be drawn."""
    from quizapp.snippets import SnippetEngine, TrustStore
    from quizapp.snippets.jobs import snippet_job

    demos = image_demos(bank)
    if not demos:
        return {}, []
    if not run_untrusted and not TrustStore().is_trusted(bank):
        return {}, [f"images not exported: the bank is not trusted, its code was not run "
                    f"(quizapp trust {bank.path}, or pass --trust)"]
    images: dict[str, list[dict]] = {}
    notes = []
    with SnippetEngine(cache=True) as engine:
        engine.start()
        runs = []
        for key, q, demo in demos:
            variant = Variant(0, dict(q.examples[0].params)) if q.params and q.examples else Variant(0)
            runs.append((key, demo, engine.submit(snippet_job(q, demo.code, variant))))
        for key, demo, future in runs:
            result = future.result(timeout=demo_timeout())
            if result.ok:
                images.setdefault(key, []).extend(result.images)
            else:
                first = (result.error or "failed").strip().splitlines()[-1]
                notes.append(f"{key}: demo “{demo.title}” drew no image: {first}")
    return images, notes


def demo_timeout() -> float:
    """Seconds to wait for one demo: its own limit is enforced by the engine; this guards
    against a lost helper (and the first start imports torch)."""
    return 240.0
