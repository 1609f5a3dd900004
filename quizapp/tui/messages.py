"""Messages the app posts to its screens (some from other threads: `post_message` is safe)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from quizapp.snippets import EngineStatus
    from quizapp.study import Workspace


class WorkspaceReady(Message):
    """Banks are loaded and the progress store is open."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace


class WorkspaceFailed(Message):
    """The app cannot open its data (a damaged DB, an unreadable folder…)."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class EngineStatusChanged(Message):
    """The snippet engine changed state (posted from the engine's threads)."""

    def __init__(self, status: EngineStatus) -> None:
        super().__init__()
        self.status = status


class ProgressChanged(Message):
    """Something was answered or undone: counts on the home screen are stale."""


class BankFilesChanged(Message):
    """Bank files were written while the app runs (posted from the watcher's thread)."""

    def __init__(self, paths: set) -> None:
        super().__init__()
        self.paths = paths
