"""`$PSStyle` (pwsh 7.2+): the ANSI sequences scripts use for decoration, and `OutputRendering`, which decides
whether formatted output carries them.

`OutputRendering` is `Host` by default (decorated only on an interactive terminal: plain in files, pipes,
notebooks and captured output, which is all this engine renders), `PlainText` or `Ansi` (always). The formatter
reads the running session's style through `ACTIVE`, which the session sets while it runs.
"""

from __future__ import annotations

import contextvars
from typing import Any

from azskernel.runtime.enums import EnumType, EnumValue

ESC = "\x1b"

OUTPUT_RENDERING = EnumType("System.Management.Automation.OutputRendering",
                            (("Host", 0), ("PlainText", 1), ("Ansi", 2)))


class _Palette:
    """A group of named sequences (`$PSStyle.Foreground.Red`): properties scripts may read and set."""

    type_name = "System.Object"
    defaults: tuple[tuple[str, str], ...] = ()

    def __init__(self) -> None:
        self.values = dict(self.defaults)

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        return (self.type_name, "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        return list(self.values.items())

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values", {})
        for key, value in values.items():
            if key.casefold() == name.casefold():
                return value
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "values":
            object.__setattr__(self, name, value)
            return
        for key in self.values:
            if key.casefold() == name.casefold():
                self.values[key] = str(value)
                return
        raise AttributeError(name)


def _colors(base: int, bright: int) -> tuple[tuple[str, str], ...]:
    names = ("Black", "Red", "Green", "Yellow", "Blue", "Magenta", "Cyan", "White")
    plain = tuple((n, f"{ESC}[{base + i}m") for i, n in enumerate(names))
    return plain + tuple((f"Bright{n}", f"{ESC}[{bright + i}m") for i, n in enumerate(names))


class ForegroundColor(_Palette):
    type_name = "System.Management.Automation.PSStyle+ForegroundColor"
    defaults = _colors(30, 90)

    def FromRgb(self, red: Any, green: Any = None, blue: Any = None) -> str:  # noqa: N802
        return f"{ESC}[38;2;{_rgb(red, green, blue)}m"


class BackgroundColor(_Palette):
    type_name = "System.Management.Automation.PSStyle+BackgroundColor"
    defaults = _colors(40, 100)

    def FromRgb(self, red: Any, green: Any = None, blue: Any = None) -> str:  # noqa: N802
        return f"{ESC}[48;2;{_rgb(red, green, blue)}m"


def _rgb(red: Any, green: Any, blue: Any) -> str:
    if green is None:
        value = int(red)
        red, green, blue = value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF
    return f"{int(red)};{int(green)};{int(blue)}"


class FormattingData(_Palette):
    type_name = "System.Management.Automation.PSStyle+FormattingData"
    defaults = (
        ("FormatAccent", f"{ESC}[32;1m"), ("ErrorAccent", f"{ESC}[36;1m"), ("Error", f"{ESC}[31;1m"),
        ("Warning", f"{ESC}[33;1m"), ("Verbose", f"{ESC}[33;1m"), ("Debug", f"{ESC}[33;1m"),
        ("TableHeader", f"{ESC}[32;1m"), ("CustomTableHeaderLabel", f"{ESC}[32;1;3m"),
        ("FeedbackName", f"{ESC}[33m"), ("FeedbackText", f"{ESC}[96m"), ("FeedbackAction", f"{ESC}[97m"),
    )


class FileInfoFormatting(_Palette):
    type_name = "System.Management.Automation.PSStyle+FileInfoFormatting"
    defaults = (("Directory", f"{ESC}[44;1m"), ("SymbolicLink", f"{ESC}[36;1m"), ("Executable", f"{ESC}[32;1m"))


class ProgressConfiguration(_Palette):
    type_name = "System.Management.Automation.PSStyle+ProgressConfiguration"
    defaults = (("Style", f"{ESC}[33;1m"),)


_DECORATIONS = (
    ("Reset", f"{ESC}[0m"), ("BlinkOff", f"{ESC}[25m"), ("Blink", f"{ESC}[5m"), ("BoldOff", f"{ESC}[22m"),
    ("Bold", f"{ESC}[1m"), ("DimOff", f"{ESC}[22m"), ("Dim", f"{ESC}[2m"), ("HiddenOff", f"{ESC}[28m"),
    ("Hidden", f"{ESC}[8m"), ("ReverseOff", f"{ESC}[27m"), ("Reverse", f"{ESC}[7m"), ("ItalicOff", f"{ESC}[23m"),
    ("Italic", f"{ESC}[3m"), ("UnderlineOff", f"{ESC}[24m"), ("Underline", f"{ESC}[4m"),
    ("StrikethroughOff", f"{ESC}[29m"), ("Strikethrough", f"{ESC}[9m"),
)


class PSStyle:
    """`$PSStyle`: one per session."""

    ps_type_names = ("System.Management.Automation.PSStyle", "System.Object")

    def __init__(self) -> None:
        self.output_rendering: EnumValue = OUTPUT_RENDERING.convert("Host")
        self.decorations = dict(_DECORATIONS)
        self.formatting = FormattingData()
        self.foreground = ForegroundColor()
        self.background = BackgroundColor()
        self.file_info = FileInfoFormatting()
        self.progress = ProgressConfiguration()

    @property
    def ansi(self) -> bool:
        """Whether formatted output carries the sequences (only `Ansi`: this engine never renders to a terminal)."""
        return self.output_rendering.name == "Ansi"

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Reset", self.decorations["Reset"]), ("OutputRendering", self.output_rendering),
                ("Formatting", self.formatting), ("Progress", self.progress), ("FileInfo", self.file_info),
                ("Foreground", self.foreground), ("Background", self.background),
                *((k, v) for k, v in self.decorations.items() if k != "Reset")]

    def __getattr__(self, name: str) -> Any:
        decorations = self.__dict__.get("decorations", {})
        for key, value in decorations.items():
            if key.casefold() == name.casefold():
                return value
        folded = name.casefold()
        if folded == "outputrendering":
            return self.output_rendering
        if folded == "fileinfo":
            return self.file_info
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        folded = name.casefold()
        if folded == "outputrendering":
            object.__setattr__(self, "output_rendering", OUTPUT_RENDERING.convert(value if not isinstance(value, EnumValue)
                                                                                  else value.name))
            return
        decorations = self.__dict__.get("decorations")
        if decorations is not None and not name.startswith("_") and name not in self.__dict__:
            for key in decorations:
                if key.casefold() == folded:
                    decorations[key] = str(value)
                    return
        object.__setattr__(self, name, value)

    def FormatHyperlink(self, text: Any, link: Any) -> str:  # noqa: N802
        return f"{ESC}]8;;{link}{ESC}\\{text}{ESC}]8;;{ESC}\\"


ACTIVE: contextvars.ContextVar[PSStyle | None] = contextvars.ContextVar("azs_psstyle", default=None)
"""The running session's $PSStyle (the session sets it while it runs)."""


def decorate(text: str, sequence_name: str) -> str:
    """`text` wrapped in a `$PSStyle.Formatting` sequence and Reset when the active style renders ANSI."""
    style = ACTIVE.get()
    if style is None or not style.ansi:
        return text
    return getattr(style.formatting, sequence_name) + text + style.decorations["Reset"]
