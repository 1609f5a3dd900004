"""A card as the browser shows it in words: its question as the student sees it, the answer,
its marks and its review history (grade, interval, recall predicted at the time).
Shared by `quizapp cards show` and the browser screen."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.study.workspace import Workspace

_GRADES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def _when(ms: int | None) -> str:
    if ms is None:
        return "-"
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


def _days(days: float | None) -> str:
    if days is None:
        return ""
    if days < 1:
        return f"{round(days * 24 * 60)} min"
    return f"{days:.1f} d" if days < 10 else f"{round(days)} d"


def card_details(ws: Workspace, key: str) -> str:
    """Question, answer, explanation, marks and history, as plain text."""
    from quizapp.progress.card_actions import FLAGS

    lines: list[str] = []
    ref = ws.catalog.get(key)
    if ref is not None:
        q = ref.question
        prompt, answer, explanation = q.search_texts(ref.statement)
        lines += [f"{ref.label}  ({key}, {ref.bank.title} · {ref.topic})", ""]
        lines += [t for t in prompt.splitlines()[1:] if t.strip()] or [q.label]
        lines += ["", f"Answer: {answer.strip() or '(computed when shown)'}"]
        if explanation.strip():
            lines += [f"Why: {explanation.strip().splitlines()[0]}"]
    state = ws.store.card_state(key)
    marks = ws.store.marks(key)
    words = [state.state]
    if marks.suspended:
        words.append("suspended")
    if marks.buried_until and marks.buried_until > int(ws.store.now().timestamp() * 1000):
        words.append("buried until tomorrow")
    if marks.flag:
        words.append(f"{FLAGS[marks.flag]} flag")
    if marks.leech:
        words.append("leech")
    due = state.due.astimezone().strftime("%Y-%m-%d %H:%M") if state.due else "-"
    lines += ["", f"State: {', '.join(words)} · due {due} · reviews {state.reps} · "
              f"lapses {state.lapses}"
              + (f" · difficulty {state.difficulty:.1f}" if state.difficulty else "")]
    history = ws.store.history(key)
    lines += ["", "History (when, grade, mode, next interval, recall predicted then):"]
    if not history:
        lines.append("  never studied")
    for h in history:
        if h.event == "answer":
            grade = _GRADES.get(h.rating or 0, "?")
            recall = f"{h.recall:.0%}" if h.recall is not None else "new"
            what = f"{grade:<5} {h.mode or '':<5} {_days(h.interval_days):>7}  recall {recall}"
        elif h.event == "set_due":
            what = f"due date set ({_days(h.interval_days)} ahead)"
        else:
            what = h.event
        lines.append(f"  {_when(h.at_ms)}  {what}{'  (undone)' if h.undone else ''}")
    return "\n".join(lines)
