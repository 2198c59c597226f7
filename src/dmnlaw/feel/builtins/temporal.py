"""FEEL built-ins that make and inspect temporal values (DMN 1.5 §10.3.4.1, §10.3.4.8, §10.3.4.11).

Conversion: ``date``, ``date and time``, ``time``, ``duration``, ``years and months duration``.
Temporal: ``day of year``, ``day of week``, ``month of year``, ``week of year``.
Miscellaneous: ``now``, ``today``.

Parameters whose domain is a union the registry's types cannot say (a string *or* a date
and time, a date *or* a date and time) are declared untyped and checked here; a null
among them is outside the domain, so it raises :class:`InvalidArgument` like any other
bad argument, and the caller turns that into null with a warning.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import temporal as t
from ..values import InvalidArgument, type_name
from . import builtin


def _arg(fname: str, pname: str, v: Any) -> Any:
    """The argument after the from-singleton-list conversion (§10.3.2.9.4); null is refused."""
    if type(v) is list and len(v) == 1:
        v = v[0]
    if v is None:
        raise InvalidArgument(f"{fname}(): parameter '{pname}' is null")
    return v


def _wrong(fname: str, pname: str, expected: str, v: Any) -> InvalidArgument:
    return InvalidArgument(f"{fname}(): parameter '{pname}' expects {expected}, got {type_name(v)}")


def _integer(fname: str, pname: str, v: Decimal) -> int:
    if v != v.to_integral_value():
        raise InvalidArgument(f"{fname}(): parameter '{pname}' must be an integer, got {v}")
    return int(v)


def _date_like(fname: str, v: Any) -> t.Date | t.DateTime:
    v = _arg(fname, "date", v)
    if type(v) is t.Date or type(v) is t.DateTime:
        return v
    raise _wrong(fname, "date", "a date or a date and time", v)


# --- conversion functions (Table 72) ----------------------------------------------------------

@builtin("date", "from")
def date_from(from_: Any) -> t.Date:
    """``date(from)``: a date string, or the date of a date (and time)."""
    v = _arg("date", "from", from_)
    if type(v) is str:
        return t.parse_date(v)
    if type(v) is t.DateTime:
        return v.date()
    if type(v) is t.Date:
        return v
    raise _wrong("date", "from", "a date string or a date and time", v)


@builtin("date", "year:number", "month:number", "day:number")
def date_from_parts(year: Decimal, month: Decimal, day: Decimal) -> t.Date:
    """``date(year, month, day)``: integers naming a day that exists."""
    return t.Date(_integer("date", "year", year), _integer("date", "month", month),
                  _integer("date", "day", day))


@builtin("date and time", "from")
def date_and_time_from(from_: Any) -> t.DateTime:
    """``date and time(from)``: a date and time string (a date alone means local midnight)."""
    v = _arg("date and time", "from", from_)
    if type(v) is str:
        return t.parse_date_time(v)
    raise _wrong("date and time", "from", "a date and time string", v)


@builtin("date and time", "date", "time:time")
def date_and_time_from_parts(date: Any, time: t.Time) -> t.DateTime:
    """``date and time(date, time)``: the date of a date (and time, its time ignored) at a time,
    in the time's zone."""
    d = _date_like("date and time", date)
    return t.DateTime.combine(d.date() if isinstance(d, t.DateTime) else d, time)


@builtin("time", "from")
def time_from(from_: Any) -> t.Time:
    """``time(from)``: a time string, or the time of a time or date and time (zone kept).

    A date converts to a date and time at UTC midnight first (§10.3.2.9.4), so it gives
    ``00:00:00Z``.
    """
    v = _arg("time", "from", from_)
    if type(v) is str:
        return t.parse_time(v)
    if type(v) is t.Time:
        return v
    if type(v) is t.DateTime:
        return v.time()
    if type(v) is t.Date:
        return t.Time(0, 0, 0, 0, 0)
    raise _wrong("time", "from", "a time string, a time or a date and time", v)


@builtin("time", "hour:number", "minute:number", "second:number", "offset:dtduration?=")
def time_from_parts(hour: Decimal, minute: Decimal, second: Decimal,
                    offset: t.DaysTimeDuration | None = None) -> t.Time:
    """``time(hour, minute, second, offset?)``: second may have a fraction; offset is a days
    and time duration or null."""
    return t.time_from_components(_integer("time", "hour", hour),
                                  _integer("time", "minute", minute), second, offset)


@builtin("duration", "from")
def duration_from(from_: Any) -> t.DaysTimeDuration | t.YearsMonthsDuration:
    """``duration(from)``: a days and time or years and months duration string."""
    v = _arg("duration", "from", from_)
    if type(v) is str:
        return t.parse_duration(v)
    raise _wrong("duration", "from", "a duration string", v)


@builtin("years and months duration", "from", "to")
def years_and_months_duration(from_: Any, to: Any) -> t.YearsMonthsDuration:
    """``years and months duration(from, to)``: whole years and months between two dates or
    date and times (either kind on each side)."""
    start = _arg("years and months duration", "from", from_)
    end = _arg("years and months duration", "to", to)
    for name, v in (("from", start), ("to", end)):
        if type(v) is not t.Date and type(v) is not t.DateTime:
            raise _wrong("years and months duration", name, "a date or a date and time", v)
    return t.years_and_months_between(start, end)


# --- temporal functions (Table 79) ------------------------------------------------------------

@builtin("day of year", "date")
def day_of_year(date: Any) -> Decimal:
    """``day of year(date)``: 1 for January 1st."""
    return Decimal(t.day_of_year(_date_like("day of year", date)))


@builtin("day of week", "date")
def day_of_week(date: Any) -> str:
    """``day of week(date)``: "Monday" … "Sunday"."""
    return t.day_of_week(_date_like("day of week", date))


@builtin("month of year", "date")
def month_of_year(date: Any) -> str:
    """``month of year(date)``: "January" … "December"."""
    return t.month_of_year(_date_like("month of year", date))


@builtin("week of year", "date")
def week_of_year(date: Any) -> Decimal:
    """``week of year(date)``: the ISO 8601 week number."""
    return Decimal(t.week_of_year(_date_like("week of year", date)))


# --- miscellaneous functions (Table 82) -------------------------------------------------------

@builtin("now")
def now() -> t.DateTime:
    """``now()``: the current date and time at the system's UTC offset."""
    return t.now()


@builtin("today")
def today() -> t.Date:
    """``today()``: the current local date."""
    return t.today()
