"""Turn a schema-valid bank document into a `Bank`, checking what a schema cannot say.

Schema-level problems (types, unknown keys…) are found by `validate`; here we check ids are
unique, placeholders name declared parameters, examples fit the parameters, declared answers
fit their comparison, and every snippet compiles — each problem with its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.banks.kinds import Kind
from quizapp.banks.model import (
    DEFAULT_TIME_LIMIT,
    DEFAULT_TOLERANCE,
    Bank,
    Choice,
    Code,
    Demo,
    Example,
    Mistake,
    Param,
    Question,
    RunSettings,
    Statement,
)
from quizapp.banks.positions import Mark, YMap, _raw, _to_mark
from quizapp.banks.problems import ProblemList
from quizapp.banks.variants import Variant, placeholders

DEFAULT_TOPIC = "general"
# A parameter's range is never materialised (`Param.values` is a `range`), but a variant is drawn
# with `random.choice`, which needs its length to fit in a machine word; and no quiz needs more.
MAX_PARAM_VALUES = 1_000_000

_PLACEHOLDER_FIELDS = ("prompt", "setup", "hint", "explain", "stem")
_MISTAKE_NAMES = frozenset({"value", "answer"})  # placeholders a mistake's feedback may use besides params
_NONE_DECLARED: frozenset[str] = frozenset()
_DEFAULT_RUN = RunSettings()  # shared by the questions without `run` (it is frozen)


class BankBuilder:
    """Builds one bank from its validated document, adding problems as it finds them."""

    def __init__(self, path: Path, source: str | list[str], problems: ProblemList) -> None:
        """``source`` is the file's text (or its lines): a syntax error's column needs its line."""
        self.path = path
        self.path_text = str(path)
        self.source = source
        self.problems = problems
        self.shared_macros: dict[str, str] = {}  # from the bank's `include:` files
        self.helpers: Code | None = None

    @property
    def lines(self) -> list[str]:
        if isinstance(self.source, str):  # split only when a problem needs a line (4 MB: ~15 ms)
            self.source = self.source.splitlines()
        return self.source

    # -- helpers -----------------------------------------------------------------------
    def error(self, mark: Mark, message: str, code: str) -> None:
        self.problems.add(mark.line, mark.col, message, code=code)

    def warn(self, mark: Mark, message: str, code: str) -> None:
        self.problems.add(mark.line, mark.col, message, code=code, severity="warning")

    def code(self, doc: YMap, key: str, params: dict[str, Any] | None = None) -> Code | None:
        """The code under ``key``, compiled once to report syntax errors at their YAML line."""
        text = doc.get(key)
        if text is None:
            return None
        place = doc.value_node(key)
        raw = _raw(place)
        block = raw is not place  # a `|` or `>` scalar: the text starts on the next line
        code = Code(text, self.path, raw.line + 1 + block)
        filled = Variant(0, params).fill(text) if params and "{{" in text else text
        try:
            compile(filled, self.path_text, "exec", dont_inherit=True)
        except SyntaxError as exc:
            line = code.line + (exc.lineno or 1) - 1
            col = (exc.offset or 1) + (self._indent(line) if block else raw.column)
            self.problems.add(line, col, f"Python syntax error in `{key}`: {exc.msg}", code="syntax")
        except ValueError as exc:  # e.g. NUL bytes
            self.error(_to_mark(place), f"`{key}` cannot be compiled: {exc}", "syntax")
        return code

    def _indent(self, line: int) -> int:
        if 1 <= line <= len(self.lines):
            text = self.lines[line - 1]
            return len(text) - len(text.lstrip(" "))
        return 0

    def demos(self, doc: YMap, params: dict[str, Any] | None) -> tuple[Demo, ...]:
        out = []
        for item in doc.get("demos") or ():
            code = self.code(item, "code", params)
            assert code is not None  # required by the schema
            out.append(Demo(item["title"], code, item.get("explain") or ""))
        return tuple(out)

    # -- the bank ----------------------------------------------------------------------
    def build(self, doc: YMap, shipped: bool, valid: list[bool]) -> Bank:
        """Build the bank from its questions that passed the schema (``valid`` flags)."""
        bank_id = doc["bank"]
        default_topic = doc.get("topic") or DEFAULT_TOPIC
        questions: list[Question] = []
        seen: dict[str, YMap] = {}
        for q_doc, place, ok in zip(doc["questions"], doc["questions"].places, valid):
            if not ok:
                continue
            qid = q_doc["id"]
            if qid in seen:
                first = seen[qid].value_mark("id").line
                self.error(q_doc.value_mark("id"), f"duplicate question id `{qid}` (first used at line {first})",
                           "duplicate-id")
                continue
            seen[qid] = q_doc
            questions.append(self.question(q_doc, bank_id, default_topic, _raw(place).line + 1))
        if "macros" in doc:
            self.check_macros(doc)
        self.check_related(doc["questions"])
        version = doc.get("version")
        return Bank(
            id=bank_id,
            title=doc["title"],
            path=self.path,
            questions=questions,
            version="" if version is None else str(version),
            author=doc.get("author") or "",
            description=doc.get("description") or "",
            license=doc.get("license") or "",
            macros={**self.shared_macros, **(doc.get("macros") or {})},
            shipped=shipped,
            second_try=bool(doc.get("second_try", False)),
        )

    def check_related(self, question_docs: list[Any]) -> None:
        """A `related` id that is not another question of this bank links nothing: say where."""
        ids = {q["id"] for q in question_docs if isinstance(q, dict) and isinstance(q.get("id"), str)}
        for q in question_docs:
            related = q.get("related") if isinstance(q, dict) else None
            if not isinstance(related, list):
                continue
            marks = getattr(related, "item_marks", None) or [q.value_mark("related")] * len(related)
            for other, mark in zip(related, marks):
                if other == q.get("id"):
                    self.warn(mark, f"`related` names the question itself (`{other}`): it links nothing",
                              "unknown-related")
                elif isinstance(other, str) and other not in ids:
                    self.warn(mark, f"`related` names `{other}`, which is not a question of this bank: "
                                    "it links nothing", "unknown-related")

    def question(self, d: YMap, bank_id: str, default_topic: str, line: int) -> Question:
        kind = d["kind"]
        params = self.params(d) if "params" in d else ()
        sample = {p.name: p.values()[0] for p in params} if params else None
        # every parameter written is declared, even one refused above (no second problem for it)
        self.check_placeholders(d, set(d["params"]) if d.get("params") else _NONE_DECLARED)
        run_doc = d.get("run")
        common: dict[str, Any] = dict(
            id=d["id"],
            kind=kind,
            topic=d.get("topic") or default_topic,
            bank_id=bank_id,
            line=line,
            tags=tuple(d.get("tags") or ()),
            related=tuple(d.get("related") or ()),
            title=d.get("title") or "",
            setup=self.code(d, "setup", sample) if "setup" in d else None,
            helpers=self.helpers,
            explain=d.get("explain") or "",
            demos=self.demos(d, sample) if "demos" in d else (),
            run=RunSettings(
                time_limit=float(run_doc.get("time_limit", DEFAULT_TIME_LIMIT)),
                seed=int(run_doc.get("seed", 0)),
                memory_mb=run_doc.get("memory_mb"),
            ) if run_doc else _DEFAULT_RUN,
            source=d.get("source") or "",
            hints=tuple(d.get("hints") or ()),
        )
        for hint_text in common["hints"]:
            for name in sorted(placeholders(hint_text) - (set(sample) if sample else _NONE_DECLARED)):
                self.error(d.value_mark("hints"), f"`{{{{{name}}}}}` in `hints` is not a declared parameter",
                           "unknown-placeholder")
        if kind == Kind.TRUE_FALSE:
            return Question(stem=d["stem"], statements=self.statements(d), **common)
        if kind == Kind.OPEN:
            answer = d.get("answer")
            if not (answer or "").strip():
                self.warn(d.mark, f"question `{d['id']}` needs an answer (a model answer)", "needs-answer")
            return Question(prompt=d["prompt"], answer=answer or "", key_points=tuple(d.get("key_points") or ()),
                            **common)
        if kind == Kind.MULTIPLE_CHOICE:
            choices = tuple(Choice(c["text"], bool(c.get("correct", False)), c.get("explain") or "")
                            for c in d["choices"])
            if not any(c.correct for c in choices):
                self.error(d.value_mark("choices"), "no choice is marked `correct: true`", "no-correct-choice")
            return Question(prompt=d["prompt"], choices=choices, shuffle=bool(d.get("shuffle", True)), **common)
        return self.computed(d, params, sample, common)

    def statements(self, d: YMap) -> tuple[Statement, ...]:
        out: list[Statement] = []
        seen: set[str] = set()
        for s, place in zip(d["statements"], d["statements"].places):
            if s["id"] in seen:
                self.error(s.value_mark("id"), f"duplicate statement id `{s['id']}` in question `{d['id']}`",
                           "duplicate-id")
                continue
            seen.add(s["id"])
            answer = s.get("answer")
            if answer is None:
                self.warn(_to_mark(place), f"statement `{s['id']}` needs an answer (true or false)", "needs-answer")
            elif not (s.get("explain") or "").strip():  # one warning per statement is enough
                self.warn(_to_mark(place), f"statement `{s['id']}` has no explanation", "needs-explanation")
            out.append(Statement(s["id"], s["text"], answer, s.get("explain") or "",
                                 self.code(s, "verify") if "verify" in s else None,
                                 self.demos(s, None) if "demos" in s else (), _raw(place).line + 1,
                                 s.get("source") or ""))
        return tuple(out)

    def params(self, d: YMap) -> tuple[Param, ...]:
        doc = d.get("params")
        if not doc:
            return ()
        out = []
        for name, spec in doc.items():
            if "range" in spec and "choices" not in spec:
                low, high, *rest = spec["range"]
                step = rest[0] if rest else 1
                if step <= 0 or high < low:
                    self.error(doc.value_mark(name), f"parameter `{name}`: range needs low <= high and a step > 0",
                               "invalid-value")
                    continue
                count = (high - low) // step + 1
                if count > MAX_PARAM_VALUES:
                    self.error(doc.value_mark(name), f"parameter `{name}`: range gives {count:,} values; a parameter "
                               f"takes at most {MAX_PARAM_VALUES:,} (use a larger step)", "too-many")
                    continue
                out.append(Param(name, range=(low, high, step)))
            elif "choices" in spec and "range" not in spec:
                out.append(Param(name, choices=tuple(spec["choices"])))
        return tuple(out)

    def check_macros(self, doc: YMap) -> None:
        """A macro that uses itself, directly or through others, never finishes expanding (the
        renderer stops at a budget and shows a mess): refuse each such loop once, at its first
        macro written in this bank. Linear in the macros and their uses, however many."""
        macros = doc["macros"]
        every = {**self.shared_macros, **macros}  # a loop may pass through an included file's macros
        uses = {name: sorted(set(_MACRO_USE.findall(str(body))) & every.keys()) for name, body in every.items()}
        for group in _circles(uses):
            own = [name for name in macros if name in group]  # in file order
            if own:
                path = _path_around(own[0], group, uses)
                shown = path if len(path) <= 8 else [*path[:6], "…", path[-1]]
                through = " → ".join(n if n == "…" else f"\\{n}" for n in shown)
                self.error(macros.value_mark(own[0]), f"macro `\\{own[0]}` expands to itself ({through}): "
                           "it would never finish", "macro-loop")

    def check_placeholders(self, d: YMap, declared: set[str] | frozenset[str]) -> None:
        get = d.get
        for key in _PLACEHOLDER_FIELDS:
            text = get(key)
            if text is not None and isinstance(text, str) and "{{" in text:
                for name in sorted(placeholders(text) - declared):
                    self.error(d.value_mark(key), f"`{{{{{name}}}}}` in `{key}` is not a declared parameter",
                               "unknown-placeholder")

    def computed(self, d: YMap, params: tuple[Param, ...], sample: dict | None, common: dict) -> Question:
        compare = d.get("compare", "exact")
        tolerance = _tolerance(d.get("tolerance"))
        examples = self.examples(d, params)
        answer = plain(d.get("answer"))
        compute = self.code(d, "compute", sample)
        has_declared = "answer" in d and answer is not None
        if compute is None and not has_declared:
            self.warn(d.mark, f"question `{d['id']}` needs an answer: give `compute` code or an `answer`",
                      "needs-answer")
        if params and has_declared and compute is not None:
            self.error(d.value_mark("answer"),
                       "a parametrised question has a different answer per variant: declare `examples` instead",
                       "answer-with-params")
        if examples and not params:
            self.error(d.value_mark("examples"), "`examples` need `params`", "examples-without-params")
        if params and compute is None:
            self.error(d.value_mark("params"), "parameters need `compute` code to find each variant's answer",
                       "params-without-compute")
        variables: dict[str, tuple[float, float]] = {}
        for name, bounds in (d.get("variables") or {}).items():
            variables[name] = (float(bounds[0]), float(bounds[1]))
        if compare == "expression" and not variables:
            self.error(d.mark, "`compare: expression` needs `variables` (name: [low, high])", "missing-key")
        for value, example in [(answer, None)] + [(e.answer, e) for e in examples]:
            if value is not None:
                problem = _answer_shape_problem(compare, value)
                if problem:
                    self.error(d.value_mark("answer") if example is None else Mark(example.line, 1), problem,
                               "answer-type")
        mistakes = self.mistakes(d, sample)
        if mistakes and compute is None:
            self.error(d.value_mark("mistakes"), "`mistakes` need `compute` code: they are computed like the truth",
                       "mistakes-without-compute")
        factors = tuple(d.get("factors") or ())
        for factor in factors:
            if isinstance(factor, str):
                problem = _factor_problem(factor, set(sample or ()))
                if problem:
                    self.error(d.value_mark("factors"), f"factor {factor!r}: {problem}", "bad-factor")
        return Question(
            prompt=d["prompt"], compute=compute, cross_check=self.code(d, "cross_check", sample),
            compare=compare, tolerance=tolerance, answer=answer, examples=examples, params=params,
            variables=variables, hint=d.get("hint") or "", digits=int(d.get("digits") or 3), mistakes=mistakes,
            factors=factors, near_miss_grade=d.get("near_miss_grade", "hard"), second_try=d.get("second_try"),
            **common,
        )

    def mistakes(self, d: YMap, sample: dict | None) -> tuple[Mistake, ...]:
        out = []
        declared = set(sample or ()) | _MISTAKE_NAMES
        for item in d.get("mistakes") or ():
            code = self.code(item, "code", sample)
            assert code is not None  # required by the schema
            feedback = item["feedback"]
            for name in sorted(placeholders(feedback) - declared):
                self.error(item.value_mark("feedback"),
                           f"`{{{{{name}}}}}` in a mistake's feedback is not a parameter, `value` or `answer`",
                           "unknown-placeholder")
            out.append(Mistake(code, feedback))
        return tuple(out)

    def examples(self, d: YMap, params: tuple[Param, ...]) -> tuple[Example, ...]:
        out = []
        by_name = {p.name: p for p in params}
        allowed = {p.name: _membership(p) for p in params}
        for e, place in zip(d.get("examples") or (), getattr(d.get("examples"), "places", ())):
            given = dict(e["params"])
            missing = sorted(set(by_name) - set(given))
            unknown = sorted(set(given) - set(by_name))
            bad = [n for n in given if n in by_name and not allowed[n](given[n])]
            if missing or unknown or bad:
                parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
                    [f"unknown {', '.join(unknown)}"] if unknown else []) + (
                    [f"{n}={given[n]!r} is not one of its values" for n in bad])
                self.error(e.value_mark("params"), "example parameters: " + "; ".join(parts), "bad-example")
                continue
            out.append(Example(given, plain(e["answer"]), _raw(place).line + 1))
        return tuple(out)


def _membership(param: Param) -> Callable[[Any], bool]:
    """Whether a value is one of ``param``'s, answered at once: `x in values` would scan a
    range of a million values for every example that gives a float or a bool."""
    if param.choices is not None:
        choices = set(param.choices)  # numbers, text, booleans: hashable (the schema says so)

        def is_choice(value: Any) -> bool:
            try:
                return value in choices
            except TypeError:  # a list or mapping given: unhashable, and never a choice
                return False

        return is_choice
    values = param.values()

    def in_range(value: Any) -> bool:
        if isinstance(value, float):
            return value.is_integer() and int(value) in values
        return isinstance(value, int) and int(value) in values  # `True` is 1, as `in` says

    return in_range


_MACRO_USE = re.compile(r"\\([A-Za-z]+)")  # a macro named in a body (macro names are letters)


def _circles(uses: dict[str, list[str]]) -> list[set[str]]:
    """The groups of macros that use one another in a circle (a macro that uses itself is a
    group of one): Tarjan's strongly connected components, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in uses:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(uses[root]))]
        while work:
            node, following = work[-1]
            for used in following:
                if used not in index:
                    index[used] = low[used] = len(index)
                    stack.append(used)
                    on_stack.add(used)
                    work.append((used, iter(uses[used])))
                    break
                if used in on_stack:
                    low[node] = min(low[node], index[used])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1 or node in uses[node]:
                        groups.append(group)
    return groups


def _path_around(start: str, group: set[str], uses: dict[str, list[str]]) -> list[str]:
    """A shortest way from ``start`` through ``group`` back to ``start`` (breadth first)."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for name in frontier:
            for used in uses[name]:
                if used == start:
                    path = [name]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if used in group and used not in came_from:
                    came_from[used] = name
                    following.append(used)
        frontier = following
    return [start, start]  # not reached: every member of a group is on a circle through start


def plain(value: Any) -> Any:
    """``value`` as plain lists and dicts: a loaded bank keeps no YAML positions."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _tolerance(value: Any) -> tuple[float, float]:
    if value is None:
        return DEFAULT_TOLERANCE
    if isinstance(value, (int, float)):
        return (float(value), 0.0)
    return (float(value.get("abs", 0.0)), float(value.get("rel", 0.0)))


def _factor_problem(text: str, names: set[str]) -> str | None:
    """Why a factor expression cannot be evaluated with the question's parameters, or None."""
    import ast  # only banks with factors pay for it

    try:
        tree = ast.parse(text.replace("^", "**"), mode="eval")
    except SyntaxError:
        return "cannot read it as an expression"
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    unknown = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called} - names
                     - {"pi", "e"})
    if unknown:
        return f"{', '.join(unknown)} is not a parameter"
    return None


def _answer_shape_problem(compare: str, value: Any) -> str | None:
    """Why a declared answer cannot be compared the way the question says, or None."""
    if compare == "shape":
        if not (isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            return "a `shape` answer is a list of whole numbers, e.g. [1, 32, 122, 122]"
    elif compare == "numeric":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "a `numeric` answer is a number"
    elif compare == "one_of":
        if not isinstance(value, list) or not value:
            return "a `one_of` answer is a list of accepted answers"
    elif compare == "expression":
        if not isinstance(value, str):
            return "an `expression` answer is an expression in the variables, as text"
    elif compare == "tensor":
        if not isinstance(value, (list, int, float)) or isinstance(value, bool):
            return "a `tensor` answer is a number or nested lists of numbers, e.g. [[1, 2], [3, 4]]"
    return None
