"""The errors of method calls, in pwsh's words: a method the type lacks (MethodNotFound) and a method that
failed (MethodInvocationException, `Exception calling "M" with "N" argument(s): "…"`).
"""

from __future__ import annotations

from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.errors import ErrorCategory, RuntimeException


class MemberError(RuntimeException):
    default_id = "MethodNotFound"
    default_category = ErrorCategory.InvalidOperation



def no_method(obj: Any, name: str) -> MemberError:
    tname = T.type_of(obj).full_name if obj is not None else "null"
    return MemberError(
        f"Method invocation failed because [{tname}] does not contain a method named '{name}'.",
        error_id="MethodNotFound",
        target=obj,
    )


def method_exception(name: str, args: list[Any], message: str,
                     exc_type: str = "System.Management.Automation.MethodInvocationException",
                     inner_type: str = "System.Exception", error_id: str | None = None) -> RuntimeException:
    """The error of a method that threw: a MethodInvocationException whose InnerException is what the method threw
    (`inner_type`, with the method's own message); `error_id` when pwsh names the error after that exception."""
    full = f'Exception calling "{name}" with "{len(args)}" argument(s): "{message}"'
    err = RuntimeException(
        full,
        error_id=error_id or ("MethodInvocationException" if exc_type.endswith("MethodInvocationException")
                              else exc_type.rsplit(".", 1)[-1]),
        category=ErrorCategory.NotSpecified,
    )
    err.record.exception_type = exc_type
    err.record.details["exception"] = T.DotNetException(exc_type, full, T.DotNetException(inner_type, message),
                                                        err.record)
    return err
