"""Errors as PowerShell has them: an ErrorRecord (exception, id, category, target, position) and the
exception types that carry one.

    PSError                         any error the engine raises on purpose; never shown as a traceback
    ├── RuntimeException            a script-level error (throw, bad operation); has .record
    │   ├── CommandNotFoundException
    │   ├── ItemNotFoundException       a provider path that does not exist
    │   ├── ParameterBindingException
    │   ├── ValidationException     a ValidateSet/Pattern/Range or a cmdlet's own argument check
    │   └── CmdletInvocationException  a cmdlet failed; wraps the cmdlet's own error
    └── (control flow lives in the interpreter: break, continue, return, exit are not errors)

Cmdlets raise these (terminating) or call `write_error` on their context (non-terminating). Other
layers (vhd, azure) turn their own error types into ErrorRecords at one boundary each.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class ErrorCategory(enum.Enum):
    NotSpecified = "NotSpecified"
    OpenError = "OpenError"
    CloseError = "CloseError"
    DeviceError = "DeviceError"
    DeadlockDetected = "DeadlockDetected"
    InvalidArgument = "InvalidArgument"
    InvalidData = "InvalidData"
    InvalidOperation = "InvalidOperation"
    InvalidResult = "InvalidResult"
    InvalidType = "InvalidType"
    MetadataError = "MetadataError"
    NotImplemented = "NotImplemented"
    NotInstalled = "NotInstalled"
    ObjectNotFound = "ObjectNotFound"
    OperationStopped = "OperationStopped"
    OperationTimeout = "OperationTimeout"
    SyntaxError = "SyntaxError"
    ParserError = "ParserError"
    PermissionDenied = "PermissionDenied"
    ResourceBusy = "ResourceBusy"
    ResourceExists = "ResourceExists"
    ResourceUnavailable = "ResourceUnavailable"
    ReadError = "ReadError"
    WriteError = "WriteError"
    FromStdErr = "FromStdErr"
    SecurityError = "SecurityError"
    ProtocolError = "ProtocolError"
    ConnectionError = "ConnectionError"
    AuthenticationError = "AuthenticationError"
    LimitsExceeded = "LimitsExceeded"
    QuotaExceeded = "QuotaExceeded"
    NotEnabled = "NotEnabled"


@dataclass(frozen=True)
class ScriptPosition:
    """Where in a script an error happened, as pwsh shows it under `Line |`."""

    file: str | None
    line: int
    column: int
    line_text: str
    length: int = 1


@dataclass
class ErrorRecord:
    ps_type_names = ("System.Management.Automation.ErrorRecord", "System.Object")

    message: str
    error_id: str = "RuntimeException"
    category: ErrorCategory = ErrorCategory.NotSpecified
    target: Any = None
    command_name: str | None = None
    """The cmdlet or function that raised it: the `Name:` prefix of pwsh's concise view."""
    command_type: str | None = None
    """The .NET class of that cmdlet (`Microsoft.PowerShell.Commands.GetItemCommand`), which pwsh's
    FullyQualifiedErrorId names; a function's is its name."""
    position: ScriptPosition | None = None
    exception_type: str = "System.Management.Automation.RuntimeException"
    recommended_action: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    """Extras: the exception object, ErrorDetails, the stack, the concise view's reason, and the CategoryInfo
    fields Write-Error sets (category_activity, category_reason, category_target_name, category_target_type)."""

    ps_type_names = ("System.Management.Automation.ErrorRecord", "System.Object")

    @property
    def fully_qualified_error_id(self) -> str:
        # pwsh joins the id and the invoking command's type name with a comma; an id that already holds a
        # comma was written qualified ("PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand").
        invoker = self.command_type if self.command_type is not None else self.command_name
        if not invoker or not self.error_id or "," in self.error_id:
            return self.error_id
        return f"{self.error_id},{invoker}"

    def blame(self, name: str, type_name: str) -> None:
        """Name the command that raised it, unless a command it ran already did (an inner command's error keeps
        that command's name)."""
        if self.command_name is None:
            self.command_name = name
        if self.command_type is None and self.command_name == name:
            self.command_type = type_name

    def __str__(self) -> str:
        return self.message


class PSError(Exception):
    """Base of every error the engine raises deliberately."""


class RuntimeException(PSError):
    default_id = "RuntimeException"
    default_category = ErrorCategory.NotSpecified
    exception_type = "System.Management.Automation.RuntimeException"

    def __init__(
        self,
        message: str,
        *,
        error_id: str | None = None,
        category: ErrorCategory | None = None,
        target: Any = None,
        command_name: str | None = None,
        position: ScriptPosition | None = None,
        record: ErrorRecord | None = None,
    ) -> None:
        super().__init__(message)
        self.record = record or ErrorRecord(
            message=message,
            error_id=error_id or self.default_id,
            category=category or self.default_category,
            target=target,
            command_name=command_name,
            position=position,
            exception_type=self.exception_type,
        )


class CommandNotFoundException(RuntimeException):
    default_id = "CommandNotFoundException"
    default_category = ErrorCategory.ObjectNotFound
    exception_type = "System.Management.Automation.CommandNotFoundException"


class ItemNotFoundException(RuntimeException):
    """A provider path that does not exist (Get-Item, Get-Content, Remove-Item ... on a missing path)."""

    default_id = "PathNotFound"
    default_category = ErrorCategory.ObjectNotFound
    exception_type = "System.Management.Automation.ItemNotFoundException"


class ParameterBindingException(RuntimeException):
    default_id = "ParameterBindingFailed"
    default_category = ErrorCategory.InvalidArgument
    exception_type = "System.Management.Automation.ParameterBindingException"


class ValidationException(ParameterBindingException):
    default_id = "ParameterArgumentValidationError"
    exception_type = "System.Management.Automation.ParameterBindingValidationException"


class CmdletInvocationException(RuntimeException):
    default_id = "CmdletInvocationException"
    exception_type = "System.Management.Automation.CmdletInvocationException"
