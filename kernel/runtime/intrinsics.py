"""$ExecutionContext: the EngineIntrinsics a script reaches the engine through: SessionState.Path (path
resolution against the session's location), InvokeCommand (script blocks from text, string expansion, and the
LocationChangedAction hook Set-Location calls) and Host.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from azskernel.runtime.conversion import to_string
from azskernel.runtime.drives import PathInfo

if TYPE_CHECKING:
    from azskernel.runtime.session import Session


class SessionStatePath:
    """$ExecutionContext.SessionState.Path: path resolution against the session location."""

    ps_type_names = ("System.Management.Automation.PathIntrinsics", "System.Object")

    def __init__(self, session: Session) -> None:
        self._session = session

    def ps_properties(self) -> list[tuple[str, Any]]:
        session = self._session
        return [("CurrentLocation", session.drives.path_info(session.location)),
                ("CurrentFileSystemLocation", PathInfo(str(session.location)))]

    def GetUnresolvedProviderPathFromPSPath(self, path: Any) -> str:  # noqa: N802
        return str(self._session.resolve_path(to_string(path)))

    def GetResolvedPSPathFromPSPath(self, path: Any) -> list[Any]:  # noqa: N802
        return [PathInfo(str(self._session.resolve_path(to_string(path))))]

    def IsPSAbsolute(self, path: Any, *_: Any) -> bool:  # noqa: N802
        return os.path.isabs(to_string(path))



class SessionStateIntrinsics:
    """$ExecutionContext.SessionState."""

    ps_type_names = ("System.Management.Automation.SessionState", "System.Object")

    def __init__(self, session: Session) -> None:
        self.Path = SessionStatePath(session)

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Path", self.Path)]


class CommandInvocationIntrinsics:
    """$ExecutionContext.InvokeCommand."""

    ps_type_names = ("System.Management.Automation.CommandInvocationIntrinsics", "System.Object")

    def __init__(self, session: Session) -> None:
        self._session = session
        self.LocationChangedAction: Any = None
        self.PreCommandLookupAction: Any = None
        self.PostCommandLookupAction: Any = None
        self.CommandNotFoundAction: Any = None

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("LocationChangedAction", self.LocationChangedAction),
                ("PreCommandLookupAction", self.PreCommandLookupAction),
                ("PostCommandLookupAction", self.PostCommandLookupAction),
                ("CommandNotFoundAction", self.CommandNotFoundAction)]

    def NewScriptBlock(self, text: Any) -> Any:  # noqa: N802
        return self._session.interpreter.create_scriptblock(to_string(text))

    def ExpandString(self, text: Any) -> Any:  # noqa: N802
        source = '"' + to_string(text).replace('"', '`"') + '"'
        values = self._session.invoke(source)
        return values[0] if values else ""

    def InvokeScript(self, text: Any, *args: Any) -> Any:  # noqa: N802
        return self._session.invoke(to_string(text))


class LocationChangedEventArgs:
    ps_type_names = ("System.Management.Automation.LocationChangedEventArgs", "System.EventArgs", "System.Object")

    def __init__(self, session_state: Any, old: PathInfo, new: PathInfo) -> None:
        self.SessionState = session_state
        self.OldPath = old
        self.NewPath = new

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("SessionState", self.SessionState), ("OldPath", self.OldPath), ("NewPath", self.NewPath)]


class EngineIntrinsics:
    """$ExecutionContext."""

    ps_type_names = ("System.Management.Automation.EngineIntrinsics", "System.Object")

    def __init__(self, session: Session) -> None:
        self._session = session
        self.SessionState = SessionStateIntrinsics(session)
        self.InvokeCommand = CommandInvocationIntrinsics(session)

    @property
    def Host(self) -> Any:  # noqa: N802
        return self._session.interpreter.read_variable("Host")

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Host", self.Host), ("Events", None), ("InvokeProvider", None), ("SessionState", self.SessionState),
                ("InvokeCommand", self.InvokeCommand)]

    def location_changed(self, old: PathInfo, new: PathInfo) -> None:
        """Run the script's LocationChangedAction, if any, after a location change (its errors reach the caller)."""
        action = self.InvokeCommand.LocationChangedAction
        if action is None:
            return
        args = LocationChangedEventArgs(self.SessionState, old, new)
        self._session.interpreter.invoke_scriptblock(action, [None, args], dollar_under=args, this=None)


__all__ = ["EngineIntrinsics", "SessionStatePath"]
