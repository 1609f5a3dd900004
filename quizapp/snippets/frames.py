"""Length-prefixed JSON frames: how the app, the helper and each snippet process talk.

A frame is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON. JSON, not
pickle: unpickling data from a process that runs bank code would let that code build
arbitrary objects in ours.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

HEADER = struct.Struct(">I")
MAX_FRAME_BYTES = 32 * 1024 * 1024


class FrameError(Exception):
    """The other side sent something that is not a valid frame."""


def encode(message: dict[str, Any]) -> bytes:
    """One frame, ready to write."""
    body = json.dumps(message, separators=(",", ":"), allow_nan=False).encode("utf-8")
    if len(body) > MAX_FRAME_BYTES:
        raise FrameError(f"frame of {len(body)} bytes is over the {MAX_FRAME_BYTES} byte limit")
    return HEADER.pack(len(body)) + body


def write_all(fd: int, data: bytes) -> None:
    """Write every byte to a blocking file descriptor."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_exact(fd: int, size: int) -> bytes | None:
    """Read exactly ``size`` bytes from a blocking descriptor; None at end of file."""
    chunks = []
    remaining = size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int) -> dict[str, Any] | None:
    """Read one frame from a blocking descriptor; None when the other side closed."""
    header = read_exact(fd, HEADER.size)
    if header is None:
        return None
    (size,) = HEADER.unpack(header)
    if size > MAX_FRAME_BYTES:
        raise FrameError(f"frame of {size} bytes announced, over the limit")
    body = read_exact(fd, size)
    if body is None:
        return None
    return decode(body)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode(body: bytes) -> dict[str, Any]:
    """Parse a frame's body; anything but a JSON object is an error (never an exception of
    another kind: a frame nested thousands deep is a FrameError, not a RecursionError)."""
    try:
        message = json.loads(body.decode("utf-8"), parse_constant=_no_constants)
    except RecursionError:
        raise FrameError("invalid frame: nested too deep") from None
    except (UnicodeDecodeError, ValueError, MemoryError) as exc:
        raise FrameError(f"invalid frame: {str(exc)[:200]}") from None
    if not isinstance(message, dict):
        raise FrameError("invalid frame: not a JSON object")
    return message


class FrameBuffer:
    """Splits a byte stream read in arbitrary chunks (non-blocking reads) into frames."""

    def __init__(self, max_bytes: int = MAX_FRAME_BYTES) -> None:
        self._buffer = bytearray()
        self._max = max_bytes

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        """Add bytes; return every complete frame they finish."""
        self._buffer += data
        frames = []
        while len(self._buffer) >= HEADER.size:
            (size,) = HEADER.unpack_from(self._buffer)
            if size > self._max:
                raise FrameError(f"frame of {size} bytes announced, over the limit")
            end = HEADER.size + size
            if len(self._buffer) < end:
                break
            frames.append(decode(bytes(self._buffer[HEADER.size : end])))
            del self._buffer[:end]
        return frames
