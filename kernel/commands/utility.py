"""Utility cmdlets: Get-Date, New-TimeSpan, Start-Sleep, New-Guid, Get-Random, Read-Host, Get-Credential,
ConvertTo/From-SecureString; and $PSVersionTable (the variable cmdlets are in variables.py, Select-String in
selectstring.py).
(Get-Command, Get-Help and the module cmdlets are in introspection.py.)
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import random
import time
import uuid
from typing import Any

from azskernel.commands._util import error
from azskernel.runtime.cmdlet import Cmdlet, cmdlet, parameter
from azskernel.runtime.conversion import convert_to, is_enumerable, to_string
from azskernel.runtime.credentials import PSCredential, SecureString
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.host import NON_INTERACTIVE
from azskernel.runtime.pstypes import PSVersion
from azskernel.runtime.values import OrderedHashtable

SECURITY = "Microsoft.PowerShell.Security"
PS_VERSION = PSVersion((7, 4, 0))


def ps_version_table() -> OrderedHashtable:
    """$PSVersionTable as pwsh 7 on Linux reports it (the engine emulates PowerShell 7.4)."""
    return OrderedHashtable(
        [
            ("PSVersion", PS_VERSION),
            ("PSEdition", "Core"),
            ("GitCommitId", str(PS_VERSION)),
            ("OS", f"{platform.system()} {platform.release()}"),
            ("Platform", "Win32NT" if os.name == "nt" else "Unix"),
            ("PSCompatibleVersions", [PSVersion(v) for v in ((1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (5, 1), (6, 0), (7, 0))]),
            ("PSRemotingProtocolVersion", PSVersion((2, 3))),
            ("SerializationVersion", PSVersion((1, 1, 0, 1))),
            ("WSManStackVersion", PSVersion((3, 0))),
        ]
    )


def _non_interactive(command: str) -> RuntimeException:
    return error(
        NON_INTERACTIVE,
        "InvalidOperation," + f"Microsoft.PowerShell.Commands.{command.replace('-', '')}Command",
        ErrorCategory.InvalidOperation,
        None,
        command,
    )


def _interactive(ctx: Any) -> bool:
    return bool(getattr(ctx.host, "interactive", False))


# -- dates and time ---------------------------------------------------------------------------
_UFORMAT = {"%k": "%H", "%l": "%I", "%s": None}


@cmdlet(
    "Get-Date",
    default_parameter_set="net",
    synopsis="Gets the current date and time.",
    examples=(("Get-Date -Format 'yyyy-MM-dd HH:mm:ss'", ""), ("(Get-Date).AddDays(-7)", "")),
)
@parameter("Date", type="datetime", position=0, value_from_pipeline=True, value_from_pipeline_by_property_name=True, aliases=("LastWriteTime",))
@parameter("Year", type="int", validate_range=(1, 9999))
@parameter("Month", type="int", validate_range=(1, 12))
@parameter("Day", type="int", validate_range=(1, 31))
@parameter("Hour", type="int", validate_range=(0, 23))
@parameter("Minute", type="int", validate_range=(0, 59))
@parameter("Second", type="int", validate_range=(0, 59))
@parameter("Millisecond", type="int", validate_range=(0, 999))
@parameter("DisplayHint", type="string", validate_set=("Date", "Time", "DateTime"))
@parameter("Format", type="string", parameter_sets=("net",))
@parameter("UFormat", type="string", parameter_sets=("UFormat",))
@parameter("AsUTC", switch=True)
def get_date(ctx: Any, *, date: _dt.datetime | None, year: int | None, month: int | None, day: int | None, hour: int | None,
             minute: int | None, second: int | None, millisecond: int | None, display_hint: str | None, format: str | None,
             u_format: str | None, as_utc: bool) -> Any:
    value = date if date is not None else _dt.datetime.now()
    if as_utc:
        value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None) if value.tzinfo else _dt.datetime.utcnow() if date is None else value
    changes = {k: v for k, v in (("year", year), ("month", month), ("day", day), ("hour", hour), ("minute", minute), ("second", second)) if v is not None}
    if millisecond is not None:
        changes["microsecond"] = millisecond * 1000
    try:
        value = value.replace(**changes)
    except ValueError as exc:
        raise error(f"Cannot set the date: {exc}.", "ParameterArgumentValidationError", ErrorCategory.InvalidArgument, changes, "Get-Date") from None
    if format is not None:
        from azskernel.runtime.dotnetformat import format_datetime

        return format_datetime(value, format)
    if u_format is not None:
        text = u_format
        if "%s" in text:
            text = text.replace("%s", str(int(value.timestamp())))
        for k, v in _UFORMAT.items():
            if v:
                text = text.replace(k, v)
        return value.strftime(text)
    return value


@cmdlet("New-TimeSpan", default_parameter_set="Date", synopsis="Creates a TimeSpan object.")
@parameter("Start", type="datetime", position=0, parameter_sets=("Date",), aliases=("LastWriteTime",))
@parameter("End", type="datetime", position=1, parameter_sets=("Date",))
@parameter("Days", type="int", parameter_sets=("Time",))
@parameter("Hours", type="int", parameter_sets=("Time",))
@parameter("Minutes", type="int", parameter_sets=("Time",))
@parameter("Seconds", type="int", parameter_sets=("Time",))
@parameter("Milliseconds", type="int", parameter_sets=("Time",))
def new_time_span(ctx: Any, *, start: Any, end: Any, days: Any, hours: Any, minutes: Any, seconds: Any, milliseconds: Any) -> Any:
    if ctx.bound.parameter_set_name == "Time" or any(v is not None for v in (days, hours, minutes, seconds, milliseconds)):
        return _dt.timedelta(days=days or 0, hours=hours or 0, minutes=minutes or 0, seconds=seconds or 0, milliseconds=milliseconds or 0)
    now = _dt.datetime.now()
    return (end or now) - (start or now)


@cmdlet(
    "Start-Sleep",
    aliases=("sleep",),
    default_parameter_set="Seconds",
    synopsis="Suspends the activity in a script or session for the specified period of time.",
    examples=(("Start-Sleep -Seconds 5", ""), ("Start-Sleep -Milliseconds 250", "")),
)
@parameter("Seconds", type="double", position=0, mandatory=True, parameter_sets=("Seconds",), value_from_pipeline=True, validate_range=(0, None))
@parameter("Milliseconds", type="int", mandatory=True, parameter_sets=("Milliseconds",), aliases=("ms",), validate_range=(0, None))
@parameter("Duration", type="timespan", mandatory=True, parameter_sets=("FromTimeSpan",), aliases=("ts",))
def start_sleep(ctx: Any, *, seconds: float | None, milliseconds: int | None, duration: Any) -> None:
    total = seconds if seconds is not None else (milliseconds / 1000 if milliseconds is not None else duration.total_seconds())
    cancel = getattr(ctx, "cancel", None)
    if cancel is not None and hasattr(cancel, "wait"):
        cancel.wait(total)  # wakes early when the session is cancelled (Ctrl+C, kernel interrupt)
    else:
        time.sleep(total)


@cmdlet("New-Guid", synopsis="Creates a GUID.", examples=(("(New-Guid).Guid", ""),))
@parameter("Empty", switch=True)
def new_guid(ctx: Any, *, empty: bool) -> Any:
    return uuid.UUID(int=0) if empty else uuid.uuid4()


@cmdlet(
    "Get-Random",
    default_parameter_set="RandomNumberParameterSet",
    synopsis="Gets a random number, or selects objects randomly from a collection.",
    examples=(("Get-Random -Minimum 1 -Maximum 7", ""), ("$names | Get-Random -Count 2", "")),
)
@parameter("Maximum", position=0, parameter_sets=("RandomNumberParameterSet",), aliases=("Max",))
@parameter("Minimum", parameter_sets=("RandomNumberParameterSet",), aliases=("Min",))
@parameter("InputObject", type="object[]", position=0, mandatory=True, parameter_sets=("RandomListItemParameterSet", "ShuffleParameterSet"), value_from_pipeline=True)
@parameter("Count", type="int", default=1)
@parameter("SetSeed", type="int")
@parameter("Shuffle", switch=True, parameter_sets=("ShuffleParameterSet",), mandatory=True)
class GetRandom(Cmdlet):
    def begin(self, ctx: Any, *, set_seed: int | None, **_: Any) -> None:
        self.rng = random.Random(set_seed) if set_seed is not None else random.Random()
        self.items: list[Any] = []

    def process(self, ctx: Any, *, input_object: Any, **_: Any) -> None:
        if input_object is not None:
            self.items.extend(input_object)

    def end(self, ctx: Any, *, maximum: Any, minimum: Any, count: int, shuffle: bool, **_: Any) -> Any:
        if shuffle or self.items or ctx.bound.parameter_set_name in ("RandomListItemParameterSet", "ShuffleParameterSet"):
            n = len(self.items) if shuffle else min(count, len(self.items))
            return self.rng.sample(self.items, n)
        use_float = isinstance(maximum, float) or isinstance(minimum, float) or (isinstance(maximum, str) and "." in maximum) or (isinstance(minimum, str) and "." in minimum)
        kind = "double" if use_float else "long"
        hi = convert_to(maximum, kind) if maximum is not None else (2**31 - 1 if not use_float else 1.7976931348623157e308)
        lo = convert_to(minimum, kind) if minimum is not None else 0
        if hi <= lo:
            raise error(
                f"The Minimum value ({lo}) cannot be greater than or equal to the Maximum value ({hi}).",
                "MinGreaterThanOrEqualMax,Microsoft.PowerShell.Commands.GetRandomCommand",
                ErrorCategory.InvalidArgument, None, "Get-Random",
            )
        values = [self.rng.uniform(lo, hi) if use_float else self.rng.randrange(int(lo), int(hi)) for _ in range(count)]
        return values


# -- input and credentials --------------------------------------------------------------------
@cmdlet(
    "Read-Host",
    default_parameter_set="AsString",
    synopsis="Reads a line of input from the console.",
    examples=(("$name = Read-Host 'Image name'", ""), ("$secret = Read-Host 'Password' -AsSecureString", "")),
)
@parameter("Prompt", position=0, value_from_remaining_arguments=True)
@parameter("AsSecureString", switch=True, parameter_sets=("AsSecureString",))
@parameter("MaskInput", switch=True, parameter_sets=("AsString",))
def read_host(ctx: Any, *, prompt: Any, as_secure_string: bool, mask_input: bool) -> Any:
    if not _interactive(ctx):
        raise _non_interactive("Read-Host")
    text = (" ".join(to_string(p) for p in prompt) if is_enumerable(prompt) else to_string(prompt)) if prompt is not None else ""
    label = f"{text}: " if text else ""
    if as_secure_string:
        return SecureString(ctx.read_secret(label))
    if mask_input:
        return ctx.read_secret(label)
    return ctx.read_line(label)


@cmdlet(
    "Get-Credential",
    module=SECURITY,
    default_parameter_set="CredentialSet",
    synopsis="Gets a credential object based on a user name and password.",
    examples=(("$cred = Get-Credential -UserName 'admin@contoso.local'", ""),),
)
@parameter("Credential", type=PSCredential, position=0, parameter_sets=("CredentialSet",))
@parameter("UserName", type="string", parameter_sets=("MessageSet",), position=0)
@parameter("Message", type="string", parameter_sets=("MessageSet",))
@parameter("Title", type="string", parameter_sets=("MessageSet",))
def get_credential(ctx: Any, *, credential: Any, user_name: str | None, message: str | None, title: str | None) -> Any:
    if credential is not None:
        return credential
    if not _interactive(ctx):
        raise _non_interactive("Get-Credential")
    ctx.write_host(title or "PowerShell credential request")
    ctx.write_host(message or "Enter your credentials.")
    user = user_name or ctx.read_line("User: ")
    secret = ctx.read_secret(f"Password for user {user}: ")
    return PSCredential(user, SecureString(secret))


@cmdlet(
    "ConvertTo-SecureString",
    module=SECURITY,
    default_parameter_set="Secure",
    synopsis="Converts plain text or encrypted strings to secure strings.",
    examples=(("$secret = ConvertTo-SecureString $env:AZS_SECRET -AsPlainText -Force", ""),),
)
@parameter("String", type="string", position=0, mandatory=True, value_from_pipeline=True)
@parameter("AsPlainText", switch=True, parameter_sets=("PlainText",), mandatory=True)
@parameter("Force", switch=True, parameter_sets=("PlainText",))
@parameter("Key", type="byte[]", parameter_sets=("Open",))
@parameter("SecureKey", type=SecureString, parameter_sets=("Secure",))
def convert_to_secure_string(ctx: Any, *, string: str, as_plain_text: bool, force: bool, key: Any, secure_key: Any) -> Any:
    if as_plain_text:
        return SecureString(string)
    if key is not None or secure_key is not None:
        raise error(
            "Keyed (AES) secure strings are not supported here; use -AsPlainText with a secret from a vault or environment variable.",
            "ImportSecureString_InvalidArgument,Microsoft.PowerShell.Commands.ConvertToSecureStringCommand",
            ErrorCategory.NotImplemented, None, "ConvertTo-SecureString",
        )
    # pwsh on Linux/macOS stores ConvertFrom-SecureString output as hex UTF-16LE (no DPAPI there)
    try:
        return SecureString(bytes.fromhex(string).decode("utf-16-le"))
    except ValueError:
        raise error(
            "Input string was not in a correct format: expected the output of ConvertFrom-SecureString. "
            "For plain text, add -AsPlainText.",
            "ImportSecureString_InvalidArgument,Microsoft.PowerShell.Commands.ConvertToSecureStringCommand",
            ErrorCategory.InvalidArgument, None, "ConvertTo-SecureString",
        ) from None


@cmdlet("ConvertFrom-SecureString", module=SECURITY, synopsis="Converts a secure string to an encrypted standard string.")
@parameter("SecureString", type=SecureString, position=0, mandatory=True, value_from_pipeline=True)
@parameter("AsPlainText", switch=True)
def convert_from_secure_string(ctx: Any, *, secure_string: SecureString, as_plain_text: bool) -> Any:
    if as_plain_text:
        return secure_string.reveal()
    return secure_string.reveal().encode("utf-16-le").hex()


@cmdlet("Get-Culture", synopsis="Gets the current culture set in the operating system.",
        examples=(("(Get-Culture).NumberFormat.NumberDecimalSeparator", ""), ("Get-Culture -Name ru-RU", "")))
@parameter("Name", type="string", position=0)
@parameter("ListAvailable", switch=True)
@parameter("NoUserOverrides", switch=True)
def get_culture(ctx: Any, *, name: str | None, list_available: bool, no_user_overrides: bool) -> Any:
    from azskernel.runtime.culture import CURRENT, KNOWN_NAMES, culture

    if list_available:
        return [culture(n) for n in KNOWN_NAMES]
    return culture(name) if name is not None else CURRENT


__all__ = [
    "GetRandom", "convert_from_secure_string", "convert_to_secure_string",
    "get_credential", "get_culture", "get_date", "new_guid", "new_time_span", "ps_version_table",
    "read_host", "start_sleep",
]
