"""What goes into the snippet engine and what comes out: jobs, results and the engine's status.

Plain records with ``to_dict``/``from_dict`` so they cross the process boundary as JSON
(never pickle: the other side runs someone else's code).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from quizapp.records import MutableRecord, Record, field
from quizapp.terminal_text import program_output, visible_in

DEFAULT_TIME_LIMIT = 10.0
MAX_TIME_LIMIT = 60.0
MIN_TIME_LIMIT = 0.05
# Memory a snippet may use on top of what torch itself maps (the helper's size at fork time).
DEFAULT_MEMORY_MB = 2048
MAX_MEMORY_MB = 16384
MIN_MEMORY_MB = 64
OUTPUT_KEEP_BYTES = 64 * 1024  # per stream, shown to the user
OUTPUT_KILL_BYTES = 8 * 1024 * 1024  # both streams together: past this the snippet is killed
STARTUP_ALLOWANCE = 60.0  # seconds a snippet process may take to start (spawn mode: torch import)

LimitName = Literal["time", "memory", "output", "crash", "engine"]
EngineState = Literal["stopped", "starting", "ready", "restarting", "unavailable"]


def clamp_time_limit(seconds: float) -> float:
    """The time limit actually applied: at most 60 s, never zero or negative."""
    if not isinstance(seconds, (int, float)) or math.isnan(seconds):
        return DEFAULT_TIME_LIMIT
    return float(min(max(seconds, MIN_TIME_LIMIT), MAX_TIME_LIMIT))


def clamp_memory_mb(megabytes: int | None) -> int:
    """The memory budget actually applied (MiB above torch's own footprint)."""
    if megabytes is None:
        return DEFAULT_MEMORY_MB
    return int(min(max(int(megabytes), MIN_MEMORY_MB), MAX_MEMORY_MB))


class SnippetJob(Record, frozen=True):
    """One snippet to run: a question's compute / cross_check / demo / verify code.

    ``params`` are bound as plain variables before ``setup`` runs; both share one namespace.
    ``code_origin``/``setup_origin`` are ``(yaml path, line of the first code line)`` so that
    tracebacks point into the bank file.
    """

    code: str
    setup: str = ""
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    seed: int = 0
    time_limit: float = DEFAULT_TIME_LIMIT
    memory_mb: int | None = None
    code_origin: tuple[str, int] | None = None
    setup_origin: tuple[str, int] | None = None
    use_cache: bool = True
    helpers: str = ""  # hidden code from the bank's shared file, run before `setup`
    helpers_origin: tuple[str, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form sent to the helper process (limits already clamped)."""
        return {
            "code": self.code,
            "setup": self.setup,
            "params": dict(self.params),
            "seed": int(self.seed),
            "time_limit": clamp_time_limit(self.time_limit),
            "memory_mb": clamp_memory_mb(self.memory_mb),
            "code_origin": list(self.code_origin) if self.code_origin else None,
            "setup_origin": list(self.setup_origin) if self.setup_origin else None,
            **({"helpers": self.helpers, "helpers_origin": list(self.helpers_origin) if self.helpers_origin else None}
               if self.helpers else {}),
        }


class SnippetResult(MutableRecord):
    """What a snippet produced.

    ``value`` is a typed JSON value (``{"type": "int", "value": 3}``…, see ``values.py``);
    ``limit`` names the limit that stopped the snippet, if one did; ``layers`` lists the
    isolation layers that were active in the process that ran it.
    """

    ok: bool
    value: dict[str, Any] | None = None
    stdout: str = ""
    stderr: str = ""
    error: str | None = None
    limit: LimitName | None = None
    duration_ms: float = 0.0
    charts: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)  # figures, see `images.py`
    cached: bool = False
    layers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form (used by the cache and by ``quizapp check --json``)."""
        return {
            "ok": self.ok,
            "value": self.value,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "error": self.error,
            "limit": self.limit,
            "duration_ms": round(self.duration_ms, 3),
            "charts": self.charts,
            "images": self.images,
            "cached": self.cached,
            "layers": list(self.layers),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SnippetResult:
        """Rebuild a result from its JSON form; unknown keys are ignored. Everything the
        snippet wrote comes back safe to show in a terminal (`quizapp.terminal_text`)."""
        from quizapp.snippets.images import ImageError, check_images

        error = data.get("error")
        ok = bool(data.get("ok"))
        try:
            images = check_images(data.get("images")) if ok else []
        except ImageError as exc:  # a snippet's pixels are refused whole: say why, show nothing
            ok, images, error = False, [], f"the snippet's images were refused: {exc}"
        return cls(
            ok=ok,
            value=visible_in(data.get("value")),
            stdout=program_output(str(data.get("stdout") or "")),
            stderr=program_output(str(data.get("stderr") or "")),
            error=None if error is None else program_output(str(error)),
            limit=data.get("limit"),
            duration_ms=float(data.get("duration_ms") or 0.0),
            charts=visible_in(list(data.get("charts") or [])),
            images=visible_in(images),
            cached=bool(data.get("cached")),
            layers=tuple(data.get("layers") or ()),
        )

    @classmethod
    def failure(cls, message: str, limit: LimitName | None = "engine") -> SnippetResult:
        """A result for a snippet that could not run at all (engine down, untrusted…)."""
        return cls(ok=False, error=message, limit=limit)


class EngineStatus(Record, frozen=True):
    """The engine's state, as shown in the UI's status line and by ``quizapp check --json``.

    ``layers`` are the isolation layers that a snippet gets on this machine; ``missing`` maps
    each layer that is not available to the reason.
    """

    state: EngineState
    layers: tuple[str, ...] = ()
    message: str = ""
    mode: str = ""  # "fork" (warm helper) or "spawn" (a fresh process per snippet)
    missing: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def unavailable(self) -> dict[str, str]:
        """The layers this machine could not give snippets, each with why (not those turned
        off on purpose)."""
        return {name: why for name, why in sorted(self.missing.items()) if why != "disabled"}

    def to_dict(self) -> dict[str, Any]:
        """JSON form for ``--json`` outputs."""
        return {
            "state": self.state,
            "mode": self.mode,
            "layers": list(self.layers),
            "missing": dict(self.missing),
            "message": self.message,
        }
