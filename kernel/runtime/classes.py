"""PowerShell classes and enums at run time: defining them in a session, their instances, members and statics.

A `class` statement becomes a `ClassType` (a PSType whose `definition` holds properties, methods and
constructors) in the session's type table (`Session.types`, visible to type literals through
`pstypes.SESSION_TYPES`); an `enum` becomes an `EnumPSType` wrapping an `enums.EnumType`. Types are defined
before the script that contains them runs (pwsh compiles them up front), so `[C]::new()` works above the
`class C` statement.

Instances are `ClassInstance`: their properties in .NET's reflection order (the derived class's first), typed
(assignments convert), `hidden` ones left out of formatting. Methods run their body in a new scope under the
session's global scope with `$this` bound; as in pwsh, only `return` gives a method its value, and the value is
converted to the declared return type (`[void]` returns nothing).
"""

from __future__ import annotations

import datetime as _dt
import decimal
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime import pstypes as T
from azskernel.runtime.control import ReturnException
from azskernel.runtime.conversion import convert_to, is_instance, to_string
from azskernel.runtime.enums import EnumType
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.scopes import Scope
from azskernel.runtime.values import AutomationNull, PSObject

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter
    from azskernel.runtime.session import Session


class MethodSink(list):  # type: ignore[type-arg]
    """The output of a class method's body: a `return` clears what came before (pwsh discards it)."""


# ---------------------------------------------------------------- definitions


@dataclass
class PropertyDefinition:
    name: str
    type: T.PSType | None
    default: A.Ast | None
    static: bool
    hidden: bool


@dataclass
class MethodDefinition:
    name: str
    return_type: T.PSType | None  # None: [object] (or a constructor)
    void: bool
    parameters: list[tuple[str, T.PSType | None]]
    body: A.ScriptBlockAst
    static: bool
    hidden: bool
    base_arguments: list[A.Ast] | None = None
    is_constructor: bool = False


@dataclass(eq=False)
class ClassDefinition:
    name: str
    node: A.TypeDefinitionAst
    session: Session
    base_names: list[str]
    base: ClassType | None = None
    properties: list[PropertyDefinition] = field(default_factory=list)
    methods: dict[str, list[MethodDefinition]] = field(default_factory=dict)
    constructors: list[MethodDefinition] = field(default_factory=list)
    static_values: dict[str, Any] | None = None
    """Static properties, initialised on first use (as .NET runs a static initializer)."""

    # -- the class chain -------------------------------------------------------------------
    def chain(self) -> list[ClassDefinition]:
        """This class, then its bases (most derived first)."""
        out: list[ClassDefinition] = []
        current: ClassDefinition | None = self
        while current is not None and current not in out:
            out.append(current)
            current = current.base.definition if current.base is not None else None
        return out

    def type_names(self) -> tuple[str, ...]:
        names = [d.name for d in self.chain()]
        last = self.chain()[-1]
        names += [n for n in last.base_names if n.casefold() != "system.object"]
        return (*names, "System.Object")

    def instance_properties(self) -> list[PropertyDefinition]:
        seen: set[str] = set()
        out: list[PropertyDefinition] = []
        for definition in self.chain():
            for prop in definition.properties:
                if not prop.static and prop.name.casefold() not in seen:
                    seen.add(prop.name.casefold())
                    out.append(prop)
        return out

    def find_property(self, name: str, *, static: bool) -> tuple[ClassDefinition, PropertyDefinition] | None:
        folded = name.casefold()
        for definition in self.chain():
            for prop in definition.properties:
                if prop.static == static and prop.name.casefold() == folded:
                    return definition, prop
        return None

    def find_methods(self, name: str, *, static: bool) -> list[MethodDefinition]:
        """Overloads by name, a derived class's hiding a base's of the same arity."""
        folded = name.casefold()
        found: list[MethodDefinition] = []
        arities: set[int] = set()
        for definition in self.chain():
            for method in definition.methods.get(folded, ()):
                if method.static == static and len(method.parameters) not in arities:
                    found.append(method)
            arities |= {len(m.parameters) for m in found}
        return found

    # -- statics -----------------------------------------------------------------------------
    def statics(self) -> dict[str, Any]:
        if self.static_values is None:
            self.static_values = {}
            interp = self.session.interpreter
            for prop in self.properties:
                if prop.static:
                    value = _evaluate_default(interp, prop)
                    self.static_values[prop.name.casefold()] = value
        return self.static_values

    def get_static(self, name: str) -> Any:
        found = self.find_property(name, static=True)
        if found is None:
            raise _no_member(self, name)
        owner, prop = found
        return owner.statics()[prop.name.casefold()]

    def set_static(self, name: str, value: Any) -> None:
        found = self.find_property(name, static=True)
        if found is None:
            raise _no_member(self, name)
        owner, prop = found
        owner.statics()[prop.name.casefold()] = _convert_property(prop, value)

    def call_static(self, name: str, args: list[Any]) -> Any:
        method = _choose(self.find_methods(name, static=True), args, self, name)
        return _invoke(self.session.interpreter, method, args, None)

    # -- construction ------------------------------------------------------------------------
    def new(self, args: list[Any]) -> ClassInstance:
        instance = ClassInstance(self)
        self._initialize(instance, args)
        return instance

    def _initialize(self, instance: ClassInstance, args: list[Any]) -> None:
        """Property initializers of the whole chain (base first), then the constructors, base first."""
        interp = self.session.interpreter
        for definition in reversed(self.chain()):
            for prop in definition.properties:
                if not prop.static:
                    instance.values[prop.name.casefold()] = _evaluate_default(interp, prop)
        self._construct(instance, args)

    def _construct(self, instance: ClassInstance, args: list[Any]) -> None:
        if not self.constructors:
            if args:
                raise RuntimeException(
                    f'Cannot find an overload for "new" and the argument count: "{len(args)}".',
                    error_id="MethodCountCouldNotFindBest", category=ErrorCategory.NotSpecified)
            if self.base is not None:
                self.base.definition._construct(instance, [])
            return
        ctor = _choose(self.constructors, args, self, "new")
        if self.base is not None:
            base_args: list[Any] = []
            if ctor.base_arguments:
                base_args = _with_this(self.session.interpreter, instance, ctor, args, ctor.base_arguments)
            self.base.definition._construct(instance, base_args)
        _invoke(self.session.interpreter, ctor, args, instance)

    def convert(self, value: Any, target: ClassType) -> Any:
        """`[C]$value`: the value itself when it already is one; a one-argument constructor that takes it;
        for a hashtable or a property bag, the default constructor and then its keys as properties."""
        if value is not None and is_instance(value, target):
            return value
        singles = [c for c in self.constructors if len(c.parameters) == 1]
        for ctor in singles:
            ptype = ctor.parameters[0][1]
            if ptype is not None and value is not None and is_instance(value, ptype):
                return self.new([value])
        if isinstance(value, (dict, PSObject)):
            instance = self.new([])
            pairs = value.items() if isinstance(value, dict) else value.items()
            for key, item in pairs:
                name = to_string(key)
                if instance.find(name) is None:
                    raise RuntimeException(
                        f'Cannot convert value "{to_string(value)}" to type "{self.name}". Error: "Cannot create object of '
                        f'type "{self.name}". The {name} property was not found for the {self.name} object. The available '
                        f'property is: {", ".join(f"[{p.name} <{_type_text(p)}>]" for p in self.instance_properties())}"',
                        error_id="ObjectCreationError", category=ErrorCategory.InvalidArgument, target=value)
                instance.set(name, item)
            return instance
        for ctor in singles:
            try:
                return self.new([value])
            except RuntimeException:
                continue
        raise RuntimeException(
            f'Cannot convert the "{to_string(value)}" value of type "{T.type_of(value).full_name if value is not None else "null"}" '
            f'to type "{self.name}".', error_id="ConvertToFinalInvalidCastException",
            category=ErrorCategory.InvalidArgument, target=value)


@dataclass(frozen=True)
class ClassType(T.PSType):
    """The type of a PowerShell class: `[C]`."""

    definition: ClassDefinition = field(default=None, compare=False, hash=False, repr=False)  # type: ignore[assignment]


@dataclass(frozen=True)
class EnumPSType(T.PSType):
    """The type of a PowerShell enum: `[E]`."""

    enum: EnumType = field(default=None, compare=False, hash=False, repr=False)  # type: ignore[assignment]


# ---------------------------------------------------------------- instances


class ClassInstance:
    """An object of a PowerShell class."""

    __slots__ = ("definition", "values", "notes")

    def __init__(self, definition: ClassDefinition) -> None:
        self.definition = definition
        self.values: dict[str, Any] = {}
        self.notes: PSObject | None = None
        """Members added with Add-Member."""

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        if self.notes is not None and self.notes.type_names:
            return tuple(self.notes.type_names)
        return self.definition.type_names()

    def find(self, name: str) -> PropertyDefinition | None:
        found = self.definition.find_property(name, static=False)
        return found[1] if found is not None else None

    def has(self, name: str) -> bool:
        return self.find(name) is not None or (self.notes is not None and self.notes.has(name))

    def get(self, name: str, default: Any = None) -> Any:
        prop = self.find(name)
        if prop is not None:
            return self.values.get(prop.name.casefold())
        if self.notes is not None and self.notes.has(name):
            return self.notes.get(name, this=self)
        return default

    def set(self, name: str, value: Any) -> None:
        prop = self.find(name)
        if prop is None:
            if self.notes is not None and self.notes.has(name):
                self.notes.set(name, value, this=self)
                return
            raise RuntimeException(
                f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
                error_id="PropertyAssignmentException", category=ErrorCategory.InvalidOperation)
        self.values[prop.name.casefold()] = _convert_property(prop, value)

    def properties(self, *, hidden: bool = False, added: bool = True) -> list[tuple[str, Any]]:
        """The class's properties (hidden ones too when asked), then the members Add-Member gave this instance."""
        out = [(p.name, self.values.get(p.name.casefold())) for p in self.definition.instance_properties()
               if hidden or not p.hidden]
        if added and self.notes is not None:
            out += list(self.notes.items(this=self))
        return out

    def ps_properties(self) -> list[tuple[str, Any]]:
        return self.properties()

    def call(self, name: str, args: list[Any]) -> Any:
        added = self.notes.member(name) if self.notes is not None else None
        if added is not None and getattr(added, "is_method", False):
            return added.invoke(self, args)
        methods = self.definition.find_methods(name, static=False)
        if not methods:
            lname = name.casefold()
            if lname == "tostring" and not args:
                return self.definition.name
            if lname == "equals" and len(args) == 1:
                return args[0] is self
            if lname == "gethashcode" and not args:
                return id(self) & 0x7FFFFFFF
            raise _no_method(self.definition, name)
        method = _choose(methods, args, self.definition, name)
        return _invoke(self.definition.session.interpreter, method, args, self)

    def ps_to_string(self) -> str:
        if self.definition.find_methods("ToString", static=False):
            return to_string(self.call("ToString", []))
        return self.definition.name

    def __repr__(self) -> str:
        return f"<{self.definition.name}>"


# ---------------------------------------------------------------- defining types


def define_types(interp: Interpreter, nodes: list[A.TypeDefinitionAst]) -> None:
    """Define the given `class`/`enum` statements in the session (names first, so they may refer to each other in
    any order), then link each class to its base."""
    session = interp.session
    created: list[ClassDefinition] = []
    for node in nodes:
        if session.defined_nodes.get(node.name.casefold()) is node:
            continue
        if node.is_enum:
            session.types[node.name.casefold()] = _define_enum(interp, node)
        else:
            definition = ClassDefinition(node.name, node, session, list(node.base_types))
            session.types[node.name.casefold()] = ClassType(node.name, (ClassInstance,), definition=definition)
            created.append(definition)
        session.defined_nodes[node.name.casefold()] = node
    token = T.SESSION_TYPES.set(session.types)
    try:
        for definition in created:
            _fill_class(definition)
    finally:
        T.SESSION_TYPES.reset(token)


def _define_enum(interp: Interpreter, node: A.TypeDefinitionAst) -> EnumPSType:
    flags = any(isinstance(a, A.AttributeAst) and a.type_name.casefold() in ("flags", "system.flags", "flagsattribute",
                                                                            "system.flagsattribute")
                for a in node.attributes)
    members: list[tuple[str, int]] = []
    number = 0
    for member in node.members:
        assert isinstance(member, A.PropertyMemberAst)
        if member.default is not None:
            number = int(convert_to(interp.eval(member.default), "long"))
        members.append((member.name, number))
        number += 1
    enum_type = EnumType(node.name, tuple(members), flags)
    return EnumPSType(node.name, (), enum=enum_type)


def _fill_class(definition: ClassDefinition) -> None:
    for base_name in definition.base_names:
        base = T.find_type(base_name)
        if isinstance(base, ClassType):
            definition.base = base
            break
    for member in definition.node.members:
        if isinstance(member, A.PropertyMemberAst):
            ptype = _member_type(member.type_name)
            definition.properties.append(PropertyDefinition(member.name, ptype, member.default, member.static, member.hidden))
            continue
        assert isinstance(member, A.FunctionMemberAst)
        parameters = [(p.name, _parameter_type(p)) for p in member.parameters]
        void = member.return_type is not None and member.return_type.casefold() in ("void", "system.void")
        method = MethodDefinition(member.name, None if void else _member_type(member.return_type), void, parameters,
                                  member.body, member.static, member.hidden, member.base_arguments,
                                  member.is_constructor)
        if member.is_constructor:
            if not member.static:
                definition.constructors.append(method)
            continue
        definition.methods.setdefault(member.name.casefold(), []).append(method)


def _member_type(name: str | None) -> T.PSType | None:
    if name is None:
        return None
    found = T.find_type(name)
    if found is None or found.full_name == "System.Object":
        return None
    return found


def _parameter_type(parameter: A.ParameterAst) -> T.PSType | None:
    for attribute in parameter.attributes:
        if isinstance(attribute, A.TypeConstraintAst):
            return _member_type(attribute.type_name)
    return None


# ---------------------------------------------------------------- values and calls

_ZERO: dict[str, Any] = {
    "System.Int32": 0, "System.Int64": 0, "System.Int16": 0, "System.Byte": 0, "System.SByte": 0, "System.UInt16": 0,
    "System.UInt32": 0, "System.UInt64": 0, "System.Numerics.BigInteger": 0, "System.Double": 0.0,
    "System.Single": 0.0, "System.Decimal": decimal.Decimal(0), "System.Boolean": False, "System.Char": T.PSChar("\0"),
    "System.DateTime": _dt.datetime(1, 1, 1), "System.TimeSpan": _dt.timedelta(0), "System.Guid": uuid.UUID(int=0),
}
"""The default value of each value type; every other type's is $null."""


def _default_of(ptype: T.PSType | None) -> Any:
    if ptype is None:
        return None
    if isinstance(ptype, EnumPSType):
        return ptype.enum.convert(0) if any(n == 0 for _, n in ptype.enum.members) else None
    if ptype.full_name == "System.Management.Automation.SwitchParameter":
        return T.SwitchParameter(False)
    return _ZERO.get(ptype.full_name)


def _convert_property(prop: PropertyDefinition, value: Any) -> Any:
    if value is AutomationNull:
        value = None
    if prop.type is None:
        return value
    if value is None:
        return _default_of(prop.type)
    return convert_to(value, prop.type)


def _evaluate_default(interp: Interpreter, prop: PropertyDefinition) -> Any:
    if prop.default is None:
        return _default_of(prop.type)
    saved = interp.scope
    interp.scope = Scope(interp.session.global_scope)
    try:
        value = interp.eval(prop.default)
    finally:
        interp.scope = saved
    return _convert_property(prop, value)


def _type_text(prop: PropertyDefinition) -> str:
    return prop.type.full_name if prop.type is not None else "System.Object"


def _choose(methods: list[MethodDefinition], args: list[Any], definition: ClassDefinition, name: str) -> MethodDefinition:
    """Overload resolution, simplified: the right argument count, then the most parameters whose type the argument
    already is, then the first that converts."""
    candidates = [m for m in methods if len(m.parameters) == len(args)]
    if not candidates:
        if not methods:
            raise _no_method(definition, name)
        raise RuntimeException(
            f'Cannot find an overload for "{name}" and the argument count: "{len(args)}".',
            error_id="MethodCountCouldNotFindBest", category=ErrorCategory.NotSpecified, target=name)
    if len(candidates) == 1:
        return candidates[0]
    best, best_score = candidates[0], -1
    for method in candidates:
        score = 0
        for (_, ptype), arg in zip(method.parameters, args):
            if ptype is None:
                score += 1
            elif arg is not None and is_instance(arg, ptype):
                score += 3
            else:
                try:
                    convert_to(arg, ptype)
                except RuntimeException:
                    score = -100
                    break
        if score > best_score:
            best, best_score = method, score
    return best


def _method_scope(interp: Interpreter, method: MethodDefinition, args: list[Any], this: ClassInstance | None) -> Scope:
    scope = Scope(interp.session.global_scope)
    for (name, ptype), arg in zip(method.parameters, args):
        value = None if arg is AutomationNull else arg
        if ptype is not None:
            value = convert_to(value, ptype)
        var = scope.set_local(name, value)
        var.type_constraint = ptype
    if this is not None:
        scope.set_local("this", this)
    return scope


def _invoke(interp: Interpreter, method: MethodDefinition, args: list[Any], this: ClassInstance | None) -> Any:
    body = method.body
    scope = _method_scope(interp, method, args, this)
    saved_scope, saved_source = interp.scope, interp.source
    interp.scope, interp.source = scope, body.source
    interp.call_stack.append(method.name)
    sink = MethodSink()
    returned = False
    try:
        statements = body.end_block.statements if body.end_block is not None else []
        interp.run_statements(statements, sink)
    except ReturnException:
        returned = True
    finally:
        interp.call_stack.pop()
        interp.scope, interp.source = saved_scope, saved_source
    if method.void or method.is_constructor:
        return AutomationNull
    if not returned:
        return _default_of(method.return_type)
    value: Any = sink[0] if len(sink) == 1 else (list(sink) if sink else None)
    if method.return_type is not None:
        value = convert_to(value, method.return_type)
    return value


def invoke_overload(definition: ClassDefinition, method: MethodDefinition, args: list[Any],
                    this: ClassInstance | None) -> Any:
    """Run one given overload (a delegate bound to it: no overload choice by the arguments)."""
    return _invoke(definition.session.interpreter, method, args, this)


def _with_this(interp: Interpreter, instance: ClassInstance, ctor: MethodDefinition, args: list[Any],
               expressions: list[A.Ast]) -> list[Any]:
    """The `: base(…)` arguments, evaluated with the constructor's parameters and `$this` in scope."""
    saved = interp.scope
    interp.scope = _method_scope(interp, ctor, args, instance)
    try:
        return [interp.eval(e) for e in expressions]
    finally:
        interp.scope = saved


def _no_method(definition: ClassDefinition, name: str) -> RuntimeException:
    return RuntimeException(
        f"Method invocation failed because [{definition.name}] does not contain a method named '{name}'.",
        error_id="MethodNotFound", category=ErrorCategory.InvalidOperation, target=name)


def _no_member(definition: ClassDefinition, name: str) -> RuntimeException:
    return RuntimeException(
        f"The property '{name}' cannot be found on type [{definition.name}].",
        error_id="PropertyNotFound", category=ErrorCategory.InvalidOperation, target=name)
