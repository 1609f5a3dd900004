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


def _variants(value, replacements):
    """``value`` with one part at a time replaced, dropped or added to (a value per variant)."""
    from quizapp.banks.positions import YMap, YSeq

    def copy(v, drop=None):
        if isinstance(v, dict):
            out = YMap(v.place)
            for k, x in v.items():
                if k != drop:
                    out.add(k, copy(x), v.key_node(k), v.value_node(k))
            return out
        if isinstance(v, list):
            out_list = YSeq(v.place)
            for i, (x, place) in enumerate(zip(v, v.places)):
                if i != drop:
                    out_list.append(copy(x))
                    out_list.places.append(place)
            return out_list
        return v

    def paths(v, prefix=()):
        yield prefix
        if isinstance(v, dict):
            for k, x in v.items():
                yield from paths(x, prefix + (k,))
        elif isinstance(v, list):
            for i, x in enumerate(v):
                yield from paths(x, prefix + (i,))

    def parent_of(doc, path):
        for step in path[:-1]:
            doc = doc[step]
        return doc

    for path in list(paths(value))[1:]:
        for new in replacements:
            doc = copy(value)
            parent = parent_of(doc, path)
            parent[path[-1]] = copy(new)  # same key or index: `places` stay in step
            yield doc
        doc = copy(value)
        if len(path) == 1:
            yield copy(value, drop=path[0])
        else:
            grandparent = parent_of(doc, path[:-1])
            grandparent[path[-2]] = copy(parent_of(value, path), drop=path[-1])
            yield doc
        target = parent_of(doc := copy(value), path)
        if isinstance(target, dict):
            target.add("unknown_key", 1, target.place, target.place)
            yield doc


def test_compiled_schema_agrees_with_the_validator(tmp_path: Path) -> None:
    """The fast path (`_SchemaCompiler` predicates) says "clean" exactly when `SchemaValidator`
    reports nothing, over every part of every kind of question replaced by odd values."""
    from quizapp.banks.problems import ProblemList
    from quizapp.banks.validate import (
        _BANK_FIELDS,
        _COMPILER,
        _QUESTION,
        SchemaValidator,
    )
    from quizapp.banks.yaml_source import read_yaml

    text = textwrap.dedent(SAMPLES["good-all-kinds"][0]) + textwrap.indent(textwrap.dedent("""\
          - id: t2
            kind: true_false
            stem: S
            statements:
              - {id: a, text: x, answer: ~, verify: 'x = 1', demos: [{title: t, code: 'print(1)', explain: e}]}
          - id: c2
            kind: computed
            prompt: P
            answer: [1, 2]
            compare: shape
            tolerance: 0.5
            variables: {x: [0, 1]}
            setup: x = 1
            cross_check: result = 1
            hint: h
            tags: [a]
            run: {time_limit: 60, memory_mb: 256, seed: 3}
            demos: [{title: t, code: c}]
        """), "  ")
    document = read_yaml(tmp_path / "x.yaml", ProblemList("x"), text)
    yaml_values = read_yaml(tmp_path / "y.yaml", ProblemList("y"), "[1, 0, -1, 2.5, 'x', '', 'bad id', true, ~, "
                            "[], [1], [a, b], {}, {a: 1}, {choices: [1], range: [1, 2]}, {range: [3]}, open, exact, "
                            "{abs: 1}, {rel: -1}, {text: t}, {x: [1, 2]}, 600, 0.0, 16384, 100000]")
    compared = 0
    for i, question in enumerate(document["questions"]):
        for variant in _variants(question, yaml_values):
            problems = ProblemList("x")
            expected = SchemaValidator(problems).check(variant, _QUESTION, question.place, f"question {i + 1}")
            assert _COMPILER.predicate(_QUESTION)(variant) == expected, (variant, [str(p) for p in problems])
            compared += 1
    for variant in _variants(document, yaml_values):
        problems = ProblemList("x")
        expected = SchemaValidator(problems).check(variant, _BANK_FIELDS, document.place, "the bank")
        assert _COMPILER.predicate(_BANK_FIELDS)(variant) == expected, (variant, [str(p) for p in problems])
    assert compared > 1000
