"""Method values: a method named without a call (`"abc".ToUpper`, `[math]::Round`, `$obj.Twice`, `[C]::Thrice`)
is a PSMethod (System.Management.Automation.PSMethod), and a PSMethod converts to a delegate type (`[Func[int,int]]`,
`[Action[string]]`).

A `PSMethod` holds the method's overloads, each an `Overload` with its .NET signature and the call that runs exactly
that overload. It shows its `OverloadDefinitions` (one line per overload, as pwsh prints them), `.Invoke(args)` calls
the method with pwsh's overload choice by the arguments, and the conversion to a delegate picks the overload whose
signature fits the delegate's: an exact match first, else the first that matches with variance (a delegate's
parameter may derive from the method's, the method's return may derive from the delegate's; reference types only,
as .NET's variance). A `Delegate` calls its overload with the arguments converted to its parameter types and the
result converted to its return type.

The PowerShell classes' methods come from their definitions (classes.py); the emulated .NET types' methods from
`DOTNET_METHODS` below: the .NET signatures of the methods the shell implements (string_methods.py, static_math.py,
static_text.py), called through the shell's ordinary dispatch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.classes import ClassInstance, ClassType, EnumPSType, invoke_overload
from azskernel.runtime.conversion import GENERIC_CONVERTERS, cannot_convert, convert_to
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.values import AutomationNull

VOID = T.PSType("System.Void")

_SHORT_NAMES = {
    "System.Int32": "int", "System.Int64": "long", "System.Int16": "int16", "System.Byte": "byte",
    "System.SByte": "sbyte", "System.UInt16": "uint16", "System.UInt32": "uint32", "System.UInt64": "uint64",
    "System.Single": "float", "System.Double": "double", "System.Decimal": "decimal", "System.Char": "char",
    "System.Boolean": "bool", "System.String": "string", "System.Void": "void", "System.DateTime": "datetime",
    "System.TimeSpan": "timespan", "System.Globalization.CultureInfo": "cultureinfo", "System.Guid": "guid",
    "System.Text.RegularExpressions.Regex": "regex", "System.Version": "version", "System.Uri": "uri",
}
"""How pwsh's OverloadDefinitions name a type: the type accelerator's name where there is one."""

_VALUE_TYPES = frozenset(
    ("System.DateTime", "System.TimeSpan", "System.Guid", "System.Decimal", "System.Double", "System.Single",
     "System.Char", "System.Boolean", *T.INTEGER_RANGES))
"""Value types: .NET's delegate variance never applies to them."""

_BASES: dict[str, tuple[str, ...]] = {
    "System.IO.FileInfo": ("System.IO.FileSystemInfo",), "System.IO.DirectoryInfo": ("System.IO.FileSystemInfo",),
    **{name: bases for name, bases in T.EXCEPTION_BASES.items()},
}
"""The base types a variant conversion may need (the types the shell emulates whose bases matter)."""


def type_display(ptype: T.PSType | None) -> str:
    if ptype is None:
        return "System.Object"
    return _SHORT_NAMES.get(ptype.full_name, ptype.full_name)


def _name(ptype: T.PSType | None) -> str:
    return "System.Object" if ptype is None else ptype.full_name


# ---------------------------------------------------------------- overloads and method values


@dataclass(frozen=True)
class Overload:
    """One overload of a method: its signature and the call that runs it."""

    name: str
    returns: T.PSType | None
    """None: System.Object; VOID for a void method."""
    parameters: tuple[tuple[str, T.PSType | None], ...]
    static: bool
    call: Callable[[list[Any]], Any]

    def definition(self) -> str:
        params = ", ".join(f"{type_display(t)} {n}" for n, t in self.parameters)
        return f"{'static ' if self.static else ''}{type_display(self.returns)} {self.name}({params})"


class PSMethod:
    """`$obj.Method` / `[T]::Method` without a call."""

    ps_type_names = ("System.Management.Automation.PSMethod", "System.Management.Automation.PSMethodInfo",
                     "System.Management.Automation.PSMemberInfo", "System.Object")

    def __init__(self, name: str, overloads: tuple[Overload, ...], invoke: Callable[[list[Any]], Any],
                 *, instance: bool) -> None:
        self.name = name
        self.overloads = overloads
        self._invoke = invoke
        self.is_instance = instance

    @property
    def overload_definitions(self) -> list[str]:
        return [o.definition() for o in self.overloads]

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("OverloadDefinitions", self.overload_definitions),
                ("TypeNameOfValue", "System.Management.Automation.PSMethod"), ("MemberType", "Method"),
                ("Value", self), ("Name", self.name), ("IsInstance", self.is_instance)]

    def Invoke(self, *args: Any) -> Any:  # noqa: N802
        return self._invoke(list(args))

    def ps_to_string(self) -> str:
        return ", ".join(self.overload_definitions)

    def __repr__(self) -> str:
        return f"<PSMethod {self.name}>"


# ---------------------------------------------------------------- delegates


def delegate_signature(target: T.PSType) -> tuple[tuple[T.PSType, ...], T.PSType] | None:
    """A delegate type's (parameter types, return type): Func[..., TResult], Action[...]; None for other types."""
    base = target.full_name.split("[", 1)[0]
    if base == "System.Func" and target.generic_args:
        return target.generic_args[:-1], target.generic_args[-1]
    if base == "System.Action":
        return target.generic_args, VOID
    return None


class Delegate:
    """A delegate made from a method: `.Invoke(args)` runs the overload it was bound to."""

    def __init__(self, type_: T.PSType, overload: Overload) -> None:
        self.type = type_
        self.overload = overload
        self.parameters, self.returns = delegate_signature(type_) or ((), VOID)

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        return (self.type.full_name, "System.MulticastDelegate", "System.Delegate", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Target", None), ("Method", self.overload.definition())]

    def Invoke(self, *args: Any) -> Any:  # noqa: N802
        if len(args) != len(self.parameters):
            raise RuntimeException(
                f'Cannot find an overload for "Invoke" and the argument count: "{len(args)}".',
                error_id="MethodCountCouldNotFindBest", category=ErrorCategory.NotSpecified, target="Invoke")
        converted = [convert_to(a, t) for a, t in zip(args, self.parameters, strict=True)]
        result = self.overload.call(converted)
        if self.returns is VOID:
            return AutomationNull
        return convert_to(result, self.returns)

    def DynamicInvoke(self, *args: Any) -> Any:  # noqa: N802
        return self.Invoke(*args)

    def ps_to_string(self) -> str:
        return self.type.full_name


def _derives(sub: str, base: str) -> bool:
    if sub == base:
        return True
    if sub in _VALUE_TYPES:
        return False
    if base == "System.Object":
        return True
    return base in _BASES.get(sub, ())


def _is_value_type(ptype: T.PSType | None) -> bool:
    return ptype is not None and (ptype.full_name in _VALUE_TYPES or isinstance(ptype, EnumPSType))


def _fits(overload: Overload, params: tuple[T.PSType, ...], returns: T.PSType, *, exact: bool) -> bool:
    if len(overload.parameters) != len(params):
        return False
    pairs = [(_name(p), _name(t)) for p, (_, t) in zip(params, overload.parameters, strict=True)]
    own_return = VOID.full_name if overload.returns is VOID else _name(overload.returns)
    if exact:
        return all(d == m for d, m in pairs) and own_return == returns.full_name
    if returns is VOID or own_return == VOID.full_name:
        return_ok = own_return == returns.full_name
    else:
        return_ok = own_return == returns.full_name or (
            not _is_value_type(overload.returns) and _derives(own_return, returns.full_name))
    return return_ok and all(d == m or (not _is_value_type(p) and _derives(d, m))
                             for (d, m), p in zip(pairs, params, strict=True))


def to_delegate(value: Any, target: T.PSType) -> Any:
    """`[Func[...]]$method`: the overload matching the delegate's signature, exactly first, else with variance."""
    signature = delegate_signature(target)
    if value is None:
        return None
    if signature is None:
        raise cannot_convert(value, target)
    if isinstance(value, Delegate) and value.type == target:
        return value
    if isinstance(value, PSMethod):
        params, returns = signature
        for exact in (True, False):
            for overload in value.overloads:
                if _fits(overload, params, returns, exact=exact):
                    return Delegate(target, overload)
    raise cannot_convert(value, target)


for _delegate in ("System.Func", "System.Action"):
    GENERIC_CONVERTERS[_delegate] = to_delegate


# ---------------------------------------------------------------- the methods of PowerShell classes


def class_method_value(definition: Any, name: str, this: ClassInstance | None) -> PSMethod | None:
    """`$instance.Method` (this set) or `[C]::Method`: None when the class has no such method."""
    methods = definition.find_methods(name, static=this is None)
    if not methods:
        return None
    overloads = tuple(
        Overload(m.name, VOID if m.void else m.return_type, tuple(m.parameters), m.static,
                 lambda args, m=m: invoke_overload(definition, m, args, this))
        for m in methods)
    if this is not None:
        return PSMethod(methods[0].name, overloads, lambda args: this.call(name, args), instance=True)
    return PSMethod(methods[0].name, overloads, lambda args: definition.call_static(name, args), instance=False)


# ---------------------------------------------------------------- the methods of the emulated .NET types

DOTNET_METHODS: dict[str, dict[str, tuple[str, ...]]] = {
    "System.Math": {
        "Abs": ("static double Abs(double value)", "static int Abs(int value)", "static long Abs(long value)",
                "static decimal Abs(decimal value)"),
        "Ceiling": ("static decimal Ceiling(decimal d)", "static double Ceiling(double a)"),
        "Floor": ("static decimal Floor(decimal d)", "static double Floor(double d)"),
        "Max": ("static double Max(double val1, double val2)", "static int Max(int val1, int val2)",
                "static long Max(long val1, long val2)", "static decimal Max(decimal val1, decimal val2)"),
        "Min": ("static double Min(double val1, double val2)", "static int Min(int val1, int val2)",
                "static long Min(long val1, long val2)", "static decimal Min(decimal val1, decimal val2)"),
        "Pow": ("static double Pow(double x, double y)",),
        "Round": ("static double Round(double a)", "static double Round(double value, int digits)",
                  "static double Round(double value, System.MidpointRounding mode)",
                  "static double Round(double value, int digits, System.MidpointRounding mode)",
                  "static decimal Round(decimal d)", "static decimal Round(decimal d, int decimals)",
                  "static decimal Round(decimal d, System.MidpointRounding mode)",
                  "static decimal Round(decimal d, int decimals, System.MidpointRounding mode)"),
        "Sqrt": ("static double Sqrt(double d)",),
        "Truncate": ("static decimal Truncate(decimal d)", "static double Truncate(double d)"),
    },
    "System.String": {
        "IsNullOrEmpty": ("static bool IsNullOrEmpty(string value)",),
        "IsNullOrWhiteSpace": ("static bool IsNullOrWhiteSpace(string value)",),
        "Join": ("static string Join(string separator, string[] value)",
                 "static string Join(string separator, System.Object[] values)"),
        "Contains": ("bool Contains(string value)", "bool Contains(char value)"),
        "EndsWith": ("bool EndsWith(string value)", "bool EndsWith(char value)"),
        "IndexOf": ("int IndexOf(char value)", "int IndexOf(string value)", "int IndexOf(char value, int startIndex)",
                    "int IndexOf(string value, int startIndex)"),
        "PadLeft": ("string PadLeft(int totalWidth)", "string PadLeft(int totalWidth, char paddingChar)"),
        "PadRight": ("string PadRight(int totalWidth)", "string PadRight(int totalWidth, char paddingChar)"),
        "Replace": ("string Replace(string oldValue, string newValue)", "string Replace(char oldChar, char newChar)"),
        "Split": ("string[] Split(char[] separator)", "string[] Split(string separator)"),
        "StartsWith": ("bool StartsWith(string value)", "bool StartsWith(char value)"),
        "Substring": ("string Substring(int startIndex)", "string Substring(int startIndex, int length)"),
        "ToLower": ("string ToLower()", "string ToLower(cultureinfo culture)"),
        "ToString": ("string ToString()", "string ToString(System.IFormatProvider provider)"),
        "ToUpper": ("string ToUpper()", "string ToUpper(cultureinfo culture)"),
        "Trim": ("string Trim()", "string Trim(char trimChar)", "string Trim(char[] trimChars)"),
        "TrimEnd": ("string TrimEnd()", "string TrimEnd(char trimChar)", "string TrimEnd(char[] trimChars)"),
        "TrimStart": ("string TrimStart()", "string TrimStart(char trimChar)", "string TrimStart(char[] trimChars)"),
    },
}
"""The .NET signatures (learn.microsoft.com's API reference) of the emulated types' methods that have method values,
by type full name and method name; `static` marks the type's static methods, the rest are its instances'."""

_DEFINITION = re.compile(r"^(?P<static>static )?(?P<returns>\S+) (?P<name>\w+)\((?P<params>.*)\)$")
_FOLDED = {type_name: {name.casefold(): name for name in methods} for type_name, methods in DOTNET_METHODS.items()}


def _signature_type(text: str) -> T.PSType:
    return T.find_type(text) or T.PSType(text)


def _overloads(type_name: str, name: str, static: bool, call: Callable[[list[Any]], Any]) -> tuple[Overload, ...]:
    out = []
    for text in DOTNET_METHODS[type_name][name]:
        match = _DEFINITION.match(text)
        assert match is not None, text
        if bool(match["static"]) != static:
            continue
        params = tuple((p.split(" ")[1], _signature_type(p.split(" ")[0]))
                       for p in match["params"].split(", ") if p)
        returns = VOID if match["returns"] == "void" else _signature_type(match["returns"])
        out.append(Overload(name, None if returns is T.OBJECT else returns, params, static, call))
    return tuple(out)


def dotnet_method_value(type_name: str, name: str, call: Callable[[list[Any]], Any], *, static: bool) -> PSMethod | None:
    """The method value of an emulated .NET type's method (instance or static); None when it has none here."""
    declared = _FOLDED.get(type_name, {}).get(name.casefold())
    if declared is None:
        return None
    overloads = _overloads(type_name, declared, static, call)
    if not overloads:
        return None
    return PSMethod(declared, overloads, call, instance=not static)


# ---------------------------------------------------------------- the seams member access calls


def method_value(obj: Any, name: str) -> PSMethod | None:
    """`$obj.Name` where the object has no such property: its method's value, or None."""
    if isinstance(obj, ClassInstance):
        return class_method_value(obj.definition, name, obj)
    if isinstance(obj, str) and not isinstance(obj, T.PSChar):
        from azskernel.runtime.methods import call_method

        return dotnet_method_value("System.String", name, lambda args: call_method(obj, name, args), static=False)
    return None


def static_method_value(type_: T.PSType, name: str) -> PSMethod | None:
    """`[T]::Name` where T has no such property: its static method's value, or None."""
    if isinstance(type_, ClassType):
        if type_.definition.find_property(name, static=True) is not None:
            return None
        return class_method_value(type_.definition, name, None)
    if type_.full_name not in _FOLDED:
        return None
    from azskernel.runtime.statics import call_static

    return dotnet_method_value(type_.full_name, name, lambda args: call_static(None, type_, name, args), static=True)


def _register_view() -> None:
    from azskernel.runtime.formatting import Column, TableView, register_view

    # pwsh's view: one wrapped cell, the definitions through Out-String (a line each, then a blank line)
    register_view("System.Management.Automation.PSMethod", TableView(
        (Column("OverloadDefinitions", lambda m: "\n".join(m.overload_definitions) + "\n"),), wrap=True))


_register_view()
