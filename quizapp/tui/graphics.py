"""Which way this terminal can show pictures, and loading textual-image without side effects.

textual-image can draw with the Kitty graphics protocol (TGP), with Sixel, or with coloured
Unicode half blocks, which every terminal with colour shows (tmux, SSH, the tests). Its own
detection asks the terminal with escape sequences when its package is imported; once Textual
owns stdin that answer would be eaten as keystrokes (or the question would hang for 0.1 s per
protocol). So we decide from the environment, before the app starts, and import only the
renderer modules we use, later, when the first picture is shown (Pillow and textual-image stay
out of start-up).

``QUIZAPP_IMAGES`` (or ``--no-images``) overrides: ``off``, ``halfcell``, ``kitty``, ``sixel``,
``auto`` (the default).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
import types
from collections.abc import Mapping
from typing import Any, Literal

Protocol = Literal["off", "halfcell", "tgp", "sixel"]
SETTINGS: dict[str, Protocol] = {"off": "off", "halfcell": "halfcell", "kitty": "tgp", "tgp": "tgp", "sixel": "sixel"}
# Terminals known to speak a protocol (TERM or TERM_PROGRAM, lower case). Inside tmux or screen
# the escape sequences do not reach the outer terminal: half blocks there.
_TGP_TERMS = ("xterm-kitty", "ghostty")
_SIXEL_TERMS = ("foot", "mlterm", "wezterm", "contour", "yaft", "xterm-sixel", "mintty")


def choose_protocol(setting: str | None = None, env: Mapping[str, str] | None = None) -> Protocol:
    """The protocol to draw with: the setting when it names one, else what the terminal is."""
    env = os.environ if env is None else env
    wanted = (setting or env.get("QUIZAPP_IMAGES") or "auto").strip().lower()
    if wanted in SETTINGS:
        return SETTINGS[wanted]
    if env.get("TMUX") or env.get("STY") or env.get("TERM", "").startswith(("screen", "tmux")):
        return "halfcell"
    names = (env.get("TERM", "").lower(), env.get("TERM_PROGRAM", "").lower())
    if env.get("KITTY_WINDOW_ID") or any(n.startswith(_TGP_TERMS) for n in names):
        return "tgp"
    if any(n.startswith(_SIXEL_TERMS) for n in names):
        return "sixel"
    return "halfcell"


def measure_cells() -> None:
    """Learn the terminal's cell size in pixels (Kitty/Sixel need it) before Textual starts.

    Only for the pixel protocols; it is one ioctl when the terminal reports its pixel size.
    """
    try:
        from textual_image._terminal import get_cell_size

        get_cell_size()
    except Exception:  # noqa: BLE001 - no terminal, or textual-image missing: half blocks then
        pass


def _shell_package(name: str) -> None:
    """Register package ``name`` without running its ``__init__`` (which queries the terminal)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(name)
    package = types.ModuleType(name)
    package.__path__ = list(spec.submodule_search_locations)
    package.__spec__ = spec
    sys.modules[name] = package


def renderers() -> Any:
    """textual-image's renderer and widget modules, imported without any terminal query."""
    global _KIT
    with _LOCK:
        if _KIT is None:
            _KIT = _load()
        return _KIT


_KIT: Any = None
_LOCK = threading.Lock()


def _load() -> Any:
    import PIL.Image  # noqa: F401 - imported here so that the warm-up pays for it too
    import textual_image._terminal as terminal

    if not hasattr(terminal.get_cell_size, "_result"):
        # Never measured (tests, half blocks): the usual 10×20 cell, without asking the terminal.
        setattr(terminal.get_cell_size, "_result", terminal.CellSize(10, 20))  # noqa: B010 - mypy refuses a new attribute on a function
    _shell_package("textual_image.renderable")
    _shell_package("textual_image.widget")
    from textual_image.renderable import halfcell
    from textual_image.widget import _base, sixel

    class TGPImage(_base.Image, Renderable=importlib.import_module("textual_image.renderable.tgp").Image):
        """A picture drawn with the Kitty graphics protocol."""

    return types.SimpleNamespace(halfcell=halfcell.Image, TGPImage=TGPImage, SixelImage=sixel.Image,
                                 cell_size=terminal.get_cell_size())
