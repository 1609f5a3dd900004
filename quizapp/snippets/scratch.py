"""A snippet's scratch folder, seen from the helper: how much it holds, and removing it.

Where the kernel gives each snippet a size-capped tmpfs (a user and mount namespace), the
helper sees only the empty folder under it. Where it does not, the helper watches the folder
(`scratch_usage`) and stops a snippet that fills it. Either way the folder is removed when the
snippet ends (`remove_scratch`), even if the snippet made parts of it unreadable. Nothing here
follows a symbolic link the snippet may have planted: a chmod through one would change a file
of the user's.
"""

from __future__ import annotations

import os
import shutil
import stat

_OPEN_PATH = getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def scratch_usage(folder: str, max_entries: int) -> tuple[int, int]:
    """(bytes on disk, entries) under ``folder``, counting stops past ``max_entries``.

    Bytes are allocated blocks (a sparse file counts as what it really uses). -1 bytes when a
    folder inside cannot be read: the snippet hid it, which no honest snippet does.
    """
    used = entries = 0
    stack = [folder]
    while stack and entries <= max_entries:
        try:
            listing = os.scandir(stack.pop())
        except PermissionError:
            return -1, entries
        except OSError:  # removed meanwhile
            continue
        with listing:
            for entry in listing:
                entries += 1
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                used += info.st_blocks * 512
                if stat.S_ISDIR(info.st_mode):
                    stack.append(entry.path)
    return used, entries


def _open_up(name: str, dir_fd: int | None) -> None:
    """chmod 0700 the folder ``name`` (never a symlink's target), through an O_PATH handle."""
    try:
        fd = os.open(name, _OPEN_PATH, dir_fd=dir_fd)
    except OSError:
        return
    try:
        os.chmod(f"/proc/self/fd/{fd}", 0o700)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_scratch(folder: str) -> None:
    """Delete ``folder`` and everything in it, folders the snippet locked (mode 000) included."""
    if not os.path.lexists(folder):
        return
    shutil.rmtree(folder, ignore_errors=True)
    if not os.path.lexists(folder) or not hasattr(os, "fwalk"):
        return
    _open_up(folder, None)
    # fwalk opens each folder relative to its parent without following links
    for _root, dirs, _files, root_fd in os.fwalk(folder):
        for name in dirs:
            _open_up(name, root_fd)
    shutil.rmtree(folder, ignore_errors=True)
