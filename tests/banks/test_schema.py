"""The published JSON Schema and the loader cannot drift apart."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest

from quizapp.banks import load_bank
from quizapp.banks.schema import BANK_SCHEMA, schema_json
from quizapp.paths import shipped_banks_dir, shipped_data_dir

REPO = Path(__file__).resolve().parents[2]


def test_published_schema_is_the_one_the_loader_uses() -> None:
    published = (shipped_data_dir() / "bank.schema.json").read_text(encoding="utf-8")
    assert published == schema_json(), "run: python -m quizapp.banks.schema > data/bank.schema.json"


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(BANK_SCHEMA)


def _plain(value):
    """YMap/YSeq -> dict/list, as a JSON Schema validator sees the document."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


SAMPLES = {
    "good-all-kinds": ("""
        bank: s
        title: T
        macros: {vec: '\\boldsymbol{#1}'}
        questions:
          - {id: o, kind: open, prompt: P, answer: A, key_points: [k]}
          - id: tf
            kind: true_false
            stem: S
            statements: [{id: a, text: x, answer: true, explain: e}]
          - id: c
            kind: computed
            prompt: Kernel {{k}}?
            params: {k: {choices: [3, 5]}, s: {range: [1, 3]}}
            compute: result = k
            compare: numeric
            tolerance: {abs: 0.1}
            examples: [{params: {k: 3, s: 1}, answer: 3}]
            run: {time_limit: 5, seed: 1}
          - id: m
            kind: multiple_choice
            prompt: P
            choices: [{text: a, correct: true}, {text: b}]
        """, True),
    "unknown-key": ("bank: s\ntitle: T\nquestions: [{id: o, kind: open, promt: P}]\n", False),
    "wrong-kind": ("bank: s\ntitle: T\nquestions: [{id: o, kind: essay, prompt: P}]\n", False),
    "bad-id": ("bank: 'no spaces'\ntitle: T\nquestions: [{id: o, kind: open, prompt: P}]\n", False),
    "no-questions": ("bank: s\ntitle: T\nquestions: []\n", False),
    "time-limit": ("bank: s\ntitle: T\nquestions: [{id: o, kind: open, prompt: P, run: {time_limit: 600}}]\n", False),
    "param-both": ("bank: s\ntitle: T\nquestions: [{id: c, kind: computed, prompt: P, compute: 'x', "
                   "params: {k: {choices: [1], range: [1, 2]}}}]\n", False),
    "tolerance-bad": ("bank: s\ntitle: T\nquestions: [{id: c, kind: computed, prompt: P, answer: 1, "
                      "tolerance: {absolute: 1}}]\n", False),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_loader_and_jsonschema_agree(tmp_path: Path, name: str) -> None:
    text, expected_valid = SAMPLES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    bank, problems = load_bank(path)
    ours = bank is not None
    import yaml

    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    theirs = jsonschema.Draft202012Validator(BANK_SCHEMA).is_valid(document)
    assert ours == theirs == expected_valid, [str(p) for p in problems]


def test_shipped_banks_pass_the_published_schema() -> None:
    import yaml

    validator = jsonschema.Draft202012Validator(json.loads(schema_json()))
    files = sorted(shipped_banks_dir().glob("*.yaml"))
    for file in files:
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], f"{file}: {errors[:3]}"
