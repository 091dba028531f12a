"""The .NET enums scripts use: [ActionPreference]::Stop, [StringSplitOptions]::RemoveEmptyEntries, ...

An enum value is an `EnumValue` (type, name, number); it prints as its name, compares equal to its name
(case-insensitively) or its number, and converts from either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from azskernel.runtime.errors import ErrorCategory, RuntimeException


@dataclass(frozen=True)
class EnumValue:
    type_name: str
    name: str
    number: int

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        return (self.type_name, "System.Enum", "System.ValueType", "System.Object")

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EnumValue):
            return self.type_name == other.type_name and self.number == other.number
        if isinstance(other, str):
            return other.casefold() == self.name.casefold()
        if isinstance(other, int) and not isinstance(other, bool):
            return other == self.number
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.type_name, self.number))

    def __int__(self) -> int:
        return self.number


@dataclass(frozen=True)
class EnumType:
    full_name: str
    members: tuple[tuple[str, int], ...]
    flags: bool = False

    def get(self, name: str) -> EnumValue | None:
        for member, number in self.members:
            if member.casefold() == name.casefold():
                return EnumValue(self.full_name, member, number)
        return None

    def convert(self, value: Any) -> EnumValue:
        if isinstance(value, EnumValue) and value.type_name == self.full_name:
            return value
        if isinstance(value, EnumValue):
            value = value.number
        if isinstance(value, int) and not isinstance(value, bool):
            for member, number in self.members:
                if number == value:
                    return EnumValue(self.full_name, member, number)
            if self.flags:
                combined = self.combine(value)
                if combined is not None:
                    return combined
            raise RuntimeException(
                f'Cannot convert value "{value}" to type "{self.full_name}" due to enumeration values that are not '
                f'valid. Specify one of the following enumeration values and try again. The possible enumeration '
                f'values are "{", ".join(m for m, _ in self.members)}".',
                error_id="InvalidCastToEnum", category=ErrorCategory.InvalidArgument, target=value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return self.convert(int(value))
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",")] if self.flags else [value.strip()]
            found = [self.get(p) for p in parts]
            if all(found) and found:
                if len(found) == 1:
                    return found[0]  # type: ignore[return-value]
                total = sum(f.number for f in found if f)
                return EnumValue(self.full_name, ", ".join(f.name for f in found if f), total)
        names = ", ".join(m for m, _ in self.members)
        raise RuntimeException(
            f'Cannot convert value "{value}" to type "{self.full_name}". Error: "Unable to match the identifier name '
            f'{value} to a valid enumerator name. Specify one of the following enumerator names and try again:\n{names}"',
            error_id="InvalidCastFromStringToEnum" if isinstance(value, str) else "InvalidCastToEnum",
            category=ErrorCategory.InvalidArgument,
            target=value,
        )


    def combine(self, number: int) -> EnumValue | None:
        """A [Flags()] value from its number: the names of its bits (None when some bit has no name)."""
        remaining = number
        names: list[str] = []
        for member, bit in sorted(self.members, key=lambda m: -m[1]):
            if bit and remaining & bit == bit:
                names.append(member)
                remaining &= ~bit
        if remaining:
            return None
        if not names:
            zero = next((m for m, n in self.members if n == 0), None)
            return EnumValue(self.full_name, zero or "0", 0)
        return EnumValue(self.full_name, ", ".join(reversed(names)), number)


def _enum(full: str, *names: str, flags: bool = False, values: tuple[int, ...] | None = None) -> EnumType:
    nums = values or tuple(range(len(names)))
    return EnumType(full, tuple(zip(names, nums)), flags)


ACTION_PREFERENCE = _enum(
    "System.Management.Automation.ActionPreference",
    "SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore", "Suspend", "Break",
)

ENUM_LIST = (
    ACTION_PREFERENCE,
    _enum("System.StringSplitOptions", "None", "RemoveEmptyEntries", "TrimEntries", values=(0, 1, 2), flags=True),
    _enum("System.StringComparison", "CurrentCulture", "CurrentCultureIgnoreCase", "InvariantCulture",
          "InvariantCultureIgnoreCase", "Ordinal", "OrdinalIgnoreCase"),
    _enum("System.DateTimeKind", "Unspecified", "Utc", "Local"),
    _enum("System.IO.SearchOption", "TopDirectoryOnly", "AllDirectories"),
    _enum("System.ConsoleColor", "Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta",
          "DarkYellow", "Gray", "DarkGray", "Blue", "Green", "Cyan", "Red", "Magenta", "Yellow", "White"),
    _enum("System.Management.Automation.ErrorCategory", "NotSpecified", "OpenError", "CloseError", "DeviceError",
          "DeadlockDetected", "InvalidArgument", "InvalidData", "InvalidOperation", "InvalidResult", "InvalidType",
          "MetadataError", "NotImplemented", "NotInstalled", "ObjectNotFound", "OperationStopped",
          "OperationTimeout", "SyntaxError", "ParserError", "PermissionDenied", "ResourceBusy", "ResourceExists",
          "ResourceUnavailable", "ReadError", "WriteError", "FromStdErr", "SecurityError", "ProtocolError",
          "ConnectionError", "AuthenticationError", "LimitsExceeded", "QuotaExceeded", "NotEnabled"),
)

ENUM_LIST = ENUM_LIST + (
    _enum("System.Net.SecurityProtocolType", "SystemDefault", "Ssl3", "Tls", "Tls11", "Tls12", "Tls13",
          values=(0, 48, 192, 768, 3072, 12288), flags=True),
)

PS_MEMBER_TYPES = _enum(
    "System.Management.Automation.PSMemberTypes", "AliasProperty", "CodeProperty", "Property", "NoteProperty",
    "ScriptProperty", "Properties", "PropertySet", "Method", "CodeMethod", "ScriptMethod", "Methods",
    "ParameterizedProperty", "MemberSet", "Event", "Dynamic", "InferredProperty", "All",
    values=(1, 2, 4, 8, 16, 31, 32, 64, 128, 256, 448, 512, 1024, 2048, 4096, 8192, 16383), flags=True)

ENUM_LIST = ENUM_LIST + (
    PS_MEMBER_TYPES,
    _enum("System.DayOfWeek", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
    _enum("System.IO.FileAttributes", "None", "ReadOnly", "Hidden", "System", "Directory", "Archive", "Device",
          "Normal", "Temporary", "SparseFile", "ReparsePoint", "Compressed", "Offline", "NotContentIndexed",
          "Encrypted", "IntegrityStream", "NoScrubData",
          values=(0, 1, 2, 4, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 131072), flags=True),
    _enum("System.Management.Automation.CommandTypes", "Alias", "Function", "Filter", "Cmdlet", "ExternalScript",
          "Application", "Script", "Configuration", "All", values=(1, 2, 4, 8, 16, 32, 64, 256, 383), flags=True),
    _enum("System.Management.Automation.ScopedItemOptions", "None", "ReadOnly", "Constant", "Private", "AllScope",
          "Unspecified", values=(0, 1, 2, 4, 8, 16), flags=True),
    _enum("System.Management.Automation.SplitOptions", "SimpleMatch", "RegexMatch", "CultureInvariant",
          "IgnorePatternWhitespace", "Multiline", "Singleline", "IgnoreCase", "ExplicitCapture",
          values=(1, 2, 4, 8, 16, 32, 64, 128), flags=True),
    _enum("System.Text.RegularExpressions.RegexOptions", "None", "IgnoreCase", "Multiline", "ExplicitCapture",
          "Compiled", "Singleline", "IgnorePatternWhitespace", "RightToLeft", "ECMAScript", "CultureInvariant",
          values=(0, 1, 2, 4, 8, 16, 32, 64, 256, 512), flags=True),
    _enum("System.Management.Automation.WildcardOptions", "None", "Compiled", "IgnoreCase", "CultureInvariant",
          values=(0, 1, 2, 4), flags=True),
)

ENUMS: dict[str, EnumType] = {e.full_name.casefold(): e for e in ENUM_LIST}


def find_enum(name: str) -> EnumType | None:
    """A .NET enum above, or one the running session's scripts defined (`enum E {…}`)."""
    found = ENUMS.get(name.casefold())
    if found is not None:
        return found
    from azskernel.runtime.pstypes import SESSION_TYPES

    defined = SESSION_TYPES.get()
    if defined:
        return getattr(defined.get(name.casefold()), "enum", None)
    return None


def enum_static(name: str, args: list[Any]) -> Any:
    """`[Enum]::Parse(type, text[, ignoreCase])`, GetNames, GetValues, GetName, IsDefined, ToObject; the type is a
    type literal or its name."""
    enum = find_enum(str(getattr(args[0], "full_name", args[0]))) if args else None
    if enum is None:
        raise KeyError(name)
    if name == "getnames":
        return [member for member, _ in enum.members]
    if name == "getvalues":
        return [EnumValue(enum.full_name, member, number) for member, number in enum.members]
    if name in ("parse", "toobject"):
        return enum.convert(args[1])
    if name == "getname":
        value = enum.convert(args[1])
        return value.name
    if name == "isdefined":
        value = args[1]
        if isinstance(value, str):
            return enum.get(value) is not None
        return any(number == int(value) for _, number in enum.members)
    raise KeyError(name)
