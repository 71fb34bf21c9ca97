"""How each language writes dates, times and decimal numbers, from catalogue patterns.

Times are shown in the portal's time zone (Europe/Rome by default), 24-hour clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from formlavoro_core.texts import Text, _p

__all__ = ["format_date", "format_datetime", "format_number"]

Render = Callable[[Text], str]

_MONTHS: Final = (
    _p("month", "January"),
    _p("month", "February"),
    _p("month", "March"),
    _p("month", "April"),
    _p("month", "May"),
    _p("month", "June"),
    _p("month", "July"),
    _p("month", "August"),
    _p("month", "September"),
    _p("month", "October"),
    _p("month", "November"),
    _p("month", "December"),
)


def format_date(day: dt.date, render: Render) -> str:
    """``day`` written out the way the language of ``render`` does (``3 dicembre 2026``)."""
    if day.day == 1:
        number = render(_p("first day of a month", "1"))
    else:
        number = render(_p("day of a month", "{day}", day=str(day.day)))
    return render(
        _p(
            "long date: day, month name, year",
            "{day} {month} {year}",
            day=number,
            month=_MONTHS[day.month - 1],
            year=str(day.year),
        )
    )


def format_datetime(moment: dt.datetime, render: Render, zone: dt.tzinfo) -> str:
    """``moment`` in ``zone``, as the language writes a date followed by a time."""
    local = moment.astimezone(zone) if moment.tzinfo is not None else moment
    return render(
        _p(
            "date and time",
            "{date}, {time}",
            date=format_date(local.date(), render),
            time=local.strftime("%H:%M"),
        )
    )


def format_number(value: float, render: Render) -> str:
    """``value`` without trailing zeros, with the decimal separator of ``render``'s language.

    >>> format_number(7.5, lambda text: ","), format_number(35.0, lambda text: ",")
    ('7,5', '35')
    """
    # Translators: the mark between the units and the decimals of a number.
    separator = render(_p("decimal separator", "."))
    return format(value, ".15g").replace(".", separator)
