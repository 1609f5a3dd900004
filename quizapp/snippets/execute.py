"""Run one snippet's code in a namespace and describe what happened.

Runs inside the (already sandboxed) snippet process. Code is compiled with the bank's path as
its file name and blank-line padding, so a traceback names the YAML file and line; the source
is registered in ``linecache`` because the sandbox may not let the process read the bank file.
"""

from __future__ import annotations

import ast
import linecache
import sys
import traceback
from types import CodeType, ModuleType
from typing import Any

from quizapp.snippets.values import to_typed

MAX_TRACEBACK_FRAMES = 12
_MEMORY_MESSAGES = ("can't allocate memory", "not enough memory", "DefaultCPUAllocator")


def _filename(origin: Any, fallback: str) -> tuple[str, int]:
    if origin:
        path, line = origin
        return str(path), max(int(line), 1)
    return fallback, 1


def register_sources(pieces: list[tuple[str, str, int]]) -> None:
    """Put each (filename, code, first line) in linecache so tracebacks can quote it.

    Setup and code of one question usually come from the same YAML file at different lines:
    their lines are merged into one padded listing per file.
    """
    listing: dict[str, list[str]] = {}
    for filename, code, first_line in pieces:
        lines = listing.setdefault(filename, [])
        for offset, text in enumerate(code.splitlines()):
            index = first_line - 1 + offset
            if len(lines) <= index:
                lines.extend("\n" for _ in range(index + 1 - len(lines)))
            lines[index] = text + "\n"
    for filename, lines in listing.items():
        linecache.cache[filename] = (sum(map(len, lines)), None, lines, filename)


def compile_snippet(code: str, filename: str, first_line: int) -> tuple[CodeType, CodeType | None]:
    """Compile ``code``; return (statements, last expression or None).

    The last statement, when it is an expression, is compiled apart so its value can be kept.
    """
    padded = "\n" * (first_line - 1) + code
    tree = ast.parse(padded, filename, "exec")
    last: CodeType | None = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        final = tree.body.pop()
        assert isinstance(final, ast.Expr)
        last = compile(ast.Expression(final.value), filename, "eval", dont_inherit=True)
    body = compile(ast.Module(tree.body, type_ignores=[]), filename, "exec", dont_inherit=True)
    return body, last


def _is_memory_error(exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):
        return True
    return isinstance(exc, RuntimeError) and any(m in str(exc) for m in _MEMORY_MESSAGES)


def format_error(exc: BaseException) -> str:
    """A traceback with this module's frames removed and at most a dozen frames kept."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    lines = []
    if frames:
        if len(frames) > MAX_TRACEBACK_FRAMES:
            head = frames[:2]
            tail = frames[-(MAX_TRACEBACK_FRAMES - 2) :]
            hidden = len(frames) - len(head) - len(tail)
            lines += traceback.format_list(head)
            lines.append(f"  … {hidden} more frames …\n")
            lines += traceback.format_list(tail)
        else:
            lines += traceback.format_list(frames)
        lines.insert(0, "Traceback (most recent call last):\n")
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip("\n")


def run_snippet(
    job: dict[str, Any], namespace: dict[str, Any], torch: ModuleType | None = None
) -> dict[str, Any]:
    """Run ``job``'s setup then code in ``namespace``; return ok/value/error/limit.

    ``namespace`` already holds the names snippets can use (torch, nn, F, math, chart) and the
    parameters. The value is ``result`` if the code sets it, else the code's last expression.
    """
    setup_file, setup_line = _filename(job.get("setup_origin"), "<setup>")
    code_file, code_line = _filename(job.get("code_origin"), "<snippet>")
    setup = job.get("setup") or ""
    code = job.get("code") or ""
    helpers = job.get("helpers") or ""
    helpers_file, helpers_line = _filename(job.get("helpers_origin"), "<helpers>")
    register_sources([(setup_file, setup, setup_line), (code_file, code, code_line),
                      *([(helpers_file, helpers, helpers_line)] if helpers else [])])
    try:
        if helpers.strip():  # the bank's shared helper code: definitions the snippets use
            helpers_body, helpers_last = compile_snippet(helpers, helpers_file, helpers_line)
            exec(helpers_body, namespace)
            if helpers_last is not None:
                eval(helpers_last, namespace)
            namespace.pop("result", None)
        if setup.strip():
            setup_body, setup_last = compile_snippet(setup, setup_file, setup_line)
            exec(setup_body, namespace)
            if setup_last is not None:
                eval(setup_last, namespace)
            namespace.pop("result", None)  # the value is the snippet's own, not the setup's
        body, last = compile_snippet(code, code_file, code_line)
        exec(body, namespace)
        last_value = eval(last, namespace) if last is not None else None
        value = namespace["result"] if "result" in namespace else last_value
    except SystemExit as exc:
        return {"ok": False, "error": f"the snippet called exit({exc.code!r})", "limit": None}
    except BaseException as exc:  # noqa: BLE001 - a snippet's failure is data, whatever it raised
        limit = "memory" if _is_memory_error(exc) else None
        return {"ok": False, "error": format_error(exc), "limit": limit}
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    try:
        typed = to_typed(value, torch)
    except BaseException as exc:  # noqa: BLE001 - describing a snippet's value may raise anything
        return {"ok": False, "error": "could not describe the result: " + format_error(exc),
                "limit": "memory" if _is_memory_error(exc) else None}
    return {"ok": True, "value": typed, "error": None, "limit": None}
