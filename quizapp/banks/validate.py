"""Check positioned YAML values against the bank JSON Schema, with line:col messages.

This interprets the subset of JSON Schema that `quizapp.banks.schema` uses (type, enum,
const, pattern, bounds, required, properties, additionalProperties, propertyNames, items,
$ref, oneOf). A test runs the `jsonschema` library on the same files to show both agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from quizapp.banks.positions import Mark, YMap, YSeq, as_mark
from quizapp.banks.problems import ProblemList
from quizapp.banks.schema import BANK_SCHEMA
from quizapp.plural import plural

_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


_TYPES = {type(None): "null", bool: "boolean", int: "integer", float: "number", str: "string",
          YSeq: "array", YMap: "object", list: "array", dict: "object"}


def json_type(value: Any) -> str:
    """The JSON Schema type name of a loaded YAML value."""
    name = _TYPES.get(type(value))
    if name is not None:
        return name
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _type_ok(actual: str, allowed: str | list[str]) -> bool:
    allowed_list = [allowed] if isinstance(allowed, str) else allowed
    return actual in allowed_list or (actual == "integer" and "number" in allowed_list)


def _describe_types(allowed: str | list[str]) -> str:
    allowed_list = [allowed] if isinstance(allowed, str) else allowed
    words = [_TYPE_WORDS[t] for t in allowed_list if t != "null"]
    return " or ".join(words) if words else "empty"


def _got(value: Any) -> str:
    kind = json_type(value)
    if kind == "string":
        shown = value if len(value) <= 30 else value[:27] + "…"
        return f"text {shown!r}"
    if kind == "boolean":
        return f"`{str(value).lower()}`"
    if kind in ("integer", "number"):
        return f"the number {value}"
    return _TYPE_WORDS[kind]


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    """' (did you mean `x`?)' for the closest option, or ''."""
    import difflib  # only when a problem is worded

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class SchemaValidator:
    """Collects every schema violation of one bank document into a `ProblemList`."""

    def __init__(self, problems: ProblemList, root: dict = BANK_SCHEMA) -> None:
        self.problems = problems
        self.root = root

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.root["$defs"][name]
        return schema

    def report(self, where: Any, message: str, code: str) -> None:
        mark = as_mark(where)
        self.problems.add(mark.line, mark.col, message, code=code)

    def check(self, value: Any, schema: dict, mark: Any, name: str) -> bool:
        """Validate ``value`` (written at ``mark``: a Mark or a YAML node; called ``name`` in
        messages). True if clean."""
        schema = self.resolve(schema)
        before = len(self.problems)
        if "x-discriminator" in schema:
            self._check_discriminated(value, schema, mark, name)
            return len(self.problems) == before
        if "const" in schema and value != schema["const"]:
            self.report(mark, f"{name} must be {schema['const']!r}", "invalid-value")
            return False
        if "enum" in schema and value not in schema["enum"]:
            options = ", ".join(map(str, schema["enum"]))
            hint = did_you_mean(value, schema["enum"]) if isinstance(value, str) else ""
            self.report(mark, f"{name} must be one of {options}, not {_got(value)}{hint}", "invalid-value")
            return False
        if "type" in schema and not _type_ok(json_type(value), schema["type"]):
            self.report(
                mark,
                f"{name} must be {_describe_types(schema['type'])}, not {_got(value)}"
                + (" (put quotes around text that looks like a number or yes/no)"
                   if "string" in schema["type"] and json_type(value) in ("boolean", "integer", "number") else ""),
                "wrong-type",
            )
            return False
        if "oneOf" in schema:
            self._check_one_of(value, schema, mark, name)
        kind = json_type(value)
        if kind == "string":
            self._check_string(value, schema, mark, name)
        elif kind in ("integer", "number"):
            self._check_number(value, schema, mark, name)
        elif kind == "array":
            self._check_array(value, schema, mark, name)
        elif kind == "object":
            self._check_object(value, schema, mark, name)
        return len(self.problems) == before

    def _check_string(self, value: str, schema: dict, mark: Mark, name: str) -> None:
        pattern = schema.get("pattern")
        if pattern and not _compiled(pattern).match(value):
            if pattern.startswith("^[A-Za-z0-9]"):
                why = "ids use letters, digits, `-`, `_` and `.`, start with a letter or digit, at most 80 characters"
            else:
                why = f"it must match {pattern}"
            self.report(mark, f"{name} {value!r} is not valid: {why}", "invalid-value")

    def _check_number(self, value: float, schema: dict, mark: Mark, name: str) -> None:
        if "minimum" in schema and value < schema["minimum"]:
            self.report(mark, f"{name} must be at least {schema['minimum']}, not {value}", "out-of-range")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            self.report(mark, f"{name} must be more than {schema['exclusiveMinimum']}, not {value}", "out-of-range")
        if "maximum" in schema and value > schema["maximum"]:
            self.report(mark, f"{name} must be at most {schema['maximum']}, not {value}", "out-of-range")

    def _check_array(self, value: YSeq, schema: dict, mark: Mark, name: str) -> None:
        if "minItems" in schema and len(value) < schema["minItems"]:
            n = schema["minItems"]
            self.report(mark, f"{name} needs at least {plural(n, 'item')}", "too-few")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            self.report(mark, f"{name} has more than {schema['maxItems']} items", "too-many")
        items = schema.get("items")
        if items is not None:
            places = getattr(value, "places", None) or [mark] * len(value)
            for i, item in enumerate(value):
                self.check(item, items, places[i], f"{name}[{i + 1}]")

    def _check_object(self, value: YMap, schema: dict, mark: Mark, name: str) -> None:
        props: dict = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        key_mark = getattr(value, "key_node", lambda k: mark)
        value_mark = getattr(value, "value_node", lambda k: mark)
        for key, item in value.items():
            if names is not None and "pattern" in names and not _compiled(names["pattern"]).match(key):
                self.report(key_mark(key), f"`{key}` is not a valid name in {name}", "invalid-value")
                continue
            if key in props:
                self.check(item, props[key], value_mark(key), f"`{key}`")
            elif extra is False:
                where = schema.get("x-name") or schema.get("description", name)
                self.report(
                    key_mark(key),
                    f"unknown key `{key}` in {_lower_first(where)}{did_you_mean(key, sorted(props))}",
                    "unknown-key",
                )
            elif isinstance(extra, dict):
                self.check(item, extra, value_mark(key), f"`{key}`")
        for key in schema.get("required", ()):
            if key not in value:
                what = _lower_first(schema.get("x-name") or schema.get("description", name))
                self.report(mark, f"missing `{key}` in {what}", "missing-key")

    def _check_discriminated(self, value: Any, schema: dict, mark: Mark, name: str) -> None:
        key = schema["x-discriminator"]
        if not isinstance(value, YMap):  # every mapping here was read with its places
            self.report(mark, f"{name} must be a mapping, not {_got(value)}", "wrong-type")
            return
        options = schema["properties"][key]["enum"]
        chosen = value.get(key)
        if key not in value:
            self.report(mark, f"missing `{key}` in {name}: one of {', '.join(options)}", "missing-key")
            return
        if chosen not in options:
            hint = did_you_mean(chosen, options) if isinstance(chosen, str) else ""
            self.report(
                value.value_node(key),
                f"unknown {key} `{chosen}`: one of {', '.join(options)}{hint}" if isinstance(chosen, str)
                else f"`{key}` must be one of {', '.join(options)}, not {_got(chosen)}",
                "invalid-value",
            )
            return
        branch = next(b for b in schema["oneOf"] if self.resolve(b)["properties"][key]["const"] == chosen)
        self.check(value, branch, mark, name)

    def _check_one_of(self, value: Any, schema: dict, mark: Mark, name: str) -> None:
        passing = 0
        for branch in schema["oneOf"]:
            trial = ProblemList(self.problems.path)
            if SchemaValidator(trial, self.root).check(value, branch, mark, name):
                passing += 1
        if passing == 1:
            return
        branches = [self.resolve(b) for b in schema["oneOf"]]
        if all(set(b) == {"required"} for b in branches):
            keys = [f"`{b['required'][0]}`" for b in branches]
            self.report(mark, f"{name} needs exactly one of {' or '.join(keys)}", "one-of")
        else:
            self.report(mark, f"{name}: {_lower_first(schema.get('description', 'invalid value'))}", "one-of")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# -- the compiled schema -----------------------------------------------------------------
# `SchemaValidator` interprets the schema dict and words every problem; running it on every
# one of a large bank's ~200,000 values costs more than parsing them. So each schema node is
# also compiled once into a predicate that only answers "would `SchemaValidator.check` report
# nothing here?". A bank is checked with the predicates; a question (or the bank's own fields)
# that fails one is checked again by `SchemaValidator`, which reports exactly what it always
# did. A predicate may say False when unsure (the validator then decides), never True for a
# value the validator would report; tests/banks/test_schema.py checks both agree.

_Predicate = Callable[[Any], bool]
_MISSING = object()


class _SchemaCompiler:
    """Compiles schema nodes of one root schema into predicates (each node once)."""

    def __init__(self, root: dict) -> None:
        self.root = root
        self.compiled: dict[int, tuple[dict, _Predicate]] = {}  # id(node) -> (node, predicate)

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            schema = self.root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def predicate(self, schema: dict) -> _Predicate:
        schema = self.resolve(schema)
        found = self.compiled.get(id(schema))
        if found is not None:
            return found[1]
        later: list[_Predicate] = []  # a node that refers to itself uses its predicate-to-be
        self.compiled[id(schema)] = (schema, lambda value: later[0](value))
        made = self._discriminated(schema) if "x-discriminator" in schema else self._node(schema)
        later.append(made)
        self.compiled[id(schema)] = (schema, made)
        return made

    def _discriminated(self, schema: dict) -> _Predicate:
        key = schema["x-discriminator"]
        options = schema["properties"][key]["enum"]
        branches: dict[Any, _Predicate] = {}
        for branch in schema["oneOf"]:
            branches.setdefault(self.resolve(branch)["properties"][key]["const"], self.predicate(branch))

        def discriminated(value: Any) -> bool:
            if not isinstance(value, dict) or key not in value:
                return False
            chosen = value[key]
            if chosen not in options or type(chosen) is not str:
                return False  # unhashable or not text: `SchemaValidator` decides
            branch = branches.get(chosen)
            return branch is not None and branch(value)

        return discriminated

    def _node(self, schema: dict) -> _Predicate:
        const = schema.get("const", _MISSING)
        enum = schema.get("enum")
        types = schema.get("type")
        one_of = [self.predicate(b) for b in schema.get("oneOf", ())]
        by_kind: dict[str, _Predicate] = {}
        pattern = schema.get("pattern")
        if pattern:
            match = _compiled(pattern).match
            by_kind["string"] = lambda value: match(value) is not None
        bounds = self._bounds(schema)
        if bounds is not None:
            by_kind["integer"] = by_kind["number"] = bounds
        array = self._array(schema)
        if array is not None:
            by_kind["array"] = array
        obj = self._object(schema)
        if obj is not None:
            by_kind["object"] = obj
        allowed = None if types is None else frozenset(
            name for name in set(_TYPE_WORDS) if _type_ok(name, types))

        def check(value: Any) -> bool:
            if const is not _MISSING and value != const:
                return False
            if enum is not None and value not in enum:
                return False
            kind = json_type(value)
            if allowed is not None and kind not in allowed:
                return False
            if one_of and sum(1 for p in one_of if p(value)) != 1:
                return False
            rest = by_kind.get(kind)
            return rest is None or rest(value)

        # What banks are mostly made of gets a shorter path: plain text, lists, mappings.
        plain = const is _MISSING and enum is None and not one_of
        if plain and types == "string":
            string_check = by_kind.get("string")
            if string_check is None:
                return lambda value: type(value) is str or check(value)
            return lambda value: string_check(value) if type(value) is str else check(value)
        if plain and types == "array" and array is not None:
            return lambda value: array(value) if type(value) is YSeq else check(value)
        if plain and types == "object" and obj is not None:
            return lambda value: obj(value) if type(value) is YMap else check(value)
        if const is _MISSING and enum is None and types == "object" and obj is not None:  # one_of
            def one_of_object(value: Any) -> bool:
                if type(value) is not YMap:
                    return check(value)
                passing = 0
                for p in one_of:
                    if p(value):
                        passing += 1
                return passing == 1 and obj(value)

            return one_of_object
        if set(schema) <= {"const", "description"} and const is not _MISSING:  # `kind: open`
            return lambda value: value == const
        if plain and types is None and set(schema) <= {"required", "description"}:  # a oneOf branch
            required = tuple(schema.get("required", ()))

            def has_keys(value: Any) -> bool:
                if type(value) is not YMap:
                    return check(value)
                for key in required:
                    if key not in value:
                        return False
                return True

            return has_keys
        return check

    def sure_types(self, schema: dict) -> frozenset[type]:
        """The Python types whose values ``schema`` accepts without looking at the value."""
        schema = self.resolve(schema)
        if any(k in schema for k in ("x-discriminator", "const", "enum", "oneOf")):
            return frozenset()
        types = schema.get("type")
        bounded = any(k in schema for k in _NUMBER_RULES)
        constrained = {
            "string": bool(schema.get("pattern")),
            "integer": bounded,
            "number": bounded,
            "array": any(k in schema for k in _ARRAY_RULES),
            "object": _has_object_rules(schema),
        }
        return frozenset(
            python_type for python_type, name in _TYPES.items()
            if (types is None or _type_ok(name, types)) and not constrained.get(name, False)
        )

    def _bounds(self, schema: dict) -> _Predicate | None:
        if not any(k in schema for k in _NUMBER_RULES):
            return None
        low = schema.get("minimum", _MISSING)
        above = schema.get("exclusiveMinimum", _MISSING)
        high = schema.get("maximum", _MISSING)

        def bounds(value: Any) -> bool:
            return not ((low is not _MISSING and value < low) or (above is not _MISSING and value <= above)
                        or (high is not _MISSING and value > high))

        return bounds

    def _array(self, schema: dict) -> _Predicate | None:
        if not any(k in schema for k in _ARRAY_RULES):
            return None
        min_items = schema.get("minItems")
        max_items = schema.get("maxItems")
        items = schema.get("items")
        item = self.predicate(items) if items is not None else None
        sure = self.sure_types(items) if items is not None else frozenset()

        def array(value: Any) -> bool:
            if (min_items is not None and len(value) < min_items) or (max_items is not None and len(value) > max_items):
                return False
            if item is not None:
                for x in value:
                    if type(x) not in sure and not item(x):
                        return False
            return True

        return array

    def _object(self, schema: dict) -> _Predicate | None:
        if not _has_object_rules(schema):
            return None
        props = {key: self.predicate(sub) for key, sub in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        closed = extra is False
        extra_check = self.predicate(extra) if isinstance(extra, dict) else None
        names = schema.get("propertyNames")
        name_match = _compiled(names["pattern"]).match if names is not None and "pattern" in names else None
        required = tuple(schema.get("required", ()))
        get = props.get
        # Per property, the value types that pass on their type alone (text for a `prompt`):
        # checked inline, without calling the property's predicate.
        sure = {key: self.sure_types(sub) for key, sub in schema.get("properties", {}).items()}
        sure_get = sure.get
        nothing: frozenset[type] = frozenset()

        def obj(value: Any) -> bool:
            for key, item in value.items():
                if name_match is not None and not name_match(key):
                    return False
                if type(item) in sure_get(key, nothing):
                    continue
                check = get(key)
                if check is not None:
                    if not check(item):
                        return False
                elif closed or (extra_check is not None and not extra_check(item)):
                    return False
            for key in required:
                if key not in value:
                    return False
            return True

        return obj


_NUMBER_RULES = ("minimum", "exclusiveMinimum", "maximum")
_ARRAY_RULES = ("minItems", "maxItems", "items")


def _has_object_rules(schema: dict) -> bool:
    extra = schema.get("additionalProperties", True)
    names = schema.get("propertyNames")
    return bool(schema.get("properties") or extra is False or isinstance(extra, dict) or schema.get("required")
                or (names is not None and "pattern" in names))


def _bank_fields_schema() -> dict:
    """The bank's schema without its questions' items: questions are checked one by one."""
    top = dict(BANK_SCHEMA)
    top["properties"] = {**BANK_SCHEMA["properties"], "questions": {**BANK_SCHEMA["properties"]["questions"]}}
    top["properties"]["questions"].pop("items")
    return top


_BANK_FIELDS = _bank_fields_schema()
_QUESTION = BANK_SCHEMA["properties"]["questions"]["items"]
_COMPILER = _SchemaCompiler(BANK_SCHEMA)


def validate_document(document: Any, problems: ProblemList, first_question: int = 0) -> list[bool] | None:
    """Check a whole bank document.

    Returns None when the bank itself is unusable (not a mapping, no question list…), else
    one flag per question telling whether that question is valid — so the builder can still
    check the valid ones and report their problems too. ``first_question`` is how many of the
    file's questions come before the document's first (a part of a file read in parts): a
    problem names a question by its number in the file.
    """
    mark = getattr(document, "mark", Mark(1, 1))
    if not isinstance(document, dict):
        problems.add(
            mark.line, mark.col,
            f"a bank must be a mapping with `bank`, `title` and `questions`, not {_got(document)}",
            code="wrong-type",
        )
        return None
    validator = SchemaValidator(problems)
    if not _COMPILER.predicate(_BANK_FIELDS)(document) and not validator.check(document, _BANK_FIELDS, mark,
                                                                                "the bank"):
        return None
    questions = document["questions"]
    clean = _COMPILER.predicate(_QUESTION)
    return [
        clean(q) or validator.check(q, _QUESTION, node, f"question {i}")
        for i, (q, node) in enumerate(zip(questions, questions.places), start=first_question + 1)
    ]
