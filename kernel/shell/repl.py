"""`azs` with no script: the interactive shell (prompt_toolkit), or a plain reader when not on a terminal.

On a terminal: a private history file without sensitive lines (history.py), syntax highlighting, the kernel's completion, multi-line input driven
by the engine's `is_complete` (Enter on an unfinished command continues it on a `>> ` line), Ctrl-C
stops the running command (not the shell) and clears the line at the prompt, Ctrl-D exits.
When stdin or stdout is not a terminal: no banner, no colours, no progress; commands are read from
stdin as they complete and run one by one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from azskernel.interrupt import StopOnInterrupt
from azskernel.runtime.control import PipelineStoppedException, ScriptExit
from azskernel.runtime.errors import ErrorRecord

from .host import ConsoleHost

BANNER = "Azure Stack Hub PowerShell (azs). Get-Help <command> for help, Ctrl-D to exit."


def history_path() -> Path:
    explicit = os.environ.get("AZS_HISTORY")
    if explicit:
        return Path(explicit)
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data) / "azs" / "history"


def _session(host: ConsoleHost) -> Any:
    from azskernel.engine import create_session

    return create_session(host)


def _location(session: Any) -> str:
    value = getattr(session, "location", None)
    if callable(value):
        value = value()
    return str(value) if value else os.getcwd()


def run_one(session: Any, host: ConsoleHost, source: str) -> int | None:
    """Runs one command; returns an exit code when the script said `exit N`, else None."""
    if not source.strip():
        return None
    host.begin_command()
    session.cancel_token.clear()  # a Ctrl-C pressed at the prompt does not stop the next command
    try:
        with StopOnInterrupt(session.cancel):
            session.run(source)
    except ScriptExit as exc:
        return int(exc.code or 0)
    except (KeyboardInterrupt, PipelineStoppedException) as exc:
        host.clear_progress()
        host.err.write("\n")
        if getattr(exc, "record", None) is not None:  # a stop that says what to do next (resume an upload)
            host.write_error(exc.record)
    except BaseException as exc:  # noqa: BLE001 (a failing command never ends the shell)
        record = getattr(exc, "record", None)
        if record is None:
            name = type(exc).__name__
            record = ErrorRecord(f"{name}: {exc}", exception_type=f"azs.{name}")
        host.write_error(record)
    finally:
        host.end_command()
        host.clear_progress()
    return None


def _is_complete(source: str) -> str:
    from azskernel.language import is_complete

    return is_complete(source)


def commands_from_lines(lines: Iterable[str]) -> Iterator[str]:
    """Joins input lines into whole commands, using the engine's is_complete."""
    pending = ""
    for line in lines:
        pending += line if line.endswith("\n") else line + "\n"
        if _is_complete(pending) != "incomplete":
            yield pending
            pending = ""
    if pending.strip():
        yield pending


def run_plain(stdin: Any = None) -> int:
    """No terminal: run what stdin says, quietly, and exit with the last `exit N` (or 0)."""
    host = ConsoleHost(colour=False, interactive=False)
    host.progress.visible = False
    session = _session(host)
    for command in commands_from_lines(stdin or sys.stdin):
        code = run_one(session, host, command)
        if code is not None:
            return code
    return 0


def _prompt_session(session: Any) -> Any:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer, Completion
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.lexers import PygmentsLexer
    from pygments.lexers.shell import PowerShellLexer

    from azskernel.completion import complete

    class SessionCompleter(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Iterator[Any]:
            found = complete(session, document.text, document.cursor_position)
            for match in found.matches:
                yield Completion(match, start_position=found.start - document.cursor_position)

    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: Any) -> None:
        buffer = event.current_buffer
        if buffer.complete_state is not None and buffer.complete_state.current_completion is not None:
            buffer.apply_completion(buffer.complete_state.current_completion)
            return
        if _is_complete(buffer.text) == "incomplete":
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    from .history import file_history

    return PromptSession(
        history=file_history(history_path()),
        lexer=PygmentsLexer(PowerShellLexer),
        completer=SessionCompleter(),
        complete_while_typing=False,
        key_bindings=bindings,
        multiline=True,
        prompt_continuation=lambda width, line, soft: ">> ".rjust(width),
    )


def run_interactive() -> int:
    from azskernel.runtime.suggestions import feedback

    host = ConsoleHost(interactive=True, ask=_ask)
    session = _session(host)
    host.feedback = lambda record: feedback(session, record)
    prompt = _prompt_session(session)
    print(BANNER)
    while True:
        try:
            source = prompt.prompt(f"PS {_location(session)}> ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        code = run_one(session, host, source)
        if code is not None:
            return code


def _ask(text: str, password: bool) -> str:
    from prompt_toolkit import prompt

    return prompt(f"{text}: ", is_password=password)


def main(argv: list[str] | None = None) -> int:
    if sys.stdin.isatty() and sys.stdout.isatty():
        return run_interactive()
    return run_plain()


if __name__ == "__main__":
    sys.exit(main())
