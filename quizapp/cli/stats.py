"""`quizapp stats`: a plain-text summary of your progress (80 columns), or JSON."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import click

from quizapp.errors import NotEnoughData, QuizappError
from quizapp.plural import plural


def _nothing_studied(path: object) -> str:
    """What a new database's stats say: the cards waiting in the banks, and how to start."""
    from quizapp.banks import load_banks

    banks = load_banks([], include_shipped=True, include_user=True).banks
    cards = sum(len(bank.cards()) for bank in banks)
    topics = len({topic for bank in banks for topic in bank.topics})
    return (f"No progress yet (no database at {path}): {plural(cards, 'card')} in "
            f"{plural(topics, 'topic')} wait to be studied, all new. Run `quizapp` to start.")

if TYPE_CHECKING:
    from pathlib import Path

    from quizapp.cli import CliState
    from quizapp.progress.reports import Stats, TopicForecast
    from quizapp.progress.store import ProgressStore


def open_existing_store(state: CliState) -> ProgressStore:
    """The progress store at --db; a clear error rather than creating an empty one."""
    from quizapp.progress.store import ProgressStore

    path = state.db_path
    if not path.exists():
        raise QuizappError(f"no progress yet: there is no database at {path}. Study some "
                           "cards first, or point --db at your progress file.")
    return ProgressStore.open(path)


def _pct(value: float | None) -> str:
    return "   –" if value is None else f"{value * 100:3.0f}%"


def _week_grid(per_day: list) -> list[str]:  # list[DayCount]
    """Answers per day as weeks (rows) × weekdays (columns), Monday first."""
    lines = ["  week of     Mon  Tue  Wed  Thu  Fri  Sat  Sun   total"]
    counts = {d.day: d.reviews for d in per_day}
    first, last = per_day[0].day, per_day[-1].day
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        days = [monday + timedelta(days=i) for i in range(7)]
        cells = [f"{counts[d]:>5}" if d in counts else "     " for d in days]
        total = sum(counts.get(d, 0) for d in days)
        lines.append(f"  {monday.isoformat()} {''.join(cells)}  {total:>6}")
        monday += timedelta(days=7)
    return lines


def render_text(stats: Stats, forecast: tuple[date, list[TopicForecast]] | None, path: Path) -> str:
    """The summary as lines of at most 80 characters."""
    s = stats
    out = [
        f"Progress in {path}",
        "",
        f"Today ({s.today:%a %Y-%m-%d}): {s.due_today} due, {s.new_today} new within today's "
        f"limit, {s.reviewed_today} answered",
        f"Cards: {s.cards} ({s.cards_new} new, {s.cards_learning} learning, "
        f"{s.cards_review} in review)" + (f"; {s.cards_hidden} hidden" if s.cards_hidden else ""),
        "",
        f"Answers per day, last {len(s.reviews_per_day)} days "
        f"({sum(d.reviews for d in s.reviews_per_day)} in all, "
        f"{sum(d.again for d in s.reviews_per_day)} Again)",
        # optimize and the retention below learn from scheduled reviews only: say so
        f"  {sum(d.practice for d in s.reviews_per_day)} of them cram/drill answers, which "
        "retention and `optimize` leave out",
        *_week_grid(s.reviews_per_day),
        "",
        "Retention by topic (share of reviews of graduated cards recalled)",
    ]
    if s.retention_by_topic:
        out.append(f"  {'topic':<40} {'reviews':>8} {'recalled':>9} {'retention':>10}")
        out += [
            f"  {t.topic[:40]:<40} {t.reviews:>8} {t.recalled:>9} {_pct(t.retention):>10}"
            for t in s.retention_by_topic
        ]
    else:
        out.append("  no reviews of graduated cards in this period yet")
    out += ["", "Due in the coming days"]
    row = [f"{d:%a %d}:{n:>5}" for d, n in s.due_per_day]
    out += ["  " + "  ".join(row[i:i + 5]) for i in range(0, len(row), 5)]
    if forecast is not None:
        target_date, items = forecast
        target = items[0].target if items else None
        out += ["", f"Readiness on {target_date:%a %Y-%m-%d}"
                + (f" (target recall {target:.0%})" if target else "")]
        if items:
            out.append(f"  {'topic':<28} {'cards':>6} {'new':>5} {'if idle':>8} "
                       f"{'reviews':>8} {'with them':>10}")
            out += [
                f"  {f.topic[:28]:<28} {f.cards:>6} {f.new:>5} {_pct(f.recall_if_idle):>8} "
                f"{f.reviews_needed:>8} {_pct(f.recall_with_reviews):>10}"
                for f in items
            ]
            out.append("  (predicted recall on that day without study, the answers an exam plan")
            out.append("  for that day takes, and the recall after them, if you recall what you")
            out.append("  review; `quizapp plan add` makes it your schedule)")
        else:
            out.append("  no cards match")
    return "\n".join(out)


@click.command("stats")
@click.option("--days", default=28, show_default=True, type=click.IntRange(1, 3650),
              help="How many past days to summarise.")
@click.option("--ahead", default=14, show_default=True, type=click.IntRange(1, 365),
              help="How many coming days of due cards to show.")
@click.option("--exam-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Also forecast readiness per topic on this date (YYYY-MM-DD).")
@click.option("--target", type=click.FloatRange(0.5, 0.99), default=None,
              help="Recall to keep for the readiness forecast (default: your desired retention).")
@click.option("--bank", "banks", multiple=True, help="Forecast only these banks (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def command(state: CliState, days: int, ahead: int, exam_date: datetime | None, target: float | None,
            banks: tuple[str, ...], as_json: bool) -> None:
    """Summarise your progress: due today, answers per day, retention, what is coming."""
    from quizapp.progress.models import QueueFilter

    if not state.db_path.exists():
        raise NotEnoughData(_nothing_studied(state.db_path))
    with open_existing_store(state) as store:
        stats = store.stats(days=days, ahead=ahead)
        forecast = None
        if exam_date is not None:
            day: date = exam_date.date()
            if day < stats.today:
                raise QuizappError(f"--exam-date {day} is in the past (today is {stats.today})")
            forecast = (day, store.forecast(day, QueueFilter(banks=banks), target=target))
        leeches = store.leeches()
        if as_json:
            data = {"database": str(store.path), **stats.to_dict(), "leeches": leeches}
            if forecast is not None:
                data["forecast"] = {"date": forecast[0].isoformat(),
                                    "topics": [f.to_dict() for f in forecast[1]]}
            click.echo(json.dumps(data, indent=2))
        else:
            click.echo(render_text(stats, forecast, store.path))
            if leeches:  # cards forgotten again and again: worth rewriting or splitting
                click.echo(f"\nLeeches ({len(leeches)}): " + ", ".join(leeches[:20])
                           + (" …" if len(leeches) > 20 else ""))
