"""Numbers as people write them: ``22 145``, ``22,145``, ``22 145`` (thin space), ``0,5``,
``6.67e-1`` — and how many digits they typed, so a rounded answer can be judged fairly.

Reading a comma: in groups of three digits (``22,145``, ``1,000,000``) it separates thousands,
as the model answers print them; otherwise, a single comma between digits is a decimal comma
(``0,5`` is 0.5). ``1,234`` could be either: it is read as 1234 and the verdict says so.
"""

from __future__ import annotations

import math
import re

from quizapp.records import Record

# Separators people put between groups of three digits: space, no-break space, thin space,
# narrow no-break space, underscore (Python), apostrophe (Swiss).
_GROUP = "[ \u00a0\u2009\u202f_']"
_SIGN = r"[+\-−]?"
_EXPONENT = r"(?:[eE][+\-−]?\d+)?"
_GROUPED = re.compile(rf"^({_SIGN})(\d{{1,3}}(?:{_GROUP}\d{{3}})+)(\.\d*)?({_EXPONENT})$")
_COMMA_GROUPED = re.compile(rf"^({_SIGN})(\d{{1,3}}(?:,\d{{3}})+)(\.\d*)?({_EXPONENT})$")
_DECIMAL_COMMA = re.compile(rf"^({_SIGN})(\d+),(\d+)({_EXPONENT})$")
_PLAIN = re.compile(rf"^({_SIGN})(\d*)(\.\d*)?({_EXPONENT})$")

# A rounded answer is judged by its own digits only when it has at least this many.
MIN_SIGNIFICANT_DIGITS = 3


class WrittenNumber(Record, frozen=True):
    """A number as typed: its value, the place of its last digit, and how it was read."""

    value: float
    last_place: int | None  # 10**last_place is one unit of the last digit typed; None: an integer
    significant: int  # significant digits typed
    note: str = ""  # how an ambiguous separator was read ("" when nothing was ambiguous)

    def rounds_to(self, truth: float, min_digits: int = MIN_SIGNIFICANT_DIGITS) -> bool:
        """Whether this is ``truth`` correctly rounded to the digits typed (at least
        ``min_digits`` significant ones, and a fractional digit or an exponent typed: ``22100``
        is not 22145 "to three digits", it is another count)."""
        if self.last_place is None or self.significant < max(MIN_SIGNIFICANT_DIGITS, min_digits):
            return False
        if not math.isfinite(truth):
            return False
        half_unit = 0.5 * 10.0 ** self.last_place
        return abs(self.value - truth) <= half_unit * (1 + 1e-9)


def read_written_number(text: str) -> WrittenNumber | None:
    """``text`` read as one written number, or None when it is not one (then it may still be
    arithmetic such as ``2/3``)."""
    body = text.strip().replace("−", "-")
    note = ""
    match = _GROUPED.match(body)
    if match is None:
        match = _COMMA_GROUPED.match(body)
        if match is not None and match.group(2).count(",") == 1 and not match.group(3):
            note = f"read {body} as {match.group(2).replace(',', '')} (a comma separates thousands; " \
                   f"type {match.group(2).replace(',', '.')} for a decimal)"
    if match is not None:
        sign, whole, fraction, exponent = match.groups()
        digits = re.sub(r"\D", "", whole)
        return _written(sign, digits, fraction or "", exponent, note)
    match = _DECIMAL_COMMA.match(body)
    if match is not None:
        sign, whole, fraction, exponent = match.groups()
        return _written(sign, whole, "." + fraction, exponent,
                        f"read the comma in {body} as a decimal point")
    match = _PLAIN.match(body)
    if match is not None and re.search(r"\d", match.group(2) + (match.group(3) or "")):
        sign, whole, fraction, exponent = match.groups()
        return _written(sign, whole, fraction or "", exponent, "")
    return None


def _written(sign: str, whole: str, fraction: str, exponent: str, note: str) -> WrittenNumber:
    exp = int(exponent[1:].replace("−", "-")) if exponent else 0
    value = float(f"{sign.replace('−', '-')}{whole or '0'}{fraction}e{exp}")
    decimals = len(fraction) - 1 if fraction else 0
    mantissa = (whole + fraction[1:]).lstrip("0")
    if fraction or exponent:
        significant = len(mantissa) if mantissa else 1
        last_place: int | None = exp - decimals
    else:
        significant = len(mantissa.rstrip("0")) or 1
        last_place = None
    return WrittenNumber(value=value, last_place=last_place, significant=significant, note=note)
