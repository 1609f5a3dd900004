"""A small, safe arithmetic evaluator for typed answers such as ``2*ln(2)`` or ``1-(1-p1)*(1-p2)``.

Only numbers, named variables, a few constants and math functions are allowed — never Python
evaluation — so what a student (or a bank's `variables`) types cannot run code or hang the UI.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

MAX_LENGTH = 300
MAX_EXPONENT = 1000
# Whole numbers stay exact, but below 10^300 so that every value is also a float (floats end
# near 1.8e308): `(10^100)^1000` would be a 100,001-digit integer that nothing can compare.
LARGEST = 10**300


class ExpressionError(ValueError):
    """The text is not an expression we can evaluate; the message says why."""


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


FUNCTIONS: dict[str, Callable[..., float]] = {
    "sqrt": math.sqrt, "exp": math.exp, "ln": math.log, "log": math.log, "log2": math.log2,
    "log10": math.log10, "sin": math.sin, "cos": math.cos, "tan": math.tan, "tanh": math.tanh,
    "sigmoid": _sigmoid, "abs": abs, "min": min, "max": max, "floor": math.floor, "ceil": math.ceil,
}
CONSTANTS = {"pi": math.pi, "π": math.pi, "e": math.e, "inf": math.inf}

_BINARY = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}


def _normalise(text: str) -> str:
    # What people type in a terminal: ^ for powers, × and · for products, − for minus.
    return (text.strip().replace("^", "**").replace("×", "*").replace("·", "*")
            .replace("−", "-").replace("÷", "/"))


def parse_expression(text: str) -> ast.expr:
    """Parse ``text`` into an expression tree, refusing anything but arithmetic."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"too long (at most {MAX_LENGTH} characters)")
    source = _normalise(text)
    if not source:
        raise ExpressionError("empty")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise ExpressionError(f"cannot read {text.strip()!r} as a number or expression") from None
    return tree.body


def names_in(text: str) -> set[str]:
    """The variable names an expression uses (functions and constants excluded)."""
    tree = parse_expression(text)
    return {
        n.id for n in ast.walk(tree)
        if isinstance(n, ast.Name) and n.id not in FUNCTIONS and n.id not in CONSTANTS
    }


def evaluate(text: str, variables: Mapping[str, float] | None = None) -> float:
    """The value of ``text``; raises `ExpressionError` with a readable reason."""
    return _eval(parse_expression(text), variables or {})


def _eval(node: ast.expr, env: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExpressionError(f"{node.value!r} is not a number")
        return node.value
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise ExpressionError(f"unknown name `{node.id}`")
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_eval(node.operand, env))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _eval(node.left, env), _eval(node.right, env)
        if isinstance(node.op, ast.Pow) and (abs(right) > MAX_EXPONENT or abs(left) > 1e100
                                             or (abs(left) > 1 and right > 0 and right * math.log10(abs(left)) > 300)):
            raise ExpressionError("number too large")
        try:
            value = _BINARY[type(node.op)](left, right)
        except ZeroDivisionError:
            raise ExpressionError("division by zero") from None
        except OverflowError:
            raise ExpressionError("number too large") from None
        if isinstance(value, int) and abs(value) >= LARGEST:  # a product of large whole numbers
            raise ExpressionError("number too large")
        if isinstance(value, complex):  # (-2)^0.5
            raise ExpressionError("not a real number")
        return value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        fn = FUNCTIONS.get(node.func.id)
        if fn is None:
            raise ExpressionError(f"unknown function `{node.func.id}`")
        args = [_eval(a, env) for a in node.args]
        try:
            return float(fn(*args))
        except (ValueError, TypeError, OverflowError) as exc:
            raise ExpressionError(f"{node.func.id}: {exc}") from None
    raise ExpressionError("only numbers, + - * / ^, parentheses and math functions are allowed")
