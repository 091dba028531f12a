"""Out-Default text, exactly: pure renderers at a fixed width (rich's testing idiom)."""

from __future__ import annotations

import datetime as dt

from azskernel.runtime.errors import ErrorCategory, ErrorRecord, ScriptPosition
from azskernel.runtime.formatting import (
    Column,
    Formatter,
    ListView,
    TableView,
    ViewRegistry,
    cell_text,
    format_default,
    format_error,
    format_list,
    format_table,
    register_view,
)
from azskernel.runtime.values import Hashtable, PSObject


def obj(**props: object) -> PSObject:
    return PSObject(props)


def test_scalars_one_per_line() -> None:
    assert format_default(["a", 1, 1.5, True, None, "", [2, 3]]) == "a\n1\n1.5\nTrue\n\n2\n3\n"
    assert format_default([dt.datetime(2026, 11, 25, 17, 5, 9)]) == "Wednesday, November 25, 2026 5:05:09 PM\n"


def test_table_layout_matches_pwsh() -> None:
    rows = [obj(abc="1234", bcd="123"), obj(abc="1", bcd="1234")]
    assert format_default(rows) == "\nabc  bcd\n---  ---\n1234 123\n1    1234\n\n"
    assert format_default([obj(a=123, b=123)]) == "\n  a   b\n  -   -\n123 123\n\n"


def test_first_object_decides_shape_and_columns() -> None:
    five = dict(a=1, b=2, c=3, d=4, e=5)
    assert format_default([obj(**five)]) == "\na : 1\nb : 2\nc : 3\nd : 4\ne : 5\n\n"
    text = format_default([obj(x=1, y=2), obj(**five), obj(y=7)])
    # the object without x and y still makes a row: right-aligned (numeric) cells are padded, as pwsh pads them
    assert text == "\nx y\n- -\n1 2\n   \n  7\n\n"


def test_list_entries_and_multiline_values() -> None:
    text = format_list([obj(Name="n", Description="line1\nline2")])
    assert text == "\nName        : n\nDescription : line1\n              line2\n\n"


def test_long_list_values_wrap_under_the_value_column() -> None:
    text = format_list([obj(Name="n", Reasons="x" * 25)], width=20)
    assert text == "\nName    : n\nReasons : xxxxxxxxxx\n          xxxxxxxxxx\n          xxxxx\n\n"


def test_cells_enumerate_and_elide() -> None:
    assert cell_text([1, 2, 3, 4, 5]) == "{1, 2, 3, 4…}"
    assert cell_text([]) == "{}"
    assert cell_text(obj(a=1, b="x")) == "@{a=1; b=x}"
    assert cell_text(None) == ""
    assert cell_text(dt.datetime(2026, 1, 2, 3, 4, 5)) == "1/2/2026 3:04:05 AM"


def test_hashtable_view() -> None:
    text = format_default([Hashtable({"abc": "'def'", "n": 1})])
    assert text == "\nName                           Value\n----                           -----\nabc                            'def'\nn                              1\n\n"


def test_width_trims_the_last_column_then_hides_columns() -> None:
    text = format_table([obj(Name="x" * 30, Value="y" * 30)], width=40)
    assert text.split("\n")[3] == "x" * 30 + " " + "y" * 8 + "…"
    assert format_table([obj(Name="x" * 30, Value="y" * 30)], width=30) == "\nName\n----\n" + "x" * 30 + "\n\n"
    assert format_table([obj(n=1234567)], [Column("n", width=4)]) == "\n   n\n   -\n…567\n\n"


def test_multi_line_cells_show_their_first_line() -> None:
    assert format_table([obj(a="one\ntwo", b=1)]) == "\na    b\n-    -\none… 1\n\n"


def test_stream_continues_a_table_across_batches_and_scalars() -> None:
    f = Formatter(120)
    text = f.feed([obj(a=1)]) + f.feed([obj(a=22)]) + f.feed(["s"]) + f.feed([obj(a=3)]) + f.finish()
    # pwsh's document model: a scalar is written out of band; the table goes on (no new header)
    assert text == "\n a\n -\n 1\n22\ns\n 3\n\n"


def test_table_widths_fixed_after_the_collect_window() -> None:
    now = [0.0]
    f = Formatter(120, clock=lambda: now[0])
    assert f.feed([obj(name="ab")]) == ""  # held: its width is not known yet
    now[0] = 1.0
    assert f.feed([obj(name="abcdef")]) == "\nname\n----\nab\nabc…\n"
    assert f.finish() == "\n"


def test_registered_views() -> None:
    class Disk:
        ps_type_names = ("Test.Formatting.Disk", "System.Object")

        def __init__(self, name: str, size: int, folder: str) -> None:
            self.Name, self.Size, self.Folder = name, size, folder

    register_view(
        "Test.Formatting.Disk",
        TableView((Column("Name"), Column("GB", lambda d: d.Size // 2)), group_by=lambda d: f"    Folder: {d.Folder}"),
    )
    text = format_default([Disk("a", 10, "/x"), Disk("bb", 4, "/x"), Disk("c", 2, "/y")])
    # a view's columns are left-aligned unless the view says otherwise (only generated tables right-align numbers)
    assert text == "\n    Folder: /x\n\nName GB\n---- --\na    5\nbb   2\n\n    Folder: /y\n\nName GB\n---- --\nc    1\n\n"
    reg = ViewRegistry()
    reg.register("Test.Formatting.Disk", ListView((Column("Name"),)))
    assert isinstance(reg.find(Disk("a", 1, "/")), ListView)


def test_format_table_explicit_columns() -> None:
    text = format_table(["hello"], [Column("foo")])
    assert text == "\nfoo\n---\n\n\n"


def test_error_concise_view_without_position() -> None:
    record = ErrorRecord("Cannot find path '/x' because it does not exist.", command_name="Get-Item")
    assert format_error(record) == "Get-Item: Cannot find path '/x' because it does not exist.\n"
    thrown = ErrorRecord("boom", details={"thrown": True})
    assert format_error(thrown) == "Exception: boom\n"


def test_error_concise_view_with_script_position() -> None:
    pos = ScriptPosition("/tmp/s.ps1", 3, 2, " Get-Item nope", 13)
    record = ErrorRecord("Cannot find path.", command_name="Get-Item", position=pos, category=ErrorCategory.ObjectNotFound)
    assert format_error(record) == (
        "Get-Item: /tmp/s.ps1:3\nLine |\n   3 |   Get-Item nope\n     |   ~~~~~~~~~~~~~\n     | Cannot find path.\n"
    )


def test_error_concise_view_wraps_long_messages_for_files() -> None:
    pos = ScriptPosition("/s.ps1", 12345, 1, "x", 1)
    message = "word " * 40
    text = format_error(ErrorRecord(message.strip(), command_name="X", position=pos), width=60)
    lines = text.split("\n")
    assert lines[1] == " Line |"
    assert all(len(line) <= 60 for line in lines)
    assert lines[4].startswith("      | word")


def test_error_records_written_as_output_print_in_the_error_view() -> None:
    record = ErrorRecord("Cannot find path '/x' because it does not exist.", command_name="Get-Item")
    assert format_default([record, "next"]) == "Get-Item: Cannot find path '/x' because it does not exist.\nnext\n"


def test_generated_documents_take_every_object_and_views_take_their_types() -> None:
    class Other:
        ps_type_names = ("Test.Formatting.Other", "System.Object")

        def ps_properties(self) -> list[tuple[str, object]]:
            return [("Kind", "other"), ("N", 1)]

    class Viewed:
        ps_type_names = ("Test.Formatting.Viewed", "System.Object")

        def __init__(self, name: str) -> None:
            self.Name = name

    # the string precedes the document; a generated table takes Other as a row of its own columns (empty)
    assert format_default(["first", obj(a=1), Other(), obj(a=2)]) == "first\n\na\n-\n1\n \n2\n\n"
    # a view's table writes Other out of band, as a list, and goes on without a new header
    register_view("Test.Formatting.Viewed", TableView((Column("Name"),)))
    text = format_default([Viewed("v1"), Other(), Viewed("v2")])
    assert text == "\nName\n----\nv1\n\nKind : other\nN    : 1\n\nv2\n\n"
