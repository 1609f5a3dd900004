"""The bank format as a JSON Schema — the single definition both the loader and editors use.

`quizapp.banks.validate` checks banks against `BANK_SCHEMA` (with line:col errors);
`data/bank.schema.json` is this same dict written out (`python -m quizapp.banks.schema`),
and a test fails if the file and the dict ever differ.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from quizapp.banks.kinds import NAMES, kind_info

SCHEMA_ID = "https://quizapp.dev/schemas/bank.schema.json"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"
PARAM_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,39}$"
MAX_TIME_LIMIT = 60
KINDS = NAMES  # quizapp.banks.kinds defines the kinds; the schema describes their fields
COMPARES = ("exact", "shape", "numeric", "one_of", "expression", "tensor")


def _str(description: str, **extra: Any) -> dict:
    return {"type": "string", "description": description, **extra}


def _id(description: str) -> dict:
    return _str(description, pattern=ID_PATTERN)


def _code(description: str) -> dict:
    return _str(description + " (Python; runs in the snippet engine)", **{"x-code": True})


_ANY_VALUE = {
    "description": "A value: number, text, true/false, or a list of them (a shape is a list of integers)",
    "type": ["number", "string", "boolean", "array", "null"],
}

_DEFS: dict[str, Any] = {
    "run": {
        "type": "object",
        "description": "Snippet settings for this question",
        "additionalProperties": False,
        "properties": {
            "time_limit": {
                "type": "number", "exclusiveMinimum": 0, "maximum": MAX_TIME_LIMIT,
                "description": f"Seconds before a snippet is stopped (default 10, at most {MAX_TIME_LIMIT})",
            },
            "seed": {"type": "integer", "description": "Seed for torch and random (default 0)"},
            "memory_mb": {
                "type": "integer", "minimum": 256, "maximum": 16384,
                "description": "MiB the snippet may use on top of torch's own footprint (default 2048)",
            },
        },
    },
    "demo": {
        "type": "object",
        "description": "A demonstration run after the answer is revealed",
        "additionalProperties": False,
        "required": ["title", "code"],
        "properties": {
            "title": _str("What the demonstration shows"),
            "code": _code("Code that prints and/or calls chart(...)"),
            "explain": _str("Markdown shown under the output"),
        },
    },
    "demos": {"type": "array", "items": {"$ref": "#/$defs/demo"}, "description": "Demonstrations after the reveal"},
    "param": {
        "type": "object",
        "description": "Values a parameter can take: `choices` or an integer `range`",
        "additionalProperties": False,
        "properties": {
            "choices": {
                "type": "array", "minItems": 1,
                "items": {"type": ["number", "string", "boolean"]},
                "description": "One of these values",
            },
            "range": {
                "type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "integer"},
                "description": "[low, high] or [low, high, step]: an integer from low to high inclusive",
            },
        },
        "oneOf": [{"required": ["choices"]}, {"required": ["range"]}],
    },
    "tolerance": {
        "description": "Allowed difference for `numeric`: a number (absolute) or {abs, rel}",
        "oneOf": [
            {"type": "number", "minimum": 0},
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "abs": {"type": "number", "minimum": 0, "description": "Absolute tolerance"},
                    "rel": {"type": "number", "minimum": 0, "description": "Relative tolerance"},
                },
            },
        ],
    },
    "statement": {
        "type": "object",
        "description": "One true/false statement: its own card",
        "additionalProperties": False,
        "required": ["id", "text"],
        "properties": {
            "id": _id("Stable id, unique within the question"),
            "text": _str("The statement (Markdown, $math$)"),
            "answer": {"type": ["boolean", "null"], "description": "true or false; null if it still needs an answer"},
            "explain": _str("Why (Markdown), shown after answering"),
            "verify": _code("Code whose result must equal `answer` (checked by `quizapp check`)"),
            "demos": {"$ref": "#/$defs/demos"},
            "source": _str("Where this statement comes from (a notebook cell, a paper, a lecture), "
                           "when it differs from its question's"),
        },
    },
    "choice": {
        "type": "object",
        "description": "One choice of a multiple-choice question",
        "additionalProperties": False,
        "required": ["text"],
        "properties": {
            "text": _str("The choice (Markdown, $math$)"),
            "correct": {"type": "boolean", "description": "Whether this choice is right (default false)"},
            "explain": _str("Feedback shown for this choice"),
        },
    },
    "mistake": {
        "type": "object",
        "description": "A typical error: code computing what it gives for this variant, and what to tell the student",
        "additionalProperties": False,
        "required": ["code", "feedback"],
        "properties": {
            "code": _code("Code (or an expression over the setup's names) whose `result` or last expression is "
                          "what the error gives"),
            "feedback": _str("Shown when the typed answer equals this value; {{param}}, {{value}} and "
                             "{{answer}} are filled in"),
        },
    },
    "example": {
        "type": "object",
        "description": "A declared answer at fixed parameters",
        "additionalProperties": False,
        "required": ["params", "answer"],
        "properties": {
            "params": {"type": "object", "description": "A value for every parameter"},
            "answer": _ANY_VALUE,
        },
    },
}

# Fields every kind of question has.
_COMMON: dict[str, Any] = {
    "id": _id("Stable id, unique in the bank: progress follows it"),
    "topic": _str("Topic (defaults to the bank's `topic`)"),
    "tags": {"type": "array", "items": {"type": "string"}, "description": "Short labels for filtering"},
    "related": {
        "type": "array", "items": {"type": "string"},
        "description": "Ids of questions of this bank that give this one's answer away (or it "
                       "theirs): never shown right after it, buried with it when bury_related is on",
    },
    "title": _str("A short label for lists and results"),
    "setup": _code("Code shown with the question and run before each of its snippets"),
    "explain": _str("Markdown shown after the answer is revealed"),
    "demos": {"$ref": "#/$defs/demos"},
    "run": {"$ref": "#/$defs/run"},
    "source": _str("Where the question comes from"),
    "hints": {"type": "array", "minItems": 1, "items": {"type": "string"},
              "description": "Hints shown one at a time, on request, before answering (Markdown)"},
}

_KIND_FIELDS: dict[str, tuple[list[str], dict[str, Any]]] = {
    "true_false": (
        ["stem", "statements"],
        {
            "stem": _str("The shared stem shown above each statement"),
            "statements": {
                "type": "array", "minItems": 1, "items": {"$ref": "#/$defs/statement"},
                "description": "The statements; each is its own card",
            },
        },
    ),
    "open": (
        ["prompt"],
        {
            "prompt": _str("The question (Markdown, $math$)"),
            "answer": {"type": ["string", "null"], "description": "The model answer (Markdown)"},
            "key_points": {
                "type": "array", "items": {"type": "string"},
                "description": "What a grader looks for (2-5 short points)",
            },
        },
    ),
    "computed": (
        ["prompt"],
        {
            "prompt": _str("The question; {{param}} placeholders are filled per variant"),
            "compute": _code("Code whose `result` (or last expression) is the true answer, computed live"),
            "cross_check": _code("A second computation that must agree with `compute`"),
            "compare": {"enum": list(COMPARES), "description": "How the typed answer is compared (default exact)"},
            "tolerance": {"$ref": "#/$defs/tolerance"},
            "answer": _ANY_VALUE,
            "examples": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/example"},
                         "description": "Declared answers at fixed parameters (parametrised questions)"},
            "params": {
                "type": "object", "description": "Parameters drawn afresh for every review",
                "propertyNames": {"pattern": PARAM_NAME_PATTERN},
                "additionalProperties": {"$ref": "#/$defs/param"},
            },
            "variables": {
                "type": "object", "description": "For `expression`: name -> [low, high] sampling range",
                "propertyNames": {"pattern": PARAM_NAME_PATTERN},
                "additionalProperties": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}},
            },
            "hint": _str("Shown at the answer input, e.g. 'a shape such as (N, C, H, W)'"),
            "digits": {"type": "integer", "minimum": 1,
                       "description": "Significant digits a rounded number needs to be right (default 3)"},
            "mistakes": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/mistake"},
                         "description": "Typical errors, computed for each variant, recognised in typed answers"},
            "factors": {
                "type": "array", "minItems": 1, "items": {"type": ["number", "string"]},
                "description": "Factors a near miss may be off by: numbers or expressions over the "
                               "parameters, e.g. [2, 'k**2']",
            },
            "near_miss_grade": {"enum": ["hard", "again"],
                                "description": "Grade suggested for a near miss (default hard)"},
            "second_try": {"type": "boolean",
                           "description": "A wrong typed answer gets one more try (default: the bank's `second_try`)"},
        },
    ),
    "multiple_choice": (
        ["prompt", "choices"],
        {
            "prompt": _str("The question (Markdown, $math$)"),
            "choices": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/choice"},
                        "description": "The choices (at least one correct)"},
            "shuffle": {"type": "boolean", "description": "Shuffle the choices each review (default true)"},
        },
    ),
}


def _question_def(kind: str) -> dict:
    required, fields = _KIND_FIELDS[kind]
    return {
        "type": "object",
        "description": kind_info(kind).description,
        "x-name": kind_info(kind).noun,
        "additionalProperties": False,
        "required": ["id", "kind", *required],
        "properties": {
            "kind": {"const": kind, "description": "The kind of question"},
            **_COMMON,
            **fields,
        },
    }


for _kind in KINDS:
    _DEFS[f"question_{_kind}"] = _question_def(_kind)

_DEFS["question"] = {
    "description": "A question; `kind` decides which other fields it has",
    "type": "object",
    "required": ["id", "kind"],
    "properties": {"kind": {"enum": list(KINDS), "description": "The kind of question"}},
    "oneOf": [{"$ref": f"#/$defs/question_{k}"} for k in KINDS],
    "x-discriminator": "kind",
}

BANK_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "quizapp question bank",
    "description": "A quizapp question bank (see docs/banks.md)",
    "type": "object",
    "additionalProperties": False,
    "required": ["bank", "title", "questions"],
    "properties": {
        "format": {"const": 1, "description": "Version of the bank format"},
        "bank": _id("Stable id of the bank: progress is stored under it"),
        "title": _str("The bank's title"),
        "version": {"type": ["string", "number"], "description": "The bank's own version"},
        "author": _str("Who wrote the bank"),
        "description": _str("What the bank covers (Markdown)"),
        "license": _str("Licence of the bank's content"),
        "topic": _str("Default topic of questions without one"),
        "include": {"type": ["string", "array"], "items": {"type": "string"},
                    "description": "Shared file(s) (*.shared.yaml, relative to this bank, inside its folder) "
                                   "giving `macros` and hidden `helpers` code"},
        "second_try": {"type": "boolean",
                       "description": "A wrong typed answer gets one more try before the truth is shown "
                                      "(default false)"},
        "macros": {
            "type": "object",
            "description": "LaTeX macros for $math$: name -> replacement, #1..#9 are arguments",
            "propertyNames": {"pattern": r"^[A-Za-z]+$"},
            "additionalProperties": {"type": "string"},
        },
        "questions": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/question"},
                      "description": "The questions"},
    },
    "$defs": _DEFS,
}


def schema_json() -> str:
    """The schema as it is written to data/bank.schema.json."""
    return json.dumps(BANK_SCHEMA, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m quizapp.banks.schema > data/bank.schema.json
    sys.stdout.write(schema_json())
