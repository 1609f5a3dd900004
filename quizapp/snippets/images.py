"""The ``image(...)`` function demonstrations call, and the check every image passes on its way back.

Two halves, one format:

- In the snippet process, ``image(x, caption=…)`` turns a tensor or array (2-D grayscale,
  3-D RGB as C×H×W or H×W×C, a 4-D batch or a list of them as a grid) into plain pixels:
  uint8 bytes in base64, the shape, the value range they were scaled from, a colour map name.
  torch is handed in by the worker; this module never imports it.
- In the app, `check_images` accepts only that format, within the caps, and rebuilds it from
  the fields it knows: whatever else a hostile child put in the frame is dropped, and anything
  malformed (a huge image, wrong types, pixels that do not match the shape) is refused with one
  clear line. Results from the cache go through the same check.

A figure: ``{"caption": str, "columns": int, "panels": [panel, …]}``. A panel:
``{"width", "height", "channels" (1 or 3), "pixels" (base64, row-major H×W×C uint8),
"cmap" ("rgb", "gray", "viridis" or "diverging"), "low", "high" (the values that map to 0 and
255; null for uint8 input), "label", "nonfinite" (NaN/Inf values, drawn at the low end),
"scaled_from" ([h, w] when a big input was subsampled, else null)}``.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

MAX_SIDE = 256  # pixels per side of one panel, after subsampling in the child
MAX_PANELS = 32  # panels in one figure
MAX_FIGURES = 8  # image() calls per snippet
MAX_TOTAL_BYTES = 2 * 1024 * 1024  # decoded pixel bytes of all images of one snippet
MAX_CAPTION = 300
MAX_LABEL = 80
CMAPS = ("rgb", "gray", "viridis", "diverging")
_PANEL_KEYS = {"width", "height", "channels", "pixels", "cmap", "low", "high", "label",
               "nonfinite", "scaled_from"}


class ImageError(ValueError):
    """An image a snippet sent back is not one we accept (the message says why, in one line)."""


# ---- in the snippet process -----------------------------------------------------------------


def _as_tensor(x: Any, torch: ModuleType, what: str) -> Any:
    if isinstance(x, torch.Tensor):
        return x.detach().cpu()
    module = type(x).__module__ or ""
    if module.startswith("numpy") and hasattr(x, "shape"):
        return torch.as_tensor(x)
    if isinstance(x, (list, tuple)) and x and all(isinstance(r, (list, tuple)) for r in x):
        try:
            return torch.tensor(x, dtype=torch.float32)
        except (TypeError, ValueError, RuntimeError):
            pass
    raise TypeError(f"image(): {what} must be a tensor or an array, not {type(x).__name__}")


def _split_panels(x: Any, torch: ModuleType) -> list[Any]:
    """A list of (H, W) or (H, W, 3) tensors from what ``image`` was given."""
    if isinstance(x, (list, tuple)) and x and not all(isinstance(r, (list, tuple)) for r in x):
        panels = []
        for i, item in enumerate(x):
            t = _as_tensor(item, torch, f"item {i}")
            if t.dim() == 4:
                raise ValueError(f"image(): item {i} is 4-D {tuple(t.shape)}; pass a 2-D or 3-D image")
            panels.extend(_split_panels(t, torch))
        return panels
    t = _as_tensor(x, torch, "the image")
    if t.dim() == 4:  # N×C×H×W
        return [p for item in t for p in _split_panels(item, torch)]
    if t.dim() == 2:
        return [t]
    if t.dim() == 3:
        if t.shape[0] in (1, 3) and t.shape[-1] not in (1, 3, 4):
            return [t[0] if t.shape[0] == 1 else t.permute(1, 2, 0)]
        if t.shape[-1] in (1, 3, 4):
            return [t[..., 0] if t.shape[-1] == 1 else t[..., :3]]
        raise ValueError(
            f"image(): a 3-D image needs 1 or 3 channels (C×H×W or H×W×C), got shape "
            f"{tuple(t.shape)}; to show {t.shape[0]} maps side by side pass list(x)")
    raise ValueError(f"image(): expected a 2-D or 3-D image (or a 4-D batch), got shape {tuple(t.shape)}")


def _float_range(panels: list[Any], torch: ModuleType, vmin: Any, vmax: Any) -> tuple[float, float]:
    finite = [p[torch.isfinite(p)] for p in panels]
    values = torch.cat([f.flatten() for f in finite]) if finite else torch.zeros(0)
    lo = float(vmin) if vmin is not None else (float(values.min()) if values.numel() else 0.0)
    hi = float(vmax) if vmax is not None else (float(values.max()) if values.numel() else 1.0)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError("image(): vmin and vmax must be finite numbers")
    return lo, hi


def _subsample(t: Any) -> tuple[Any, list[int] | None]:
    h, w = int(t.shape[0]), int(t.shape[1])
    if h <= MAX_SIDE and w <= MAX_SIDE:
        return t, None
    step = math.ceil(max(h, w) / MAX_SIDE)
    return t[::step, ::step], [h, w]


def make_figure(
    x: Any,
    torch: ModuleType,
    *,
    caption: str = "",
    labels: Any = None,
    columns: int | None = None,
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
) -> dict[str, Any]:
    """Validate the arguments of ``image(...)`` and build the figure's plain pixel data.

    Panels of one figure share one value range (so they can be compared) unless ``vmin`` and
    ``vmax`` say otherwise. Single-channel float data gets ``diverging`` colours when it has
    both signs (zero is white), else ``viridis``; uint8 data is shown as is.
    """
    if cmap is not None and cmap not in CMAPS[1:]:
        raise ValueError(f"image(): cmap must be one of {', '.join(CMAPS[1:])}, not {cmap!r}")
    panels = _split_panels(x, torch)
    if not panels:
        raise ValueError("image(): nothing to show")
    if len(panels) > MAX_PANELS:
        raise ValueError(f"image(): at most {MAX_PANELS} panels per image, got {len(panels)}")
    for p in panels:
        if p.is_complex():
            raise TypeError("image(): complex values cannot be shown; pass .abs() or .real")
        if p.numel() == 0:
            raise ValueError(f"image(): an empty image (shape {tuple(p.shape)})")
    label_list = [str(s) for s in labels] if labels is not None else []
    if label_list and len(label_list) != len(panels):
        raise ValueError(f"image(): {len(label_list)} labels for {len(panels)} panels")
    as_bytes = all(p.dtype == torch.uint8 for p in panels) and vmin is None and vmax is None
    floats = [p.to(torch.float64) for p in panels]
    lo, hi = (0.0, 255.0) if as_bytes else _float_range(floats, torch, vmin, vmax)
    if not as_bytes and vmin is None and vmax is None and all(p.dim() == 3 for p in floats) \
            and 0.0 <= lo and hi <= 1.0:
        lo, hi = 0.0, 1.0  # RGB floats already in [0, 1] are colours as they are: not stretched
    singles = [p for p in floats if p.dim() == 2]
    map_name = cmap or "viridis"
    if cmap is None and singles and lo < 0 < hi and vmin is None and vmax is None:
        map_name = "diverging"
    if map_name == "diverging" and vmin is None and vmax is None:
        lo, hi = -max(abs(lo), abs(hi)), max(abs(lo), abs(hi))
    out = []
    for i, p in enumerate(floats):
        p, scaled_from = _subsample(p)
        finite = torch.isfinite(p)
        nonfinite = int((~finite).sum())
        span = hi - lo if hi > lo else 1.0
        q = ((p - lo) / span).clamp(0, 1)
        q = torch.where(torch.isnan(q), torch.zeros_like(q), q)
        pixels = (q * 255).round().to(torch.uint8).contiguous()
        channels = 3 if pixels.dim() == 3 else 1
        out.append({
            "width": int(pixels.shape[1]), "height": int(pixels.shape[0]), "channels": channels,
            "pixels": base64.b64encode(pixels.numpy().tobytes()).decode("ascii"),
            "cmap": "rgb" if channels == 3 else ("gray" if as_bytes and cmap is None else map_name),
            "low": None if as_bytes else lo, "high": None if as_bytes else hi,
            "label": label_list[i][:MAX_LABEL] if label_list else "",
            "nonfinite": nonfinite, "scaled_from": scaled_from,
        })
    cols = int(columns) if columns else min(len(out), 8)
    return {"caption": str(caption)[:MAX_CAPTION], "columns": max(1, min(cols, len(out))), "panels": out}


def image_collector(torch: ModuleType) -> tuple[Callable[..., None], list[dict[str, Any]]]:
    """An ``image`` function for a snippet's namespace and the list it appends figures to."""
    figures: list[dict[str, Any]] = []
    used = [0]

    def image(x: Any, caption: str = "", *, labels: Any = None, columns: int | None = None,
              cmap: str | None = None, vmin: float | None = None, vmax: float | None = None) -> None:
        """Show ``x`` as an image after the reveal (a list or a 4-D batch: a grid of panels)."""
        if len(figures) >= MAX_FIGURES:
            raise ValueError(f"image(): at most {MAX_FIGURES} images per snippet")
        figure = make_figure(x, torch, caption=caption, labels=labels, columns=columns,
                             cmap=cmap, vmin=vmin, vmax=vmax)
        size = sum(p["width"] * p["height"] * p["channels"] for p in figure["panels"])
        if used[0] + size > MAX_TOTAL_BYTES:
            raise ValueError(f"image(): the images of one snippet hold at most {MAX_TOTAL_BYTES} bytes "
                             "of pixels; show fewer or smaller ones")
        used[0] += size
        figures.append(figure)

    return image, figures


# ---- in the app: the check ------------------------------------------------------------------


def _number(value: Any, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ImageError(f"{what} is not a finite number")
    return float(value)


def _int(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ImageError(f"{what} must be a whole number from {low} to {high}, got {value!r:.40}")
    return value


def _text(value: Any, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ImageError(f"{what} must be text")
    value = value[:limit]
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: no terminal can write them
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def _check_panel(raw: Any, where: str) -> tuple[dict[str, Any], int]:
    if not isinstance(raw, dict):
        raise ImageError(f"{where} is not an image")
    width = _int(raw.get("width"), f"{where} width", 1, MAX_SIDE)
    height = _int(raw.get("height"), f"{where} height", 1, MAX_SIDE)
    channels = raw.get("channels")
    if channels not in (1, 3) or isinstance(channels, bool):
        raise ImageError(f"{where} must have 1 or 3 channels, got {channels!r:.20}")
    cmap = raw.get("cmap")
    if cmap not in CMAPS or (cmap == "rgb") != (channels == 3):
        raise ImageError(f"{where} has an unknown colour map {cmap!r:.20}")
    pixels = raw.get("pixels")
    expected = width * height * channels
    if not isinstance(pixels, str) or len(pixels) > 4 * (expected // 3 + 1) + 4:
        raise ImageError(f"{where} pixels are not {width}×{height}×{channels} bytes")
    try:
        size = len(base64.b64decode(pixels, validate=True))
    except (binascii.Error, ValueError):
        raise ImageError(f"{where} pixels are not base64") from None
    if size != expected:
        raise ImageError(f"{where} holds {size} bytes of pixels, {width}×{height}×{channels} needs {expected}")
    scaled = raw.get("scaled_from")
    if scaled is not None:
        if not (isinstance(scaled, list) and len(scaled) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in scaled)):
            raise ImageError(f"{where} scaled_from must be [height, width]")
    nonfinite = _int(raw.get("nonfinite", 0), f"{where} nonfinite", 0, expected)
    low, high = _number(raw.get("low"), f"{where} low"), _number(raw.get("high"), f"{where} high")
    panel = {"width": width, "height": height, "channels": channels, "pixels": pixels, "cmap": cmap,
             "low": low, "high": high, "label": _text(raw.get("label", ""), f"{where} label", MAX_LABEL),
             "nonfinite": nonfinite, "scaled_from": list(scaled) if scaled else None}
    return panel, expected


def check_images(raw: Any) -> list[dict[str, Any]]:
    """The figures a snippet sent, rebuilt from the known fields; `ImageError` if any is wrong."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ImageError("images must be a list")
    if len(raw) > MAX_FIGURES:
        raise ImageError(f"{len(raw)} images, at most {MAX_FIGURES} per snippet")
    total = 0
    out = []
    for i, figure in enumerate(raw, 1):
        where = f"image {i}"
        if not isinstance(figure, dict):
            raise ImageError(f"{where} is not an image")
        panels = figure.get("panels")
        if not isinstance(panels, list) or not 1 <= len(panels) <= MAX_PANELS:
            raise ImageError(f"{where} must hold 1 to {MAX_PANELS} panels")
        checked = []
        for j, panel in enumerate(panels, 1):
            clean, size = _check_panel(panel, f"{where} panel {j}" if len(panels) > 1 else where)
            total += size
            if total > MAX_TOTAL_BYTES:
                raise ImageError(f"the images hold over {MAX_TOTAL_BYTES} bytes of pixels")
            checked.append(clean)
        columns = _int(figure.get("columns", len(checked)), f"{where} columns", 1, MAX_PANELS)
        out.append({"caption": _text(figure.get("caption", ""), f"{where} caption", MAX_CAPTION),
                    "columns": min(columns, len(checked)), "panels": checked})
    return out
