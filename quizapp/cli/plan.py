"""`quizapp plan`: exams to revise toward — add, list, show (the plan and what to expect), remove,
and desired retention against daily workload."""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import TYPE_CHECKING

import click

from quizapp.cli.stats import open_existing_store
from quizapp.errors import QuizappError
from quizapp.plural import plural

if TYPE_CHECKING:
    from quizapp.cli import CliState
    from quizapp.progress import QueueFilter
    from quizapp.progress.exam_plan import ExamPlanOutlook
    from quizapp.progress.plans_store import ExamPlanSpec
    from quizapp.progress.retention import RetentionRow


def _pct(value: float) -> str:
    return f"{value * 100:3.0f}%"


def _countdown(exam_at: datetime, now: datetime) -> str:
    seconds = (exam_at - now).total_seconds()
    if seconds <= 0:
        return "over"
    days = int(seconds // 86400)
    if days >= 1:
        return f"in {plural(days, 'day')}"
    return f"in {int(seconds // 3600)} h {int(seconds % 3600 // 60)} min"


def _local(moment: datetime) -> str:
    return f"{moment.astimezone():%a %Y-%m-%d %H:%M}"


def render_list(plans: list[ExamPlanSpec], now: datetime) -> str:
    if not plans:
        return "No exams yet. Add one: quizapp plan add NAME --date YYYY-MM-DD [--topic T] [--answers N]"
    lines = [f"  {'exam':<24} {'when':<22} {'':<14} scope · budget"]
    for p in plans:
        lines.append(f"  {p.name[:24]:<24} {_local(p.exam_at):<22} {_countdown(p.exam_at, now):<14} "
                     f"{p.scope_words()} · {p.budget_words()}")
    return "\n".join(lines)


def render_retention(rows: list[RetentionRow], optimal: float | None, fitted: bool) -> list[str]:
    if not rows:
        return []
    out = ["Desired retention against daily workload (a year, simulated with fsrs and "
           + ("your fitted parameters)" if fitted else "its default parameters)"),
           f"  {'retention':>9} {'answers/day':>12} {'min/day':>8} {'remembered':>11}"]
    for r in rows:
        mark = "  ← least time per card remembered" if r.best else ""
        out.append(f"  {_pct(r.retention):>9} {r.answers_per_day:>12.1f} {r.minutes_per_day:>8.1f} "
                   f"{_pct(r.remembered):>11}{mark}")
    if optimal is not None:
        out.append(f"  fsrs's optimizer on your own log: {optimal:.0%} is optimal.")
    return out


def render_outlook(spec: ExamPlanSpec, outlook: ExamPlanOutlook, now: datetime, seconds: float) -> str:
    o = outlook
    lines = [f"{spec.name}: {_local(spec.exam_at)} ({_countdown(spec.exam_at, now)})",
             f"Scope: {spec.scope_words()} — {o.cards} cards; budget: {spec.budget_words()}"
             + (f" (≈{o.feasibility.budget_per_day:.0f} answers at {seconds:.0f} s each)"
                if spec.budget_kind == "minutes" else ""), ""]
    if o.feasibility.message:
        lines += ["⚠ " + o.feasibility.message, ""]
    lines += [
        f"Expected score if you follow the plan: {_pct(o.planned.mean).strip()} "
        f"(95% interval {_pct(o.planned.low).strip()}–{_pct(o.planned.high).strip()})",
        f"Expected score if you stop now:        {_pct(o.idle.mean).strip()} "
        f"(95% interval {_pct(o.idle.low).strip()}–{_pct(o.idle.high).strip()})",
        "  (mean predicted recall of the scope on the exam; the plan followed a few times over,",
        "  each answer recalled or forgotten as fsrs predicts)",
        "",
        f"  {'topic':<28} {'cards':>6} {'new':>5} {'plan':>6} {'stop now':>9}",
    ]
    weakest = {t.topic for t in o.weakest()}
    for t in o.topics:
        mark = "  ← weakest" if t.topic in weakest and len(o.topics) > 1 else ""
        lines.append(f"  {t.topic[:28]:<28} {t.cards:>6} {t.unseen:>5} {_pct(t.planned):>6} "
                     f"{_pct(t.idle):>9}{mark}")
    if o.today is not None:
        today = o.today
        minutes = today.answers * seconds / 60
        lines += ["", f"Today: {len(today.reviews)} reviews and {len(today.new)} new cards "
                      f"(≈{today.answers:.0f} answers, {minutes:.0f} min)"]
    top = max((d.answers for d in o.days), default=0) or 1
    lines += ["", "Planned answers per day, and predicted recall of the scope after each day",
              f"  {'day':<10} {'answers':>7}  {'':<30} {'recall':>6} {'stopped':>8}"]
    for d in o.days:
        bar = "█" * round(30 * d.answers / top)
        lines.append(f"  {d.day:%a %d %b} {d.answers:>7.0f}  {bar:<30} {_pct(d.recall):>6} "
                     f"{_pct(d.idle_recall):>8}")
    return "\n".join(lines)


@click.group("plan", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def command(ctx: click.Context, as_json: bool) -> None:
    """Exams to revise toward: the schedule serves the exam date within a daily budget.

    Without a subcommand, lists the exams.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_command, as_json=as_json)


@command.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def list_command(state: CliState, as_json: bool) -> None:
    """List the exams, soonest first."""
    with open_existing_store(state) as store:
        plans = store.exam_plans()
        if as_json:
            click.echo(json.dumps([p.to_dict() for p in plans], indent=2))
        else:
            click.echo(render_list(plans, store.now()))


@command.command("add")
@click.argument("name")
@click.option("--date", "day", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The exam's date (YYYY-MM-DD).")
@click.option("--time", "at", default="09:00", show_default=True,
              help="The exam's time of day, local (HH:MM).")
@click.option("--bank", "banks", multiple=True, help="Only these banks (repeatable).")
@click.option("--topic", "topics", multiple=True, help="Only these topics (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only cards with these tags (repeatable).")
@click.option("--answers", type=click.IntRange(1, 10000), default=None,
              help="Daily budget in answers.")
@click.option("--minutes", type=click.IntRange(1, 1440), default=None,
              help="Daily budget in minutes (answers timed from your own log).")
@click.option("--easy-days", default="", help="Weekdays that get half the budget, e.g. sat,sun.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def add_command(state: CliState, name: str, day: datetime, at: str, banks: tuple[str, ...],
                topics: tuple[str, ...], tags: tuple[str, ...], answers: int | None,
                minutes: int | None, easy_days: str, as_json: bool) -> None:
    """Declare an exam: NAME, its date, what it covers and how much you can do a day."""
    from quizapp.progress.models import QueueFilter
    from quizapp.progress.plans_store import parse_easy_days

    if answers is not None and minutes is not None:
        raise QuizappError("give the budget in --answers or in --minutes, not both")
    try:
        clock = time.fromisoformat(at)
    except ValueError:
        raise QuizappError(f"cannot read --time {at!r}: write it as HH:MM, e.g. 14:30") from None
    exam_at = datetime.combine(day.date(), clock).astimezone()
    kind, value = (("answers", answers) if answers is not None
                   else ("minutes", minutes) if minutes is not None else (None, None))
    scope = QueueFilter(banks=banks, topics=topics, tags=tags)
    with open_existing_store(state) as store:
        if not store.counts(scope):
            raise QuizappError(f"no card matches that scope ({_scope(scope)}): check the bank, "
                               "topic and tag names (quizapp stats lists your topics)")
        spec = store.add_exam_plan(name, exam_at, scope, budget_kind=kind,
                                   budget_value=None if value is None else float(value),
                                   easy_days=parse_easy_days(easy_days))
        feasibility = store.exam_plan_feasibility(spec.id)
        if as_json:
            click.echo(json.dumps({**spec.to_dict(), "feasibility": feasibility.to_dict()},
                                  indent=2))
        else:
            click.echo(f"Added {spec.name}: {_local(spec.exam_at)} "
                       f"({_countdown(spec.exam_at, store.now())}); {spec.scope_words()}; "
                       f"{spec.budget_words()}. See the plan: quizapp plan show {_quote(spec.name)}")
            if feasibility.message:
                click.echo("⚠ " + feasibility.message)


def _scope(scope: QueueFilter) -> str:
    parts = [*scope.banks, *scope.topics, *scope.tags]
    return ", ".join(parts) or "every card"


def _quote(name: str) -> str:
    return f'"{name}"' if " " in name else name


@command.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def show_command(state: CliState, name: str, as_json: bool) -> None:
    """The plan to the exam NAME (or its id) and the score to expect."""
    with open_existing_store(state) as store:
        spec = store.exam_plan(name)
        outlook = store.exam_plan_outlook(spec.id)
        seconds = store.seconds_per_answer()
        table = store.retention_table(spec.scope)
        if as_json:
            data = {"exam": spec.to_dict(), "seconds_per_answer": seconds,
                    **{k: v for k, v in outlook.to_dict().items() if k != "per_card_planned"},
                    "weakest": [t.topic for t in outlook.weakest()],
                    "retention": [r.to_dict() for r in table]}
            click.echo(json.dumps(data, indent=2))
        else:
            text = render_outlook(spec, outlook, store.now(), seconds)
            fitted = store.settings.parameters is not None
            click.echo("\n".join([text, "", *render_retention(table, None, fitted)]))


@command.command("remove")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def remove_command(state: CliState, name: str, as_json: bool) -> None:
    """Forget the exam NAME (or its id); its cards go back to their usual schedule."""
    with open_existing_store(state) as store:
        spec = store.remove_exam_plan(name)
        if as_json:
            click.echo(json.dumps(spec.to_dict(), indent=2))
        else:
            click.echo(f"Removed {spec.name}. Its cards follow their usual schedule again.")


@command.command("retention")
@click.option("--bank", "banks", multiple=True, help="Only these banks (repeatable).")
@click.option("--topic", "topics", multiple=True, help="Only these topics (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def retention_command(state: CliState, banks: tuple[str, ...], topics: tuple[str, ...],
                      as_json: bool) -> None:
    """Desired retention against daily workload; with 512 timed answers or more, fsrs's
    optimizer also says which retention is optimal for you (slow: it loads torch)."""
    from quizapp.progress.models import QueueFilter
    from quizapp.progress.retention import MIN_OPTIMIZER_LOGS

    with open_existing_store(state) as store:
        scope = QueueFilter(banks=banks, topics=topics)
        rows = store.retention_table(scope)
        optimal = store.optimal_retention()
        if as_json:
            click.echo(json.dumps({"rows": [r.to_dict() for r in rows],
                                   "fsrs_optimal_retention": optimal}, indent=2))
            return
        if not rows:
            raise QuizappError("no cards to simulate: load some banks first")
        lines = render_retention(rows, optimal, store.settings.parameters is not None)
        if optimal is None:
            lines.append(f"  (fsrs's optimizer needs {MIN_OPTIMIZER_LOGS} timed answers in your "
                         "log; until then this uses the default parameters)")
        click.echo("\n".join(lines))
