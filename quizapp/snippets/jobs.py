"""How one of a question's snippets becomes an engine job, in a given variant.

One definition shared by the study flow (live answers, demos) and `quizapp check`, so what
check verifies is exactly what a student's review runs.
"""

from __future__ import annotations

from quizapp.banks import Code, Question, Variant
from quizapp.snippets.model import SnippetJob


def snippet_job(question: Question, code: Code, variant: Variant) -> SnippetJob:
    """The engine job for one of ``question``'s snippets, in this review's variant."""
    setup = question.setup
    return SnippetJob(
        code=variant.fill(code.text),
        setup=variant.fill(setup.text) if setup else "",
        params=dict(variant.params),
        seed=question.run.seed,
        time_limit=question.run.time_limit,
        memory_mb=question.run.memory_mb,
        code_origin=code.origin(),
        setup_origin=setup.origin() if setup else None,
        helpers=question.helpers.text if question.helpers else "",
        helpers_origin=question.helpers.origin() if question.helpers else None,
    )
