"""Study days: a day starts at the rollover hour in the user's local time, not at UTC midnight.

With a rollover at 4, a review done at 01:30 on Tuesday counts for Monday, as in Anki, so a
late-night session does not eat the next day's limits.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo


class StudyCalendar:
    """Maps instants to study days in a time zone (None: the system's local time)."""

    def __init__(self, rollover_hour: int, tz: tzinfo | None = None) -> None:
        self.rollover_hour = rollover_hour
        self.tz = tz

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz) if self.tz is not None else moment.astimezone()

    def day_of(self, moment: datetime) -> date:
        """The study day an (aware) instant belongs to."""
        return (self._local(moment) - timedelta(hours=self.rollover_hour)).date()

    def start_of(self, day: date) -> datetime:
        """The aware instant at which study day `day` begins."""
        naive = datetime.combine(day, time(self.rollover_hour))
        if self.tz is not None:
            return naive.replace(tzinfo=self.tz)
        return naive.astimezone()  # a naive datetime is read as system local time

    def bounds(self, moment: datetime) -> tuple[datetime, datetime]:
        """Start and end (exclusive) of the study day holding `moment`."""
        day = self.day_of(moment)
        return self.start_of(day), self.start_of(day + timedelta(days=1))
