"""The kernel keeps its history in memory only, and what a history_request gets back holds no line that may
hold a secret (the shell's rule), while the harmless lines of the same cell stay."""

from __future__ import annotations

from typing import Any

from azskernel.language.sensitive import MARKER

CELL = (
    "$p = ConvertTo-SecureString 'S3cret!' -AsPlainText -Force\n"
    "$uri = 'https://acct.blob.local/vhds/a.vhd?sv=2019-07-07&sr=b&sp=r&sig=S1gnatur3%2Fxyz'\n"
    "$imageName = 'ubuntu-22.04'"
)


def test_history_replies_keep_out_the_secrets(kernel: Any) -> None:
    cell = kernel.run(CELL)
    assert cell.status == "ok"
    assert kernel.run("$imageName").stream("stdout").strip() == "ubuntu-22.04"  # the cell ran as typed
    for request in ({"hist_access_type": "tail", "n": 5}, {"hist_access_type": "search", "pattern": "*"}):
        reply = kernel.request("history", raw=True, output=False, **request)
        inputs = [entry[2] for entry in reply["history"]]
        text = "\n".join(inputs)
        assert "S3cret!" not in text and "S1gnatur3" not in text
        assert f"{MARKER}\n{MARKER}\n$imageName = 'ubuntu-22.04'" in inputs
