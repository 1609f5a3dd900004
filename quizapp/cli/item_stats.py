"""`quizapp item-stats FILES…`: which questions of a course work — facility, discrimination and
flags per question and statement, from the review logs students hand in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from quizapp.progress.item_stats import ItemReport

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _num(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def table(report: ItemReport) -> list[str]:
    width = max([len(i.label) for i in report.items] + [4])
    lines = [f"{'item':<{width}}  students  attempts  facility  discrim.  mean s  flags"]
    for i in report.items:
        lines.append(f"{i.label:<{width}}  {i.students:>8}  {i.attempts:>8}  {i.facility:>8.2f}  "
                     f"{_num(i.discrimination, '>8.2f'):>8}  {_num(i.mean_seconds, '>6.1f'):>6}  "
                     f"{'; '.join(i.flags)}")
    return lines


def chart(report: ItemReport, width: int = 72, height: int = 20) -> str:
    """Facility (x) against discrimination (y), flagged items marked apart."""
    import plotext as plt

    ok = [i for i in report.items if i.discrimination is not None and not i.flags]
    flagged = [i for i in report.items if i.discrimination is not None and i.flags]
    plt.clf()
    plt.plotsize(width, height)
    plt.theme("clear")
    if ok:
        plt.scatter([i.facility for i in ok], [i.discrimination for i in ok], marker="•", label="fine")
    if flagged:
        plt.scatter([i.facility for i in flagged], [i.discrimination for i in flagged], marker="x",
                    label="flagged")
    plt.xlim(0, 1)
    plt.ylim(-1, 1)
    plt.xlabel("facility (share right at first try)")
    plt.ylabel("discrimination")
    return _ANSI.sub("", plt.build()).rstrip()


@click.command("item-stats")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--chart/--no-chart", "chart_", default=True, help="Draw facility against discrimination (default: on).")
@click.option("--min-answers", default=10, show_default=True,
              help="Leave out students who answered fewer distinct items (their score says little).")
def command(files: tuple[Path, ...], as_json: bool, chart_: bool, min_answers: int) -> None:
    """Item statistics from students' review logs (`quizapp export --reviews`).

    Per question and true/false statement: attempts, students, facility (share right at the
    first try), discrimination (correlation of the item with the rest of the student's
    results) and mean time; flags too easy, too hard, and negative discrimination (check the
    answer key). Worst first.
    """
    from quizapp.progress.item_stats import item_statistics, read_review_logs

    report = item_statistics(read_review_logs(list(files)), min_answers=min_answers)
    if as_json:
        click.echo(json.dumps({"students": report.students, "left_out_students": report.left_out_students,
                               "min_answers": report.min_answers, "answers": report.answers,
                               "items": [i.to_dict() for i in report.items]}, indent=2))
        return
    click.echo(f"{report.students} student(s), {report.answers} answer(s), {len(report.items)} item(s); "
               f"{report.left_out_students} student(s) with fewer than {min_answers} items answered left out.")
    flagged = sum(1 for i in report.items if i.flags and i.flags != ("few students",))
    click.echo(f"Flagged: {flagged} item(s). Worst first:")
    for line in table(report):
        click.echo(line)
    if chart_ and any(i.discrimination is not None for i in report.items):
        click.echo("")
        click.echo(chart(report))
