"""A snippet writes its own result frame (fd 3), so it can forge one. Whatever it sends, the
forgery is that snippet's failure with a clear reason: the engine keeps answering, nothing is
cached, and no text that a terminal cannot write reaches the app."""

from __future__ import annotations

import json
from concurrent.futures import Future
from pathlib import Path

import pytest

from quizapp.snippets import SnippetCache, SnippetEngine, SnippetJob, SnippetResult
from quizapp.snippets.engine import _Pending

_SEND = ("import os, struct\n"
         "body = frame.encode()\n"
         "os.write(3, struct.pack('>I', len(body)) + body)\n"
         "os._exit(0)\n")


def _result_frame(value_json: str) -> str:
    return ('{"type": "result", "ok": true, "value": ' + value_json + ', "error": null, '
            '"limit": null, "charts": [], "layers": ["process"], "missing": {}}')


def _nested(depth: int) -> str:
    return '{"type": "list", "items": [' * depth + '{"type": "none"}' + "]}" * depth


def _nested_value(depth: int) -> dict[str, object]:
    value: dict[str, object] = {"type": "none"}
    for _ in range(depth):
        value = {"type": "list", "items": [value]}
    return value


FORGERIES = {
    "a number where a typed value belongs": _result_frame("5"),
    "a float that is a word": _result_frame('{"type": "float", "value": "abc"}'),
    "a list whose items are not a list": _result_frame('{"type": "list", "items": 7}'),
    "an unknown type": _result_frame('{"type": "pickle", "value": "x"}'),
    "ok that is not a boolean": '{"type": "result", "ok": "yes", "value": null}',
    "an unknown limit": '{"type": "result", "ok": false, "limit": "none of yours"}',
    "a chart with text for points": _result_frame('{"type": "none"}').replace(
        '"charts": []', '"charts": [{"series": [{"name": "a", "x": ["1"], "y": ["2"]}]}]'),
    "a value nested 600 deep": _result_frame(_nested(600)),
    "a value nested 5000 deep": _result_frame(_nested(5000)),
    "tensor values nested 600 deep": _result_frame(
        '{"type": "tensor", "shape": [1], "dtype": "float32", "values": '
        + "[" * 600 + "1" + "]" * 600 + "}"),
    "a 5000-digit integer": _result_frame('{"type": "int", "value": ' + "9" * 5000 + "}"),
    "an int where text belongs": _result_frame('{"type": "str", "value": 5}'),
    "a NaN literal": _result_frame('{"type": "float", "value": NaN}'),
    "not an object": "[1, 2, 3]",
    "bytes that are not UTF-8": None,  # sent raw, below
}


def _code(frame: str | None) -> str:
    if frame is None:
        return ("import os, struct\nos.write(3, struct.pack('>I', 4) + b'\\xff\\xfe{}')\n"
                "os._exit(0)\n")
    return f"frame = {frame!r}\n" + _SEND


@pytest.mark.parametrize("name", list(FORGERIES))
def test_a_forged_result_frame_fails_that_snippet_only(engine: SnippetEngine, name: str) -> None:
    helper = engine.helper_pid
    res = engine.run(SnippetJob(code=_code(FORGERIES[name]), time_limit=5), timeout=30)
    assert not res.ok and res.value is None
    assert res.limit == "crash" and "invalid result" in (res.error or ""), res
    # the engine (its reader thread, the same helper) still gives right answers
    after = engine.run(SnippetJob(code="6 * 7"), timeout=30)
    assert after.ok and after.value == {"type": "int", "value": 42}
    assert engine.helper_pid == helper


def test_lone_surrogates_come_back_as_replacement_characters(engine: SnippetEngine) -> None:
    res = engine.run(SnippetJob(code='d = {"\\udc80key": "\\ud800"}\n'
                                     'print("out \\ud800")\n'
                                     'result = ["\\ud800", d]'), timeout=30)
    assert res.ok, res.error
    text = json.dumps(res.value, ensure_ascii=False)
    text.encode("utf-8")  # what plain mode's print needs
    assert "\ufffd" in text and "\ud800" not in text
    res.stdout.encode("utf-8")
    failed = engine.run(SnippetJob(code='raise ValueError("\\ud800 here")'), timeout=30)
    assert not failed.ok and failed.error is not None
    assert "\ufffd here" in failed.error or "\\ud800 here" in failed.error
    failed.error.encode("utf-8")


def test_a_forged_result_is_never_cached(tmp_path: Path) -> None:
    """The app's own check, behind the helper's: a bad result from the helper fails the
    snippet and stays out of the cache (no helper needed to see it)."""
    cache = SnippetCache(tmp_path / "cache.sqlite3", torch_version="test")
    engine = SnippetEngine(cache=cache)
    job = SnippetJob(code="1")
    try:
        for forged in ({"ok": True, "value": 5},
                       {"ok": True, "value": {"type": "float", "value": "abc"}},
                       {"ok": True, "value": _nested_value(600)},
                       "not a result"):
            future: Future[SnippetResult] = Future()
            engine._pending[1] = _Pending(job, future)
            engine._on_result(1, forged)
            result = future.result(1)
            assert not result.ok and "invalid result" in (result.error or "")
            assert cache.get(job) is None
        good: Future[SnippetResult] = Future()
        engine._pending[2] = _Pending(job, good)
        engine._on_result(2, {"ok": True, "value": {"type": "str", "value": "\ud800"}})
        assert good.result(1).value == {"type": "str", "value": "\ufffd"}
        assert cache.get(job) is not None  # a valid result is cached, as before
    finally:
        engine.close()
