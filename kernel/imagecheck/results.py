"""One record per check: what was found, how bad it is, what to do, and the evidence read from the image.

`Status` says whether the check could run and what it found; `Severity` how much it matters to Azure Stack Hub:
Error (the image will be refused, or its VMs will not boot or not provision), Warning (they may not work fully,
or the check could not look), Info (worth knowing). A check that cannot read what it needs says so with
Status CannotInspect and a Warning: it never passes silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ERROR: Final = "Error"
WARNING: Final = "Warning"
INFO: Final = "Info"
SEVERITIES: Final = (ERROR, WARNING, INFO)

PASSED: Final = "Passed"
FAILED: Final = "Failed"
CANNOT_INSPECT: Final = "CannotInspect"
NOT_APPLICABLE: Final = "NotApplicable"

_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Outcome:
    """What one check function returns; the runner adds the check's Id and title."""

    status: str
    severity: str
    message: str
    evidence: str = ""


def passed(message: str, evidence: str = "") -> Outcome:
    return Outcome(PASSED, INFO, message, evidence)


def failed(severity: str, message: str, evidence: str = "") -> Outcome:
    return Outcome(FAILED, severity, message, evidence)


def cannot_inspect(reason: str, evidence: str = "") -> Outcome:
    """The layer this check needs could not be read: a Warning, never a pass."""
    return Outcome(CANNOT_INSPECT, WARNING, f"Cannot inspect: {reason}", evidence)


def not_applicable(reason: str) -> Outcome:
    return Outcome(NOT_APPLICABLE, INFO, reason)


@dataclass(frozen=True)
class Finding:
    """One problem among several that a check reports together (the record takes the worst severity)."""

    severity: str
    message: str
    evidence: str = ""


def combine(findings: list[Finding], ok_message: str, ok_evidence: str = "") -> Outcome:
    """One outcome for a check that looks at several things: worst severity first, every message kept."""
    if not findings:
        return passed(ok_message, ok_evidence)
    ordered = sorted(findings, key=lambda f: _RANK[f.severity])
    message = " ".join(f.message for f in ordered)
    evidence = "; ".join(f.evidence for f in ordered if f.evidence) or ok_evidence
    return failed(ordered[0].severity, message, evidence)


@dataclass(frozen=True)
class CheckResult:
    """One check of `reference/image-preflight.md` section 5 applied to one image (PowerShell's property names)."""

    Id: str
    """D1-D6 (container and partitions), L1-L9 (Linux), W1-W4 (Windows)."""
    Check: str
    """What the check looks at, in a few words."""
    Status: str
    """Passed, Failed, CannotInspect or NotApplicable."""
    Severity: str
    """Error, Warning or Info."""
    Message: str
    """What is wrong and what to run to fix it (or what was found to be right)."""
    Evidence: str
    """The file or structure read, and the value found there."""

    @property
    def is_error(self) -> bool:
        return self.Status == FAILED and self.Severity == ERROR

    def to_dict(self) -> dict[str, str]:
        return {"Id": self.Id, "Check": self.Check, "Status": self.Status, "Severity": self.Severity,
                "Message": self.Message, "Evidence": self.Evidence}


def errors(results: list[CheckResult] | tuple[CheckResult, ...]) -> list[CheckResult]:
    """The records that mean the Hub will refuse the image or its VMs will not boot or provision."""
    return [r for r in results if r.is_error]


__all__ = [
    "CANNOT_INSPECT", "ERROR", "FAILED", "INFO", "NOT_APPLICABLE", "PASSED", "SEVERITIES", "WARNING", "CheckResult",
    "Finding", "Outcome", "cannot_inspect", "combine", "errors", "failed", "not_applicable", "passed",
]
