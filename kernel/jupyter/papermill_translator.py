"""papermill parameters for the `azs-powershell` kernel, written as correct PowerShell literals.

papermill's own PowerShell translator escapes like Python (`"C:\\\\vhds"`, `"\\n"`) inside double quotes,
where PowerShell would still expand `$` and backticks. Here every string is a single-quoted literal
(nothing expands; a quote is doubled, including the typographic single quotes PowerShell also accepts).

papermill has no entry point for translators, only for engines: the `papermill.engine` entry point
`azs-powershell` names `AzsPowerShellEngine` below, and importing this module (which papermill does when
it loads its engines) registers the translator under the kernel name and the `powershell` language.
"""

from __future__ import annotations

import math
import re
from typing import Any


class AzsPowerShellEngine:
    """papermill's nbclient engine under our name; it exists so that papermill imports this module.

    Defined before papermill is imported: papermill loads its engine entry points while importing
    itself, and by then this partly loaded module must already have the attribute.
    """

    @classmethod
    def execute_notebook(cls, *args: Any, **kwargs: Any) -> Any:
        from papermill.engines import NBClientEngine

        return NBClientEngine.execute_notebook(*args, **kwargs)

    @classmethod
    def nb_kernel_name(cls, *args: Any, **kwargs: Any) -> Any:
        from papermill.engines import NBClientEngine

        return NBClientEngine.nb_kernel_name(*args, **kwargs)

    @classmethod
    def nb_language(cls, *args: Any, **kwargs: Any) -> Any:
        from papermill.engines import NBClientEngine

        return NBClientEngine.nb_language(*args, **kwargs)


from papermill.translators import Translator, papermill_translators  # noqa: E402


from .install import KERNEL_NAME

_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
_SIMPLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT64 = (-(2**63), 2**63 - 1)
_ASSIGNMENT = re.compile(
    r"^\s*\$(?:\{(?P<braced>[^}]+)\}|(?P<name>[A-Za-z_][A-Za-z0-9_]*))\s*=\s*(?P<value>.*?)\s*(?:#\s*(?P<help>.*))?$"
)
_TYPE_PREFIX = re.compile(r"^\[(?P<type>[A-Za-z0-9_.\[\]]+)\]\s*\$")


def _quote(text: str) -> str:
    return "'" + "".join(ch * 2 if ch in _SINGLE_QUOTES else ch for ch in text) + "'"


class PowerShellTranslator(Translator):
    """Translates JSON/YAML parameter values into PowerShell assignments."""

    @classmethod
    def translate_str(cls, val: str) -> str:
        return _quote(val)

    translate_escaped_str = translate_str

    @classmethod
    def translate_none(cls, val: None) -> str:
        return "$null"

    @classmethod
    def translate_bool(cls, val: bool) -> str:
        return "$true" if val else "$false"

    @classmethod
    def translate_int(cls, val: int) -> str:
        if _INT64[0] <= val <= _INT64[1]:
            return str(val)
        # Beyond [long], a bare literal would become a lossy [double].
        return f"[bigint]'{val}'"

    @classmethod
    def translate_float(cls, val: float) -> str:
        if math.isnan(val):
            return "[double]::NaN"
        if math.isinf(val):
            return "[double]::PositiveInfinity" if val > 0 else "[double]::NegativeInfinity"
        text = repr(val)
        # A float that prints like an integer must stay a [double].
        return text if any(c in text for c in ".eE") else f"{text}.0"

    @classmethod
    def translate_list(cls, val: list[Any]) -> str:
        items = [cls.translate(v) for v in val]
        if len(items) == 1 and isinstance(val[0], list):
            # @(@(1,2)) would flatten to 1,2: the unary comma keeps the inner array one element.
            return f"@(,{items[0]})"
        return "@(" + ", ".join(items) + ")"

    @classmethod
    def translate_dict(cls, val: dict[Any, Any]) -> str:
        if not val:
            return "@{}"
        pairs = "; ".join(f"{_quote(str(k))} = {cls.translate(v)}" for k, v in val.items())
        return "@{ " + pairs + " }"

    @classmethod
    def translate(cls, val: Any) -> str:
        if isinstance(val, tuple):
            return cls.translate_list(list(val))
        return super().translate(val)

    @classmethod
    def comment(cls, cmt_str: str) -> str:
        return f"# {cmt_str}".strip()

    @classmethod
    def assign(cls, name: str, str_val: str) -> str:
        if _SIMPLE_NAME.match(name):
            return f"${name} = {str_val}"
        escaped = name.replace("`", "``").replace("{", "`{").replace("}", "`}")
        return f"${{{escaped}}} = {str_val}"

    @classmethod
    def inspect(cls, parameters_cell: Any) -> list[Any]:
        """The `$Name = value  # help` lines of a parameters cell, for `papermill --help-notebook`."""
        from papermill.models import Parameter

        found = []
        source = parameters_cell.source if hasattr(parameters_cell, "source") else str(parameters_cell)
        for line in source.splitlines():
            typed = _TYPE_PREFIX.match(line.strip())
            stripped = line.strip()[typed.end() - 1 :] if typed else line
            match = _ASSIGNMENT.match(stripped)
            if not match:
                continue
            value = match.group("value")
            found.append(
                Parameter(
                    name=match.group("braced") or match.group("name"),
                    inferred_type_name=typed.group("type") if typed else _infer_type(value),
                    default=value,
                    help=match.group("help") or "",
                )
            )
        return found


def _infer_type(value: str) -> str:
    lowered = value.lower()
    if lowered in ("$true", "$false"):
        return "bool"
    if lowered == "$null":
        return "NoneType"
    if value[:1] in ("'", '"'):
        return "str"
    if re.fullmatch(r"[-+]?\d+", value):
        return "int"
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", value):
        return "float"
    if value.startswith("@("):
        return "list"
    if value.startswith("@{") or lowered.startswith("[ordered]@{"):
        return "dict"
    return "None"


def register() -> None:
    """Makes papermill use this translator for the kernel and for any `powershell`-language kernel."""
    papermill_translators.register(KERNEL_NAME, PowerShellTranslator)
    papermill_translators.register("powershell", PowerShellTranslator)


register()


