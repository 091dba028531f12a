"""Static members of [datetime] and [timespan] (Now, UtcNow, ParseExact, FromMinutes, …) and their
constructors. Each function raises KeyError for a member it lacks; statics.py turns that into pwsh's error.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from azskernel.runtime.conversion import convert_to, parse_datetime, to_number, to_string
from azskernel.runtime.method_errors import method_exception


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
        nums = [int(to_number(a)) for a in args]
        if len(nums) == 1:
            return _dt.datetime(1, 1, 1) + _dt.timedelta(microseconds=nums[0] // 10)
        return _dt.datetime(*nums[:7])
    if name == "fromfiletime" or name == "fromfiletimeutc":
        return _dt.datetime(1601, 1, 1) + _dt.timedelta(microseconds=int(to_number(args[0])) // 10)
    if name == "specifykind":
        return args[0]
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
