"""The starter bank `quizapp new` writes: one question of each kind, commented, that lints and
checks clean — a template an author edits rather than a blank page."""

from __future__ import annotations

import re

STARTER = r"""# yaml-language-server: $schema={schema}
# A quizapp question bank. Edit it, then:
#   quizapp lint --strict {file}    # the format: every problem as path:line:col
#   quizapp trust {file}            # allow its code to run (you wrote it: approve it)
#   quizapp check {file}            # runs every snippet, compares with the declared answers
#   quizapp preview {file}          # the cards exactly as a student sees them
# The format: docs/banks.md. Progress follows the ids: change wording freely, keep the ids.
format: 1
bank: {bank_id}                     # stable id: students' progress is stored under it
title: {title}
author: Your Name
description: |
  What this bank covers, in a sentence or two.
topic: basics                       # the topic of questions that give none
macros:                             # LaTeX macros for $…$ math; #1…#9 are arguments
  vec: '\boldsymbol{{#1}}'

questions:
  # -- true/false: statements under one stem, each its own card -----------------------------
  - id: relu-facts
    kind: true_false
    title: ReLU facts
    topic: activations
    stem: About the ReLU activation $f(x) = \max(0, x)$, true or false?
    statements:
      - id: zero-for-negatives
        text: ReLU outputs zero for every negative input.
        answer: true
        explain: For $x < 0$, $\max(0, x) = 0$.
        verify: |                   # optional: torch checks the answer (`quizapp check`)
          result = bool((torch.relu(torch.linspace(-5, -0.1, 50)) == 0).all())
      - id: gradient-grows
        text: For positive inputs the gradient of ReLU grows with the input.
        answer: false
        explain: Its derivative is the constant 1 for every $x > 0$.
        source: a classic misconception   # optional, per statement or per question

  # -- open: the student thinks, reveals the model answer, grades themselves ----------------
  - id: why-nonlinearity
    kind: open
    title: Why a nonlinearity
    topic: activations
    prompt: Why does a deep network need nonlinear activations between its linear layers?
    answer: |
      Without them the layers compose into one linear map: $W_2 (W_1 \vec{{x}}) = (W_2 W_1) \vec{{x}}$,
      so depth adds no expressive power.
    key_points:
      - linear maps compose into one linear map
      - depth alone adds nothing without a nonlinearity

  # -- computed, parametrised: torch computes the answer of every variant live --------------
  - id: linear-parameters
    kind: computed
    title: Parameters of a linear layer
    topic: layers
    params:                         # each review draws a variant: {{{{n_in}}}} and {{{{n_out}}}} are filled in
      n_in: {{choices: [3, 10, 64]}}
      n_out: {{choices: [2, 5]}}
    setup: |                        # shown with the question, run before its snippets
      layer = nn.Linear({{{{n_in}}}}, {{{{n_out}}}})
    prompt: How many trainable parameters does `nn.Linear({{{{n_in}}}}, {{{{n_out}}}})` have?
    hint: a whole number
    compute: |                      # `result` is the answer the student's is compared with
      result = sum(p.numel() for p in layer.parameters())
    compare: exact
    examples:                       # declared answers, checked by `quizapp check`
      - params: {{n_in: 3, n_out: 2}}
        answer: 8
      - params: {{n_in: 10, n_out: 5}}
        answer: 55
    explain: A weight per input and output, $n_{{in}} \cdot n_{{out}}$, plus one bias per output.
    demos:                          # run after the reveal: show why
      - title: Where the parameters are
        code: |
          for name, p in layer.named_parameters():
              print(f"{{name:6}} {{tuple(p.shape)}} -> {{p.numel()}} parameters")

  # -- multiple choice ----------------------------------------------------------------------
  - id: softmax-sum
    kind: multiple_choice
    title: Softmax outputs
    topic: activations
    prompt: What do the outputs of a softmax over $n$ classes add up to?
    choices:
      - text: "1"
        correct: true
        explain: They are a probability distribution.
      - text: "$n$"
      - text: "0"
    explain: $\sum_i e^{{z_i}} / \sum_j e^{{z_j}} = 1$ for any logits $z$.
"""


def starter_bank(bank_id: str, title: str, file_name: str, schema: str) -> str:
    """The starter bank's text for a file named ``file_name``."""
    import shlex

    return STARTER.format(bank_id=bank_id, title=title, file=shlex.quote(file_name), schema=schema)


def bank_id_from(stem: str) -> str:
    """A valid bank id from a file name: ``My bank (v2)`` -> ``my-bank-v2``."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-._")
    return (slug or "my-bank")[:80]
