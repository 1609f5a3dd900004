"""Parametrised questions: a seed picks a variant, the same seed the same variant."""

from __future__ import annotations

from pathlib import Path

from quizapp.banks import draw_variant, load_bank, variants

BANK = """\
bank: v
title: Variants
questions:
  - id: conv
    kind: computed
    params:
      k: {choices: [3, 5, 7]}
      s: {range: [1, 3]}
    setup: |
      conv = nn.Conv2d(3, 8, kernel_size={{k}}, stride={{s}})
    prompt: Kernel {{k}}, stride {{ s }}. Output shape for 1×3×64×64?
    compute: result = tuple(conv(torch.zeros(1, 3, 64, 64)).shape)
    compare: shape
    examples:
      - params: {k: 3, s: 1}
        answer: [1, 8, 62, 62]
"""


def question(tmp_path: Path):
    path = tmp_path / "v.yaml"
    path.write_text(BANK, encoding="utf-8")
    bank, problems = load_bank(path)
    assert bank is not None, [str(p) for p in problems]
    return bank.questions[0]


def test_same_seed_same_variant_and_placeholders_filled(tmp_path: Path) -> None:
    q = question(tmp_path)
    first, again = draw_variant(q, 42), draw_variant(q, 42)
    assert first == again
    assert first.params["k"] in (3, 5, 7) and first.params["s"] in (1, 2, 3)
    prompt = first.fill(q.prompt)
    assert prompt == f"Kernel {first.params['k']}, stride {first.params['s']}. Output shape for 1×3×64×64?"
    assert f"kernel_size={first.params['k']}, stride={first.params['s']}" in first.fill(q.setup.text)


def test_many_seeds_reach_every_value(tmp_path: Path) -> None:
    q = question(tmp_path)
    seen = {(v.params["k"], v.params["s"]) for v in (draw_variant(q, s) for s in range(200))}
    assert len(seen) == 9


def test_variants_are_distinct(tmp_path: Path) -> None:
    q = question(tmp_path)
    vs = variants(q, 5)
    assert len({tuple(sorted(v.params.items())) for v in vs}) == 5


def test_the_card_is_the_same_card_across_variants(tmp_path: Path) -> None:
    q = question(tmp_path)
    path = tmp_path / "v.yaml"
    bank, _ = load_bank(path)
    assert [c.key for c in bank.cards()] == ["v/conv"]
    assert q.answer_hash() == bank.questions[0].answer_hash()


def test_editing_wording_keeps_the_answer_hash_but_changing_the_answer_does_not(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(BANK, encoding="utf-8")
    before = load_bank(path)[0].cards()[0].answer_hash
    path.write_text(BANK.replace("Output shape for", "What is the output shape of"), encoding="utf-8")
    assert load_bank(path)[0].cards()[0].answer_hash == before
    path.write_text(BANK.replace("[1, 8, 62, 62]", "[1, 8, 61, 61]"), encoding="utf-8")
    assert load_bank(path)[0].cards()[0].answer_hash != before


def test_a_count_placeholder_agrees_with_its_noun() -> None:
    """Issue 15 item 16: "applies 1 message-passing layers" was generated from `{{K}} … layers`."""
    from quizapp.banks.variants import Variant, placeholders

    text = "`gnn` applies {{K:message-passing layer}} and {{n: child | children }} ({{K}})."
    assert Variant(0, {"K": 1, "n": 1}).fill(text) == "`gnn` applies 1 message-passing layer and 1 child (1)."
    assert Variant(0, {"K": 3, "n": 2}).fill(text) == "`gnn` applies 3 message-passing layers and 2 children (3)."
    assert placeholders(text) == {"K", "n"}


def test_the_plural_helper() -> None:
    from quizapp.plural import plural

    assert [plural(1, "layer"), plural(0, "layer"), plural(2, "box"), plural(2, "query"), plural(2, "day")] == [
        "1 layer", "0 layers", "2 boxes", "2 queries", "2 days"]
