"""Select-String (Microsoft.PowerShell.Utility) and the MatchInfo it returns, with pwsh's rules
(SelectStringCommand):

- input lines come from -InputObject (each object's string form) or from files (-Path with wildcards,
  -LiteralPath, -Include/-Exclude); a match is a regular expression unless -SimpleMatch, case-insensitive unless
  -CaseSensitive; -Culture (with -SimpleMatch only) compares as that culture does (Turkish dotted and dotless i);
- -NotMatch keeps the lines that do not match, -AllMatches records every match of a line, -List stops at each
  source's first match, -Context n[,m] keeps the lines around each match;
- -Quiet answers $true (or nothing), -Raw gives the matching lines as strings; the two do not go together.

A MatchInfo prints as its line (input from the pipeline) or `path:line:text` with the path relative to the
current location when it is under it, its context lines marked with two blanks and the match with `> `.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from azskernel.commands._util import error, wildcard
from azskernel.commands.items import expand, not_found
from azskernel.runtime.adapted import RegexMatch
from azskernel.runtime.cmdlet import Cmdlet, cmdlet, parameter
from azskernel.runtime.conversion import to_string
from azskernel.runtime.errors import ErrorCategory, ParameterBindingException
from azskernel.runtime.formatting import CustomView, register_view
from azskernel.runtime.regexes import compile_regex

_INPUT_STREAM = "InputStream"


class MatchInfoContext:
    ps_type_names = ("Microsoft.PowerShell.Commands.MatchInfoContext", "System.Object")

    def __init__(self, before: list[str], after: list[str]) -> None:
        self.PreContext = before
        self.PostContext = after
        self.DisplayPreContext = before
        self.DisplayPostContext = after

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("PreContext", self.PreContext), ("PostContext", self.PostContext),
                ("DisplayPreContext", self.DisplayPreContext), ("DisplayPostContext", self.DisplayPostContext)]


class MatchInfo:
    ps_type_names = ("Microsoft.PowerShell.Commands.MatchInfo", "System.Object")

    def __init__(self, line: str, line_number: int, path: str | None, pattern: str, matches: list[Any],
                 ignore_case: bool, here: str, context: MatchInfoContext | None = None) -> None:
        self.Line = line
        self.LineNumber = line_number
        self.Path = path if path is not None else _INPUT_STREAM
        self.Filename = Path(path).name if path is not None else _INPUT_STREAM
        self.Pattern = pattern
        self.Matches = matches
        self.IgnoreCase = ignore_case
        self.Context = context
        self._here = here

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("IgnoreCase", self.IgnoreCase), ("LineNumber", self.LineNumber), ("Line", self.Line),
                ("Filename", self.Filename), ("Path", self.Path), ("Pattern", self.Pattern), ("Context", self.Context),
                ("Matches", self.Matches)]

    def RelativePath(self, directory: Any = None) -> str:  # noqa: N802 - the .NET method
        """The path relative to `directory` (the current location) when the file is under it."""
        if self.Path == _INPUT_STREAM:
            return self.Path
        base = to_string(directory) if directory is not None else self._here
        if base and (self.Path + os.sep).startswith(base.rstrip(os.sep) + os.sep):
            return os.path.relpath(self.Path, base)
        return self.Path

    def ToString(self, directory: Any = None) -> str:  # noqa: N802
        prefix = "" if self.Path == _INPUT_STREAM else f"{self.RelativePath(directory)}:"
        if self.Context is None or not (self.Context.PreContext or self.Context.PostContext):
            return f"{prefix}{self.LineNumber}:{self.Line}" if prefix else self.Line
        first = self.LineNumber - len(self.Context.PreContext)
        lines = []
        for offset, text in enumerate(self.Context.PreContext):
            lines.append(f"  {prefix}{first + offset}:{text}" if prefix else f"  {text}")
        lines.append(f"> {prefix}{self.LineNumber}:{self.Line}" if prefix else f"> {self.Line}")
        for offset, text in enumerate(self.Context.PostContext, 1):
            lines.append(f"  {prefix}{self.LineNumber + offset}:{text}" if prefix else f"  {text}")
        return "\n".join(lines)

    def ps_to_string(self) -> str:
        return self.ToString()

    def __str__(self) -> str:
        return self.ToString()


register_view("Microsoft.PowerShell.Commands.MatchInfo", CustomView(lambda m: m.ToString()))


# -- matching -------------------------------------------------------------------------------------------------------
def _culture_fold(text: str, culture: str | None) -> str:
    """Case-insensitive comparison text for a culture: Turkish and Azerbaijani fold I to dotless ı and İ to i."""
    if culture and culture.casefold().split("-")[0] in ("tr", "az"):
        text = text.replace("I", "\u0131").replace("\u0130", "i")
    return text.casefold()


class _Matcher:
    def __init__(self, patterns: list[str], simple: bool, case_sensitive: bool, culture: str | None) -> None:
        self.patterns = patterns
        self.simple = simple
        self.case_sensitive = case_sensitive
        self.culture = culture
        self.regexes = [] if simple else [compile_regex(p, not case_sensitive) for p in patterns]

    def find(self, line: str, all_matches: bool) -> tuple[str | None, list[Any]]:
        """The pattern that matched the line (None when none did) and its Match objects."""
        if self.simple:
            hay = line if self.case_sensitive else _culture_fold(line, self.culture)
            for p in self.patterns:
                needle = p if self.case_sensitive else _culture_fold(p, self.culture)
                if needle in hay:
                    return p, []
            return None, []
        for p, rx in zip(self.patterns, self.regexes, strict=True):
            if all_matches:
                found = [RegexMatch(m) for m in rx.finditer(line)]
            else:
                first = rx.search(line)
                found = [RegexMatch(first)] if first else []
            if found:
                return p, found
        return None, []


# -- the cmdlet -----------------------------------------------------------------------------------------------------
@cmdlet(
    "Select-String",
    aliases=("sls",),
    default_parameter_set="File",
    synopsis="Finds text in strings and files.",
    examples=(("Get-Content log.txt | Select-String 'error'", ""),
              ("Select-String -Path *.ps1 -Pattern 'Add-AzsPlatformImage' -Context 1", "")),
)
@parameter("InputObject", value_from_pipeline=True, mandatory=True, parameter_sets=("Object",), allow_null=True)
@parameter("Pattern", type="string[]", position=0, mandatory=True)
@parameter("Path", type="string[]", position=1, mandatory=True, parameter_sets=("File",), value_from_pipeline_by_property_name=True)
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralFile",), aliases=("PSPath", "LP"),
           value_from_pipeline_by_property_name=True)
@parameter("SimpleMatch", switch=True)
@parameter("CaseSensitive", switch=True)
@parameter("NotMatch", switch=True)
@parameter("AllMatches", switch=True)
@parameter("Quiet", switch=True)
@parameter("List", switch=True)
@parameter("Raw", switch=True)
@parameter("NoEmphasis", switch=True)
@parameter("Include", type="string[]")
@parameter("Exclude", type="string[]")
@parameter("Encoding", type="string")
@parameter("Context", type="int[]", validate_count=(1, 2))
@parameter("Culture", type="string")
class SelectString(Cmdlet):
    def begin(self, ctx: Any, *, quiet: bool, raw: bool, culture: str | None, simple_match: bool, pattern: Any,
              case_sensitive: bool, **_: Any) -> None:
        if quiet and raw:
            raise ParameterBindingException(
                "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued "
                "cannot be used together or an insufficient number of parameters were provided.",
                error_id="AmbiguousParameterSet", command_name="Select-String")
        if culture is not None and not simple_match:
            raise error("Cannot specify '-Culture' and '-Pattern' without '-SimpleMatch'.",
                        "CannotSpecifyCultureWithoutSimpleMatch,Microsoft.PowerShell.Commands.SelectStringCommand",
                        ErrorCategory.InvalidArgument, culture, "Select-String")
        self.matcher = _Matcher([to_string(p) for p in pattern], simple_match, case_sensitive, culture)
        self.found_any = False
        self.done = False

    def process(self, ctx: Any, *, input_object: Any, path: Any, literal_path: Any, not_match: bool,
                all_matches: bool, quiet: bool, list: bool, raw: bool, include: Any, exclude: Any, context: Any,
                case_sensitive: bool, **_: Any) -> Any:
        if self.done:
            return None
        here = str(getattr(ctx.session, "location", ""))
        before, after = ([*context] + [*context])[:2] if context else (0, 0)
        out: list[Any] = []
        for full, lines in self._sources(ctx, input_object, path, literal_path, include, exclude):
            for index, line in enumerate(lines):
                pattern, matches = self.matcher.find(line, all_matches)
                if (pattern is None) != not_match:
                    continue
                self.found_any = True
                if quiet:
                    self.done = True
                    return [True]
                if raw:
                    out.append(line)
                else:
                    ctx_info = None
                    if (before or after) and full is not None:
                        ctx_info = MatchInfoContext(lines[max(0, index - before):index], lines[index + 1:index + 1 + after])
                    out.append(MatchInfo(line, index + 1, full, pattern or self.matcher.patterns[0], matches,
                                         not case_sensitive, here, ctx_info))
                if list:
                    break
        return out

    def _sources(self, ctx: Any, input_object: Any, path: Any, literal_path: Any, include: Any,
                 exclude: Any) -> list[tuple[str | None, list[str]]]:
        if path is None and literal_path is None:
            return [(None, [to_string(input_object)])] if "InputObject" in ctx.bound else []
        sources: list[tuple[str | None, list[str]]] = []
        for p in path if path is not None else literal_path:
            files = expand(ctx, p, literal=literal_path is not None)
            if not files:
                ctx.write_error(not_found(ctx.resolve_path(p), "Select-String", "SelectStringCommand"))
            for f in files:
                if f.is_dir():
                    continue
                if include and not any(wildcard(i).match(f.name) for i in include):
                    continue
                if exclude and any(wildcard(e).match(f.name) for e in exclude):
                    continue
                sources.append((str(f), f.read_text(encoding="utf-8", errors="replace").splitlines()))
        return sources

    def end(self, ctx: Any, **_: Any) -> Any:
        return None


__all__ = ["MatchInfo", "MatchInfoContext", "SelectString"]
