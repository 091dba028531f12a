"""`azs -NoProfile [-NonInteractive] -Command "<script>"` and `azs -NoProfile -File script.ps1 [args]`.

As pwsh does for a non-console host: formatted output on stdout (one Out-Default stream for the whole run),
errors on stderr in pwsh 7's concise view, warnings/verbose/debug/information on stdout, exit code 1 when
the script ends on a terminating error, `exit N` honoured, `$LASTEXITCODE`-style codes for -Command.
`azs` with no script starts the interactive shell.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

USAGE = """Usage: azs [-NoProfile] [-NonInteractive] [-NoLogo] [-WorkingDirectory DIR] -Command "<script>" | -
       azs [-NoProfile] [-NonInteractive] -File <script.ps1> [args]
       azs                                    the interactive shell
       azs --version | --help

The lab stamp (needs the 'lab' extra: pip install 'azs-notebook[lab]'):
  azs lab up [--data-dir DIR] [--identity adfs|entra] [--location NAME] [--faults FILE]
  azs lab down
  azs lab status [--format text|json]
  azs lab env [--format json|shell|powershell]    the settings a client needs (includes the secret)
  azs lab approve CODE                   approve a device-code sign-in
  azs lab faults [--set FILE | --clear]  show, set or clear fault injection

The Jupyter kernel ("Azure Stack Hub PowerShell"):
  azs kernel install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--display-name TEXT]
                     [--env NAME VALUE]...
  azs kernel uninstall [--name NAME]

The runbooks and training labs shipped with the package:
  azs notebooks copy DEST [--only runbooks|labs] [--force]
  azs notebooks list

In IPython or a Python notebook: %load_ext azsmagics. Each subcommand takes --help.
"""

_SWITCHES = {"-noprofile", "-nonprofile", "-noninteractive", "-nologo", "-noexit", "-mta", "-sta", "-nop",
             "-noni", "-nol"}
# pwsh options that take a value this shell accepts and ignores (execution policy does not apply here)
_VALUED = {"-executionpolicy", "-ep", "-ex", "-windowstyle", "-w", "-inputformat", "-if", "-outputformat", "-of",
           "-configurationname", "-settingsfile"}


class ScriptHost:
    """The Host for a script run: stdout/stderr text, no prompts unless a terminal is attached, and pwsh's
    progress bar on stderr when stderr is a terminal (nothing otherwise)."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None, *, interactive: bool = False,
                 width: int = 120) -> None:
        from azskernel.runtime.formatting import Formatter
        from azskernel.shell.progress import TerminalProgress

        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.interactive = interactive
        self.width = width
        self._formatter = Formatter(width)
        self.progress = TerminalProgress(self.err, colour=not os.environ.get("NO_COLOR"))

    def _out(self, text: str) -> None:
        self.progress.clear()  # the bar shares the terminal: take it down before a line goes out
        self.out.write(text)

    def write_output(self, objects: list[Any]) -> None:
        text = self._formatter.feed(objects)
        if text:
            self._out(text)

    def finish(self) -> None:
        self.progress.clear()
        text = self._formatter.finish()
        if text:
            self.out.write(text)
        self.out.flush()

    def write_host(self, text: str, *, newline: bool = True, foreground: str | None = None,
                   background: str | None = None) -> None:
        self._out(text + ("\n" if newline else ""))

    def write_error(self, record: Any) -> None:
        self.progress.clear()
        self.out.flush()
        self.err.write(error_text(record))
        self.err.flush()

    def write_warning(self, text: str) -> None:
        self._out(f"WARNING: {text}\n")

    def write_verbose(self, text: str) -> None:
        self._out(f"VERBOSE: {text}\n")

    def write_debug(self, text: str) -> None:
        self._out(f"DEBUG: {text}\n")

    def write_information(self, record: Any) -> None:
        from azskernel.runtime.conversion import to_string

        self._out(to_string(getattr(record, "message_data", record)) + "\n")

    def write_progress(self, record: Any) -> None:
        self.progress.record(record)

    def write_event(self, event: Any) -> None:
        """The session's live-event hook (upload and provisioning events): one bar per piece of work."""
        self.progress.event(event)

    def read_line(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    def read_secret(self, prompt: str) -> str:
        import getpass

        return getpass.getpass(prompt)

    def clear(self) -> None:
        return None


def error_text(record: Any) -> str:
    parse_error = getattr(record, "details", {}).get("parse_error") if hasattr(record, "details") else None
    if parse_error is not None:
        return parse_error.pwsh_text() + "\n"
    from azskernel.runtime.formatting import format_error

    text = format_error(record)
    return text if text.endswith("\n") else text + "\n"


def _parse_args(args: list[str]) -> tuple[str | None, str | None, list[str], bool] | str:
    """(command, file, script args, interactive) or an error message."""
    command = file = None
    interactive = True
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        lowered = arg.lower()
        if lowered in _SWITCHES:
            if lowered == "-noninteractive":
                interactive = False
            i += 1
            continue
        if lowered in _VALUED:
            i += 2
            continue
        if lowered in ("-workingdirectory", "-wd"):
            if i + 1 < len(args):
                os.chdir(os.path.expanduser(args[i + 1]))
            i += 2
            continue
        if lowered in ("-command", "-c"):
            tail = args[i + 1:]
            if not tail:
                return "Missing argument for parameter -Command."
            command = " ".join(tail) if tail != ["-"] else sys.stdin.read()
            return command, None, [], interactive
        if lowered in ("-file", "-f"):
            if i + 1 >= len(args):
                return "Missing argument for parameter -File."
            file = args[i + 1]
            rest = args[i + 2:]
            return None, file, rest, interactive
        if lowered in ("-help", "-h", "-?", "/?", "--help"):
            return "help"
        if lowered in ("-version", "-v", "--version"):
            return "version"
        if lowered.startswith("-"):
            return f"The argument '{arg}' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
        # pwsh treats the first non-switch argument as the -File argument
        return None, arg, args[i + 1:], interactive
    return None, None, [], interactive


def run_script(source: str, *, file: str | None = None, args: list[str] | None = None,
               out: TextIO | None = None, err: TextIO | None = None, interactive: bool = False) -> int:
    """Run one script as `azs -File`/`-Command` does and return the exit code."""
    from azskernel.engine import create_session
    from azskernel.runtime.control import PipelineStoppedException, ScriptExit, ScriptTerminated

    host = ScriptHost(out, err, interactive=interactive)
    code = 0
    try:
        session = create_session(host)
        try:
            session.run(source, file=file, args=list(args or []))
        except ScriptTerminated as exc:
            host.write_error(exc.record)
            code = 1
        except ScriptExit as exc:
            code = exc.code
        else:
            if file is None and not session.last_status:
                code = 1
    except KeyboardInterrupt:
        code = 130
    except PipelineStoppedException as exc:
        if getattr(exc, "record", None) is not None:  # a stop that says what to do next (resume an upload)
            host.write_error(exc.record)
        code = 130
    except BrokenPipeError:
        # the reader went away (`azs -Command … | head -1`): stop quietly, as pwsh does
        _silence_stdout()
        return 0
    except Exception as exc:  # the last guard: an engine bug is reported in pwsh's shape, never a traceback
        host.err.write(f"InternalError: {type(exc).__name__}: {exc}\n")
        code = 1
    finally:
        try:
            host.finish()
        except BrokenPipeError:
            _silence_stdout()
        except Exception:  # noqa: BLE001 - output may already be closed
            pass
    return code


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(args: list[str]) -> int:
    # pwsh writes UTF-8 on Linux whatever the locale; half a UTF-16 pair ([char]0xD800) as U+FFFD, as .NET does
    import azskernel.runtime.utf16  # noqa: F401 - registers the "azs-utf16" error handler

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="azs-utf16")
            except (ValueError, OSError):
                pass
    parsed = _parse_args(list(args))
    if parsed == "help":
        sys.stdout.write(USAGE)
        return 0
    if parsed == "version":
        from azskernel.version import banner

        sys.stdout.write(banner() + "\n")
        return 0
    if isinstance(parsed, str):
        sys.stderr.write(parsed + "\n")
        return 64
    command, file, rest, interactive = parsed
    if command is None and file is None:
        try:
            from azskernel.shell.repl import main as repl_main
        except ImportError:
            sys.stderr.write("interactive shell not available yet\n")
            return 1
        return repl_main()
    interactive = interactive and sys.stdin.isatty()
    if file is not None:
        path = os.path.abspath(file)
        if not os.path.isfile(path) and os.sep == "/" and "\\" in file:
            path = os.path.abspath(file.replace("\\", "/"))  # `.\script.ps1` as written on Windows
        if not os.path.isfile(path):
            sys.stderr.write(
                f"The argument '{file}' is not recognized as the name of a script file. Check the spelling of the name, "
                "or if a path was included, verify that the path is correct and try again.\n"
            )
            return 64
        source = _read_script(path)
        return run_script(source, file=path, args=rest, interactive=interactive)
    return run_script(command or "", interactive=interactive)


def _read_script(path: str) -> str:
    from azskernel.runtime.scriptfile import read_script

    return read_script(path)
