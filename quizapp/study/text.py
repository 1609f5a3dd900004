"""Text as the student reads it: placeholders filled, LaTeX math turned into Unicode, short
durations and dates in words."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Mapping

from quizapp.banks import Variant


def render_text(text: str, macros: Mapping[str, str] | None = None, variant: Variant | None = None) -> str:
    """Markdown with this review's parameters filled in and ``$…$`` math made readable."""
    if not text:
        return ""
    if variant is not None:
        text = variant.fill(text)
    if "$" not in text:
        return text  # most text has no math: skip loading the converter
    from quizapp.textmath import render_markdown_math

    return render_markdown_math(text, dict(macros or {}))


def interval_words(delta: timedelta | None) -> str:
    """A short interval as a grade key shows it: ``1m``, ``10m``, ``3h``, ``4d``, ``2mo``, ``1.5y``."""
    if delta is None:
        return "—"
    seconds = max(0.0, delta.total_seconds())
    minutes = seconds / 60
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30.5:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30.44:.1f}".rstrip("0").rstrip(".") + "mo"
    return f"{days / 365.25:.1f}".rstrip("0").rstrip(".") + "y"


def duration_words(seconds: float) -> str:
    """Time spent, e.g. ``42s``, ``3m 05s``, ``1h 02m``."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds}s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def countdown_words(seconds: float) -> str:
    """A countdown clock: ``12:05`` or ``1:02:03``."""
    seconds = max(0, int(seconds + 0.999))  # 0.2 s left still shows 0:01
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def when_words(moment: datetime | None, now: datetime) -> str:
    """When something is due, relative to now: ``now``, ``in 10m``, ``tomorrow``, ``Mon 3 Mar``."""
    if moment is None:
        return "—"
    delta = moment - now
    if delta.total_seconds() <= 60:
        return "now"
    if delta < timedelta(hours=20):
        return f"in {interval_words(delta)}"
    local = moment.astimezone()
    today = now.astimezone().date()
    if local.date() == today + timedelta(days=1):
        return "tomorrow"
    return day_words(local.date(), today)


def day_words(day: date, today: date) -> str:
    """A day near today: ``today``, ``tomorrow``, else ``Mon 3 Mar`` (with the year if not this one)."""
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    label = f"{day:%a} {day.day} {day:%b}"
    return label if day.year == today.year else f"{label} {day.year}"
