"""The schema of what crosses the sandbox boundary, checked before anything else touches it.

A snippet process writes its own result frame (fd 3), so hostile bank code can send any JSON
it likes: a number where a typed value belongs, a float that is the string ``"abc"``, a value
nested 600 levels deep, text with lone surrogates (``"\\ud800"``, which no terminal encoding can
write). Everything a child sends is checked here, in the helper, as it arrives
(`child_message`); the app checks the helper's results once more (`result_payload`) before it
builds a `SnippetResult`, shows it or caches it. A frame that does not fit is that snippet's
failure with a one-line reason, never an exception in the engine.

The checks walk the data with an explicit depth bound (no recursion past ``MAX_DEPTH``, so no
``RecursionError`` in a reader thread), bound the count of nodes, cut over-long text (an honest
traceback can be long: it is shortened, not refused), and replace lone surrogates with U+FFFD.
The functions return a cleaned copy; the input is never trusted again.
"""

from __future__ import annotations

import math
import re
from typing import Any

from quizapp.snippets.images import ImageError, check_images

MAX_DEPTH = 40  # typed values nest at most 33 deep (values.MAX_DEPTH + a repr leaf)
MAX_TENSOR_DEPTH = 64  # nested lists of a tensor's values: one per dimension
MAX_NODES = 2_000_000  # JSON values in one result, all levels together
MAX_TEXT = 1024 * 1024  # one string (an error message, a value)
MAX_NAME = 200  # a layer's name, a dict key, a chart label
MAX_ITEMS = 10_000  # values.MAX_ITEMS
LIMITS = (None, "time", "memory", "output", "crash", "engine")
_SCALARS = ("none", "bool", "int", "float", "str", "repr")
_FLOAT_WORDS = ("nan", "inf", "-inf")
_SURROGATE = re.compile("[\ud800-\udfff]")


class InvalidResult(ValueError):
    """What a child (or the helper) sent does not fit the schema; the message says where."""


def clean_text(value: Any, where: str, limit: int = MAX_TEXT) -> str:
    """A string that can be written in UTF-8 and is at most ``limit`` characters."""
    if not isinstance(value, str):
        raise InvalidResult(f"{where}: expected text, got {_kind(value)}")
    if len(value) > limit:
        value = value[:limit] + "…"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: JSON allows "\ud800", no terminal does
        value = _SURROGATE.sub("\ufffd", value)
    return value


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


class _Walker:
    """Checks one message; counts nodes across all of it."""

    def __init__(self) -> None:
        self.nodes = 0

    def count(self, where: str, n: int = 1) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise InvalidResult(f"{where}: more than {MAX_NODES} values")

    def typed(self, value: Any, where: str, depth: int = 0) -> dict[str, Any]:
        """One typed value (see values.py); nested lists and dicts are checked to the bottom."""
        self.count(where)
        if depth > MAX_DEPTH:
            raise InvalidResult(f"{where}: nested more than {MAX_DEPTH} levels deep")
        if not isinstance(value, dict):
            raise InvalidResult(f"{where}: expected a typed value (an object), got {_kind(value)}")
        kind = value.get("type")
        out: dict[str, Any] = {"type": kind}
        if kind == "none":
            return out
        if kind == "bool":
            out["value"] = self._exact(value.get("value"), bool, where)
        elif kind == "int":
            number = value.get("value")
            if not isinstance(number, int) or isinstance(number, bool):
                raise InvalidResult(f"{where}: an int value must be an integer, got {_kind(number)}")
            out["value"] = number
        elif kind == "float":
            out["value"] = self._float(value.get("value"), where)
        elif kind in ("str", "repr"):
            out["value"] = clean_text(value.get("value"), where)
            self._flag(value, out, "truncated", where)
        elif kind == "shape":
            out["value"] = self._ints(value.get("value"), where)
        elif kind == "list":
            items = value.get("items")
            if not isinstance(items, list) or len(items) > MAX_ITEMS:
                raise InvalidResult(f"{where}: a list's items must be a list of at most {MAX_ITEMS}")
            out["items"] = [self.typed(item, f"{where}[{i}]", depth + 1)
                            for i, item in enumerate(items)]
            self._flag(value, out, "truncated", where)
        elif kind == "dict":
            items = value.get("items")
            if not isinstance(items, dict) or len(items) > MAX_ITEMS:
                raise InvalidResult(f"{where}: a dict's items must be an object of at most {MAX_ITEMS}")
            out["items"] = {clean_text(key, where, MAX_NAME): self.typed(item, f"{where}.{key:.40}", depth + 1)
                            for key, item in items.items()}
            self._flag(value, out, "truncated", where)
        elif kind == "tensor":
            out["shape"] = self._ints(value.get("shape"), where)
            out["dtype"] = clean_text(value.get("dtype"), where, MAX_NAME)
            values = value.get("values")
            out["values"] = None if values is None else self._tensor_values(values, where)
        else:
            raise InvalidResult(f"{where}: unknown value type {str(kind)[:40]!r}")
        return out

    def _exact(self, value: Any, kind: type, where: str) -> Any:
        if type(value) is not kind:
            raise InvalidResult(f"{where}: expected {kind.__name__}, got {_kind(value)}")
        return value

    def _flag(self, source: dict[str, Any], out: dict[str, Any], name: str, where: str) -> None:
        if name in source:
            out[name] = self._exact(source[name], bool, f"{where}.{name}")

    def _float(self, value: Any, where: str) -> float | str:
        if isinstance(value, str):
            if value not in _FLOAT_WORDS:
                raise InvalidResult(f"{where}: a float value must be a number, nan or ±inf, got a string")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidResult(f"{where}: a float value must be a number, got {_kind(value)}")
        return self._finite(value, where)

    def _finite(self, value: float, where: str) -> float:
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            raise InvalidResult(f"{where}: a number out of range") from None
        if not math.isfinite(number):  # 1e999 parses as inf
            raise InvalidResult(f"{where}: a number out of range")
        return number

    def _ints(self, value: Any, where: str) -> list[int]:
        if not isinstance(value, list) or len(value) > MAX_TENSOR_DEPTH:
            raise InvalidResult(f"{where}: a shape must be a list of at most {MAX_TENSOR_DEPTH} integers")
        self.count(where, len(value))
        for dim in value:
            if not isinstance(dim, int) or isinstance(dim, bool) or dim < 0:
                raise InvalidResult(f"{where}: a shape must hold whole numbers ≥ 0")
        return list(value)

    def _tensor_values(self, values: Any, where: str) -> Any:
        # nested lists of numbers (bools, "nan"/"inf", complex reprs as strings): walked with
        # an explicit stack, bounded depth
        root: list[Any] = [None]
        stack: list[tuple[Any, list[Any], int, int]] = [(values, root, 0, 0)]
        while stack:
            item, parent, index, depth = stack.pop()
            self.count(where)
            if isinstance(item, list):
                if depth >= MAX_TENSOR_DEPTH:
                    raise InvalidResult(f"{where}: tensor values nested more than {MAX_TENSOR_DEPTH} deep")
                copy: list[Any] = [None] * len(item)
                parent[index] = copy
                stack.extend((child, copy, i, depth + 1) for i, child in enumerate(item))
            elif isinstance(item, bool):
                parent[index] = item
            elif isinstance(item, (int, float)):
                self._finite(item, where)
                parent[index] = item
            elif isinstance(item, str):
                parent[index] = clean_text(item, where, MAX_NAME)
            elif item is None:
                parent[index] = None
            else:
                raise InvalidResult(f"{where}: tensor values must be numbers, got {_kind(item)}")
        return root[0]

    def chart(self, chart: Any, where: str) -> dict[str, Any]:
        """One chart of ``charts.make_chart``'s shape."""
        if not isinstance(chart, dict):
            raise InvalidResult(f"{where}: a chart must be an object, got {_kind(chart)}")
        out: dict[str, Any] = {}  # optional keys stay absent (the TUI has defaults)
        for name in ("title", "x_label", "y_label"):
            if name in chart:
                out[name] = clean_text(chart[name], f"{where}.{name}", MAX_NAME)
        if "kind" in chart:
            if chart["kind"] not in ("line", "bar", "scatter"):
                raise InvalidResult(f"{where}.kind: unknown chart kind")
            out["kind"] = chart["kind"]
        if "log_y" in chart:
            out["log_y"] = self._exact(chart["log_y"], bool, f"{where}.log_y")
        series = chart.get("series")
        if not isinstance(series, list) or len(series) > 20:
            raise InvalidResult(f"{where}.series: must be a list of at most 20 series")
        out["series"] = [self._series(s, f"{where}.series[{i}]") for i, s in enumerate(series)]
        return out

    def _series(self, series: Any, where: str) -> dict[str, Any]:
        if not isinstance(series, dict):
            raise InvalidResult(f"{where}: a series must be an object")
        out: dict[str, Any] = {"name": clean_text(series.get("name", ""), where, MAX_NAME)}
        for axis in ("x", "y"):
            points = series.get(axis)
            if not isinstance(points, list) or len(points) > 2000:
                raise InvalidResult(f"{where}.{axis}: must be a list of at most 2000 numbers")
            self.count(where, len(points))
            for p in points:
                if p is not None and (isinstance(p, bool) or not isinstance(p, (int, float))):
                    raise InvalidResult(f"{where}.{axis}: must hold numbers or null")
                if p is not None:
                    self._finite(p, f"{where}.{axis}")
            out[axis] = list(points)
        if len(out["x"]) != len(out["y"]):
            raise InvalidResult(f"{where}: x and y differ in length")
        if "thinned" in series:
            out["thinned"] = self._exact(series["thinned"], bool, f"{where}.thinned")
        return out

    def outcome(self, message: dict[str, Any], out: dict[str, Any]) -> None:
        """ok / value / error / limit / charts / images / layers / missing, checked into ``out``."""
        ok = self._exact(message.get("ok"), bool, "ok")
        out["ok"] = ok
        value = message.get("value")
        # a failed snippet has no value, whatever it sent; the probe's result has none either
        out["value"] = self.typed(value, "value") if ok and value is not None else None
        error = message.get("error")
        out["error"] = None if error is None else clean_text(error, "error")
        limit = message.get("limit")
        if limit not in LIMITS:
            raise InvalidResult(f"limit: unknown limit {str(limit)[:40]!r}")
        out["limit"] = limit
        charts = message.get("charts") or []
        if not isinstance(charts, list) or len(charts) > 20:
            raise InvalidResult("charts: must be a list of at most 20 charts")
        out["charts"] = [self.chart(c, f"charts[{i}]") for i, c in enumerate(charts)]
        try:  # the one check of images lives beside the format it checks
            out["images"] = check_images(message.get("images")) if ok else []
        except ImageError as exc:
            raise InvalidResult(f"images: {exc}") from None
        self.layers(message, out)

    def layers(self, message: dict[str, Any], out: dict[str, Any]) -> None:
        layers = message.get("layers") or []
        missing = message.get("missing") or {}
        if not isinstance(layers, list) or len(layers) > 50:
            raise InvalidResult("layers: must be a list of names")
        if not isinstance(missing, dict) or len(missing) > 50:
            raise InvalidResult("missing: must be an object of name -> reason")
        out["layers"] = [clean_text(name, "layers", MAX_NAME) for name in layers]
        out["missing"] = {clean_text(k, "missing", MAX_NAME): clean_text(v, "missing", 1000)
                          for k, v in missing.items()}


def child_message(message: dict[str, Any]) -> dict[str, Any]:
    """A frame a snippet process sent: ``{"type": "running"}`` or its result, cleaned.

    Raises `InvalidResult` naming the first thing that does not fit.
    """
    kind = message.get("type")
    if kind == "running":
        return {"type": "running"}
    if kind != "result":
        raise InvalidResult(f"unknown frame type {str(kind)[:40]!r}")
    out: dict[str, Any] = {"type": "result"}
    _Walker().outcome(message, out)
    return out


def typed_value(value: Any) -> dict[str, Any] | None:
    """A typed value (or None), cleaned; raises `InvalidResult`."""
    return None if value is None else _Walker().typed(value, "value")


def result_payload(data: Any) -> dict[str, Any]:
    """A result the helper sent the app (the child's outcome plus output and timing), cleaned.

    Raises `InvalidResult`; the caller turns that into the snippet's failure.
    """
    if not isinstance(data, dict):
        raise InvalidResult(f"result: expected an object, got {_kind(data)}")
    out: dict[str, Any] = {}
    _Walker().outcome(data, out)
    for stream in ("stdout", "stderr"):
        out[stream] = clean_text(data.get(stream) or "", stream)
    duration = data.get("duration_ms") or 0.0
    if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not math.isfinite(duration):
        raise InvalidResult("duration_ms: must be a number")
    out["duration_ms"] = float(duration)
    return out
