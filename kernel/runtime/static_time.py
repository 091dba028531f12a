"""Static members of [datetime] and [timespan] (Now, UtcNow, ParseExact, FromMinutes, …) and their
constructors; the DateTimeOffset, DateOnly and TimeOnly types. Each function raises KeyError for a member it
lacks; statics.py turns that into pwsh's error.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from azskernel.runtime.conversion import STRING_PARSERS, convert_to, parse_datetime, to_number, to_string
from azskernel.runtime.enums import EnumValue
from azskernel.runtime.method_errors import method_exception


def with_kind(moment: _dt.datetime, kind: str) -> _dt.datetime:
    """A DateTime of the given DateTimeKind: Utc is aware in UTC, Local aware in the machine's zone (a distinct
    tzinfo, so JSON writes its offset rather than Z), Unspecified naive; the clock reading is kept."""
    folded = kind.casefold()
    naive = moment.replace(tzinfo=None)
    if folded == "utc":
        return naive.replace(tzinfo=_dt.timezone.utc)
    if folded == "local":
        local = naive.astimezone().tzinfo
        offset = local.utcoffset(naive) if local is not None else _dt.timedelta(0)
        return naive.replace(tzinfo=_dt.timezone(offset or _dt.timedelta(0), "Local"))
    return naive


def datetime_member(name: str) -> Any:
    if name == "now":
        return _dt.datetime.now()
    if name == "utcnow":
        return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
    if name == "today":
        return _dt.datetime.combine(_dt.date.today(), _dt.time())
    if name == "minvalue":
        return _dt.datetime(1, 1, 1)
    if name == "maxvalue":
        return _dt.datetime(9999, 12, 31, 23, 59, 59, 999999)
    raise KeyError(name)


_NET_TO_STRPTIME = [("yyyy", "%Y"), ("MM", "%m"), ("dd", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S"),
                    ("fff", "%f"), ("yy", "%y"), ("tt", "%p"), ("hh", "%I"), ("MMM", "%b")]


def datetime_call(name: str, args: list[Any]) -> Any:
    if name == "parse":
        return parse_datetime(to_string(args[0]))
    if name == "parseexact":
        fmt = to_string(args[1])
        py = fmt
        for net, pyf in sorted(_NET_TO_STRPTIME, key=lambda p: -len(p[0])):
            py = py.replace(net, pyf)
        try:
            return _dt.datetime.strptime(to_string(args[0]), py)
        except ValueError:
            raise method_exception("ParseExact", args, "String '" + to_string(args[0]) + "' was not recognized as a valid DateTime.") from None
    if name == "daysinmonth":
        import calendar

        return calendar.monthrange(int(to_number(args[0])), int(to_number(args[1])))[1]
    if name == "isleapyear":
        import calendar

        return calendar.isleap(int(to_number(args[0])))
    if name == "new":
        kind = next((a for a in args if isinstance(a, EnumValue)), None)
        nums = [int(to_number(a)) for a in args if not isinstance(a, EnumValue)]
        if len(nums) == 1:
            moment = _dt.datetime(1, 1, 1) + _dt.timedelta(microseconds=nums[0] // 10)
        else:
            moment = _dt.datetime(*nums[:6], microsecond=nums[6] * 1000 if len(nums) > 6 else 0)
        return with_kind(moment, kind.name) if kind is not None else moment
    if name == "fromfiletime" or name == "fromfiletimeutc":
        return _dt.datetime(1601, 1, 1) + _dt.timedelta(microseconds=int(to_number(args[0])) // 10)
    if name == "specifykind":
        return with_kind(args[0], to_string(args[1]))
    return datetime_member(name)


def timespan_call(name: str, args: list[Any]) -> Any:
    if name.startswith("from"):
        unit = name[4:]
        value = float(to_number(args[0]))
        key = {"days": "days", "hours": "hours", "minutes": "minutes", "seconds": "seconds",
               "milliseconds": "milliseconds", "ticks": "microseconds"}.get(unit)
        if key is None:
            raise KeyError(name)
        if key == "microseconds":
            value = value / 10
        return _dt.timedelta(**{key: value})
    if name == "zero":
        return _dt.timedelta(0)
    if name == "maxvalue":
        return _dt.timedelta.max
    if name == "minvalue":
        return _dt.timedelta.min
    if name == "parse":
        return convert_to(args[0], "timespan")
    if name == "new":
        nums = [int(to_number(a)) for a in args]
        if len(nums) == 1:
            return _dt.timedelta(microseconds=nums[0] / 10)
        if len(nums) == 3:
            return _dt.timedelta(hours=nums[0], minutes=nums[1], seconds=nums[2])
        if len(nums) >= 4:
            return _dt.timedelta(days=nums[0], hours=nums[1], minutes=nums[2], seconds=nums[3],
                                 milliseconds=nums[4] if len(nums) > 4 else 0)
    raise KeyError(name)


# ---------------------------------------------------------------- DateTimeOffset, DateOnly, TimeOnly


class DateTimeOffset(_dt.datetime):
    """System.DateTimeOffset: a moment with its UTC offset (an aware datetime whose type reports DateTimeOffset)."""

    ps_type_names = ("System.DateTimeOffset", "System.ValueType", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        offset = self.utcoffset() or _dt.timedelta(0)
        return [("DateTime", self.replace(tzinfo=None)), ("UtcDateTime", self.astimezone(_dt.timezone.utc)),
                ("LocalDateTime", self.astimezone().replace(tzinfo=None)), ("Offset", offset),
                ("Year", self.year), ("Month", self.month), ("Day", self.day), ("Hour", self.hour),
                ("Minute", self.minute), ("Second", self.second), ("Millisecond", self.microsecond // 1000)]


def date_time_offset(moment: _dt.datetime, offset: _dt.timedelta) -> DateTimeOffset:
    """The moment's clock reading at the given offset (named, so a zero offset is written +00:00, not Z)."""
    sign = "-" if offset < _dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds() // 60))
    zone = _dt.timezone(offset, f"{sign}{minutes // 60:02d}:{minutes % 60:02d}")
    naive = moment.replace(tzinfo=None)
    return DateTimeOffset(naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second,
                          naive.microsecond, tzinfo=zone)


def datetime_offset_call(name: str, args: list[Any]) -> Any:
    if name == "new":
        offset = next((a for a in args if isinstance(a, _dt.timedelta)), _dt.timedelta(0))
        nums = [int(to_number(a)) for a in args if not isinstance(a, _dt.timedelta)]
        if len(nums) == 1 and isinstance(args[0], _dt.datetime):
            return date_time_offset(args[0], offset)
        return date_time_offset(_dt.datetime(*nums[:6], microsecond=nums[6] * 1000 if len(nums) > 6 else 0), offset)
    if name == "now":
        now = _dt.datetime.now().astimezone()
        return date_time_offset(now, now.utcoffset() or _dt.timedelta(0))
    if name == "utcnow":
        return date_time_offset(_dt.datetime.now(_dt.timezone.utc), _dt.timedelta(0))
    if name == "parse":
        moment = parse_datetime(to_string(args[0]))
        return date_time_offset(moment, moment.utcoffset() or _dt.timedelta(0))
    raise KeyError(name)


STRING_PARSERS["System.DateTimeOffset"] = lambda text: datetime_offset_call("parse", [text])


class DateOnly:
    ps_type_names = ("System.DateOnly", "System.ValueType", "System.Object")

    def __init__(self, year: int, month: int, day: int) -> None:
        self.date = _dt.date(year, month, day)

    def ps_properties(self) -> list[tuple[str, Any]]:
        from azskernel.runtime.enums import find_enum

        days = find_enum("System.DayOfWeek")
        assert days is not None
        d = self.date
        return [("Year", d.year), ("Month", d.month), ("Day", d.day), ("DayOfWeek", days.convert((d.weekday() + 1) % 7)),
                ("DayOfYear", d.timetuple().tm_yday), ("DayNumber", d.toordinal() - 1)]

    def ps_to_string(self) -> str:
        return f"{self.date.month}/{self.date.day}/{self.date.year}"


class TimeOnly:
    ps_type_names = ("System.TimeOnly", "System.ValueType", "System.Object")

    def __init__(self, hour: int, minute: int, second: int = 0, millisecond: int = 0) -> None:
        self.time = _dt.time(hour, minute, second, millisecond * 1000)

    def ps_properties(self) -> list[tuple[str, Any]]:
        t = self.time
        ticks = ((t.hour * 60 + t.minute) * 60 + t.second) * 10_000_000 + t.microsecond * 10
        return [("Hour", t.hour), ("Minute", t.minute), ("Second", t.second), ("Millisecond", t.microsecond // 1000),
                ("Microsecond", t.microsecond % 1000), ("Nanosecond", 0), ("Ticks", ticks)]

    def ps_to_string(self) -> str:
        hour = self.time.hour % 12 or 12
        return f"{hour}:{self.time.minute:02d} {'AM' if self.time.hour < 12 else 'PM'}"


def date_only_call(name: str, args: list[Any]) -> Any:
    if name == "new":
        return DateOnly(*(int(to_number(a)) for a in args[:3]))
    if name == "fromdatetime":
        moment = args[0]
        return DateOnly(moment.year, moment.month, moment.day)
    raise KeyError(name)


def time_only_call(name: str, args: list[Any]) -> Any:
    if name == "new":
        return TimeOnly(*(int(to_number(a)) for a in args[:4]))
    if name == "fromdatetime":
        moment = args[0]
        return TimeOnly(moment.hour, moment.minute, moment.second, moment.microsecond // 1000)
    raise KeyError(name)
