"""jupyter_kernel_test against the real kernel process: every sample of the message protocol."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import schema_fragments

from azskernel.jupyter.install import KERNEL_NAME, write_kernelspec

# The bundled schemas know no comm messages; widgets would make validation fail with KeyError.
for _name, _required in (("comm_open", ["comm_id", "target_name", "data"]), ("comm_msg", ["comm_id", "data"]), ("comm_close", ["comm_id", "data"])):
    schema_fragments.setdefault(_name, {"properties": {"comm_id": {"type": "string"}, "data": {"type": "object"}}, "required": _required})

TABLE_TEXT = "\nA B\n- -\n1 x\n\n"


class _SpecInTempJupyterPath:
    """Starts the kernel from a spec written by our installer into a temporary JUPYTER_PATH."""

    @classmethod
    def setUpClass(cls) -> None:
        cls._spec_dir = tempfile.TemporaryDirectory()
        write_kernelspec(Path(cls._spec_dir.name) / "kernels" / KERNEL_NAME)
        cls._saved_path = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = cls._spec_dir.name
        super().setUpClass()  # type: ignore[misc]

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()  # type: ignore[misc]
        if cls._saved_path is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = cls._saved_path
        cls._spec_dir.cleanup()


class AzsKernelProtocolTests(_SpecInTempJupyterPath, jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "powershell"
    file_extension = ".ps1"

    code_hello_world = "Write-Output 'hello, world'"
    code_stderr = "Write-Error 'oops'"
    completion_samples = [
        {"text": "Write-Out", "matches": {"Write-Output"}},
        {"text": "write-h", "matches": {"Write-Host"}},
        {"text": "Write-Output -Input", "matches": {"-InputObject"}},
    ]
    complete_code_samples = ["1 + 1", "Write-Output 'x'", "Write-Output `\n  -InputObject 1", "if ($true) { 1 }"]
    incomplete_code_samples = ["Write-Output `", "if ($x) {", "'open string", "@'\nhere-string"]
    invalid_code_samples = ["}", "Write-Output )"]
    code_page_something = "Get-Help Write-Output"
    code_generate_error = "throw 'boom'"
    code_execute_result = [{"code": "[pscustomobject]@{A = 1; B = 'x'}", "result": TABLE_TEXT}]
    code_display_data = [{"code": "[pscustomobject]@{A = 1; B = 'x'}; Write-Host done", "mime": "text/html"}]
    code_inspect_sample = "Write-Output"
    code_clear_output = "Clear-Host"
    code_history_pattern = "*B = 'x'}"
    supported_history_operations = ("tail", "range", "search")

    def test_kernel_info_has_no_debugger_and_the_modes(self) -> None:
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=15)
        assert reply["parent_header"]["msg_id"] == msg_id
        content = reply["content"]
        assert "debugger" not in content.get("supported_features", [])
        info = content["language_info"]
        assert (info["name"], info["file_extension"], info["pygments_lexer"], info["codemirror_mode"]) == ("powershell", ".ps1", "powershell", "powershell")

    def test_state_lives_across_cells(self) -> None:
        self.flush_channels()
        self.execute_helper("$Kept = 'across'; function Get-Kept { \"$Kept cells\" }")
        reply, outputs = self.execute_helper("Get-Kept")
        assert reply["content"]["status"] == "ok"
        assert [m["content"]["text"] for m in outputs if m["msg_type"] == "stream"] == ["across cells\n"]


class AzsKernelIopubWelcomeTests(_SpecInTempJupyterPath, jupyter_kernel_test.IopubWelcomeTests):
    kernel_name = KERNEL_NAME
    support_iopub_welcome = True
