"""Trusting bank code by content hash: what asks again and what does not."""

from __future__ import annotations

import json
from pathlib import Path

from quizapp import paths
from quizapp.banks import Bank, load_bank, load_banks
from quizapp.snippets.trust import TrustStore, fingerprint

BANK = """\
bank: my-bank
title: My bank
questions:
  - id: conv-shape
    kind: computed
    setup: |
      conv = nn.Conv2d(3, 8, kernel_size={{{{k}}}})
    prompt: {prompt}
    params:
      k: {{choices: {choices}}}
    compute: {compute}
    run: {{time_limit: {limit}}}
    compare: shape
    examples:
      - params: {{k: 3}}
        answer: [1, 8, 8, 8]
  - id: relu
    kind: true_false
    stem: ReLU?
    statements:
      - id: constant-grad
        text: The gradient of ReLU is constant for x > 0.
        answer: true
        verify: result = True
    demos:
      - title: ReLU curve
        code: |
          chart({{"relu": [0, 0, 1, 2]}})
"""


def write_bank(path: Path, *, prompt: str = "Shape?", choices: str = "[3, 5]",
               compute: str = "result = tuple(conv(torch.zeros(1, 3, 10, 10)).shape)",
               limit: int = 10) -> Bank:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BANK.format(prompt=prompt, choices=choices, compute=compute, limit=limit))
    bank, problems = load_bank(path)
    assert bank is not None, [str(p) for p in problems]
    return bank


def test_user_bank_runs_only_after_approval_stored_in_the_data_folder(tmp_path: Path) -> None:
    store = TrustStore()
    bank = write_bank(tmp_path / "b.yaml")
    before = (tmp_path / "b.yaml").read_text()
    assert not store.is_trusted(bank) and store.status(bank) == "untrusted"
    assert store.changes(bank) is None
    store.trust(bank)
    assert store.is_trusted(bank) and store.status(bank) == "trusted"
    assert store.path == paths.data_dir() / "trust.json" and store.path.exists()
    assert (tmp_path / "b.yaml").read_text() == before  # nothing written into the bank
    assert TrustStore().is_trusted(bank)  # a new process sees it


def test_any_change_to_what_runs_asks_again_and_names_what_changed(tmp_path: Path) -> None:
    store = TrustStore()
    store.trust(write_bank(tmp_path / "b.yaml"))
    wording = write_bank(tmp_path / "b.yaml", prompt="What is the output shape?")
    assert store.is_trusted(wording)  # wording is not code
    edited = write_bank(tmp_path / "b.yaml", compute="result = tuple(conv(torch.ones(1, 3, 10, 10)).shape)")
    assert not store.is_trusted(edited) and store.status(edited) == "changed"
    assert store.changes(edited) == {("conv-shape", None, "compute")}
    for changed in (write_bank(tmp_path / "b.yaml", limit=20),
                    write_bank(tmp_path / "b.yaml", choices="[3, 7]")):
        assert not store.is_trusted(changed)
        assert store.changes(changed) == {("conv-shape", None, "compute")}


def test_moving_a_bank_keeps_trust_but_other_code_under_its_id_does_not(tmp_path: Path) -> None:
    store = TrustStore()
    store.trust(write_bank(tmp_path / "a" / "b.yaml"))
    assert store.is_trusted(write_bank(tmp_path / "elsewhere" / "renamed.yaml"))
    impostor = write_bank(tmp_path / "c.yaml", compute="result = __import__('os').getcwd()")
    assert impostor.id == "my-bank" and not store.is_trusted(impostor)
    assert fingerprint(impostor) != fingerprint(write_bank(tmp_path / "d.yaml"))


def test_revoking_and_a_damaged_file_mean_untrusted(tmp_path: Path) -> None:
    store = TrustStore()
    bank = write_bank(tmp_path / "b.yaml")
    store.trust(bank)
    assert store.revoke(bank) and not store.is_trusted(bank)
    assert not store.revoke("my-bank")  # by id too; nothing left to forget
    store.trust(bank)
    store.path.write_text("{not json")
    assert not store.is_trusted(bank)  # no crash, nothing trusted
    assert list(store.path.parent.glob("trust.json.damaged-*"))
    store.trust(bank)
    assert json.loads(store.path.read_text())["banks"]["my-bank"]


def test_shipped_banks_are_trusted_and_banks_without_code_need_nothing(tmp_path: Path) -> None:
    store = TrustStore()
    shipped = load_banks(include_user=False).banks
    assert shipped and all(store.is_trusted(b) and store.status(b) == "shipped" for b in shipped)
    plain = tmp_path / "plain.yaml"
    plain.write_text("bank: plain\ntitle: P\nquestions:\n  - id: q\n    kind: open\n"
                     "    prompt: Why?\n    answer: Because.\n")
    bank, _ = load_bank(plain)
    assert bank is not None and store.is_trusted(bank)
