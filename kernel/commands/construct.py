"""Members and construction: Add-Member, New-Object, Get-Member."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from azskernel.commands._util import error, wildcard
from azskernel.runtime.cmdlet import Cmdlet, cmdlet, parameter
from azskernel.runtime.conversion import to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.etsmembers import AliasProperty, ScriptMethod, ScriptProperty, attach, notes_of, type_name_list
from azskernel.runtime.formatting import Column, TableView, register_view
from azskernel.runtime.members import get_properties, set_member, type_names
from azskernel.runtime.pstypes import ScriptBlockLike
from azskernel.runtime.values import Hashtable, OrderedHashtable, PSObject


# -- Add-Member -------------------------------------------------------------------------------
_ADD_MEMBER = "Microsoft.PowerShell.Commands.AddMemberCommand"
_ADDABLE = frozenset({"AliasProperty", "CodeMethod", "CodeProperty", "MemberSet", "NoteProperty", "PropertySet",
                      "ScriptMethod", "ScriptProperty"})
"""The member types Add-Member can add (PSMemberTypes values with one bit each)."""


def _member_type(value: Any) -> Any:
    from azskernel.runtime.enums import PS_MEMBER_TYPES

    return PS_MEMBER_TYPES.convert(value)


def _note_property_name(value: Any) -> Any:
    """NotePropertyTransformationAttribute: a number names the note by its text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return to_string(value)
    return value


def _not_a_member_type(value: Any) -> str | None:
    """ValidateNotePropertyNameAttribute: a name that is also an addable member type belongs to -MemberType (so
    `Add-Member 8 np Any` adds the NoteProperty np, `Add-Member property Any` the note named property)."""
    try:
        kind = _member_type(value)
    except RuntimeException:
        return None
    if kind.name in _ADDABLE:
        return ("The parameter NotePropertyName cannot take values that could be converted to the type "
                "System.Management.Automation.PSMemberTypes. To define the name of a member with those values, use "
                "Add-Member, and specify the member type.")
    return None


def _add_member_error(error_id: str, message: str, target: Any = None) -> RuntimeException:
    exc = error(message, f"{error_id},{_ADD_MEMBER}", ErrorCategory.InvalidOperation, target, "Add-Member")
    exc.record.exception_type = "System.InvalidOperationException"
    return exc


@cmdlet(
    "Add-Member",
    default_parameter_set="TypeNameSet",
    synopsis="Adds custom properties and methods to an instance of a PowerShell object.",
    examples=(
        ("$obj | Add-Member -MemberType NoteProperty -Name Status -Value 'Ready'", ""),
        ("$obj | Add-Member -NotePropertyName Status -NotePropertyValue 'Ready' -PassThru", ""),
        ("$obj | Add-Member -MemberType ScriptMethod -Name Describe -Value { \"$($this.Name) is $($this.Status)\" }", ""),
    ),
)
@parameter("InputObject", value_from_pipeline=True, mandatory=True)
@parameter("MemberType", type="PSMemberTypes", position=0, mandatory=True, parameter_sets=("MemberSet",), aliases=("Type",))
@parameter("Name", type="string", position=1, mandatory=True, parameter_sets=("MemberSet",))
@parameter("Value", position=2, parameter_sets=("MemberSet",))
@parameter("SecondValue", position=3, parameter_sets=("MemberSet",))
@parameter("NotePropertyName", type="string", position=0, mandatory=True, parameter_sets=("NotePropertySingleMemberSet",),
           transform=_note_property_name, validate=_not_a_member_type, validate_not_null_or_empty=True)
@parameter("NotePropertyValue", position=1, mandatory=True, allow_null=True, parameter_sets=("NotePropertySingleMemberSet",))
@parameter("NotePropertyMembers", type="hashtable", position=0, mandatory=True, parameter_sets=("NotePropertyMultiMemberSet",),
           validate_not_null_or_empty=True)
@parameter("TypeName", type="string", validate_not_null_or_empty=True,
           parameter_sets=("TypeNameSet", "MemberSet", "NotePropertySingleMemberSet", "NotePropertyMultiMemberSet"))
@parameter("Force", switch=True, parameter_sets=("MemberSet", "NotePropertySingleMemberSet", "NotePropertyMultiMemberSet"))
@parameter("PassThru", switch=True)
def add_member(ctx: Any, *, input_object: Any, member_type: Any, name: str | None, value: Any, second_value: Any,
               note_property_name: str | None, note_property_value: Any, note_property_members: Any,
               type_name: str | None, force: bool, pass_thru: bool) -> Any:
    if type_name is not None and not type_name.strip():
        raise _add_member_error("TypeNameShouldNotBeEmpty",
                                "The TypeName parameter should not be null, empty, or contain only white spaces.", type_name)
    members: list[tuple[str, Any]] = []
    if note_property_name is not None:
        members.append((note_property_name, note_property_value))
    elif note_property_members is not None:
        members += [(to_string(k), v) for k, v in note_property_members.items()]
    elif member_type is not None:
        assert name is not None
        given_second = "SecondValue" in ctx.bound
        members.append((name, _new_member(member_type.name, name, value, second_value, "Value" in ctx.bound, given_second)))
    target = attach(input_object)
    added = False
    for member_name, member in members:
        notes = notes_of(target, create=True)
        if _has_member(target, notes, member_name):
            if not force:
                ctx.write_error(_add_member_error(
                    "MemberAlreadyExists",
                    f'Cannot add a member with the name "{member_name}" because a member with that name already exists. '
                    "To overwrite the member anyway, add the Force parameter to your command.", target).record)
                continue
        if notes is None:
            raise error(f"Cannot add a member to an object of type [{type_names(target)[0]}].",
                        f"CannotAddMember,{_ADD_MEMBER}", ErrorCategory.InvalidOperation, target, "Add-Member")
        notes.add(member_name, member)
        added = True
    if type_name and (added or not members):
        _insert_type_name(target, type_name)
    if not pass_thru or (members and not added):
        return None
    return [target] if isinstance(target, list) else target  # an array is written as one object


def _new_member(kind: str, name: str, value: Any, second: Any, given_value: bool, given_second: bool) -> Any:
    """The member Add-Member -MemberType kind -Name name -Value value [-SecondValue second] adds."""
    if kind not in _ADDABLE:
        raise _add_member_error("CannotAddMemberType", f'Cannot add a member with type "{kind}". Specify a different type '
                                "for the MemberTypes parameter.")
    if given_second and kind in ("CodeMethod", "MemberSet", "PropertySet", "ScriptMethod", "NoteProperty"):
        raise _add_member_error("Value2ShouldNotBeSpecified", f'The SecondValue parameter is not necessary for a member of '
                                f'type "{kind}", and should not be specified. Do not specify the SecondValue parameter '
                                "when you add members of this type.")
    if kind in ("CodeProperty", "ScriptProperty") and value is None and second is None:
        raise _add_member_error("Value1AndValue2AreNotBothNull", f'Both Value and SecondValue parameters should not be null '
                                f'for a member of type "{kind}". Specify a non-null value for one of the two parameters.')
    if kind == "NoteProperty":
        return value
    if kind == "AliasProperty":
        target_type = None
        if given_second:
            from azskernel.runtime.pstypes import find_type

            target_type = second if not isinstance(second, str) else find_type(second)
            if target_type is None:
                raise error(f'Cannot convert the "{second}" value of type "System.String" to type "System.Type".',
                            f"InvalidCastFromStringToType,{_ADD_MEMBER}", ErrorCategory.InvalidArgument, second,
                            "Add-Member")
        return AliasProperty(name, to_string(value), target_type)
    if kind == "ScriptProperty":
        return ScriptProperty(name, _script_block(value, given_value), _script_block(second, given_second))
    if kind == "ScriptMethod":
        return ScriptMethod(name, _script_block(value, True))
    if kind == "MemberSet":
        if value is None:
            return PSObject(type_names=("System.Management.Automation.PSMemberSet",))
        raise _invalid_cast(value, "System.Collections.ObjectModel.Collection`1[[System.Management.Automation.PSMemberInfo]]")
    # CodeProperty / CodeMethod reference a .NET method (a MethodInfo): there are none to reference here
    raise _invalid_cast(value, "System.Reflection.MethodInfo")


def _script_block(value: Any, given: bool) -> Any:
    if not given or value is None:
        return None
    if isinstance(value, ScriptBlockLike):
        return value
    raise _invalid_cast(value, "System.Management.Automation.ScriptBlock")


def _invalid_cast(value: Any, type_name: str) -> RuntimeException:
    source = type_names(value)[0] if value is not None else "null"
    return error(f'Cannot convert the "{to_string(value)}" value of type "{source}" to type "{type_name}".',
                 f"ConvertToFinalInvalidCastException,{_ADD_MEMBER}", ErrorCategory.InvalidArgument, value, "Add-Member")


def _has_member(obj: Any, notes: PSObject | None, name: str) -> bool:
    if notes is not None and notes.has(name):
        return True
    if isinstance(obj, dict):
        return name in obj
    return any(n.casefold() == name.casefold() for n, _ in get_properties(obj))


def _insert_type_name(obj: Any, type_name: str) -> None:
    from azskernel.runtime.pstypes import find_type

    found = find_type(type_name)
    type_name_list(obj).insert(0, found.full_name if found is not None else type_name)


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
                try:
                    set_member(obj, key, v)
                except RuntimeException as exc:
                    if exc.record.error_id != "PropertyAssignmentException":
                        raise
                    failure = error(f'The member "{key}" was not found for the specified .NET object.',
                                    "InvalidOperationException,Microsoft.PowerShell.Commands.NewObjectCommand",
                                    ErrorCategory.InvalidOperation, obj, "New-Object")
                    failure.record.exception_type = "System.InvalidOperationException"
                    raise failure from exc
    return [obj]


def construct(type_name: str, args: list[Any]) -> Any:
    """`New-Object T args` / `[T]::new(args)` for the types operator scripts create."""
    from azskernel.runtime import pstypes as T
    from azskernel.runtime.credentials import PSCredential, SecureString

    folded = type_name.casefold().removeprefix("system.")
    if folded in ("psobject", "management.automation.psobject", "pscustomobject", "object"):
        return PSObject()  # [pscustomobject] is the accelerator for PSObject
    if folded == "management.automation.pscustomobject":  # the type itself has no public constructor
        raise error(f"A constructor was not found. Cannot find an appropriate constructor for type {type_name}.",
                    "CannotFindAppropriateCtor,Microsoft.PowerShell.Commands.NewObjectCommand",
                    ErrorCategory.ObjectNotFound, type_name, "New-Object")
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
    if folded in ("management.automation.psvariable", "psvariable"):
        return _new_psvariable(args)
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
        failure = error(
            f'Cannot find type [{type_name}]: verify that the assembly containing this type is loaded.',
            "TypeNotFound,Microsoft.PowerShell.Commands.NewObjectCommand",
            ErrorCategory.InvalidType, type_name, "New-Object",
        )
        failure.record.exception_type = "System.Management.Automation.PSArgumentException"
        raise failure
    from azskernel.runtime.statics import new_instance  # the same constructors as [T]::new(...)

    return new_instance(target, args)


_NEW_OBJECT_CTOR_FAILED = "ConstructorInvokedThrowException,Microsoft.PowerShell.Commands.NewObjectCommand"


def _method_exception(message: str) -> RuntimeException:
    """What New-Object makes of a constructor that cannot be called with these arguments (a MethodException)."""
    failure = error(message, _NEW_OBJECT_CTOR_FAILED, ErrorCategory.InvalidOperation, None, "New-Object")
    failure.record.exception_type = "System.Management.Automation.MethodException"
    return failure


def _new_psvariable(args: list[Any]) -> Any:
    """PSVariable(name[, value[, options[, attributes]]]): a variable that belongs to no scope yet."""
    from azskernel.commands.variables import SCOPED_ITEM_OPTIONS, PSVariable
    from azskernel.runtime.scopes import Variable

    if not 1 <= len(args) <= 4:
        raise _method_exception(f'Cannot find an overload for "PSVariable" and the argument count: "{len(args)}".')
    variable = Variable(to_string(args[0]), args[1] if len(args) > 1 else None)
    if len(args) > 2:
        assert SCOPED_ITEM_OPTIONS is not None
        try:
            options = to_string(SCOPED_ITEM_OPTIONS.convert(args[2]))
        except RuntimeException as exc:
            raise _method_exception(_argument_message("options", args[2], "System.Management.Automation.ScopedItemOptions",
                                                      exc.record.message)) from exc
        names = {n.strip() for n in options.split(",")}
        variable.read_only, variable.constant = "ReadOnly" in names, "Constant" in names
        variable.private, variable.all_scope = "Private" in names, "AllScope" in names
    if len(args) > 3 and args[3] is not None and not (isinstance(args[3], list | tuple) and not args[3]):
        # this shell has no attribute objects to collect, so any value is one pwsh could not convert either
        target = "System.Collections.ObjectModel.Collection`1[System.Attribute]"
        value = args[3]
        raise _method_exception(_argument_message(
            "attributes", value, target,
            f'Cannot convert the "{to_string(value)}" value of type "{type_names(value)[0]}" to type "{target}".'))
    return PSVariable(variable)


def _argument_message(parameter: str, value: Any, target: str, reason: str) -> str:
    return f'Cannot convert argument "{parameter}", with value: "{to_string(value)}", for "PSVariable" to type "{target}": "{reason}"'


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
