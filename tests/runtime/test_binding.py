"""Parameter binding against declarations: prefixes, positions, switches, sets, pipeline, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from azskernel.runtime.binding import BindingSource
from azskernel.runtime.cmdlet import Cmdlet, CommandRegistry, cmdlet, parameter
from azskernel.runtime.errors import ParameterBindingException, ValidationException
from azskernel.runtime.values import PSObject
from tests.commands.harness import Harness, named


@cmdlet("Get-Thing", default_parameter_set="ByName", aliases=("gth",))
@parameter("Name", type="string", position=0, parameter_sets=("ByName",), mandatory=True, value_from_pipeline=True)
@parameter("Id", type="int", parameter_sets=("ById",), mandatory=True, value_from_pipeline_by_property_name=True)
@parameter("Publisher", type="string", position=1)
@parameter("PassThru", switch=True)
@parameter("Count", type="int", validate_range=(1, 5), default=1)
@parameter("Kind", type="string", validate_set=("Fixed", "Dynamic"))
@parameter("Label", type="string", validate_pattern=r"^[a-z]+$")
def get_thing(ctx, *, name, id, publisher, pass_thru, count, kind, label):
    return PSObject(
        {"Name": name, "Id": id, "Publisher": publisher, "PassThru": pass_thru, "Count": count, "Kind": kind,
         "Set": ctx.bound.parameter_set if hasattr(ctx.bound, "parameter_set") else None}
    )


@cmdlet("Test-Simple")
@parameter("Path", type="string", position=0)
@parameter("Pattern", type="string")
@parameter("Force", switch=True)
def simple_cmd(ctx, *, path, pattern, force):
    return [path, pattern, force]


class Total(Cmdlet):
    def begin(self, ctx, **params):
        self.total = 0

    def process(self, ctx, *, value):
        self.total += value

    def end(self, ctx, *, value):
        return self.total


Total = cmdlet("Measure-Total")(parameter("Value", type="int", value_from_pipeline=True, mandatory=True)(Total))


@pytest.fixture()
def h(tmp_path: Path) -> Harness:
    reg = CommandRegistry()
    reg.register_all([get_thing, simple_cmd, Total])
    return Harness(reg, tmp_path)


def test_positional_and_prefix(h: Harness) -> None:
    [obj] = h.one("Get-Thing", "disk", "-Pub", "Contoso")
    assert obj.get("Name") == "disk" and obj.get("Publisher") == "Contoso"


def test_alias_and_case_insensitive_name(h: Harness) -> None:
    [obj] = h.one("GTH", "-name", "x")
    assert obj.get("Name") == "x"


def test_ambiguous_prefix_names_the_candidates(h: Harness) -> None:
    with pytest.raises(ParameterBindingException) as err:
        h.one("Test-Simple", "-P", "x")
    assert str(err.value) == (
        "Parameter cannot be processed because the parameter name 'P' is ambiguous. Possible matches include: "
        "-Path -Pattern -ProgressAction -PipelineVariable."
    )
    assert err.value.record.command_name == "Test-Simple"


def test_unknown_parameter(h: Harness) -> None:
    with pytest.raises(ParameterBindingException, match="A parameter cannot be found that matches parameter name 'Nope'."):
        h.one("Test-Simple", "-Nope", 1)


def test_switch_with_explicit_value(h: Harness) -> None:
    assert h.one("Test-Simple", named("Force", False)) == [None, None, False]
    assert h.one("Test-Simple", "-Force") == [None, None, True]


def test_missing_argument_when_next_is_a_parameter(h: Harness) -> None:
    with pytest.raises(ParameterBindingException) as err:
        h.one("Test-Simple", "-Path", "-Force")
    assert str(err.value) == "Missing an argument for parameter 'Path'. Specify a parameter of type 'System.String' and try again."


def test_parameter_looking_value_is_taken_when_not_a_parameter(h: Harness) -> None:
    assert h.one("Test-Simple", "-Path", "-notaparam") == ["-notaparam", None, False]


def test_extra_positional_argument(h: Harness) -> None:
    with pytest.raises(ParameterBindingException, match="A positional parameter cannot be found that accepts argument 'b'."):
        h.one("Test-Simple", "a", "b")


def test_conversion_error_is_pwsh_shaped(h: Harness) -> None:
    with pytest.raises(ParameterBindingException) as err:
        h.one("Get-Thing", "x", "-Count", "abc")
    assert str(err.value) == (
        "Cannot bind parameter 'Count'. Cannot convert value \"abc\" to type \"System.Int32\". "
        "Error: \"The input string 'abc' was not in a correct format.\""
    )


def test_validate_set_range_pattern(h: Harness) -> None:
    with pytest.raises(ValidationException) as err:
        h.one("Get-Thing", "x", "-Kind", "Sparse")
    assert str(err.value) == (
        "Cannot validate argument on parameter 'Kind'. The argument \"Sparse\" does not belong to the set "
        "\"Fixed,Dynamic\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again."
    )
    with pytest.raises(ValidationException, match="The 9 argument is greater than the maximum allowed range of 5"):
        h.one("Get-Thing", "x", "-Count", "9")
    with pytest.raises(ValidationException, match='does not match the "\\^\\[a-z\\]\\+\\$" pattern'):
        h.one("Get-Thing", "x", "-Label", "A1")
    [obj] = h.one("Get-Thing", "x", "-Kind", "fixed", "-Count", "3")
    assert obj.get("Count") == 3


def test_parameter_sets_conflict(h: Harness) -> None:
    with pytest.raises(ParameterBindingException, match="Parameter set cannot be resolved"):
        h.one("Get-Thing", "-Name", "x", "-Id", 3)


def test_missing_mandatory_non_interactive(h: Harness) -> None:
    with pytest.raises(ParameterBindingException) as err:
        h.one("Get-Thing")
    assert str(err.value) == "Cannot process command because of one or more missing mandatory parameters: Name."


def test_missing_mandatory_prompts_when_interactive(tmp_path: Path) -> None:
    reg = CommandRegistry()
    reg.register(get_thing)
    h = Harness(reg, tmp_path, interactive=True)
    h.host.answers.append("typed")
    [obj] = h.one("Get-Thing")
    assert obj.get("Name") == "typed"
    assert "Supply values for the following parameters:" in "".join(h.host.text)


def test_null_to_mandatory(h: Harness) -> None:
    with pytest.raises(ValidationException, match="Cannot bind argument to parameter 'Name' because it is an empty string."):
        h.one("Get-Thing", "")


def test_pipeline_by_value_and_by_property_name(h: Harness) -> None:
    out = h.one("Get-Thing", input=["a", "b"])
    assert [o.get("Name") for o in out] == ["a", "b"]
    out = h.one("Get-Thing", "-Id", 1, input=None)
    assert out[0].get("Id") == 1
    out = h.one("Get-Thing", input=[PSObject({"Id": 7})])
    assert out[0].get("Id") == 7


def test_input_not_bound_is_a_non_terminating_error(h: Harness) -> None:
    assert h.one("Test-Simple", input=[1]) == []
    [record] = h.host.errors
    assert record.error_id == "InputObjectNotBound" and record.command_name == "Test-Simple"


def test_class_form_begin_process_end(h: Harness) -> None:
    assert h.one("Measure-Total", input=[1, "2", 3]) == [6]


def test_common_parameters_and_sources(h: Harness) -> None:
    proc = h.session.registry.require("Test-Simple").start(h.session.command_context, [named("ErrorAction", "Stop"), named("Path", "p")])
    assert str(proc.bound["ErrorAction"]) == "Stop"
    assert proc.bound.source("path") is BindingSource.ARGUMENT


def test_splatted_loses_to_explicit(h: Harness) -> None:
    from azskernel.runtime.binding import CommandArgument

    a = [CommandArgument("Path", "splat", True, splatted=True), CommandArgument("Path", "explicit", True)]
    assert h.one("Test-Simple", *a)[0] == "explicit"
    with pytest.raises(ParameterBindingException, match="is specified more than once"):
        h.one("Test-Simple", "-Path", "a", "-Path", "b")


def test_python_function_same_binder(h: Harness) -> None:
    fn = h.session.registry.python_function("Get-Thing", h.session)
    [obj] = fn("disk", publisher="Contoso", pass_thru=True)
    assert obj.get("Publisher") == "Contoso" and obj.get("PassThru") is True
    with pytest.raises(ValidationException):
        fn("disk", kind="Sparse")
    assert fn.__name__ == "get_thing"


def test_same_shape_pipeline_objects_skip_the_full_binding(h: Harness) -> None:
    proc = h.session.registry.require("Measure-Total").start(h.session.command_context, [])
    calls = []
    full = proc.binder.bind_pipeline
    proc.binder.bind_pipeline = lambda obj: calls.append(obj) or full(obj)  # type: ignore[method-assign]
    proc.begin()
    for item in (1, "2", 3):
        proc.process(item)
    assert proc.end() == [6]
    assert calls == [1]  # only the first object went through the by-value/by-name/coercion passes
    assert proc.bound["Value"] == 3 and proc.bound.source("Value") is BindingSource.PIPELINE


def test_fast_path_falls_back_to_pwsh_errors(h: Harness) -> None:
    # an object that does not convert (or is null) gets the full path's non-terminating error; later ones bind
    assert h.one("Measure-Total", input=[1, "x", None, 4]) == [5]
    assert [r.error_id for r in h.host.errors] == ["CannotConvertArgumentNoMessage", "ParameterArgumentValidationErrorNullNotAllowed"]
