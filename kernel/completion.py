"""Tab completion over an engine session, shared by the kernel and the terminal shell (a top-level module
because the two fronts may not import each other).

Works on incomplete text (the cursor is usually at the end of an unfinished command), so it scans the
current command element itself instead of parsing: command names and aliases in command position,
`-Parameter` names (also on a line continued with a backtick), values of a parameter (its
ValidateSet or declared completer, the connected stamp's publisher/offer/sku/version catalogue for the
image commands (cached), file paths for path parameters), `$variable` names, and file paths as the fallback, as pwsh does.
Everything command-specific comes from the declarations in the session's CommandRegistry.
"""

from __future__ import annotations

import glob
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SEPARATORS = "|;{}()&\n"
_WORD_BREAKS = " \t" + _SEPARATORS + ",="
_QUOTES = "'\""


@dataclass(frozen=True)
class Completion:
    matches: list[str]
    start: int
    end: int
    kind: str = ""


@dataclass(frozen=True)
class _Scan:
    words: list[str]
    """Words of the current command element before the one being completed (quotes removed)."""
    word: str
    """The text being completed (an opening quote, if any, removed)."""
    start: int
    quote: str


def _scan(text: str) -> _Scan:
    """Splits the current command element of `text` (the code up to the cursor) into words."""
    words: list[str] = []
    current: list[str] = []
    started: int | None = None
    quote = ""
    opened = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                if i + 1 < len(text) and text[i + 1] == quote:  # doubled quote: a literal quote
                    current.append(ch)
                    i += 2
                    continue
                quote = ""
            else:
                current.append(ch)
            i += 1
            continue
        if ch == "`" and i + 1 < len(text):
            if text[i + 1] in "\r\n":  # line continuation: just whitespace
                ch = " "
                i += 1
            else:
                current.append(text[i + 1])
                i += 2
                continue
        if ch in _QUOTES:
            if started is None:
                started = i
            quote = opened = ch
            i += 1
            continue
        if ch in " \t" or ch in _SEPARATORS or ch in ",=":
            if started is not None:
                words.append("".join(current))
            current, started, opened = [], None, ""
            if ch in _SEPARATORS:
                words = []
            i += 1
            continue
        if started is None:
            started = i
        current.append(ch)
        i += 1
    start = len(text) if started is None else started
    word = "".join(current)
    return _Scan(words, word, start, opened if quote else "")


def _registry(session: Any) -> Any:
    for name in ("commands", "registry", "command_registry"):
        registry = getattr(session, name, None)
        if registry is not None:
            return registry
    return None


def _location(session: Any) -> Path:
    for name in ("location", "cwd", "current_location"):
        value = getattr(session, name, None)
        if callable(value):
            value = value()
        if value:
            return Path(str(value))
    return Path(os.getcwd())


def _quote_if_needed(value: str, quote: str) -> str:
    if quote:
        return quote + value.replace(quote, quote * 2) + quote
    if any(c in value for c in " \t'\"$`;|&(){}@#,"):
        return "'" + value.replace("'", "''") + "'"
    return value


def complete_path(session: Any, prefix: str, quote: str = "") -> list[str]:
    """Files and folders starting with `prefix`, relative to the session's location; folders end with '/'."""
    base = _location(session)
    expanded = os.path.expanduser(prefix)
    pattern = expanded if os.path.isabs(expanded) else str(base / expanded) if expanded else str(base) + os.sep
    matches = []
    for found in sorted(glob.glob(glob.escape(pattern) + "*"), key=str.casefold):
        shown = found if os.path.isabs(expanded) else os.path.relpath(found, base)
        if expanded.startswith("./") and not shown.startswith("./"):
            shown = "./" + shown
        if prefix.startswith("~"):
            shown = "~" + found[len(os.path.expanduser("~")) :]
        if os.path.isdir(found):
            shown += os.sep
        matches.append(_quote_if_needed(shown, quote))
    return matches


def _variables(session: Any, prefix: str) -> list[str]:
    names = session.variable_names() if hasattr(session, "variable_names") else []
    folded = prefix.casefold()
    return sorted({f"${n}" for n in names if n.casefold().startswith(folded)}, key=str.casefold)


def _commands(session: Any, prefix: str) -> list[str]:
    registry = _registry(session)
    found: list[str] = list(registry.completions(prefix)) if registry is not None else []
    if hasattr(session, "function_names"):
        folded = prefix.casefold()
        found += [n for n in session.function_names() if n.casefold().startswith(folded)]
    seen: set[str] = set()
    return [n for n in found if not (n.casefold() in seen or seen.add(n.casefold()))]


def _is_switch(command: Any, name: str) -> bool:
    matches = command.find_parameters(name)
    return len(matches) == 1 and bool(matches[0].switch)


def _positional(command: Any, args: list[str]) -> Any:
    """The parameter the next positional argument binds to, given the arguments so far."""
    index = 0
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg.startswith("-") and len(arg) > 1 and not arg[1].isdigit():  # -5 is a number, not a name
            skip = not _is_switch(command, arg[1:].split(":", 1)[0]) and ":" not in arg
            continue
        index += 1
    candidates = sorted((p for p in command.parameters if p.position is not None), key=lambda p: p.position)
    return candidates[index] if index < len(candidates) else None


# -- the stamp's image catalogue -------------------------------------------------------------------
CATALOGUE_TTL = 60.0
"""Seconds a listing of the connected stamp's platform images is reused by completion."""
_CATALOGUE_FIELDS = {"publisher": 0, "publishername": 0, "offer": 1, "sku": 2, "skus": 2, "version": 3}
_catalogue_cache: dict[int, tuple[float, list[tuple[str, str, str, str]]]] = {}
_catalogue_lock = threading.Lock()


def _platform_images(session: Any) -> list[tuple[str, str, str, str]]:
    """(publisher, offer, sku, version) of every platform image of the connected stamp, cached; empty when
    not signed in or unreachable (completion never fails or prints)."""
    now = time.monotonic()
    with _catalogue_lock:
        cached = _catalogue_cache.get(id(session))
        if cached is not None and now - cached[0] < CATALOGUE_TTL:
            return cached[1]
    rows: list[tuple[str, str, str, str]] = []
    try:
        from azskernel.azure.cmdlets.compute_admin import get_platform_image
        from azskernel.azure.context import profile_for
        from azskernel.azure.events import QUIET

        for image in get_platform_image(profile=profile_for(session), reporter=QUIET):
            rows.append((str(image.Publisher), str(image.Offer), str(image.Sku), str(image.Version)))
    except Exception:  # noqa: BLE001 - not signed in, no stamp, no Azure layer: nothing to offer
        rows = []
    with _catalogue_lock:
        _catalogue_cache[id(session)] = (now, rows)
    return rows


def _given(command: Any, args: tuple[str, ...] | list[str]) -> dict[int, str]:
    """Catalogue fields already given on the line (-Publisher X -Offer Y ...), by field index."""
    given: dict[int, str] = {}
    for name, value in zip(args, args[1:]):
        if name.startswith("-") and not value.startswith("-"):
            found = command.find_parameters(name[1:])
            if len(found) == 1 and found[0].name.casefold() in _CATALOGUE_FIELDS:
                given[_CATALOGUE_FIELDS[found[0].name.casefold()]] = value.casefold()
    return given


def _catalogue(session: Any, command: Any, parameter: Any, args: tuple[str, ...] | list[str], word: str) -> list[str] | None:
    field = _CATALOGUE_FIELDS.get(parameter.name.casefold())
    if field is None or "image" not in command.name.casefold():
        return None
    given = _given(command, args)
    folded = word.casefold()
    values = {
        row[field]
        for row in _platform_images(session)
        if row[field].casefold().startswith(folded) and all(row[i].casefold() == v for i, v in given.items() if i != field)
    }
    return sorted(values, key=str.casefold)


def _values(session: Any, command: Any, parameter: Any, word: str, quote: str, args: tuple[str, ...] | list[str] = ()) -> tuple[list[str], str]:
    if parameter.path:
        return complete_path(session, word, quote), "path"
    values = command.complete_value(parameter.name, word)
    if not values:
        values = _catalogue(session, command, parameter, args, word)
        if values is None:
            return complete_path(session, word, quote), "path"
    return [_quote_if_needed(v, quote) for v in values], "value"


def complete(session: Any, code: str, cursor: int) -> Completion:
    """Completions for the word that ends at `cursor` in `code`."""
    text = code[:cursor]
    scan = _scan(text)
    word, start = scan.word, scan.start
    if word.startswith("$") and not scan.quote:
        return Completion(_variables(session, word[1:]), start, cursor, "variable")
    if not scan.words and not scan.quote:
        if word[:1] in "./~\\" and word:
            return Completion(complete_path(session, word), start, cursor, "path")
        return Completion(_commands(session, word), start, cursor, "command")
    registry = _registry(session)
    command = registry.resolve(scan.words[0]) if registry is not None and scan.words else None
    if command is None:
        return Completion(complete_path(session, word, scan.quote), start, cursor, "path")
    if word.startswith("-") and not scan.quote:
        return Completion(command.complete_parameter(word), start, cursor, "parameter")
    args = scan.words[1:]
    previous = args[-1] if args else ""
    if previous.startswith("-") and len(previous) > 1 and ":" not in previous and not _is_switch(command, previous[1:]):
        found = command.find_parameters(previous[1:])
        if len(found) == 1:
            matches, kind = _values(session, command, found[0], word, scan.quote, args)
            return Completion(matches, start, cursor, kind)
    parameter = _positional(command, args)
    if parameter is not None:
        matches, kind = _values(session, command, parameter, word, scan.quote, args)
        return Completion(matches, start, cursor, kind)
    return Completion(complete_path(session, word, scan.quote), start, cursor, "path")
