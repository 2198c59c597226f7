"""FEEL temporal values and their semantics (DMN 1.5 §10.3.2.3.4–8, §10.3.2.15 Tables 53–59, 65–66).

Five immutable, hashable classes carry the values:

* :class:`Date` — a proleptic Gregorian year/month/day; years range over
  [-999,999,999..999,999,999], so the calendar arithmetic here is our own (days from
  1970-01-01, exact for any integer year) rather than :mod:`datetime`'s 1..9999.
* :class:`Time` — a time of day with nanosecond precision and an optional zone.
* :class:`DateTime` — a local date and time with nanosecond precision and an optional zone.
* :class:`DaysTimeDuration` — a signed number of nanoseconds.
* :class:`YearsMonthsDuration` — a signed number of months.

A zone is either nothing (a local value), a fixed UTC offset in seconds (``Z``, ``+01:35``),
or an IANA zone id (``@Europe/Paris``, resolved with :mod:`zoneinfo`). The zone id is kept
so that ``string()`` renders the value back the way the literal wrote it.

Python ``==`` on these classes is identity of components (FEEL ``is()``); FEEL ``=`` and the
ordering operators are :func:`equal` and :func:`compare`, which follow the spec's value
functions (instants for zoned values, whole seconds, see :func:`compare`).

The module-level functions are what the rest of the engine calls: :func:`type_name`,
:func:`equal`, :func:`compare`, :func:`to_text`, :func:`to_iso`, :func:`from_python`, the
parsers, :func:`add`, :func:`subtract`, :func:`multiply`, :func:`divide`, :func:`negate`
and :func:`get_property`. Operations that are not defined raise
:class:`~dmnlaw.feel.values.FeelEvalError`; bad text raises
:class:`~dmnlaw.feel.values.InvalidArgument`.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import re
import time as _time
import zoneinfo
from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any

from . import values as _values
from .values import CONTEXT, FeelEvalError, InvalidArgument

__all__ = [
    "Date", "Time", "DateTime", "DaysTimeDuration", "YearsMonthsDuration",
    "MIN_YEAR", "MAX_YEAR", "MAX_OFFSET_SECONDS",
    "type_name", "equal", "compare", "identical", "to_text", "to_iso", "from_python",
    "parse_date", "parse_time", "parse_date_time", "parse_duration", "parse_at_literal",
    "add", "subtract", "multiply", "divide", "negate", "get_property",
    "date_to_date_time", "years_and_months_between", "time_from_components", "now", "today",
    "day_of_year", "day_of_week", "month_of_year", "week_of_year",
    "is_leap", "days_in_month", "days_from_civil", "civil_from_days",
]

NS = 1_000_000_000                 # nanoseconds in a second
NS_PER_DAY = 86_400 * NS
MIN_YEAR = -999_999_999            # DMN 1.5 §10.3.2.3.5/6
MAX_YEAR = 999_999_999
MAX_OFFSET_SECONDS = 14 * 3600     # XML Schema's timezone range, which Table 66 repeats

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


# --- proleptic Gregorian calendar -------------------------------------------------------------

def is_leap(year: int) -> bool:
    """True when ``year`` (astronomical numbering: 0 is 1 BC) is a Gregorian leap year."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """The number of days of ``month`` (1–12) in ``year``."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the given date (negative before it); exact for any year."""
    # Count in 400-year eras starting on 1 March, so the leap day is the last day of a year.
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The (year, month, day) that is ``days`` days after 1970-01-01; inverse of :func:`days_from_civil`."""
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def _iso_weekday(days: int) -> int:
    """ISO 8601 weekday (1 = Monday … 7 = Sunday) of the day ``days`` after 1970-01-01 (a Thursday)."""
    return (days + 3) % 7 + 1


def _iso_weeks_in_year(year: int) -> int:
    jan1 = _iso_weekday(days_from_civil(year, 1, 1))
    return 53 if jan1 == 4 or (jan1 == 3 and is_leap(year)) else 52


def _check_date(year: int, month: int, day: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidArgument(f"year {year} is outside [{MIN_YEAR}..{MAX_YEAR}]")
    if not 1 <= month <= 12:
        raise InvalidArgument(f"month {month} is outside [1..12]")
    if not 1 <= day <= days_in_month(year, month):
        raise InvalidArgument(f"day {day} does not exist in {_fmt_year(year)}-{month:02d}")


# --- zones ------------------------------------------------------------------------------------

@lru_cache(maxsize=512)
def _zoneinfo(key: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidArgument(f"unknown IANA time zone '{key}'") from None


def _proxy_year(year: int) -> int:
    """A year that :mod:`datetime` can handle and that has the same length as ``year``.

    Zone rules beyond 1..9999 are a guess either way; the nearest representable year of the
    same length keeps February 29 valid.
    """
    if 1 <= year <= 9999:
        return year
    if year > 9999:
        return 9996 if is_leap(year) else 9998
    return 4 if is_leap(year) else 3


def _offset_seconds(delta: _dt.timedelta | None) -> int:
    return 0 if delta is None else round(delta.total_seconds())


def _zone_offset_for_local(zone: str, year: int, month: int, day: int, nanos: int) -> int:
    """The UTC offset (seconds) of ``zone`` at a local date and time.

    In a gap or an overlap the earlier offset is taken (``fold=0``), as java.time does for
    overlaps; for gaps it names the same instant java.time would.
    """
    secs = nanos // NS
    local = _dt.datetime(_proxy_year(year), month, day, secs // 3600, secs // 60 % 60, secs % 60,
                         tzinfo=_zoneinfo(zone))
    return _offset_seconds(local.utcoffset())


def _zone_offset_for_instant(zone: str, instant_ns: int) -> int:
    """The UTC offset (seconds) of ``zone`` at an instant (nanoseconds since 1970-01-01T00:00Z)."""
    days, rem = divmod(instant_ns, NS_PER_DAY)
    year, month, day = civil_from_days(days)
    secs = rem // NS
    proxy = _proxy_year(year)
    for y in (proxy, proxy - 1 if proxy > 5000 else proxy + 1):
        try:
            utc = _dt.datetime(y, month, day, secs // 3600, secs // 60 % 60, secs % 60,
                               tzinfo=_dt.UTC)
            return _offset_seconds(utc.astimezone(_zoneinfo(zone)).utcoffset())
        except (OverflowError, ValueError):
            # The last hours of 9999 cannot be shifted east; the year before has the same rules.
            continue
    return 0


@lru_cache(maxsize=512)
def _zone_reference_offset(zone: str) -> int:
    """The offset a time of day with a zone id (but no date) is taken to have.

    Without a date the offset of a zone is undefined. A fixed reference keeps results
    reproducible: the zone's standard (non-daylight-saving) offset on 2020-01-01.
    """
    ref = _dt.datetime(2020, 1, 1, 12, tzinfo=_zoneinfo(zone))
    return _offset_seconds(ref.utcoffset()) - _offset_seconds(ref.dst())


def _check_offset(offset: int) -> None:
    if abs(offset) > MAX_OFFSET_SECONDS:
        raise InvalidArgument(f"time offset {_fmt_offset(offset)} is outside [-14:00..+14:00]")


# --- formatting -------------------------------------------------------------------------------

def _fmt_year(year: int) -> str:
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _fmt_fraction(nanos: int) -> str:
    """``.5`` for 500 000 000 ns, '' for 0: as few digits as the value needs."""
    return "." + f"{nanos:09d}".rstrip("0") if nanos else ""


def _fmt_time_of_day(nanos: int) -> str:
    secs, frac = divmod(nanos, NS)
    return f"{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}{_fmt_fraction(frac)}"


def _fmt_offset(offset: int) -> str:
    if offset == 0:
        return "Z"  # XML Schema's canonical form for a zero offset
    sign = "-" if offset < 0 else "+"
    h, rest = divmod(abs(offset), 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def _fmt_zone(offset: int | None, zone: str | None) -> str:
    if zone is not None:
        return "@" + zone
    return "" if offset is None else _fmt_offset(offset)


def _immutable(self: object, name: str, value: object) -> None:
    raise AttributeError(f"{type(self).__name__} values are immutable")


# --- value classes ----------------------------------------------------------------------------

class Date:
    """A FEEL date: year, month and day of the proleptic Gregorian calendar, no zone.

    Raises :class:`InvalidArgument` for a year outside [-999,999,999..999,999,999] or a day
    that does not exist.
    """

    __slots__ = ("year", "month", "day")
    __setattr__ = _immutable
    year: int
    month: int
    day: int

    def __init__(self, year: int, month: int, day: int) -> None:
        _check_date(year, month, day)
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "month", month)
        object.__setattr__(self, "day", day)

    @classmethod
    def _new(cls, year: int, month: int, day: int) -> Date:
        # Components already known to be valid (taken from another value): skip the checks.
        d = cls.__new__(cls)
        object.__setattr__(d, "year", year)
        object.__setattr__(d, "month", month)
        object.__setattr__(d, "day", day)
        return d

    @classmethod
    def from_epoch_day(cls, days: int) -> Date:
        """The date ``days`` days after 1970-01-01; raises InvalidArgument outside the year range."""
        return cls(*civil_from_days(days))

    @property
    def epoch_day(self) -> int:
        """Days since 1970-01-01."""
        return days_from_civil(self.year, self.month, self.day)

    @property
    def weekday(self) -> int:
        """ISO 8601 day of the week: 1 is Monday, 7 is Sunday."""
        return _iso_weekday(self.epoch_day)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Date:
            return NotImplemented
        return (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def __lt__(self, other: Date) -> bool:
        if type(other) is not Date:
            return NotImplemented
        return (self.year, self.month, self.day) < (other.year, other.month, other.day)

    def __le__(self, other: Date) -> bool:
        if type(other) is not Date:
            return NotImplemented
        return (self.year, self.month, self.day) <= (other.year, other.month, other.day)

    def __gt__(self, other: Date) -> bool:
        if type(other) is not Date:
            return NotImplemented
        return (self.year, self.month, self.day) > (other.year, other.month, other.day)

    def __ge__(self, other: Date) -> bool:
        if type(other) is not Date:
            return NotImplemented
        return (self.year, self.month, self.day) >= (other.year, other.month, other.day)

    def __hash__(self) -> int:
        return hash((Date, self.year, self.month, self.day))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Date, (self.year, self.month, self.day))

    def __str__(self) -> str:
        return f"{_fmt_year(self.year)}-{self.month:02d}-{self.day:02d}"

    def __repr__(self) -> str:
        return f'@"{self}"'


class _Clock:
    """The time-of-day fields of a value that holds ``nanos`` since local midnight."""

    __slots__ = ()
    nanos: int

    @property
    def hour(self) -> int:
        return self.nanos // (3600 * NS)

    @property
    def minute(self) -> int:
        return self.nanos // (60 * NS) % 60

    @property
    def second(self) -> int:
        return self.nanos // NS % 60

    @property
    def nanosecond(self) -> int:
        return self.nanos % NS


class Time(_Clock):
    """A FEEL time of day (nanosecond precision) with an optional offset or IANA zone.

    ``offset`` is in seconds east of UTC. With ``zone`` (an IANA id) the offset is derived:
    a time of day alone cannot know daylight saving, so the zone's standard offset is used
    (see :func:`_zone_reference_offset`). Raises :class:`InvalidArgument` for out-of-range
    components, an offset beyond ±14:00 or an unknown zone.
    """

    __slots__ = ("nanos", "offset", "zone")
    __setattr__ = _immutable
    nanos: int
    offset: int | None
    zone: str | None

    def __init__(self, hour: int, minute: int, second: int, nanosecond: int = 0,
                 offset: int | None = None, zone: str | None = None) -> None:
        if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59
                and 0 <= nanosecond < NS):
            raise InvalidArgument(
                f"time {hour}:{minute}:{second}.{nanosecond} is not a valid time of day")
        self._init(((hour * 60 + minute) * 60 + second) * NS + nanosecond, offset, zone)

    def _init(self, nanos: int, offset: int | None, zone: str | None) -> None:
        if zone is not None:
            offset = _zone_reference_offset(zone)
        elif offset is not None:
            _check_offset(offset)
        object.__setattr__(self, "nanos", nanos)
        object.__setattr__(self, "offset", offset)
        object.__setattr__(self, "zone", zone)

    @classmethod
    def _make(cls, nanos: int, offset: int | None, zone: str | None) -> Time:
        # ``nanos`` may run past either end of the day: valuet⁻¹ takes it modulo 24 hours.
        t = cls.__new__(cls)
        t._init(nanos % NS_PER_DAY, offset, zone)
        return t

    def __eq__(self, other: object) -> bool:
        if type(other) is not Time:
            return NotImplemented
        return (self.nanos, self.offset, self.zone) == (other.nanos, other.offset, other.zone)

    def __hash__(self) -> int:
        return hash((Time, self.nanos, self.offset, self.zone))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Time._make, (self.nanos, self.offset, self.zone))

    def __str__(self) -> str:
        return _fmt_time_of_day(self.nanos) + _fmt_zone(self.offset, self.zone)

    def __repr__(self) -> str:
        return f'@"{self}"'


class DateTime(_Clock):
    """A FEEL date and time: local date and time of day with an optional offset or IANA zone.

    ``offset`` is seconds east of UTC. With ``zone`` the offset is resolved from the zone's
    rules at that local date and time (the earlier offset in an overlap; a wall time in a
    gap is kept as written and names the instant java.time would), and any ``offset``
    argument is ignored. Raises
    :class:`InvalidArgument` for invalid components, an offset beyond ±14:00 or an unknown
    zone.
    """

    __slots__ = ("year", "month", "day", "nanos", "offset", "zone")
    __setattr__ = _immutable
    year: int
    month: int
    day: int
    nanos: int
    offset: int | None
    zone: str | None

    def __init__(self, year: int, month: int, day: int, hour: int = 0, minute: int = 0,
                 second: int = 0, nanosecond: int = 0, offset: int | None = None,
                 zone: str | None = None) -> None:
        _check_date(year, month, day)
        if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59
                and 0 <= nanosecond < NS):
            raise InvalidArgument(
                f"time {hour}:{minute}:{second}.{nanosecond} is not a valid time of day")
        nanos = ((hour * 60 + minute) * 60 + second) * NS + nanosecond
        if zone is not None:
            offset = _zone_offset_for_local(zone, year, month, day, nanos)
        elif offset is not None:
            _check_offset(offset)
        self._init(year, month, day, nanos, offset, zone)

    def _init(self, year: int, month: int, day: int, nanos: int, offset: int | None,
              zone: str | None) -> None:
        for name, value in (("year", year), ("month", month), ("day", day), ("nanos", nanos),
                            ("offset", offset), ("zone", zone)):
            object.__setattr__(self, name, value)

    @classmethod
    def _make(cls, year: int, month: int, day: int, nanos: int, offset: int | None,
              zone: str | None) -> DateTime:
        v = cls.__new__(cls)
        v._init(year, month, day, nanos, offset, zone)
        return v

    @classmethod
    def _from_local_ns(cls, local_ns: int, offset: int | None, zone: str | None) -> DateTime:
        """Build from nanoseconds since local 1970-01-01T00:00 with the given offset and zone.

        Raises FeelEvalError when the year leaves [-999,999,999..999,999,999] (arithmetic
        results are the only callers).
        """
        days, nanos = divmod(local_ns, NS_PER_DAY)
        year, month, day = civil_from_days(days)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise FeelEvalError(f"the resulting year {year} is outside [{MIN_YEAR}..{MAX_YEAR}]")
        return cls._make(year, month, day, nanos, offset, zone)

    @classmethod
    def _from_instant(cls, instant_ns: int, offset: int | None, zone: str | None) -> DateTime:
        """The date and time at an instant, seen in a fixed offset or in a zone."""
        if zone is not None:
            offset = _zone_offset_for_instant(zone, instant_ns)
        assert offset is not None
        return cls._from_local_ns(instant_ns + offset * NS, offset, zone)

    @classmethod
    def combine(cls, date: Date, time: Time) -> DateTime:
        """The date and time of ``date`` at ``time``, in the time's zone (resolved for that date)."""
        offset = time.offset
        if time.zone is not None:
            offset = _zone_offset_for_local(time.zone, date.year, date.month, date.day, time.nanos)
        return cls._make(date.year, date.month, date.day, time.nanos, offset, time.zone)

    @property
    def epoch_day(self) -> int:
        """Days from 1970-01-01 to the local date."""
        return days_from_civil(self.year, self.month, self.day)

    @property
    def weekday(self) -> int:
        """ISO 8601 day of the week of the local date: 1 is Monday, 7 is Sunday."""
        return _iso_weekday(self.epoch_day)

    def local_ns(self) -> int:
        """Nanoseconds from local 1970-01-01T00:00 to this local date and time."""
        return self.epoch_day * NS_PER_DAY + self.nanos

    def instant_ns(self) -> int:
        """Nanoseconds since 1970-01-01T00:00Z; raises FeelEvalError for a local value."""
        if self.offset is None:
            raise FeelEvalError(f"{self} has no time zone, so it names no instant")
        return self.local_ns() - self.offset * NS

    def date(self) -> Date:
        """The local date (time and zone dropped)."""
        return Date._new(self.year, self.month, self.day)

    def time(self) -> Time:
        """The time of day with this value's offset or zone."""
        return Time._make(self.nanos, self.offset, self.zone)

    def __eq__(self, other: object) -> bool:
        if type(other) is not DateTime:
            return NotImplemented
        return self._key() == other._key()

    def _key(self) -> tuple[Any, ...]:
        return (self.year, self.month, self.day, self.nanos, self.offset, self.zone)

    def __hash__(self) -> int:
        return hash((DateTime,) + self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        return (DateTime._make, self._key())

    def __str__(self) -> str:
        return (f"{_fmt_year(self.year)}-{self.month:02d}-{self.day:02d}T"
                f"{_fmt_time_of_day(self.nanos)}{_fmt_zone(self.offset, self.zone)}")

    def __repr__(self) -> str:
        return f'@"{self}"'


class _Duration:
    """Shared ordering for the two duration kinds: each orders only against its own kind."""

    __slots__ = ()

    def _amount(self) -> int:
        raise NotImplementedError

    def _amount_of(self, other: object) -> int | None:
        """The amount of ``other`` when it is a duration of this kind, else None."""
        if type(other) is type(self) and isinstance(other, _Duration):
            return other._amount()
        return None

    def __eq__(self, other: object) -> bool:
        n = self._amount_of(other)
        return NotImplemented if n is None else self._amount() == n

    def __lt__(self, other: object) -> bool:
        n = self._amount_of(other)
        return NotImplemented if n is None else self._amount() < n

    def __le__(self, other: object) -> bool:
        n = self._amount_of(other)
        return NotImplemented if n is None else self._amount() <= n

    def __gt__(self, other: object) -> bool:
        n = self._amount_of(other)
        return NotImplemented if n is None else self._amount() > n

    def __ge__(self, other: object) -> bool:
        n = self._amount_of(other)
        return NotImplemented if n is None else self._amount() >= n

    def __hash__(self) -> int:
        return hash((type(self), self._amount()))

    def __repr__(self) -> str:
        return f'@"{self}"'


class DaysTimeDuration(_Duration):
    """A FEEL days and time duration, stored as a signed number of nanoseconds."""

    __slots__ = ("nanos",)
    __setattr__ = _immutable
    nanos: int

    def __init__(self, nanos: int) -> None:
        object.__setattr__(self, "nanos", int(nanos))

    @classmethod
    def of(cls, days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0,
           nanoseconds: int = 0) -> DaysTimeDuration:
        """A duration from components (each may be negative; they are summed)."""
        return cls((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * NS + nanoseconds)

    def _amount(self) -> int:
        return self.nanos

    def __neg__(self) -> DaysTimeDuration:
        return DaysTimeDuration(-self.nanos)

    def __abs__(self) -> DaysTimeDuration:
        return DaysTimeDuration(abs(self.nanos))

    def __reduce__(self) -> tuple[Any, ...]:
        return (DaysTimeDuration, (self.nanos,))

    def _parts(self) -> tuple[int, int, int, int, int]:
        """(sign, days, hours, minutes, nanoseconds of the seconds) of the magnitude."""
        sign = -1 if self.nanos < 0 else 1
        rest = abs(self.nanos)
        days, rest = divmod(rest, NS_PER_DAY)
        hours, rest = divmod(rest, 3600 * NS)
        minutes, rest = divmod(rest, 60 * NS)
        return sign, days, hours, minutes, rest

    def __str__(self) -> str:
        sign, days, hours, minutes, rest = self._parts()
        secs, frac = divmod(rest, NS)
        out = f"{days}D" if days else ""
        clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
        if rest:
            clock += f"{secs}{_fmt_fraction(frac)}S"
        if clock:
            out += "T" + clock
        if not out:
            return "PT0S"
        return ("-" if sign < 0 else "") + "P" + out


class YearsMonthsDuration(_Duration):
    """A FEEL years and months duration, stored as a signed number of months."""

    __slots__ = ("months",)
    __setattr__ = _immutable
    months: int

    def __init__(self, months: int) -> None:
        object.__setattr__(self, "months", int(months))

    @classmethod
    def of(cls, years: int = 0, months: int = 0) -> YearsMonthsDuration:
        """A duration of ``years`` years plus ``months`` months."""
        return cls(years * 12 + months)

    def _amount(self) -> int:
        return self.months

    def __neg__(self) -> YearsMonthsDuration:
        return YearsMonthsDuration(-self.months)

    def __abs__(self) -> YearsMonthsDuration:
        return YearsMonthsDuration(abs(self.months))

    def __reduce__(self) -> tuple[Any, ...]:
        return (YearsMonthsDuration, (self.months,))

    def __str__(self) -> str:
        years, months = divmod(abs(self.months), 12)
        out = (f"{years}Y" if years else "") + (f"{months}M" if months else "")
        if not out:
            return "P0M"
        return ("-" if self.months < 0 else "") + "P" + out


Temporal = Date | Time | DateTime | DaysTimeDuration | YearsMonthsDuration
Duration = DaysTimeDuration | YearsMonthsDuration

_TYPE_NAMES: dict[type, str] = {
    Date: "date",
    Time: "time",
    DateTime: "date and time",
    DaysTimeDuration: "days and time duration",
    YearsMonthsDuration: "years and months duration",
}


# --- classification, conversion, text ---------------------------------------------------------

def type_name(v: Any) -> str | None:
    """The FEEL type name of a temporal value ("date", "time", "date and time",
    "days and time duration", "years and months duration"); None for anything else."""
    return _TYPE_NAMES.get(type(v))


def to_text(v: Any) -> str | None:
    """What FEEL ``string(v)`` returns for a temporal value, e.g. "2018-12-08T10:30:05@Europe/Paris",
    "10:30:05Z", "P1DT2H", "-P1Y2M", "PT0S", "P0M"; None for a non-temporal value."""
    if type(v) in _TYPE_NAMES:
        return str(v)
    return None


def to_iso(v: Temporal) -> str:
    """The value as text for JSON output: the XML Schema / ISO 8601 lexical form FEEL uses.

    This is :func:`to_text`; a value in an IANA zone keeps its ``@Zone/Id`` suffix, which
    :func:`parse_date_time` reads back. Raises TypeError for a non-temporal value.
    """
    text = to_text(v)
    if text is None:
        raise TypeError(f"not a FEEL temporal value: {v!r}")
    return text


def from_python(v: Any) -> Temporal:
    """Convert a :mod:`datetime` value to FEEL.

    ``date`` → :class:`Date`; ``datetime`` → :class:`DateTime` (naive → local; a
    :class:`zoneinfo.ZoneInfo` keeps its zone id; other tzinfos give a fixed offset);
    ``time`` → :class:`Time`; ``timedelta`` → :class:`DaysTimeDuration`.
    Raises TypeError for anything else and InvalidArgument for an offset beyond ±14:00.
    """
    if isinstance(v, _dt.datetime):
        nanos = v.microsecond * 1000
        zone, offset = _python_zone(v.tzinfo, v.utcoffset())
        if zone is not None:
            return DateTime._make(v.year, v.month, v.day,
                                  ((v.hour * 60 + v.minute) * 60 + v.second) * NS + nanos,
                                  offset, zone)
        return DateTime(v.year, v.month, v.day, v.hour, v.minute, v.second, nanos, offset)
    if isinstance(v, _dt.date):
        return Date(v.year, v.month, v.day)
    if isinstance(v, _dt.time):
        zone, offset = _python_zone(v.tzinfo, v.utcoffset())
        return Time(v.hour, v.minute, v.second, v.microsecond * 1000, offset, zone)
    if isinstance(v, _dt.timedelta):
        return DaysTimeDuration(((v.days * 86_400 + v.seconds) * 1_000_000 + v.microseconds) * 1000)
    raise TypeError(f"not a date, time, datetime or timedelta: {v!r}")


def _python_zone(tz: _dt.tzinfo | None, utcoffset: _dt.timedelta | None
                 ) -> tuple[str | None, int | None]:
    if tz is None:
        return None, None
    if isinstance(tz, zoneinfo.ZoneInfo) and tz.key:
        _zoneinfo(tz.key)
        return tz.key, (None if utcoffset is None else _offset_seconds(utcoffset))
    if utcoffset is None:
        return None, None
    return None, _offset_seconds(utcoffset)


def date_to_date_time(d: Date) -> DateTime:
    """The implicit conversion of DMN 1.5 §10.3.2.9.4: a date as a date and time at UTC midnight."""
    return DateTime._make(d.year, d.month, d.day, 0, 0, None)


# --- parsing ----------------------------------------------------------------------------------

_DATE = r"(?P<sign>-?)(?P<year>\d{4,})-(?P<month>\d\d)-(?P<day>\d\d)"
_TIME = (r"(?P<hour>\d\d):(?P<minute>\d\d):(?P<second>\d\d)(?:\.(?P<frac>\d+))?"
         r"(?:(?P<z>[Zz])|(?P<osign>[+-])(?P<oh>\d\d):(?P<om>\d\d)|@(?P<zone>[A-Za-z0-9_+\-/]+))?")
_DATE_RE = re.compile(_DATE)
_TIME_RE = re.compile(_TIME)
_DATE_TIME_RE = re.compile(_DATE + r"(?:T" + _TIME + ")?")
_DTD_RE = re.compile(r"(?P<sign>-?)P(?:(?P<d>\d+)D)?"
                     r"(?P<t>T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)(?:\.(?P<f>\d*))?S)?)?")
_YMD_RE = re.compile(r"(?P<sign>-?)P(?:(?P<y>\d+)Y)?(?:(?P<m>\d+)M)?")


def _fraction_nanos(digits: str | None, what: str) -> int:
    """Nanoseconds of a decimal fraction; digits past the ninth must be zeros (no silent loss)."""
    if not digits:
        return 0
    if len(digits) > 9 and digits[9:].strip("0"):
        raise InvalidArgument(f"{what}: more than nanosecond precision")
    return int(digits[:9].ljust(9, "0"))


def _date_parts(m: re.Match[str], text: str) -> tuple[int, int, int]:
    digits = m["year"]
    # XML Schema: four digits at least, no leading zero beyond four, and no "-0000".
    if len(digits) > 4 and digits[0] == "0" or len(digits) > 9 or (m["sign"] and not int(digits)):
        raise InvalidArgument(f"'{text}' is not a valid date: bad year '{m['sign']}{digits}'")
    year = -int(digits) if m["sign"] else int(digits)
    try:
        _check_date(year, int(m["month"]), int(m["day"]))
    except InvalidArgument as e:
        raise InvalidArgument(f"'{text}' is not a valid date: {e}") from None
    return year, int(m["month"]), int(m["day"])


def _time_parts(m: re.Match[str], text: str) -> tuple[int, int | None, str | None, bool]:
    """(nanos of day, offset, zone, end of day) of a matched time; 24:00:00 is the end of the day."""
    hour, minute, second = int(m["hour"]), int(m["minute"]), int(m["second"])
    frac = _fraction_nanos(m["frac"], f"'{text}'")
    end_of_day = hour == 24 and minute == 0 and second == 0 and frac == 0
    if not end_of_day and (hour > 23 or minute > 59 or second > 59):
        raise InvalidArgument(f"'{text}' is not a valid time of day")
    offset: int | None = None
    zone = m["zone"]
    if m["z"]:
        offset = 0
    elif m["osign"]:
        oh, om = int(m["oh"]), int(m["om"])
        offset = (oh * 3600 + om * 60) * (-1 if m["osign"] == "-" else 1)
        if om > 59 or abs(offset) > MAX_OFFSET_SECONDS:
            raise InvalidArgument(f"'{text}': time offset is outside [-14:00..+14:00]")
    if zone is not None:
        _zoneinfo(zone)
    nanos = 0 if end_of_day else ((hour * 60 + minute) * 60 + second) * NS + frac
    return nanos, offset, zone, end_of_day


def parse_date(s: str) -> Date:
    """Parse an XML Schema date string ``[-]YYYY-MM-DD`` (years up to nine digits, no zone).

    Raises InvalidArgument when ``s`` is not such a string or names no real day.
    """
    m = _DATE_RE.fullmatch(s)
    if not m:
        raise InvalidArgument(f"'{s}' is not a date (expected YYYY-MM-DD)")
    return Date(*_date_parts(m, s))


def parse_time(s: str) -> Time:
    """Parse a time string: ``hh:mm:ss[.fff]`` then optionally ``Z``, ``±hh:mm`` or ``@Zone/Id``.

    ``24:00:00`` (XML Schema's end of day) is midnight. Raises InvalidArgument otherwise.
    """
    m = _TIME_RE.fullmatch(s)
    if not m:
        raise InvalidArgument(f"'{s}' is not a time (expected hh:mm:ss with an optional zone)")
    nanos, offset, zone, _ = _time_parts(m, s)
    return Time._make(nanos, offset, zone)


def parse_date_time(s: str) -> DateTime:
    """Parse a date and time string: a date string, optionally ``T`` and a time string.

    A date alone is that day at local midnight; ``T24:00:00`` is midnight of the next day.
    Raises InvalidArgument for anything else.
    """
    m = _DATE_TIME_RE.fullmatch(s)
    if not m:
        raise InvalidArgument(f"'{s}' is not a date and time (expected YYYY-MM-DDThh:mm:ss)")
    year, month, day = _date_parts(m, s)
    if m["hour"] is None:
        return DateTime._make(year, month, day, 0, None, None)
    nanos, offset, zone, end_of_day = _time_parts(m, s)
    if end_of_day:
        year, month, day = civil_from_days(days_from_civil(year, month, day) + 1)
        _check_date(year, month, day)
    if zone is not None:
        offset = _zone_offset_for_local(zone, year, month, day, nanos)
    return DateTime._make(year, month, day, nanos, offset, zone)


def parse_duration(s: str) -> DaysTimeDuration | YearsMonthsDuration:
    """Parse an XPath dayTimeDuration (``-P1DT2H3M4.5S``) or yearMonthDuration (``P1Y2M``).

    The result is normalized (``PT25H`` is ``P1DT1H``, ``P14M`` is ``P1Y2M``). A mix of
    the two kinds (``P1Y2D``) is neither and raises InvalidArgument, as does any other text.
    """
    m = _YMD_RE.fullmatch(s)
    if m and (m["y"] is not None or m["m"] is not None):
        months = int(m["y"] or 0) * 12 + int(m["m"] or 0)
        return YearsMonthsDuration(-months if m["sign"] else months)
    m = _DTD_RE.fullmatch(s)
    if m:
        has_clock = m["h"] is not None or m["m"] is not None or m["s"] is not None
        if (m["d"] is not None or has_clock) and (m["t"] is None or has_clock):
            nanos = DaysTimeDuration.of(int(m["d"] or 0), int(m["h"] or 0), int(m["m"] or 0),
                                        int(m["s"] or 0),
                                        _fraction_nanos(m["f"], f"'{s}'")).nanos
            return DaysTimeDuration(-nanos if m["sign"] else nanos)
    raise InvalidArgument(f"'{s}' is not a days and time or a years and months duration")


def parse_at_literal(s: str) -> Temporal:
    """The value of a FEEL ``@"..."`` literal: a duration, date and time, time or date.

    The shape of the text picks the kind (a leading ``P``/``-P`` means a duration, a date
    followed by ``T`` a date and time, a date alone a date, anything else a time). Raises
    InvalidArgument when the text is none of them.
    """
    try:
        if s.startswith(("P", "-P")):
            return parse_duration(s)
        m = _DATE_RE.match(s)
        if m:
            return parse_date_time(s) if s[m.end():m.end() + 1] == "T" else parse_date(s)
        return parse_time(s)
    except InvalidArgument as e:
        raise InvalidArgument(f'@"{s}" is not a date, time, date and time or duration: {e}') from None


# --- comparison -------------------------------------------------------------------------------

def _time_values(a: Time, b: Time) -> tuple[int, int]:
    """Nanosecond values of two times on a common scale (Table 54).

    Both with a zone: their UTC forms (no wrap at midnight, like XPath's reference date).
    Otherwise the local one "uses the timezone offset of the other input", which amounts to
    comparing the clock readings.
    """
    if a.offset is not None and b.offset is not None and not (a.zone and a.zone == b.zone):
        return a.nanos - a.offset * NS, b.nanos - b.offset * NS
    return a.nanos, b.nanos


def _date_time_values(a: DateTime, b: DateTime) -> tuple[int, int]:
    """Nanosecond values of two date and times on a common scale: instants, or clock readings
    when either is local (it takes the other's offset, Table 54)."""
    if a.offset is not None and b.offset is not None:
        return a.instant_ns(), b.instant_ns()
    return a.local_ns(), b.local_ns()


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


def compare(a: Any, b: Any) -> int | None:
    """Order two temporal values of the same kind: -1, 0 or 1; None when not comparable.

    Dates compare by year, month, day. Times and date and times compare by their value in
    whole seconds (valuet/valuedt of §10.3.2.3.4/6; the TCK's 0068 tests make
    ``10:30:00.0001`` equal ``10:30:00.0002``): instants when both have a zone, clock
    readings when either is local. Durations compare only with their own kind, exactly.
    Mixed kinds (a date and a date and time included) and non-temporal values give None.
    """
    ta = type(a)
    if ta is not type(b):
        return None
    if ta is Date:
        return _sign(a.epoch_day - b.epoch_day)
    if ta is DateTime:
        va, vb = _date_time_values(a, b)
        return _sign(va // NS - vb // NS)
    if ta is Time:
        va, vb = _time_values(a, b)
        return _sign(va // NS - vb // NS)
    if ta is DaysTimeDuration:
        return _sign(a.nanos - b.nanos)
    if ta is YearsMonthsDuration:
        return _sign(a.months - b.months)
    return None


def equal(a: Any, b: Any) -> bool | None:
    """FEEL ``=`` on temporal values (Table 53): True/False for two values of the same kind,
    None when they are not comparable (different kinds, or a non-temporal value).

    ``null = null`` is True and ``x = null`` False, as in :func:`dmnlaw.feel.values.equal`.
    """
    if a is None or b is None:
        return a is None and b is None
    c = compare(a, b)
    return None if c is None else c == 0


def identical(a: Any, b: Any) -> bool:
    """FEEL ``is(a, b)`` for temporal values: the same element of the semantic domain.

    Same kind and same components, offset and zone id (so ``23:00:50Z`` is
    ``23:00:50+00:00`` but not ``23:00:50`` nor ``23:00:50@Etc/UTC``).
    """
    return type(a) is type(b) and type(a) in _TYPE_NAMES and a == b


# --- arithmetic -------------------------------------------------------------------------------

def _kind(v: Any) -> str:
    return _values.type_name(v)


def _add_months(year: int, month: int, day: int, months: int) -> tuple[int, int, int]:
    """Table 57's date + years and months duration; a day past the month's end becomes its
    last day, as XML Schema's duration addition (Appendix E) pins it."""
    total = year * 12 + (month - 1) + months
    y, m0 = divmod(total, 12)
    m = m0 + 1
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise FeelEvalError(f"the resulting year {y} is outside [{MIN_YEAR}..{MAX_YEAR}]")
    return y, m, min(day, days_in_month(y, m))


def _date_time_plus_months(v: DateTime, months: int) -> DateTime:
    y, m, d = _add_months(v.year, v.month, v.day, months)
    offset = v.offset
    if v.zone is not None:
        offset = _zone_offset_for_local(v.zone, y, m, d, v.nanos)
    return DateTime._make(y, m, d, v.nanos, offset, v.zone)


def _date_time_plus_nanos(v: DateTime, nanos: int) -> DateTime:
    if v.zone is not None:
        # valuedt⁻¹(valuedt(e1) ± valuedtd(e2)): move the instant, then read the zone's clock.
        return DateTime._from_instant(v.instant_ns() + nanos, None, v.zone)
    return DateTime._from_local_ns(v.local_ns() + nanos, v.offset, None)


def _date_plus_nanos(v: Date, nanos: int) -> Date:
    # date(valuedt⁻¹(valuedt(e1) ± valuedtd(e2))): the date at midnight moved, then truncated.
    days = (v.epoch_day * NS_PER_DAY + nanos) // NS_PER_DAY
    y, m, d = civil_from_days(days)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise FeelEvalError(f"the resulting year {y} is outside [{MIN_YEAR}..{MAX_YEAR}]")
    return Date._new(y, m, d)


def _as_date_time(v: Date | DateTime, other: Date | DateTime) -> DateTime:
    """A date as a date and time for Table 57's subtraction: UTC midnight when the other
    operand is a date and time (so with a local one the subtraction is undefined, as the
    spec has it), local midnight between two dates."""
    if type(v) is DateTime:
        return v
    utc = type(other) is DateTime
    return DateTime._make(v.year, v.month, v.day, 0, 0 if utc else None, None)


def add(a: Any, b: Any) -> Temporal:
    """FEEL ``a + b`` where a temporal value is involved (Table 57).

    Defined: duration + duration of the same kind; date and time, date or time plus a
    duration (either order; a time only with a days and time duration, wrapping at 24h).
    Raises FeelEvalError for any other combination or a year out of range.
    """
    ta, tb = type(a), type(b)
    if ta is DaysTimeDuration and tb is DaysTimeDuration:
        return DaysTimeDuration(a.nanos + b.nanos)
    if ta is YearsMonthsDuration and tb is YearsMonthsDuration:
        return YearsMonthsDuration(a.months + b.months)
    if ta in (DaysTimeDuration, YearsMonthsDuration) and tb in (Date, DateTime, Time):
        a, b, ta, tb = b, a, tb, ta  # addition is commutative (Table 57)
    return _shift(a, b, 1, lambda: f"cannot add {_kind(a)} and {_kind(b)}")


def _shift(point: Any, dur: Any, sign: int, message: Callable[[], str]) -> Temporal:
    """``point`` moved by ``sign`` × ``dur``; FeelEvalError(message()) when that is undefined."""
    tp, td = type(point), type(dur)
    if tp is DateTime:
        if td is DaysTimeDuration:
            return _date_time_plus_nanos(point, sign * dur.nanos)
        if td is YearsMonthsDuration:
            return _date_time_plus_months(point, sign * dur.months)
    elif tp is Date:
        if td is DaysTimeDuration:
            return _date_plus_nanos(point, sign * dur.nanos)
        if td is YearsMonthsDuration:
            return Date._new(*_add_months(point.year, point.month, point.day, sign * dur.months))
    elif tp is Time and td is DaysTimeDuration:
        return Time._make(point.nanos + sign * dur.nanos, point.offset, point.zone)
    raise FeelEvalError(message())


def subtract(a: Any, b: Any) -> Temporal:
    """FEEL ``a - b`` where a temporal value is involved (Table 57).

    * date and time/date − date and time/date → days and time duration (a date counts as
      UTC midnight beside a date and time); undefined when exactly one side has a zone;
    * time − time → days and time duration;
    * duration − duration of the same kind;
    * date and time, date or time − a duration (a time only with a days and time duration).

    Raises FeelEvalError for any other combination or a year out of range.
    """
    ta, tb = type(a), type(b)
    if ta is DaysTimeDuration and tb is DaysTimeDuration:
        return DaysTimeDuration(a.nanos - b.nanos)
    if ta is YearsMonthsDuration and tb is YearsMonthsDuration:
        return YearsMonthsDuration(a.months - b.months)
    if ta in (Date, DateTime) and tb in (Date, DateTime):
        x, y = _as_date_time(a, b), _as_date_time(b, a)
        if (x.offset is None) != (y.offset is None):
            raise FeelEvalError(
                f"cannot subtract {y} from {x}: only one of them has a time zone")
        va, vb = _date_time_values(x, y)
        return DaysTimeDuration(va - vb)
    if ta is Time and tb is Time:
        va, vb = _time_values(a, b)
        return DaysTimeDuration(va - vb)
    return _shift(a, b, -1, lambda: f"cannot subtract {_kind(b)} from {_kind(a)}")


_HALF = Decimal("0.5")


def _to_nanos(x: Decimal) -> int:
    # Durations keep nanoseconds; a finer product is rounded half-even to the nanosecond.
    return int(x.to_integral_value(rounding=ROUND_HALF_EVEN, context=CONTEXT))


def _to_months(x: Decimal) -> int:
    # XPath op:multiply/divide-yearMonthDuration: nearest month, halves toward +infinity.
    return int(CONTEXT.add(x, _HALF).to_integral_value(rounding=ROUND_FLOOR, context=CONTEXT))


def multiply(a: Any, b: Any) -> Duration:
    """FEEL ``a * b`` for a duration and a number, in either order (Table 59).

    A days and time duration is scaled to the nearest nanosecond; a years and months
    duration to the nearest month. Raises FeelEvalError for other operands.
    """
    if type(a) is Decimal:
        a, b = b, a
    ta = type(a)
    if type(b) is Decimal and ta in (DaysTimeDuration, YearsMonthsDuration):
        try:
            if ta is DaysTimeDuration:
                return DaysTimeDuration(_to_nanos(CONTEXT.multiply(Decimal(a.nanos), b)))
            return YearsMonthsDuration(_to_months(CONTEXT.multiply(Decimal(a.months), b)))
        except (decimal.InvalidOperation, decimal.Overflow, OverflowError):
            raise FeelEvalError(f"{a} * {b} is out of range") from None
    raise FeelEvalError(f"cannot multiply {_kind(a)} by {_kind(b)}")


def divide(a: Any, b: Any) -> Duration | Decimal:
    """FEEL ``a / b`` (Table 59): duration / number → duration; duration / duration of the
    same kind → number. Raises FeelEvalError for division by zero or other operands."""
    ta, tb = type(a), type(b)
    if ta in (DaysTimeDuration, YearsMonthsDuration) and (tb is Decimal or tb is ta):
        divisor = b if tb is Decimal else Decimal(b._amount())
        if not divisor:
            raise FeelEvalError(f"division of {a} by zero")
        try:
            q = CONTEXT.divide(Decimal(a._amount()), divisor)
            if tb is not Decimal:
                return q
            if ta is DaysTimeDuration:
                return DaysTimeDuration(_to_nanos(q))
            return YearsMonthsDuration(_to_months(q))
        except (decimal.InvalidOperation, decimal.Overflow, OverflowError):
            raise FeelEvalError(f"{a} / {b} is out of range") from None
    raise FeelEvalError(f"cannot divide {_kind(a)} by {_kind(b)}")


def negate(v: Any) -> Duration:
    """FEEL ``-v`` for a duration (Table 62: ``-e`` is ``e * -1``); FeelEvalError otherwise."""
    if isinstance(v, (DaysTimeDuration, YearsMonthsDuration)):
        return -v
    raise FeelEvalError(f"cannot negate {_kind(v)}")


# --- properties -------------------------------------------------------------------------------

def _seconds_decimal(nanos: int) -> Decimal:
    """A signed nanosecond count as a number of seconds, without trailing zeros."""
    secs, frac = divmod(abs(nanos), NS)
    d = Decimal(f"{secs}{_fmt_fraction(frac)}")
    return -d if nanos < 0 else d


def _offset_duration(offset: int | None) -> DaysTimeDuration | None:
    return None if offset is None else DaysTimeDuration(offset * NS)


def get_property(v: Any, name: str) -> Any:
    """The value of ``v.name`` for a temporal ``v`` (Tables 65 and 66).

    date: year month day weekday; date and time: those plus hour minute second
    ``time offset`` timezone; time: hour minute second ``time offset`` timezone; years and
    months duration: years months; days and time duration: days hours minutes seconds.
    Numbers are Decimals; ``second``/``seconds`` keep their fraction; duration components
    carry the duration's sign. ``time offset`` is a days and time duration or null (local
    values); ``timezone`` is the IANA id or null. A duration property of the other duration
    kind is null, as Table 66 says. Raises FeelEvalError for a name the value does not have.
    """
    t = type(v)
    if t is Date or t is DateTime:
        if name == "year":
            return Decimal(v.year)
        if name == "month":
            return Decimal(v.month)
        if name == "day":
            return Decimal(v.day)
        if name == "weekday":
            return Decimal(v.weekday)
    if t is DateTime or t is Time:
        if name == "hour":
            return Decimal(v.hour)
        if name == "minute":
            return Decimal(v.minute)
        if name == "second":
            return _seconds_decimal(v.nanos % (60 * NS))
        if name == "time offset":
            return _offset_duration(v.offset)
        if name == "timezone":
            return v.zone
    if (t is DaysTimeDuration or t is YearsMonthsDuration) and name in _DURATION_PROPERTIES:
        return _duration_property(v, name)
    kind = type_name(v)
    if kind is None:
        raise FeelEvalError(f"{_kind(v)} has no property '{name}'")
    raise FeelEvalError(f"a {kind} has no property '{name}'")


_DURATION_PROPERTIES = ("years", "months", "days", "hours", "minutes", "seconds")


def _duration_property(v: Duration, name: str) -> Decimal | None:
    if isinstance(v, YearsMonthsDuration):
        if name not in ("years", "months"):
            return None
        sign = -1 if v.months < 0 else 1
        years, months = divmod(abs(v.months), 12)
        return Decimal(sign * (years if name == "years" else months))
    if name in ("years", "months"):
        return None
    sign, days, hours, minutes, rest = v._parts()
    if name == "seconds":
        return _seconds_decimal(sign * rest)
    return Decimal(sign * {"days": days, "hours": hours, "minutes": minutes}[name])


# --- functions behind the temporal built-ins --------------------------------------------------

def years_and_months_between(start: Date | DateTime, end: Date | DateTime) -> YearsMonthsDuration:
    """The whole years and months from ``start`` to ``end`` (the ``years and months duration``
    built-in): counted on the local dates, times and zones ignored, as the TCK expects
    (``2014-12-31T23:59:59`` to ``2016-12-31T00:00:01`` is P2Y).

    A month counts once its day of the month is reached (java.time's Period.between): from
    the 22nd to the 24th eight months later is 8 months; to the 21st it is 7.
    """
    months = (end.year * 12 + end.month) - (start.year * 12 + start.month)
    days = end.day - start.day
    if months > 0 and days < 0:
        months -= 1
    elif months < 0 and days > 0:
        months += 1
    return YearsMonthsDuration(months)


def day_of_year(v: Date | DateTime) -> int:
    """The ordinal day of the year of a date's (or date and time's local) date, 1–366."""
    return days_from_civil(v.year, v.month, v.day) - days_from_civil(v.year, 1, 1) + 1


def day_of_week(v: Date | DateTime) -> str:
    """The English name of the day of the week ("Monday" … "Sunday")."""
    return WEEKDAY_NAMES[v.weekday - 1]


def month_of_year(v: Date | DateTime) -> str:
    """The English name of the month ("January" … "December")."""
    return MONTH_NAMES[v.month - 1]


def week_of_year(v: Date | DateTime) -> int:
    """The ISO 8601 week number, 1–53: week 1 holds the year's first Thursday, so
    2005-01-01 is in week 53 (of 2004) and 2003-12-29 in week 1 (of 2004)."""
    week = (day_of_year(v) - v.weekday + 10) // 7
    if week < 1:
        return _iso_weeks_in_year(v.year - 1)
    if week > _iso_weeks_in_year(v.year):
        return 1
    return week


def now() -> DateTime:
    """The current date and time, at the system's current UTC offset, to the nanosecond."""
    instant = _time.time_ns()
    offset = _offset_seconds(_dt.datetime.now().astimezone().utcoffset())
    return DateTime._from_instant(instant, offset, None)


def today() -> Date:
    """The current local date."""
    d = _dt.date.today()
    return Date(d.year, d.month, d.day)


def time_from_components(hour: int, minute: int, second: Decimal,
                         offset: DaysTimeDuration | None = None) -> Time:
    """The ``time(hour, minute, second, offset?)`` built-in: ``second`` may have a fraction
    (kept to the nanosecond, finer digits dropped); ``offset`` must be whole seconds (the
    function takes any days and time duration, unlike the ``±hh:mm`` of XML Schema
    literals) within ±14 hours. Raises InvalidArgument otherwise."""
    if not Decimal(0) <= second < Decimal(60):
        raise InvalidArgument(f"second {second} is outside [0..60)")
    nanos = int(CONTEXT.multiply(second, Decimal(NS)).to_integral_value(rounding=ROUND_DOWN,
                                                                         context=CONTEXT))
    off: int | None = None
    if offset is not None:
        if offset.nanos % NS:
            raise InvalidArgument(f"time offset {offset} is not a whole number of seconds")
        off = offset.nanos // NS
    return Time(hour, minute, nanos // NS, nanos % NS, off)
