"""Members and construction: Add-Member, New-Object, Get-Member."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from azskernel.commands._util import error, read_property, wildcard
from azskernel.runtime.cmdlet import Cmdlet, cmdlet, parameter
from azskernel.runtime.conversion import to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.formatting import Column, TableView, register_view
from azskernel.runtime.members import get_properties, type_names
from azskernel.runtime.pstypes import ScriptBlockLike
from azskernel.runtime.values import Hashtable, OrderedHashtable, PSObject


# -- Add-Member -------------------------------------------------------------------------------
_MEMBER_TYPES = ("NoteProperty", "AliasProperty", "ScriptProperty", "ScriptMethod", "CodeProperty", "Property", "Properties", "All")


@cmdlet(
    "Add-Member",
    default_parameter_set="TypeNameSet",
    synopsis="Adds custom properties and methods to an instance of a PowerShell object.",
    examples=(
        ("$obj | Add-Member -MemberType NoteProperty -Name Status -Value 'Ready'", ""),
        ("$obj | Add-Member -NotePropertyName Status -NotePropertyValue 'Ready' -PassThru", ""),
    ),
)
@parameter("InputObject", value_from_pipeline=True, mandatory=True)
@parameter("MemberType", type="string", position=0, mandatory=True, parameter_sets=("MemberSet",), aliases=("Type",), validate_set=_MEMBER_TYPES)
@parameter("Name", type="string", position=1, mandatory=True, parameter_sets=("MemberSet",))
@parameter("Value", position=2, parameter_sets=("MemberSet",))
@parameter("SecondValue", position=3, parameter_sets=("MemberSet",))
@parameter("NotePropertyName", type="string", position=0, mandatory=True, parameter_sets=("NotePropertySingleMemberSet",))
@parameter("NotePropertyValue", position=1, mandatory=True, parameter_sets=("NotePropertySingleMemberSet",))
@parameter("NotePropertyMembers", type="hashtable", position=0, mandatory=True, parameter_sets=("NotePropertyMultiMemberSet",))
@parameter("TypeName", type="string")
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
def add_member(ctx: Any, *, input_object: Any, member_type: str | None, name: str | None, value: Any, second_value: Any,
               note_property_name: str | None, note_property_value: Any, note_property_members: Any,
               type_name: str | None, force: bool, pass_thru: bool) -> Any:
    members: list[tuple[str, Any]] = []
    if note_property_name is not None:
        members.append((note_property_name, note_property_value))
    elif note_property_members is not None:
        members += [(to_string(k), v) for k, v in note_property_members.items()]
    elif name is not None:
        kind = (member_type or "NoteProperty").casefold()
        if kind == "aliasproperty":
            value = read_property(input_object, to_string(value))
        elif kind == "scriptproperty":
            value = _first(ctx.invoke_script(value, dollar_under=input_object)) if isinstance(value, ScriptBlockLike) else value
        elif kind != "noteproperty":
            raise error(
                f"Add-Member -MemberType {member_type} is not supported here; use NoteProperty, AliasProperty or ScriptProperty.",
                "NotSupported", ErrorCategory.NotImplemented, member_type, "Add-Member",
            )
        members.append((name, value))
    target = input_object
    for member_name, member_value in members:
        if _has_member(target, member_name) and not force:
            raise error(
                f'Cannot add a member with the name "{member_name}" because a member with that name already exists. '
                "To overwrite the member anyway, add the Force parameter to your command.",
                "MemberAlreadyExists,Microsoft.PowerShell.Commands.AddMemberCommand",
                ErrorCategory.InvalidOperation, target, "Add-Member",
            )
        _set_member(target, member_name, member_value)
    if type_name and isinstance(target, PSObject):
        target.type_names.insert(0, type_name)
    return target if pass_thru else None


def _first(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else (values or None)


def _has_member(obj: Any, name: str) -> bool:
    if isinstance(obj, PSObject):
        return obj.has(name)
    if isinstance(obj, dict):
        return name in obj
    return any(n.casefold() == name.casefold() for n, _ in get_properties(obj))


def _set_member(obj: Any, name: str, value: Any) -> None:
    if isinstance(obj, PSObject):
        obj.set(name, value)
    elif isinstance(obj, dict):
        obj[name] = value  # a hashtable's note property reads back like a key ($h.Name)
    else:
        try:
            setattr(obj, name, value)
        except (AttributeError, TypeError):
            raise error(
                f"Cannot add a member to an object of type [{type_names(obj)[0]}]; wrap it first: [pscustomobject]@{{...}}.",
                "CannotAddMember", ErrorCategory.InvalidOperation, obj, "Add-Member",
            ) from None


# -- New-Object -------------------------------------------------------------------------------
@cmdlet(
    "New-Object",
    default_parameter_set="Net",
    synopsis="Creates an instance of a .NET-like object.",
    examples=(
        ("New-Object -TypeName PSObject -Property @{ Name = 'disk'; Size = 1GB }", ""),
        ("New-Object System.Management.Automation.PSCredential ($user, $securePassword)", ""),
        ("New-Object System.Collections.ArrayList", ""),
    ),
)
@parameter("TypeName", type="string", position=0, mandatory=True, parameter_sets=("Net",))
@parameter("ArgumentList", type="object[]", position=1, parameter_sets=("Net",), aliases=("Args",))
@parameter("Property", type="hashtable")
@parameter("ComObject", type="string", parameter_sets=("Com",), mandatory=True)
def new_object(ctx: Any, *, type_name: str | None, argument_list: Any, property: Any, com_object: str | None) -> Any:
    if com_object is not None:
        raise error(
            "COM objects are not available in this shell (it runs on Linux and macOS too).",
            "NoCOMClassIdentified,Microsoft.PowerShell.Commands.NewObjectCommand",
            ErrorCategory.ResourceUnavailable, com_object, "New-Object",
        )
    assert type_name is not None
    args = list(argument_list or [])
    obj = construct(type_name, args)
    if property:
        for k, v in property.items():
            key = to_string(k)
            if isinstance(obj, PSObject):
                obj.set(key, v)
            elif isinstance(obj, dict):
                obj[key] = v
            else:
                _set_member(obj, key, v)
    return [obj]


def construct(type_name: str, args: list[Any]) -> Any:
    """`New-Object T args` / `[T]::new(args)` for the types operator scripts create."""
    from azskernel.runtime import pstypes as T
    from azskernel.runtime.credentials import PSCredential, SecureString

    folded = type_name.casefold().removeprefix("system.")
    if folded in ("psobject", "management.automation.psobject", "pscustomobject", "management.automation.pscustomobject", "object"):
        return PSObject()
    if folded in ("management.automation.pscredential", "pscredential"):
        if len(args) != 2:
            raise _ctor_error(type_name, len(args))
        password = args[1]
        if not isinstance(password, SecureString):
            raise error(
                f'Cannot convert argument "password", with value: "{to_string(password)}", for "PSCredential" to type '
                '"System.Security.SecureString": use ConvertTo-SecureString or Read-Host -AsSecureString.',
                "ConstructorInvokedThrowException,Microsoft.PowerShell.Commands.NewObjectCommand",
                ErrorCategory.InvalidArgument, None, "New-Object",
            )
        return PSCredential(to_string(args[0]), password)
    if folded in ("security.securestring", "securestring"):
        return SecureString("")
    if folded in ("collections.hashtable", "hashtable"):
        return Hashtable()
    if folded in ("collections.specialized.ordereddictionary",):
        return OrderedHashtable()
    try:
        target = T.resolve_type(type_name)
    except Exception:  # an unknown or malformed type name
        target = None
    if target is None:
        raise error(
            f'Cannot find type [{type_name}]: verify that the assembly containing this type is loaded.',
            "TypeNotFound,Microsoft.PowerShell.Commands.NewObjectCommand",
            ErrorCategory.InvalidType, type_name, "New-Object",
        )
    from azskernel.runtime.statics import new_instance  # the same constructors as [T]::new(...)

    return new_instance(target, args)


def _ctor_error(type_name: str, count: int) -> RuntimeException:
    return error(
        f'A constructor was not found. Cannot find an appropriate constructor for type {type_name} with {count} argument(s).',
        "CannotFindAppropriateCtor,Microsoft.PowerShell.Commands.NewObjectCommand",
        ErrorCategory.ObjectNotFound, type_name, "New-Object",
    )


# -- Get-Member -------------------------------------------------------------------------------
@dataclass
class MemberDefinition:
    TypeName: str
    Name: str
    MemberType: str
    Definition: str
    ps_type_names = ("Microsoft.PowerShell.Commands.MemberDefinition", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Name", self.Name), ("MemberType", self.MemberType), ("Definition", self.Definition)]


register_view(
    "Microsoft.PowerShell.Commands.MemberDefinition",
    TableView((Column("Name"), Column("MemberType"), Column("Definition")), group_by=lambda m: f"   TypeName: {m.TypeName}"),
)


@cmdlet(
    "Get-Member",
    aliases=("gm",),
    synopsis="Gets the properties and methods of objects.",
    examples=(("Get-AzsPlatformImage | Get-Member", ""),),
)
@parameter("InputObject", value_from_pipeline=True)
@parameter("Name", type="string[]", position=0)
@parameter("MemberType", type="string", aliases=("Type",))
@parameter("Force", switch=True)
@parameter("Static", switch=True)
class GetMember(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.seen: set[str] = set()
        self.out: list[Any] = []

    def process(self, ctx: Any, *, input_object: Any, name: Any, member_type: str | None, **_: Any) -> None:
        if ctx.bound.source("InputObject") is None or input_object is None:
            return
        names = type_names(input_object)
        type_name = names[0] if names else "System.Object"
        if type_name in self.seen:
            return
        self.seen.add(type_name)
        patterns = [wildcard(n) for n in (name or ["*"])]
        props = [] if isinstance(input_object, str | int | float | bool) and not isinstance(input_object, str) else get_properties(input_object)
        kind = "NoteProperty" if isinstance(input_object, PSObject) else "Property"
        members = [MemberDefinition(type_name, n, kind, _definition(kind, n, v)) for n, v in props]
        members += [MemberDefinition(type_name, m, "Method", f"{m}()") for m in _methods(input_object)]
        members.sort(key=lambda m: (0 if m.MemberType == "Method" else 1, m.Name.casefold()))
        for m in members:
            if any(p.match(m.Name) for p in patterns) and (member_type is None or m.MemberType.casefold().startswith(member_type.casefold().rstrip("s"))):
                self.out.append(m)

    def end(self, ctx: Any, **_: Any) -> Any:
        if not self.out and not self.seen:
            raise error(
                "You must specify an object for the Get-Member cmdlet.",
                "NoObjectInGetMember,Microsoft.PowerShell.Commands.GetMemberCommand",
                ErrorCategory.CloseError, None, "Get-Member",
            )
        return self.out


def _definition(kind: str, name: str, value: Any) -> str:
    tn = type_names(value)[0] if value is not None else "System.Object"
    short = {"System.String": "string", "System.Int32": "int", "System.Int64": "long", "System.Double": "double",
             "System.Boolean": "bool", "System.Object[]": "Object[]"}.get(tn, tn)
    if kind == "NoteProperty":
        return f"{short} {name}={to_string(value)}" if value is not None else f"object {name}=null"
    return f"{short} {name} {{get;}}"


def _methods(obj: Any) -> list[str]:
    common = ["Equals", "GetHashCode", "GetType", "ToString"]
    if isinstance(obj, str):
        return sorted(common + ["Contains", "EndsWith", "IndexOf", "Replace", "Split", "StartsWith", "Substring", "ToLower", "ToUpper", "Trim"])
    return common


__all__ = ["GetMember", "MemberDefinition", "add_member", "construct", "new_object"]
