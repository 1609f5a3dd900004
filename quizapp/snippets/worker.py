"""The snippet helper process, and the code each snippet process runs. The only quizapp module
that imports torch (it never runs in the app's own process).

``python -P -m quizapp.snippets.worker --helper CONFIG`` starts the helper. In ``fork`` mode
(Linux) it imports torch — and what the first deterministic-algorithms call and the first
optimizer would import — but runs no torch op (children of a parent that ran ops hang in
libgomp), then forks a fresh child per snippet. In ``spawn`` mode (no safe fork) it imports
nothing heavy and each child is a fresh ``python -m quizapp.snippets.worker --child JOBFILE``.
"""

from __future__ import annotations

import builtins
import importlib
import json
import math
import os
import random
import signal
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from quizapp.snippets import frames, landlock, pidns
from quizapp.snippets.charts import chart_collector
from quizapp.snippets.children import encode_job_file
from quizapp.snippets.execute import run_snippet
from quizapp.snippets.images import image_collector
from quizapp.snippets.sandbox import (
    Applied,
    SandboxConfig,
    apply_kernel_layers,
    apply_rlimits,
    isolate_process,
)
from quizapp.snippets.supervisor import RESULT_FD, Supervisor

_PR_SET_CHILD_SUBREAPER = 36


# ---- inside a snippet process ---------------------------------------------------------------


def _fresh_std_streams() -> None:
    # fds 1 and 2 are now this snippet's pipes; the inherited objects may hold stale buffers
    sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace",
                      buffering=1, closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace",
                      buffering=1, closefd=False)


def _report(message: dict[str, Any]) -> None:
    try:
        data = frames.encode(message)
    except (frames.FrameError, TypeError, ValueError) as exc:
        data = frames.encode({"type": "result", "ok": False, "limit": "output",
                              "error": f"the result is too large to send back ({exc})",
                              "layers": message.get("layers", []),
                              "missing": message.get("missing", {})})
    frames.write_all(RESULT_FD, data)


def run_job(job: dict[str, Any], torch: ModuleType) -> dict[str, Any]:
    """Seed, build the snippet namespace, run setup and code; the result as a dict."""
    torch.set_num_threads(1)  # reproducible, and the memory limit stays predictable
    seed = int(job.get("seed") or 0)
    random.seed(seed)
    torch.manual_seed(seed)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(seed % 2**32)
    chart, charts = chart_collector()
    image, figures = image_collector(torch)
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "__builtins__": builtins,
        "torch": torch,
        "nn": torch.nn,
        "F": torch.nn.functional,
        "math": math,
        "chart": chart,
        "image": image,
    }
    namespace.update(job.get("params") or {})
    outcome = run_snippet(job, namespace, torch)
    outcome["charts"] = charts if outcome.get("ok") else []
    outcome["images"] = figures if outcome.get("ok") else []
    return outcome


def _finish(job: dict[str, Any], applied: Applied, torch: ModuleType | None) -> None:
    if job.get("probe"):
        outcome: dict[str, Any] = {"ok": True}
    else:
        _report({"type": "running"})
        assert torch is not None
        outcome = run_job(job, torch)
    _report(dict(outcome, type="result", layers=applied.layers, missing=applied.missing))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # no atexit handlers, no torch teardown: the process is thrown away


def run_forked_child(job: dict[str, Any], config: SandboxConfig) -> None:
    """Fork mode: runs in the freshly forked child, torch already imported by the helper."""
    _fresh_std_streams()
    applied = Applied()
    isolate_process(config, applied)
    apply_kernel_layers(config, applied)
    apply_rlimits(config, applied)
    _finish(job, applied, sys.modules.get("torch"))


def spawned_child_main(job_file: str) -> None:
    """Spawn mode: a new interpreter; sandbox first (while single-threaded), then torch."""
    with open(job_file, encoding="utf-8") as handle:
        data = json.load(handle)
    os.unlink(job_file)
    job, raw = data["job"], data["config"]
    config = SandboxConfig(
        scratch=raw["scratch"], time_limit=raw["time_limit"], memory_mb=raw["memory_mb"],
        read_paths=tuple(raw["read_paths"]), disabled=frozenset(raw["disabled"]),
    )
    _fresh_std_streams()
    applied = Applied()
    isolate_process(config, applied)
    apply_kernel_layers(config, applied)
    torch: ModuleType | None = None
    if not job.get("probe"):
        torch = importlib.import_module("torch")  # heavy, and only after the sandbox is up
    apply_rlimits(config, applied)
    _finish(job, applied, torch)


# ---- the helper -----------------------------------------------------------------------------


def preload_torch() -> ModuleType:
    """Import torch and what first calls would import, without running any torch op."""
    import torch

    # Imports ~800 modules (torch._dynamo…) that a first optimizer or deterministic call would
    # otherwise pay for in every child. Toggling a flag is not an op: no thread pool starts.
    torch.use_deterministic_algorithms(True)
    torch.use_deterministic_algorithms(False)
    import torch.optim

    # Seeding is not an op either (no thread pool), but its first call costs ~5 ms: pay it once.
    torch.manual_seed(0)

    return torch


def _python_paths() -> list[str]:
    package_root = str(Path(__file__).resolve().parents[2])
    return [*sys.path, sys.prefix, sys.base_prefix, sys.exec_prefix,
            str(Path(sys.executable).resolve().parent), package_root]


def _clean_stale_scratch(base: Path) -> None:
    import shutil

    for entry in base.glob("helper-*"):
        try:
            pid = int(entry.name.split("-", 1)[1])
            os.kill(pid, 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(entry, ignore_errors=True)
        except PermissionError:
            pass


def helper_main(config: dict[str, Any]) -> None:
    """Serve the app: read ``run``/``cancel`` frames on stdin, write results on stdout."""
    started = time.monotonic()
    # Keep the protocol pipes away from fds 0/1 so no stray print can corrupt a frame.
    ctrl_in, ctrl_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    disabled = frozenset(config.get("disabled", ()))
    init_pid, helper_layers, helper_missing = None, [], {}
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        if "pidns" in disabled:
            helper_missing["pidns"] = "disabled"
        else:
            try:  # first, while this process has one thread: snippets never see the app
                init_pid = pidns.enter()
                helper_layers.append("pidns")
            except OSError as exc:
                helper_missing["pidns"] = f"{exc.strerror or exc} ({exc.filename or 'kernel refused'})"
    else:
        helper_missing["pidns"] = f"needs Linux (this is {sys.platform})"
    mode = config.get("mode", "fork")
    hello: dict[str, Any] = {"pid": os.getpid(), "mode": mode,
                             "python": sys.version.split()[0]}
    try:
        if mode == "fork":
            hello["torch"] = preload_torch().__version__
        else:
            from importlib.metadata import version

            hello["torch"] = version("torch")
    except Exception as exc:  # noqa: BLE001 - torch missing or broken: the app keeps working without it
        frames.write_all(ctrl_out, frames.encode(
            {"type": "fatal", "message": f"torch could not be loaded: {exc}"}))
        sys.exit(1)
    base = Path(config["scratch_base"])
    base.mkdir(parents=True, exist_ok=True)
    _clean_stale_scratch(base)
    scratch_root = base / f"helper-{os.getpid()}"
    scratch_root.mkdir(mode=0o700, exist_ok=True)
    read_paths = landlock.default_read_paths(_python_paths(), os.environ.get("HOME"))
    read_paths = tuple(p for p in read_paths if not p.startswith(str(base.resolve())))
    hello["start_s"] = round(time.monotonic() - started, 3)

    if mode == "fork":
        entry, prepare = run_forked_child, None
    else:
        entry, prepare = _exec_child, _write_job_file
    supervisor = Supervisor(
        ctrl_in, ctrl_out, entry, str(scratch_root), read_paths,
        disabled, int(config.get("max_parallel", 2)), hello,
        prepare_job=prepare,
    )
    supervisor.init_pid = init_pid
    supervisor.helper_layers, supervisor.helper_missing = helper_layers, helper_missing
    supervisor.serve()


def _write_job_file(job: dict[str, Any], config: SandboxConfig) -> None:
    Path(config.scratch, ".job.json").write_text(encode_job_file(job, config), encoding="utf-8")


def _exec_child(job: dict[str, Any], config: SandboxConfig) -> None:
    job_file = os.path.join(config.scratch, ".job.json")
    os.execv(sys.executable,
             [sys.executable, "-P", "-m", "quizapp.snippets.worker", "--child", job_file])


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: ``--helper CONFIG_JSON`` or ``--child JOB_FILE``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "--child":
        spawned_child_main(args[1])
    elif len(args) == 2 and args[0] == "--helper":
        helper_main(json.loads(args[1]))
    else:
        sys.exit("usage: python -m quizapp.snippets.worker --helper CONFIG | --child JOBFILE")


if __name__ == "__main__":
    main()
