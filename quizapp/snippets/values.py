"""Turn whatever a snippet computed into a typed JSON value the grading code can compare.

Runs inside the snippet process. torch is handed in by the worker (this module never imports
it), so the same code also describes plain Python values. Every value is capped: a snippet
that returns a 200 MB string or a 10⁸-element list gets a truncated answer, not a dead engine.

Typed values: ``none``, ``bool``, ``int``, ``float`` (nan/inf as strings), ``str`` (with
``truncated``), ``shape``, ``list`` (tuples too), ``dict``, ``tensor`` (shape, dtype, values or
null past 1000 elements; 0-dim tensors become numbers), ``repr`` for anything else.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

MAX_STR_CHARS = 64 * 1024
MAX_REPR_CHARS = 4096
MAX_ITEMS = 10_000  # items of one list or dict
MAX_NODES = 100_000  # typed values in one result, all levels together
MAX_DEPTH = 32
MAX_TENSOR_VALUES = 1000
MAX_INT_BITS = 4096  # keeps the JSON parsable (CPython refuses ints over 4300 digits)
MAX_TOTAL_CHARS = 1024 * 1024  # text of all strings and reprs in one result together


def json_float(x: float) -> float | str:
    """A float as JSON allows it: nan and infinities become strings."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _plain_numbers(obj: Any) -> Any:
    """Nested lists from ``tolist()`` with non-finite floats made JSON-safe."""
    if isinstance(obj, list):
        return [_plain_numbers(o) for o in obj]
    if isinstance(obj, float):
        return json_float(obj)
    if isinstance(obj, (bool, int)):
        return obj
    if isinstance(obj, complex):
        return repr(obj)
    return obj


def safe_repr(value: Any, limit: int = MAX_REPR_CHARS) -> str:
    """``repr`` that never raises and never returns more than ``limit`` characters."""
    try:
        text = repr(value)
    except Exception as exc:  # noqa: BLE001 - a hostile or broken __repr__
        text = f"<{type(value).__name__} object (repr failed: {type(exc).__name__})>"
    if not isinstance(text, str):
        text = f"<{type(value).__name__} object>"
    if len(text) > limit:
        text = text[:limit] + "…"
    return text


class ValueConverter:
    """Converts one result; counts nodes so that no structure can blow up the output."""

    def __init__(self, torch: ModuleType | None = None) -> None:
        self._torch = torch
        self._nodes = 0
        self._chars_left = MAX_TOTAL_CHARS

    def _text(self, text: str, limit: int) -> tuple[str, bool]:
        keep = min(len(text), limit, self._chars_left)
        self._chars_left -= keep
        return text[:keep], keep < len(text)

    def convert(self, value: Any, depth: int = 0) -> dict[str, Any]:
        """The typed JSON value of ``value``."""
        self._nodes += 1
        if self._nodes > MAX_NODES or depth > MAX_DEPTH:
            return {"type": "repr", "value": "…", "truncated": True}
        torch = self._torch
        if value is None:
            return {"type": "none"}
        if isinstance(value, bool):
            return {"type": "bool", "value": value}
        if isinstance(value, int):
            if value.bit_length() > MAX_INT_BITS:
                return {"type": "repr", "value": f"<int of {value.bit_length()} bits>"}
            return {"type": "int", "value": int(value)}
        if isinstance(value, float):
            return {"type": "float", "value": json_float(float(value))}
        if isinstance(value, str):
            text, truncated = self._text(value, MAX_STR_CHARS)
            return {"type": "str", "value": text, "truncated": truncated}
        if torch is not None and isinstance(value, torch.Size):
            return {"type": "shape", "value": [int(d) for d in value]}
        if torch is not None and isinstance(value, torch.Tensor):
            return self._tensor(value)
        if _is_array_like(value):
            return self._array(value)
        if isinstance(value, (list, tuple)):
            items = [self.convert(v, depth + 1) for v in value[:MAX_ITEMS]]
            out: dict[str, Any] = {"type": "list", "items": items}
            if len(value) > MAX_ITEMS:
                out["truncated"] = True
            return out
        if isinstance(value, dict):
            result: dict[str, Any] = {}
            for i, (key, item) in enumerate(value.items()):
                if i >= MAX_ITEMS:
                    return {"type": "dict", "items": result, "truncated": True}
                name = key if isinstance(key, str) else safe_repr(key, 200)
                name, _ = self._text(name, 200)
                result[name] = self.convert(item, depth + 1)
            return {"type": "dict", "items": result}
        return self._repr(value)

    def _repr(self, value: Any) -> dict[str, Any]:
        text, _ = self._text(safe_repr(value), MAX_REPR_CHARS)
        return {"type": "repr", "value": text}

    def _tensor(self, tensor: Any) -> dict[str, Any]:
        try:
            t = tensor.detach().cpu()
            if t.dim() == 0:
                return self.convert(t.item())
            shape = [int(d) for d in t.shape]
            dtype = str(t.dtype).removeprefix("torch.")
            values = None
            if t.numel() <= MAX_TENSOR_VALUES:
                values = _plain_numbers(t.tolist())
            return {"type": "tensor", "shape": shape, "dtype": dtype, "values": values}
        except Exception:  # noqa: BLE001 - sparse, quantized, meta tensors…: show what we can
            return self._repr(tensor)

    def _array(self, array: Any) -> dict[str, Any]:
        try:
            shape = [int(d) for d in array.shape]
            if not shape:
                return self.convert(array.item())
            size = math.prod(shape)
            values = _plain_numbers(array.tolist()) if size <= MAX_TENSOR_VALUES else None
            dtype = str(array.dtype)
            return {"type": "tensor", "shape": shape, "dtype": dtype, "values": values}
        except Exception:  # noqa: BLE001 - an array torch cannot read: show its repr
            return self._repr(array)


def _is_array_like(value: Any) -> bool:
    # numpy arrays and scalars, without importing numpy
    module = type(value).__module__ or ""
    return module.startswith("numpy") and hasattr(value, "shape") and hasattr(value, "tolist")


def to_typed(value: Any, torch: ModuleType | None = None) -> dict[str, Any]:
    """Describe ``value`` as a typed JSON value (see the module docstring)."""
    return ValueConverter(torch).convert(value)
